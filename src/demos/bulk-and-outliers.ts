/**
 * Demo 3, bulk and outliers (Sagun et al. 2017, 2018; Papyan 2019, 2020): after training on data
 * with k classes, the Hessian spectrum is a bulk of eigenvalues near zero plus about k outliers.
 * The outliers follow the data (k), the bulk follows the architecture (width).
 */
import type { ExperimentResult, ProbeResult } from '../experiment/result.ts';
import { separatedOutliers } from './analysis/separated-outliers.ts';
import { massNearZero } from './analysis/spectral-mass.ts';
import type { Demo, DemoAnalysis, DemoChart, DemoFinding, DemoSeries } from './demo.ts';

const STEPS = 80;
/** The bulk's mass "at zero": the fraction of eigenvalues within ±this·λmax of 0. */
const NEAR_ZERO = 0.003;

interface VariantSetup {
  readonly label: string;
  readonly hidden: number;
  readonly classes: number;
  /** Blob centres sit on a circle, so more classes are closer together: less noise keeps the overlap alike. */
  readonly noise: number;
}

const SETUPS: readonly VariantSetup[] = [
  { label: 'k = 4 classes, width 16', hidden: 16, classes: 4, noise: 0.8 },
  { label: 'k = 4 classes, width 32', hidden: 32, classes: 4, noise: 0.8 },
  { label: 'k = 6 classes, width 16', hidden: 16, classes: 6, noise: 0.6 },
];

/**
 * Probes only once training is over (a change at the last step turns them on): the spectrum of the
 * trained network is the point, and a probe at initialization would double the cost.
 */
function bulkSpec(setup: VariantSetup) {
  return {
    seed: 1,
    model: { layers: [2, setup.hidden, setup.hidden, setup.classes], activation: 'tanh' },
    loss: 'cross-entropy',
    data: { name: 'blobs', n: 300, classes: setup.classes, noise: setup.noise, testFraction: 0 },
    train: { optimizer: 'gd', lr: 1, steps: STEPS },
    probes: { every: STEPS, eigenvalues: null, trace: null, density: null },
    changes: [{ step: STEPS, probes: { eigenvalues: { k: 10, steps: 20 }, density: { probes: 2, steps: 20, gridSize: 200 } } }],
  };
}

function finalProbe(result: ExperimentResult): ProbeResult {
  const probe = result.probes.at(-1);
  if (!probe || probe.eigenvalues.length === 0 || !probe.density) throw new Error('bulk-and-outliers: the run has no final probe with eigenvalues and density');
  return probe;
}

