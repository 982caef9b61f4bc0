import { useMemo } from 'react';
import { useLab } from '../store-context.ts';
import { Plot } from '../plots/Plot.tsx';
import { Panel } from './Panel.tsx';
import { changeMarkers } from './change-markers.ts';
import { logRange, stepAxis } from './live-axes.ts';

export function LossPanel() {
  const history = useLab((s) => s.history);
  const changes = useLab((s) => s.appliedChanges);
  const steps = useLab((s) => s.spec.train.steps);
  // Known before the first step, so the empty plot drawn at load already has every trace and axis.
  const classifies = useLab((s) => !s.spec.problem && s.spec.loss !== 'mse');
  const data = useMemo(() => {
    const steps = history.map((h) => h.step);
    const test = history.filter((h) => h.testLoss !== undefined);
    const hasAccuracy = history.length ? history.some((h) => h.accuracy !== null && Number.isFinite(h.accuracy)) : classifies;
    return [
      { type: 'scatter', mode: 'lines', name: 'train loss', x: steps, y: history.map((h) => h.loss) },
      { type: 'scatter', mode: 'lines+markers', name: 'test loss', x: test.map((h) => h.step), y: test.map((h) => h.testLoss) },
      ...(hasAccuracy
        ? [
            { type: 'scatter', mode: 'lines', name: 'train accuracy', x: steps, y: history.map((h) => h.accuracy), yaxis: 'y2', line: { dash: 'dot' } },
            { type: 'scatter', mode: 'lines+markers', name: 'test accuracy', x: test.map((h) => h.step), y: test.map((h) => h.testAccuracy), yaxis: 'y2', line: { dash: 'dot' } },
          ]
        : []),
    ];
  }, [history, classifies]);
  const lossRange = useMemo(() => logRange(history.flatMap((h) => [h.loss, h.testLoss])), [history]);
  const layout = useMemo(
    () => ({
      xaxis: stepAxis(steps),
      yaxis: { title: { text: 'loss (mean over samples)' }, type: 'log', ...(lossRange ? { range: lossRange } : {}) },
      // Fixed ticks without a grid of their own: the log loss axis owns the grid lines.
      yaxis2: { title: { text: 'accuracy (fraction)' }, overlaying: 'y', side: 'right', range: [0, 1], tickmode: 'linear', tick0: 0, dtick: 0.2, showgrid: false },
      legend: { orientation: 'h', y: -0.25 },
      margin: { l: 60, r: 60, t: 10, b: 45 },
      ...changeMarkers(changes),
    }),
    [changes, steps, lossRange?.[0], lossRange?.[1]],
  );
  return (
    <Panel id="loss" title="Loss and accuracy" description="Training loss every step and test loss at each probe (log scale); accuracy on the right axis; dotted lines mark mid-run changes.">
      <Plot id="loss" data={data} layout={layout} placeholder="Press Run to train." />
    </Panel>
  );
}
