/**
 * The race view (spec.race): on 2-D problems each racer's trajectory over the contour of f; for
 * every problem f − f* (or the loss when f* is unknown) and ‖∇f‖ against iterations, products
 * computed (gradients + curvature products) or wall-clock time.
 */
import { useMemo, useState } from 'react';
import type { Layout, PlotData } from 'plotly.js-dist-min';
import { racerLabels } from '../../experiment/race.ts';
import type { HistoryEntry } from '../../experiment/result.ts';
import type { ProblemSpec } from '../../experiment/spec.ts';
import { createTestFunction, TEST_FUNCTIONS } from '../../models/test-functions.ts';
import { Plot } from '../plots/Plot.tsx';
import { useLab } from '../store-context.ts';
import { Empty, Panel } from './Panel.tsx';

/** Plotly's default cycle, fixed here so that a racer has the same colour in every plot. */
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const colorOf = (i: number): string => COLORS[i % COLORS.length]!;

export const RACE_AXES = ['iterations', 'products', 'time'] as const;
export type RaceAxis = (typeof RACE_AXES)[number];

const AXIS_TITLES: Record<RaceAxis, string> = {
  iterations: 'iteration',
  products: 'products computed (gradients + Hessian-vector products)',
  time: 'wall-clock time of the updates (ms)',
};

function xOf(h: HistoryEntry, axis: RaceAxis): number | null {
  if (axis === 'iterations') return h.step;
  if (axis === 'products') return h.products ? h.products.gradients + h.products.hvps : null;
  return h.timeMs ?? null;
}

/** Log axes drop values ≤ 0; null leaves a gap instead of a line to −∞. */
const positive = (v: number | undefined): number | null => (v !== undefined && v > 0 && Number.isFinite(v) ? v : null);

const CONTOUR_POINTS = 80;

/** log₁₀(1 + f − f*) on a grid over the problem's box: the banana of Rosenbrock stays visible. */
function contourOf(problem: ProblemSpec): PlotData | null {
  if (problem.dim !== 2) return null;
  const { condition, angle } = problem as { condition?: number; angle?: number };
  const fn = createTestFunction({ name: problem.name, dim: 2, ...(condition !== undefined ? { condition } : {}), ...(angle !== undefined ? { angle } : {}) });
  const box = fn.box;
  if (!box) return null;
  const xs = Array.from({ length: CONTOUR_POINTS }, (_, i) => box.x[0] + ((box.x[1] - box.x[0]) * i) / (CONTOUR_POINTS - 1));
  const ys = Array.from({ length: CONTOUR_POINTS }, (_, i) => box.y[0] + ((box.y[1] - box.y[0]) * i) / (CONTOUR_POINTS - 1));
  const z = ys.map((y) => xs.map((x) => Math.log10(1 + Math.max(0, fn.value([x, y]) - fn.fStar))));
  return {
    type: 'contour',
    x: xs,
    y: ys,
    z,
    colorscale: 'Greys',
    reversescale: true,
    ncontours: 25,
    contours: { coloring: 'lines' },
    colorbar: { title: { text: 'log₁₀(1 + f − f*)' } },
    hoverinfo: 'skip',
    showlegend: false,
  } as unknown as PlotData;
}

