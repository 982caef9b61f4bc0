/**
 * Demo 7, an optimizer race on Rosenbrock's banana valley: first-order methods (GD, Adam) and
 * diagonal-curvature ones (AdaHessian, Sophia) crawl along the curved valley for hundreds of
 * iterations, while Newton's method and its regularized variant, which rescale by the full
 * Hessian, reach f − f* < 1e-8 in tens.
 */
import type { ExperimentResult, RacerResult } from '../experiment/result.ts';
import { firstBelow } from './analysis/linear-rate-fit.ts';
import { historySeries } from './analysis/race-series.ts';
import type { Demo, DemoAnalysis, DemoFinding, DemoSeries } from './demo.ts';

const STEPS = 300;
/** "Solved": the gap the demo asks for. */
const TARGET_GAP = 1e-8;
const THRESHOLDS = [1e-1, 1e-2, 1e-4, 1e-6, 1e-8] as const;

/**
 * Learning rates: GD at 0.0019, just under 2/λmax(∇²f(1, 1)) ≈ 0.002, the largest that is stable at
 * the minimum; Adam, AdaHessian and Sophia each at the best of a small sweep over 300 iterations
 * (Adam 0.05–1, AdaHessian 0.5–3, Sophia 0.02–1 with ρ 0.01–1). The Newton methods take no lr.
 */
const RACERS = [
  { key: 'gd', name: 'GD', secondOrder: false, patch: { optimizer: 'gd', lr: 0.0019 } },
  { key: 'adam', name: 'Adam', secondOrder: false, patch: { optimizer: 'adam', lr: 1 } },
  { key: 'adahessian', name: 'AdaHessian', secondOrder: false, patch: { optimizer: 'adahessian', lr: 2 } },
  { key: 'sophia', name: 'Sophia-H', secondOrder: false, patch: { optimizer: 'sophia-h', lr: 0.02 } },
  { key: 'newton', name: 'Newton', secondOrder: true, patch: { optimizer: 'regularized-newton', hessianLipschitz: 0 } },
  { key: 'regularizedNewton', name: 'regularized Newton', secondOrder: true, patch: { optimizer: 'regularized-newton', hessianLipschitz: 1 } },
] as const;

const SPEC = {
  seed: 1,
  problem: { name: 'rosenbrock', dim: 2 },
  train: { steps: STEPS },
  race: RACERS.map((r) => r.patch),
};

/** Gradients plus curvature products spent until the first step below the target (null: never). */
function workToTarget(racer: RacerResult): number | null {
  const entry = racer.history.find((h) => h.gap !== undefined && h.gap < TARGET_GAP);
  if (!entry?.products) return null;
  return entry.products.gradients + entry.products.hvps;
}

function analyze(results: readonly ExperimentResult[]): DemoAnalysis {
  const racers = results[0]!.race!.racers;
  const findings: DemoFinding[] = [];
  const crossings: DemoSeries[] = [];
  const finals: DemoSeries[] = [];
  const crossing: (number | null)[] = [];
  const finalGaps: number[] = [];
  racers.forEach((racer, i) => {
    const meta = RACERS[i];
    const key = meta?.key ?? `racer${i}`;
    const name = meta?.name ?? racer.label;
    const gap = historySeries(racer.history, 'gap');
    const iterations = firstBelow(gap.x, gap.y, TARGET_GAP);
    const finalGap = gap.y.at(-1)!;
    crossing.push(iterations);
    finalGaps.push(finalGap);
    findings.push(
      {
        id: `iterationsToTarget.${key}`,
        label: `${name}: iterations until f − f* < 1e-8`,
        value: iterations ?? `not within ${gap.x.at(-1)}`,
        expected: meta?.secondOrder ? 'tens (≤ 50)' : `not within ${STEPS}`,
      },
      { id: `finalGap.${key}`, label: `${name}: f − f* after ${gap.x.at(-1)} iterations`, value: finalGap, expected: meta?.secondOrder ? '< 1e-12' : '> 1e-4' },
    );
    const work = workToTarget(racer);
    if (work !== null) findings.push({ id: `workToTarget.${key}`, label: `${name}: gradients + Hessian-vector products spent to reach 1e-8`, value: work });
    const points = THRESHOLDS.map((t) => [t, firstBelow(gap.x, gap.y, t)] as const).filter(([, it]) => it !== null);
    crossings.push({ name, x: points.map(([t]) => t), y: points.map(([, it]) => it!), mode: 'lines+markers' });
    // Exact zeros (Newton lands on (1, 1) in float64) would vanish from a log axis.
    finals.push({ name, x: [i + 1], y: [Math.max(finalGap, 1e-30)], mode: 'markers' });
  });
  const second = RACERS.map((r, i) => ({ r, i })).filter(({ r, i }) => r.secondOrder && i < racers.length);
  const first = RACERS.map((r, i) => ({ r, i })).filter(({ r, i }) => !r.secondOrder && i < racers.length);
  const worstSecond = Math.max(...second.map(({ i }) => finalGaps[i]!));
  const bestFirst = Math.min(...first.map(({ i }) => finalGaps[i]!));
  const reached = crossing.map((c) => c !== null);
  const slowestSecond = Math.max(...second.map(({ i }) => crossing[i] ?? Infinity));
  findings.push(
    { id: 'secondOrderReached', label: 'Newton-type racers that reached 1e-8', value: second.filter(({ i }) => reached[i]).length, expected: `${second.length}` },
    { id: 'firstOrderReached', label: 'first-order and diagonal racers that reached 1e-8', value: first.filter(({ i }) => reached[i]).length, expected: '0' },
    { id: 'slowestSecondOrderIterations', label: 'iterations the slower Newton-type racer needed for 1e-8', value: Number.isFinite(slowestSecond) ? slowestSecond : -1, expected: '≤ 50' },
    { id: 'gapSeparation', label: 'best first-order final gap / worst Newton-type final gap (floored at 1e-30)', value: bestFirst / Math.max(worstSecond, 1e-30), expected: '> 1e8' },
  );
  const verdict =
    `${second.filter(({ i }) => reached[i]).length} of ${second.length} Newton-type racers reached f − f* < 1e-8, the slower in ${Number.isFinite(slowestSecond) ? slowestSecond : 'never'} iterations; ` +
    `${first.filter(({ i }) => reached[i]).length} of ${first.length} first-order and diagonal racers did in ${STEPS}, the best of them ending at ${bestFirst.toExponential(1)} ` +
    `(Newton-type racers end at ${worstSecond === 0 ? 'exactly 0' : `${worstSecond.toExponential(1)} or less`}).`;
  return {
    findings,
    charts: [
      { id: 'iterationsToGap', title: 'Iterations until f − f* first falls below a threshold', xTitle: 'threshold on f − f*', yTitle: 'iterations', xLog: true, series: crossings },
      { id: 'finalGap', title: `f − f* after ${STEPS} iterations (0 drawn at 1e-30)`, xTitle: 'racer', yTitle: 'f − f*', yLog: true, series: finals },
    ],
    verdict,
  };
}