function analyze(results: readonly ExperimentResult[]): DemoAnalysis {
  const findings: DemoFinding[] = [];
  const densities: DemoSeries[] = [];
  const tops: DemoSeries[] = [];
  const counts: number[] = [];
  const masses: number[] = [];
  results.forEach((result, i) => {
    const probe = finalProbe(result);
    const density = probe.density!;
    const k = result.spec.data.classes ?? 0;
    const label = SETUPS[i]?.label ?? `variant ${i}`;
    const separation = separatedOutliers(probe.eigenvalues);
    const lambdaMax = probe.eigenvalues[0]!;
    const mass = massNearZero(density, NEAR_ZERO * lambdaMax);
    counts.push(separation.count);
    masses.push(mass);
    findings.push({ id: `classes.${i}`, label: `${label}: classes k`, value: k });
    findings.push({ id: `parameters.${i}`, label: `${label}: parameters`, value: result.params.values.length });
    findings.push({ id: `outliers.${i}`, label: `${label}: eigenvalues separated from the bulk`, value: separation.count, expected: `= k or k − 1 (${k} or ${k - 1})` });
    findings.push({ id: `gapRatio.${i}`, label: `${label}: last outlier / top of the bulk`, value: separation.gapRatio, expected: '≥ 2 (a clear gap)' });
    findings.push({ id: `bulkMassAtZero.${i}`, label: `${label}: fraction of the spectrum within ±${NEAR_ZERO * 100}% of λmax around 0 (SLQ)`, value: mass });
    densities.push({ name: label, x: density.grid, y: density.values, mode: 'lines' });
    tops.push({ name: label, x: probe.eigenvalues.map((_, j) => j + 1), y: probe.eigenvalues, mode: 'lines+markers' });
  });
  const massGain = masses[1]! - masses[0]!;
  findings.push({
    id: 'bulkMassGainWithWidth',
    label: 'bulk mass at zero: width 32 minus width 16',
    value: massGain,
    expected: '> 0 (the extra parameters add eigenvalues at zero)',
  });
  const charts: DemoChart[] = [
    { id: 'density', title: 'Spectral density (SLQ)', xTitle: 'eigenvalue', yTitle: 'density', yLog: true, series: densities },
    { id: 'top', title: 'Top eigenvalues (Lanczos): outliers, then the bulk', xTitle: 'index', yTitle: 'eigenvalue', yLog: true, series: tops },
  ];
  const matching = results.filter((r, i) => {
    const k = r.spec.data.classes ?? 0;
    return counts[i] === k || counts[i] === k - 1;
  }).length;
  const countText = results.map((r, i) => `${counts[i]} for k = ${r.spec.data.classes}`).join(', ');
  return {
    findings,
    charts,
    verdict:
      `${matching} of ${results.length} runs show k or k − 1 outliers (${countText}). ` +
      `Doubling the width moved the bulk's mass within ±${NEAR_ZERO * 100}% of λmax around 0 from ${masses[0]!.toFixed(3)} to ${masses[1]!.toFixed(3)}.`,
  };
}

export const bulkAndOutliers: Demo = {
  id: 'bulk-and-outliers',
  title: 'Bulk and outliers',
  summary: 'A trained classifier’s Hessian: a bulk of eigenvalues at zero and about one outlier per class.',
  paper:
    'Sagun, Bottou, LeCun (2017), Eigenvalues of the Hessian in Deep Learning: Singularity and Beyond, arXiv:1611.07476; ' +
    'Sagun, Evci, Güney, Dauphin, Bottou (2018), Empirical Analysis of the Hessian of Over-Parametrized Neural Networks, ICLR Workshop; ' +
    'Papyan (2019), Measurements of Three-Level Hierarchical Structure in the Outliers in the Spectrum of Deepnet Hessians, ICML; ' +
    'Papyan (2020), Traces of Class/Cross-Class Structure Pervade Deep Learning Spectra, JMLR 21.',
  look:
    'The density (log scale) has a tall peak at zero, the bulk, and a few isolated bumps to the right. The top-eigenvalue chart shows the same as a cliff: ' +
    'k large eigenvalues, then a drop by a factor of several to the bulk. With 4 classes there are 4 outliers at width 16 and at width 32; with 6 classes there are 6. ' +
    'Doubling the width changes the bulk instead: an even larger share of the spectrum sits at zero.',
  meaning:
    'With cross-entropy the Hessian is dominated by its Gauss-Newton part, a sum over samples of Jᵀ(diag p − ppᵀ)J. Gradients of samples of the same class point alike, ' +
    'so the class means of these Jacobians span a space of about k directions (Papyan), which carry the large eigenvalues. Everything else—most of the parameters—is flat or ' +
    'nearly so: the bulk, whose size grows with the model and which is why over-parametrized networks have so many degenerate directions. ' +
    'Sagun et al. put it as two conjectures this demo reproduces: adding parameters (fixed data) changes the bulk; changing the data (more clusters) changes the outliers.',
  variants: SETUPS.map((setup) => ({ label: setup.label, spec: bulkSpec(setup) })),
  analyze,
  thumbnail: {
    lines: [
      {
        points: [[0, 0.05], [0.06, 0.15], [0.1, 0.95], [0.14, 0.15], [0.22, 0.06], [0.55, 0.05], [0.6, 0.3], [0.64, 0.05], [0.7, 0.3], [0.74, 0.05], [0.8, 0.3], [0.84, 0.05], [0.9, 0.3], [0.94, 0.05], [1, 0.05]],
      },
    ],
  },
};
