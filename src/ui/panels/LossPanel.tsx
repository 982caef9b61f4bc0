import { useMemo } from 'react';
import { useLab } from '../store-context.ts';
import { Plot } from '../plots/Plot.tsx';
import { Panel } from './Panel.tsx';
import { changeMarkers } from './change-markers.ts';
import { logRange, stepAxis } from './live-axes.ts';

const ACCURACY_AXIS = { title: { text: 'accuracy (fraction)' }, range: [0, 1], tickmode: 'linear', tick0: 0, dtick: 0.2 };

/**
 * Loss and accuracy in two plots, one above the other: each redraws in a task of its own while the
 * run streams steps, where one plot with a second y axis for accuracy cost half again as much per
 * redraw as the loss plot alone (every axis's ticks are laid out at each redraw).
 */
export function LossPanel() {
  const history = useLab((s) => s.history);
  const changes = useLab((s) => s.appliedChanges);
  const steps = useLab((s) => s.spec.train.steps);
  // Known before the first step, so the empty plots drawn at load already have every trace and axis.
  const classifies = useLab((s) => !s.spec.problem && s.spec.loss !== 'mse');
  const hasAccuracy = history.length ? history.some((h) => h.accuracy !== null && Number.isFinite(h.accuracy)) : classifies;
  const stepsAxis = useMemo(() => stepAxis(steps), [steps]);
  const markers = useMemo(() => changeMarkers(changes), [changes]);
  const loss = useMemo(() => {
    const test = history.filter((h) => h.testLoss !== undefined);
    return [
      { type: 'scatter', mode: 'lines', name: 'train loss', x: history.map((h) => h.step), y: history.map((h) => h.loss) },
      { type: 'scatter', mode: 'lines+markers', name: 'test loss', x: test.map((h) => h.step), y: test.map((h) => h.testLoss) },
    ];
  }, [history]);
  const accuracy = useMemo(() => {
    const test = history.filter((h) => h.testLoss !== undefined);
    return [
      { type: 'scatter', mode: 'lines', name: 'train accuracy', x: history.map((h) => h.step), y: history.map((h) => h.accuracy), line: { dash: 'dot' } },
      { type: 'scatter', mode: 'lines+markers', name: 'test accuracy', x: test.map((h) => h.step), y: test.map((h) => h.testAccuracy), line: { dash: 'dot' } },
    ];
  }, [history]);
  const lossRange = useMemo(() => logRange(history.flatMap((h) => [h.loss, h.testLoss])), [history]);
  const lossLayout = useMemo(
    () => ({
      xaxis: stepsAxis,
      yaxis: { title: { text: 'loss (mean over samples)' }, type: 'log', ...(lossRange ? { range: lossRange } : {}) },
      ...markers,
    }),
    [stepsAxis, markers, lossRange?.[0], lossRange?.[1]],
  );
  const accuracyLayout = useMemo(() => ({ xaxis: stepsAxis, yaxis: ACCURACY_AXIS, ...markers }), [stepsAxis, markers]);
  return (
    <Panel
      id="loss"
      title={hasAccuracy ? 'Loss and accuracy' : 'Loss'}
      description={`Training loss every step and test loss at each probe (log scale)${hasAccuracy ? '; below, accuracy' : ''}; dotted lines mark mid-run changes.`}
    >
      <Plot id="loss" data={loss} layout={lossLayout} height={hasAccuracy ? 230 : 300} placeholder="Press Run to train." />
      {hasAccuracy && <Plot id="accuracy" data={accuracy} layout={accuracyLayout} height={170} />}
    </Panel>
  );
}