export const rosenbrockRace: Demo = {
  id: 'rosenbrock-race',
  title: 'Optimizer race on Rosenbrock',
  summary: 'Newton-type methods reach f − f* < 1e-8 in tens of iterations; GD, Adam, AdaHessian and Sophia are still far after 300.',
  paper:
    'Rosenbrock (1960), An Automatic Method for Finding the Greatest or Least Value of a Function, The Computer Journal 3(3); ' +
    'Kingma, Ba (2015), Adam: A Method for Stochastic Optimization, ICLR; ' +
    'Yao, Gholami, Shen, Mustafa, Keutzer, Mahoney (2021), ADAHESSIAN: An Adaptive Second Order Optimizer for Machine Learning, AAAI; ' +
    'Liu, Li, Hall, Liang, Ma (2024), Sophia: A Scalable Stochastic Second-order Optimizer for Language Model Pre-training, ICLR; ' +
    'Mishchenko (2023), Regularized Newton Method with Global O(1/k²) Convergence, SIAM J. Optim. 33(3).',
  look:
    'On the contour (race panel) every racer starts at (−1.2, 1). GD falls into the curved valley and creeps along its floor; Adam, AdaHessian and Sophia move ' +
    'faster but zig-zag and are still short of (1, 1) after 300 iterations. Newton jumps across the valley and lands on the minimum in about five steps; ' +
    'regularized Newton takes shorter, safer steps at first and arrives in about twenty. The first chart shows, for each racer, when f − f* first fell below ' +
    '1e-1 … 1e-8 (a missing point: never); the second the gap left after 300 iterations. GD runs at 0.0019 (just below 2/λmax at the minimum), Adam, ' +
    'AdaHessian and Sophia at the best learning rate of a small sweep.',
  meaning:
    'Rosenbrock\'s valley is narrow and curved: the Hessian\'s condition number is about 2500 at the minimum and its eigenvectors turn along the valley. ' +
    'A gradient step must be small enough for the steep direction, so progress along the flat one is slow; Adam\'s per-coordinate scaling and the diagonal ' +
    'Hessian estimates of AdaHessian and Sophia cannot fix this, because the valley is not aligned with the axes. Newton\'s step −H⁻¹g undoes the conditioning ' +
    'in every direction and converges quadratically once close. Plain Newton has no global guarantee (it can be attracted to saddles or diverge); Mishchenko\'s ' +
    'regularized Newton, p = −(H + λI)⁻¹g with λ = √(H_reg·‖g‖), keeps Newton\'s local speed and adds a global O(1/k²) rate for convex functions. Counting work ' +
    'rather than iterations, each Newton step here costs two Hessian-vector products (CG in 2-D), still far below what the first-order racers spend.',
  variants: [{ label: 'six optimizers, 300 iterations', spec: SPEC }],
  analyze,
  thumbnail: {
    lines: [
      // log gap against iterations: two plunging curves, four slow ones.
      { points: [[0, 0.9], [0.03, 0.6], [0.05, 0.05]] },
      { points: [[0, 0.9], [0.06, 0.75], [0.1, 0.55], [0.12, 0.05]] },
      { points: [[0, 0.9], [0.3, 0.75], [0.6, 0.65], [1, 0.55]] },
      { points: [[0, 0.9], [0.5, 0.85], [1, 0.8]], dash: true },
    ],
  },
};
