/**
 * Demo 1, edge of stability (Cohen et al. 2021): under full-batch gradient descent the top Hessian
 * eigenvalue rises (progressive sharpening) until it reaches about 2/η, then hovers there while the
 * loss keeps falling, though not monotonically.
 */
import type { ExperimentResult } from '../experiment/result.ts';
import type { Demo, DemoAnalysis, DemoFinding, DemoSeries } from './demo.ts';

const LEARNING_RATES = [0.5, 1, 2] as const;
const STEPS = 300;

function eosSpec(lr: number) {
  return {
    seed: 1,
    model: { layers: [2, 16, 16, 3], activation: 'tanh' },
    loss: 'cross-entropy',
    data: { name: 'spirals', n: 200, classes: 3, noise: 0.1, testFraction: 0 },
    train: { optimizer: 'gd', lr, steps: STEPS },
    probes: { every: 10, eigenvalues: { k: 1, steps: 20 }, trace: null, density: null },
  };
}

/** Top eigenvalue over the last `tail` of the run, as a fraction of 2/η. */
function settledSharpness(result: ExperimentResult, tail = 0.3): number {
  const lr = result.spec.train.lr;
  const from = result.spec.train.steps * (1 - tail);
  const late = result.probes.filter((p) => p.step >= from).map((p) => p.eigenvalues[0]!);
  return late.reduce((a, b) => a + b, 0) / late.length / (2 / lr);
}

/** Steps at which the training loss went up: gradient descent at the edge of stability is not monotone. */
function lossIncreases(result: ExperimentResult): number {
  let rises = 0;
  for (let i = 1; i < result.history.length; i++) if (result.history[i]!.loss > result.history[i - 1]!.loss) rises++;
  return rises;
}

function analyze(results: readonly ExperimentResult[]): DemoAnalysis {
  const findings: DemoFinding[] = [];
  const sharpness: DemoSeries[] = [];
  const losses: DemoSeries[] = [];
  results.forEach((result, i) => {
    const lr = result.spec.train.lr;
    const ratio = settledSharpness(result);
    findings.push({ id: `sharpnessOverTwoOverEta.${i}`, label: `η = ${lr}: λmax / (2/η) over the last 30% of steps`, value: ratio, expected: '≈ 1 (within 15%)' });
    findings.push({ id: `lossIncreases.${i}`, label: `η = ${lr}: steps where the loss went up`, value: lossIncreases(result), expected: '> 0 (non-monotone)' });
    const first = result.history[0]!.loss;
    const last = result.history.at(-1)!.loss;
    findings.push({ id: `lossDrop.${i}`, label: `η = ${lr}: final loss / initial loss`, value: last / first, expected: '< 1 (still falling)' });
    sharpness.push({ name: `λmax, η = ${lr}`, x: result.probes.map((p) => p.step), y: result.probes.map((p) => p.eigenvalues[0]!), mode: 'lines+markers' });
    sharpness.push({ name: `2/η = ${2 / lr}`, x: [0, result.spec.train.steps], y: [2 / lr, 2 / lr], mode: 'lines', dash: 'dash' });
    losses.push({ name: `loss, η = ${lr}`, x: result.history.map((h) => h.step), y: result.history.map((h) => h.loss), mode: 'lines' });
  });
  const ratios = results.map((_, i) => findings.find((f) => f.id === `sharpnessOverTwoOverEta.${i}`)!.value as number);
  const atEdge = ratios.filter((r) => Math.abs(r - 1) <= 0.15).length;
  return {
    findings,
    charts: [
      { id: 'sharpness', title: 'Top eigenvalue against 2/η', xTitle: 'step', yTitle: 'λmax', series: sharpness },
      { id: 'loss', title: 'Training loss', xTitle: 'step', yTitle: 'loss', yLog: true, series: losses },
    ],
    verdict: `${atEdge} of ${results.length} learning rates settle with λmax within 15% of 2/η (ratios ${ratios.map((r) => r.toFixed(2)).join(', ')}).`,
  };
}

export const edgeOfStability: Demo = {
  id: 'edge-of-stability',
  title: 'Edge of stability',
  summary: 'Full-batch GD sharpens until λmax reaches 2/η, then hovers there while the loss still falls.',
  paper: 'Cohen, Kaur, Li, Kolter, Talwalkar (2021), Gradient Descent on Neural Networks Typically Occurs at the Edge of Stability, ICLR.',
  look: 'The top eigenvalue (Spectrum panel, and the chart below) climbs during training until it meets the dashed 2/η line of its learning rate, then stays near it. The loss keeps going down, with small spikes.',
  meaning:
    'Classical analysis says GD on a quadratic diverges when λmax > 2/η. Networks trained by GD do not avoid that region: their sharpness grows until it reaches 2/η (progressive sharpening) and then self-stabilizes at the edge, which is why the largest usable learning rate and the curvature of the minimum found are tied together.',
  variants: LEARNING_RATES.map((lr) => ({ label: `η = ${lr}`, spec: eosSpec(lr) })),
  analyze,
  thumbnail: {
    lines: [
      { points: [[0, 0.1], [0.2, 0.25], [0.4, 0.55], [0.5, 0.72], [0.6, 0.68], [0.7, 0.74], [0.8, 0.69], [0.9, 0.73], [1, 0.7]] },
      { points: [[0, 0.7], [1, 0.7]], dash: true },
    ],
  },
};
