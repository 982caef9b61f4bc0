/**
 * Demo 2, what SGD's stability bounds (Wu & Su 2023): at one learning rate, gradient descent only
 * has to keep λmax below 2/η to stay at a minimum, while SGD's mini-batch noise makes stability
 * a condition on the whole trace of the Hessian. GD and SGD at batch 4 and 1 on the same
 * teacher–student regression, tracking λmax and the Hutchinson trace.
 */
import type { ExperimentResult } from '../experiment/result.ts';
import { tailMedian } from './analysis/probe-tail.ts';
import { probeSteps, topEigenvalues, traceEstimates } from './analysis/probe-series.ts';
import { fractionOfEdge, stabilityEdge } from './analysis/stability-edge.ts';
import type { Demo, DemoAnalysis, DemoFinding, DemoSeries } from './demo.ts';

const LR = 0.3;
const STEPS = 200;
/** null is gradient descent (full batch); the theory's clean case is batch 1. */
const BATCH_SIZES = [null, 4, 1] as const;
/** Curvature "at the end" is the median over the last part of the run (SGD's iterates jitter). */
const SETTLED_TAIL = 0.3;

function stabilitySpec(batchSize: number | null) {
  return {
    seed: 1,
    model: { layers: [3, 16, 16, 1], activation: 'tanh' },
    // The paper's setting: square loss on data a network can fit exactly, so that global minima
    // with zero loss (where the stability analysis holds) exist.
    loss: 'mse',
    data: { name: 'teacher', n: 200, teacherLayers: [3, 16, 1], noise: 0, testFraction: 0 },
    train: batchSize === null ? { optimizer: 'gd', lr: LR, steps: STEPS } : { optimizer: 'sgd', lr: LR, steps: STEPS, batchSize },
    probes: { every: 40, eigenvalues: { k: 1, steps: 10 }, trace: { samples: 20, tolerance: 0.03, perLayer: false }, density: null },
  };
}

function runLabel(result: ExperimentResult): string {
  const { optimizer, batchSize } = result.spec.train;
  return optimizer === 'gd' ? 'GD' : `SGD B=${batchSize ?? 'full'}`;
}

/** What the stability analysis says about the trace of each kind of run. */
function traceExpectation(result: ExperimentResult): string {
  const { optimizer, batchSize } = result.spec.train;
  if (optimizer === 'gd') return 'unbounded by stability (GD’s bound is on λmax only); may exceed 1';
  return batchSize === 1 ? '≤ 1 (Wu & Su, single-sample SGD)' : 'bound loosens as the batch grows; between batch 1 and GD';
}

