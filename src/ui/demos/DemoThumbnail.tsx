import type { DemoThumbnail as Sketch } from '../../demos/demo.ts';

const WIDTH = 160;
const HEIGHT = 90;
const PAD = 8;

/** The demo's line sketch (unit square, y up) as an inline SVG: a card needs no run to show its effect. */
export function DemoThumbnail({ sketch, title }: { sketch: Sketch; title: string }) {
  const x = (u: number): number => PAD + u * (WIDTH - 2 * PAD);
  const y = (v: number): number => HEIGHT - PAD - v * (HEIGHT - 2 * PAD);
  return (
    <svg className="demo-thumbnail" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`sketch: ${title}`}>
      <line x1={PAD} y1={HEIGHT - PAD} x2={WIDTH - PAD} y2={HEIGHT - PAD} className="axis" />
      <line x1={PAD} y1={PAD} x2={PAD} y2={HEIGHT - PAD} className="axis" />
      {sketch.lines.map((line, i) => (
        <polyline
          key={i}
          points={line.points.map(([u, v]) => `${x(u).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
          className={line.dash ? 'sketch dashed' : `sketch c${i % 4}`}
        />
      ))}
    </svg>
  );
}