export function RacePanel() {
  const spec = useLab((s) => s.spec);
  const histories = useLab((s) => s.raceHistories);
  const [axis, setAxis] = useState<RaceAxis>('iterations');
  const labels = useMemo(() => racerLabels(spec), [spec]);
  const problem = spec.problem;
  const fStar = problem ? TEST_FUNCTIONS[problem.name].fStar : null;
  const contour = useMemo(() => (problem ? contourOf(problem) : null), [problem]);

  const trajectories = useMemo(() => {
    if (!contour || !problem) return null;
    const minimizers = createTestFunction({ name: problem.name, dim: 2 }).minimizers;
    const data: PlotData[] = [
      contour,
      ...histories.map(
        (h, i) =>
          ({
            type: 'scatter',
            mode: 'lines+markers',
            name: labels[i] ?? `racer ${i + 1}`,
            x: h.map((e) => e.point?.[0] ?? null),
            y: h.map((e) => e.point?.[1] ?? null),
            line: { color: colorOf(i), width: 2 },
            marker: { size: 3 },
          }) as unknown as PlotData,
      ),
      {
        type: 'scatter',
        mode: 'markers',
        name: minimizers.length > 1 ? 'minimizers' : 'minimizer',
        x: minimizers.map((m) => m[0]!),
        y: minimizers.map((m) => m[1]!),
        marker: { symbol: 'star', size: 12, color: '#000' },
      } as unknown as PlotData,
      {
        type: 'scatter',
        mode: 'markers',
        name: 'start',
        x: [problem.start[0]],
        y: [problem.start[1]],
        marker: { symbol: 'circle-open', size: 12, color: '#000' },
      } as unknown as PlotData,
    ];
    const box = createTestFunction({ name: problem.name, dim: 2 }).box!;
    const layout = {
      xaxis: { title: { text: 'x₁' }, range: [...box.x] },
      yaxis: { title: { text: 'x₂' }, range: [...box.y] },
      legend: { orientation: 'h', y: -0.2 },
    } as unknown as Layout;
    return { data, layout };
  }, [contour, problem, histories, labels]);

  const curves = useMemo(() => {
    const value = (h: HistoryEntry) => positive(fStar !== null ? h.gap : h.loss);
    const line = (i: number, y: (h: HistoryEntry) => number | null, showlegend: boolean) =>
      ({
        type: 'scatter',
        mode: 'lines',
        name: labels[i] ?? `racer ${i + 1}`,
        x: histories[i]!.map((h) => xOf(h, axis)),
        y: histories[i]!.map(y),
        line: { color: colorOf(i) },
        showlegend,
      }) as unknown as PlotData;
    const xaxis = { title: { text: AXIS_TITLES[axis] } };
    return {
      gap: histories.map((_, i) => line(i, value, true)),
      grad: histories.map((_, i) => line(i, (h) => positive(h.gradNorm), false)),
      gapLayout: { xaxis, yaxis: { title: { text: fStar !== null ? 'f − f*' : 'training loss' }, type: 'log', exponentformat: 'power' }, legend: { orientation: 'h', y: -0.3 } } as unknown as Layout,
      gradLayout: { xaxis, yaxis: { title: { text: '‖∇f‖' }, type: 'log', exponentformat: 'power' } } as unknown as Layout,
    };
  }, [histories, labels, axis, fStar]);

  if (!spec.race) return null;
  const what = fStar !== null ? 'f − f*' : 'the training loss';
  return (
    <Panel
      id="race"
      title={`Race: ${labels.length} optimizers on ${problem ? `${problem.name} (${problem.dim}-D)` : `the ${spec.model.layers.join('-')} network`}`}
      description={`Every racer starts at the same point with the same seed, one update each per round. ${trajectories ? 'Left: each trajectory over the contour of f. ' : ''}Curves: ${what} and ‖∇f‖ (log scales) against the axis chosen; products and time count the optimizer's own work only.`}
    >
      <label className="race-axis">
        x axis:{' '}
        <select data-testid="race-axis" value={axis} onChange={(e) => setAxis(e.target.value as RaceAxis)}>
          {RACE_AXES.map((a) => (
            <option key={a} value={a}>
              {AXIS_TITLES[a]}
            </option>
          ))}
        </select>
      </label>
      {histories.length === 0 ? (
        <Empty>Press Run to start the race.</Empty>
      ) : (
        <div className={trajectories ? 'two' : undefined}>
          {trajectories && <Plot id="race-trajectories" data={trajectories.data} layout={trajectories.layout} height={420} />}
          <div>
            <Plot id="race-gap" data={curves.gap} layout={curves.gapLayout} height={trajectories ? 230 : 300} />
            <Plot id="race-grad" data={curves.grad} layout={curves.gradLayout} height={trajectories ? 190 : 260} />
          </div>
        </div>
      )}
    </Panel>
  );
}