function analyze(results: readonly ExperimentResult[]): DemoAnalysis {
  const findings: DemoFinding[] = [];
  const traceSeries: DemoSeries[] = [];
  const sharpnessSeries: DemoSeries[] = [];
  const settledTraces: number[] = [];
  const settledSharpness: number[] = [];
  results.forEach((result, i) => {
    const lr = result.spec.train.lr;
    const label = runLabel(result);
    const steps = probeSteps(result);
    const lambdas = topEigenvalues(result);
    const traces = traceEstimates(result);
    const lambda = tailMedian(steps, lambdas, result.spec.train.steps, SETTLED_TAIL);
    const trace = tailMedian(steps, traces, result.spec.train.steps, SETTLED_TAIL);
    settledSharpness.push(lambda);
    settledTraces.push(trace);
    findings.push({ id: `sharpnessOverTwoOverEta.${i}`, label: `${label}: settled λmax / (2/η)`, value: fractionOfEdge(lambda, lr), expected: '≤ 1 (at most about 1 for GD: within 15%)' });
    findings.push({ id: `traceOverTwoOverEta.${i}`, label: `${label}: settled Hessian trace / (2/η)`, value: fractionOfEdge(trace, lr), expected: traceExpectation(result) });
    findings.push({ id: `trace.${i}`, label: `${label}: settled Hessian trace (median of the last ${SETTLED_TAIL * 100}% of probes)`, value: trace });
    findings.push({ id: `lambdaMax.${i}`, label: `${label}: settled λmax`, value: lambda });
    findings.push({ id: `finalLoss.${i}`, label: `${label}: final training loss`, value: result.history.at(-1)!.loss });
    findings.push({ id: `lossDrop.${i}`, label: `${label}: final loss / initial loss`, value: result.history.at(-1)!.loss / result.history[0]!.loss, expected: '≪ 1 (every run fits the teacher)' });
    traceSeries.push({ name: `trace, ${label}`, x: steps, y: traces, mode: 'lines+markers' });
    sharpnessSeries.push({ name: `λmax, ${label}`, x: steps, y: lambdas, mode: 'lines+markers' });
  });
  const gd = 0;
  results.forEach((_, i) => {
    if (i === gd) return;
    findings.push({ id: `traceOverGd.${i}`, label: `${runLabel(results[i]!)}: settled trace / GD's`, value: settledTraces[i]! / settledTraces[gd]!, expected: '< 1 (SGD settles flatter)' });
  });
  const edge = stabilityEdge(results[gd]!.spec.train.lr);
  const edgeLine = (name: string): DemoSeries => ({ name, x: [0, results[gd]!.spec.train.steps], y: [edge, edge], mode: 'lines', dash: 'dash' });
  const last = results.length - 1;
  return {
    findings,
    charts: [
      { id: 'trace', title: 'Hessian trace against 2/η', xTitle: 'step', yTitle: 'trace', series: [...traceSeries, edgeLine(`2/η = ${edge.toFixed(2)}`)] },
      { id: 'sharpness', title: 'Top eigenvalue against 2/η', xTitle: 'step', yTitle: 'λmax', series: [...sharpnessSeries, edgeLine(`2/η = ${edge.toFixed(2)}`)] },
    ],
    verdict:
      `At η = ${results[gd]!.spec.train.lr} (2/η = ${edge.toFixed(2)}): GD settles at λmax ${settledSharpness[gd]!.toFixed(2)} and trace ${settledTraces[gd]!.toFixed(2)}; ` +
      results
        .slice(1)
        .map((r, j) => `${runLabel(r)} at λmax ${settledSharpness[j + 1]!.toFixed(2)} and trace ${settledTraces[j + 1]!.toFixed(2)}`)
        .join('; ') +
      `. ${runLabel(results[last]!)}'s trace is ${(settledTraces[last]! / settledTraces[gd]!).toFixed(2)}× GD's and ${fractionOfEdge(settledTraces[last]!, results[last]!.spec.train.lr).toFixed(2)}× 2/η.`,
  };
}

export const sgdStability: Demo = {
  id: 'sgd-stability',
  title: 'What SGD’s stability bounds',
  summary: 'At one learning rate, GD’s stability caps λmax at 2/η; SGD’s caps the whole Hessian trace, so SGD settles flatter.',
  paper: 'Wu, Su (2023), The Implicit Regularization of Dynamical Stability in Stochastic Gradient Descent, ICML.',
  look:
    'Three runs at the same learning rate on the same data: full-batch GD, SGD with batches of 4, SGD with single samples. In the trace chart, GD ends with a trace well above the dashed 2/η line, ' +
    'SGD with batch 4 lower (near the line), and single-sample SGD well below it. In the λmax chart all three stay below 2/η, SGD clearly so.',
  meaning:
    'Near a minimum θ* the update is linear, θ ← θ − ηH(θ − θ*) for GD, which stays put only if λmax(H) ≤ 2/η. ' +
    'SGD uses a different Hessian every step (the mini-batch’s), and Wu & Su show, for a global minimum of the square loss where the model fits every sample, that linear stability in the mean-square sense ' +
    'bounds the trace instead: a minimum that single-sample SGD can stay at has Tr H ≤ 2/η, while GD’s stability constrains only the largest eigenvalue. For batches of size B the constraint weakens as B grows ' +
    '(the earlier analysis of Wu, Wang & Su 2022 gives ‖H‖_F ≲ √B/η up to constants). Since Tr H ≥ λmax, SGD’s condition is the stricter one: GD may sit in a valley that is sharp in many directions at once, SGD may not. ' +
    'These are conditions for staying at a minimum, not a guarantee of where one run ends; the paper ties the smaller trace to better generalization in two-layer ReLU and diagonal linear networks.',
  variants: BATCH_SIZES.map((b) => ({ label: b === null ? `GD, η = ${LR}` : `SGD, batch ${b}, η = ${LR}`, spec: stabilitySpec(b) })),
  analyze,
  thumbnail: {
    lines: [
      { points: [[0, 0.35], [0.15, 0.7], [0.3, 0.82], [1, 0.85]] },
      { points: [[0, 0.35], [0.15, 0.5], [0.3, 0.62], [1, 0.64]] },
      { points: [[0, 0.35], [0.15, 0.22], [0.3, 0.25], [1, 0.24]] },
      { points: [[0, 0.45], [1, 0.45]], dash: true },
    ],
  },
};
