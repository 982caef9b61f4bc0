/** The teaching demos as cards: a sketch of the effect, the title, one line; each card opens the demo's link. */
import type { Demo } from '../../demos/demo.ts';
import { demoHash } from '../../demos/demo-spec.ts';
import { DemoThumbnail } from './DemoThumbnail.tsx';

export function Gallery({ demos }: { demos: readonly Demo[] }) {
  return (
    <div className="app">
      <header>
        <h1>Curvature Lab — teaching demos</h1>
        <p className="tagline">
          One click each: an experiment from a paper, run live in your browser, with what to look at and the numbers that show the effect. <a href="./">Open the lab</a>
        </p>
      </header>
      <main className="gallery" data-testid="gallery">
        {demos.map((demo, i) => (
          <a key={demo.id} className="demo-card" href={`./${demoHash(demo)}`} data-testid={`demo-card-${demo.id}`}>
            <DemoThumbnail sketch={demo.thumbnail} title={demo.title} />
            <span className="number">Demo {i + 1}</span>
            <h2>{demo.title}</h2>
            <p>{demo.summary}</p>
          </a>
        ))}
      </main>
    </div>
  );
}
