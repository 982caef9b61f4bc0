/**
 * The demo an experiment belongs to (spec.view.demo): what to look at, what it means, the paper,
 * its variants as links, "Run demo" (every variant in turn, then the analysis), and what the
 * analysis found.
 */
import { useMemo } from 'react';
import { demoHash, demoViewOf } from '../../demos/demo-spec.ts';
import type { Demo } from '../../demos/demo.ts';
import { demoById } from '../../demos/index.ts';
import type { LabController } from '../../store/lab-controller.ts';
import { runDemo } from '../../store/demo-driver.ts';
import { Plot } from '../plots/Plot.tsx';
import { useLab, useLabStoreApi } from '../store-context.ts';
import { chartLayout, chartTraces, formatFindingValue } from './demo-charts.ts';

function DemoStatus({ demo, otherRunLive }: { demo: Demo; otherRunLive: boolean }) {
  const run = useLab((s) => s.demoRun);
  const mine = run.demoId === demo.id;
  const status = mine ? run.status : 'idle';
  let text = demo.variants.length > 1 ? `Runs its ${demo.variants.length} variants one after another, then compares them.` : 'Runs the experiment, then analyzes it.';
  if (mine && run.status === 'running' && run.variant !== null) text = `Running variant ${run.variant + 1} of ${demo.variants.length}: ${demo.variants[run.variant]!.label}`;
  if (mine && run.status === 'analyzing') text = 'Analyzing the results…';
  if (mine && run.status === 'done') text = `Done: ${run.results.length} run${run.results.length === 1 ? '' : 's'} analyzed.`;
  if (mine && run.status === 'failed') text = run.error ?? 'The demo stopped.';
  // Run demo is disabled while another run is live: say why and what to do.
  const demoBusy = mine && (run.status === 'running' || run.status === 'analyzing');
  if (otherRunLive && !demoBusy) text = 'An experiment is running: press Reset to stop it, then Run demo.';
  return (
    <span className={status === 'failed' ? 'demo-status error' : 'demo-status'} data-testid="demo-status" data-status={status} role="status">
      {text}
    </span>
  );
}

function DemoFindings({ demo }: { demo: Demo }) {
  const run = useLab((s) => s.demoRun);
  const analysis = run.demoId === demo.id ? run.analysis : null;
  const charts = useMemo(() => (analysis ? analysis.charts.map((c) => ({ chart: c, data: chartTraces(c), layout: chartLayout(c) })) : []), [analysis]);
  if (!analysis) return null;
  return (
    <div className="demo-findings">
      <p className="demo-verdict" data-testid="demo-verdict">
        {analysis.verdict}
      </p>
      <table data-testid="demo-findings">
        <thead>
          <tr>
            <th>finding</th>
            <th>value</th>
            <th>if the effect shows</th>
          </tr>
        </thead>
        <tbody>
          {analysis.findings.map((f) => (
            <tr key={f.id} data-finding={f.id}>
              <td>{f.label}</td>
              <td className="value">{formatFindingValue(f.value)}</td>
              <td>{f.expected ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="demo-charts">
        {charts.map(({ chart, data, layout }) => (
          <figure key={chart.id}>
            <figcaption>{chart.title}</figcaption>
            <Plot id={`demo-${chart.id}`} data={data} layout={layout} height={260} />
          </figure>
        ))}
      </div>
    </div>
  );
}

export function DemoPanel({ controller }: { controller: LabController }) {
  const store = useLabStoreApi();
  // Primitives: a selector returning a fresh object would re-render forever.
  const demoId = useLab((s) => demoViewOf(s.spec)?.demo ?? null);
  const variant = useLab((s) => demoViewOf(s.spec)?.variant ?? 0);
  const busy = useLab((s) => s.demoRun.status === 'running' || s.demoRun.status === 'analyzing');
  const runStatus = useLab((s) => s.status);
  if (demoId === null) return null;
  const demo = demoById(demoId);
  if (!demo) {
    return (
      <section className="panel demo-panel" data-testid="demo-panel">
        <p className="run-message error">This link names a demo “{demoId}” that this version of the lab does not have. The experiment itself loaded; see the gallery for the demos there are.</p>
        <a href="./gallery.html">All demos</a>
      </section>
    );
  }
  const liveRun = runStatus === 'running' || runStatus === 'paused';
  return (
    <section className="panel demo-panel" data-testid="demo-panel">
      <div className="demo-head">
        <a href="./gallery.html" className="demo-back">
          ← all demos
        </a>
        <h2 data-testid="demo-title">{demo.title}</h2>
      </div>
      <p className="demo-summary">{demo.summary}</p>
      <dl className="demo-text">
        <dt>What to look at</dt>
        <dd>{demo.look}</dd>
        <dt>What it means</dt>
        <dd>{demo.meaning}</dd>
        <dt>Paper</dt>
        <dd className="demo-paper">{demo.paper}</dd>
      </dl>
      <div className="demo-actions">
        <button type="button" data-testid="demo-run" disabled={busy || liveRun} onClick={() => void runDemo(store, controller, demo)}>
          Run demo
        </button>
        <DemoStatus demo={demo} otherRunLive={liveRun} />
      </div>
      {demo.variants.length > 1 && (
        <ul className="demo-variants" data-testid="demo-variants">
          {demo.variants.map((v, i) => (
            <li key={v.label}>
              <a href={demoHash(demo, i)} className={i === variant ? 'current' : undefined} aria-current={i === variant ? 'true' : undefined}>
                {v.label}
              </a>
            </li>
          ))}
        </ul>
      )}
      <DemoFindings demo={demo} />
    </section>
  );
}
