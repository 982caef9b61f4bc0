/**
 * Demo 6, which directions to plot (Li et al. 2018): one trained network, three slices through
 * the same point with the same range, differing only in their directions: raw Gaussian, filter-
 * normalized Gaussian, and the top two Hessian eigenvectors. The grid itself says how curved each
 * slice is at the centre, and that number is compared with the top Hessian eigenvalue λ1.
 */
import type { ExperimentResult } from '../experiment/result.ts';
import { hessianVectorProduct } from '../math/mlp.ts';
import { centralSecondDifference, centreLines, rayleighQuotient, squaredNorm } from './analysis/centre-curvature.ts';
import { problemFromResult } from './analysis/result-problem.ts';
import type { Demo, DemoAnalysis, DemoFinding, DemoSeries } from './demo.ts';

const DIRECTIONS = ['random', 'filter', 'hessian'] as const;
const LABELS: Record<(typeof DIRECTIONS)[number], string> = {
  random: 'raw Gaussian',
  filter: 'filter-normalized',
  hessian: 'Hessian eigenvectors',
};
const RANGE = 0.5;
const RESOLUTION = 21;
const STEPS = 150;

function directionsSpec(directions: (typeof DIRECTIONS)[number]) {
  return {
    seed: 1,
    model: { layers: [2, 16, 16, 3], activation: 'tanh' },
    loss: 'cross-entropy',
    data: { name: 'spirals', n: 200, classes: 3, noise: 0.1, testFraction: 0 },
    train: { optimizer: 'adam', lr: 0.03, steps: STEPS },
    // Probes only at the end (a change switches them on there): λ1 and Tr(H) of the plotted point.
    probes: { every: STEPS, eigenvalues: null, trace: null, density: null },
    changes: [{ step: STEPS, probes: { eigenvalues: { k: 1, steps: 20 }, trace: { samples: 16, tolerance: 0, perLayer: false } } }],
    landscape: { directions, dims: 2, resolution: RESOLUTION, range: RANGE },
  };
}

interface SliceCurvature {
  readonly method: string;
  readonly norm: number;
  /** Second difference of the grid loss through the centre along d₁, divided by ‖d₁‖². */
  readonly gridCurvature: number;
  readonly gridCurvatureSecond: number;
  /** d₁ᵀHd₁ / ‖d₁‖² in float64 at the centre, on the run's samples. */
  readonly exactCurvature: number;
  /** How much the plotted loss rises from the centre to the ends of the d₁ axis (mean of both ends). */
  readonly plottedRise: number;
  readonly line: readonly number[];
  readonly alphas: readonly number[];
}

function asNumbers(values: readonly (number | null)[]): number[] {
  return values.map((v) => (v === null ? Number.NaN : v));
}

function sliceCurvature(result: ExperimentResult): SliceCurvature {
  const landscape = result.landscape;
  if (!landscape || landscape.directions.length !== 2 || !landscape.betas) throw new Error('landscape-directions: each variant must draw a 2-D landscape');
  const grid = (landscape.loss as (number | null)[][]).map(asNumbers);
  const { alongFirst, alongSecond } = centreLines(grid);
  const spacing = landscape.alphas[1]! - landscape.alphas[0]!;
  const [d1, d2] = landscape.directions as [number[], number[]];
  const norm1 = squaredNorm(d1);
  const problem = problemFromResult(result);
  const exactCurvature = rayleighQuotient(d1, hessianVectorProduct(problem, landscape.center, d1));
  const c = (alongFirst.length - 1) / 2;
  return {
    method: landscape.method,
    norm: Math.sqrt(norm1),
    gridCurvature: centralSecondDifference(alongFirst, spacing) / norm1,
    gridCurvatureSecond: centralSecondDifference(alongSecond, spacing) / squaredNorm(d2),
    exactCurvature,
    plottedRise: (alongFirst[0]! + alongFirst.at(-1)!) / 2 - alongFirst[c]!,
    line: alongFirst,
    alphas: landscape.alphas,
  };
}

function lastProbe(result: ExperimentResult) {
  const probe = result.probes.at(-1);
  if (!probe || probe.eigenvalues.length === 0) throw new Error('landscape-directions: each variant must probe λ1 at the last step');
  return probe;
}

function analyze(results: readonly ExperimentResult[]): DemoAnalysis {
  const findings: DemoFinding[] = [];
  const plotted: DemoSeries[] = [];
  const byDistance: DemoSeries[] = [];
  const slices = results.map(sliceCurvature);
  const probe = lastProbe(results[0]!);
  const lambda1 = probe.eigenvalues[0]!;
  const parameters = results[0]!.params.values.length;
  const traceOverP = probe.trace ? probe.trace.estimate / parameters : Number.NaN;
  findings.push({ id: 'lambda1', label: 'λ1, top Hessian eigenvalue at the centre (probe)', value: lambda1 });
  findings.push({ id: 'traceOverP', label: 'Tr(H)/P, the mean eigenvalue (Hutchinson probe)', value: traceOverP });
  slices.forEach((s, i) => {
    const name = LABELS[s.method as (typeof DIRECTIONS)[number]] ?? s.method;
    findings.push({ id: `directionNorm.${i}`, label: `${name}: ‖d₁‖`, value: s.norm });
    findings.push({
      id: `plottedRise.${i}`,
      label: `${name}: loss rise from the centre to α = ±${RANGE} (what the plot shows)`,
      value: s.plottedRise,
    });
    findings.push({
      id: `gridCurvature.${i}`,
      label: `${name}: grid second difference through the centre / ‖d₁‖²`,
      value: s.gridCurvature,
      expected: s.method === 'hessian' ? '≈ λ1 (within 10%)' : '< λ1/5',
    });
    findings.push({
      id: `curvatureOverLambda1.${i}`,
      label: `${name}: that curvature / λ1`,
      value: s.gridCurvature / lambda1,
      expected: s.method === 'hessian' ? '≈ 1' : '≪ 1',
    });
    findings.push({ id: `exactCurvature.${i}`, label: `${name}: d₁ᵀHd₁/‖d₁‖² in float64`, value: s.exactCurvature, expected: '≈ the grid value' });
    findings.push({ id: `gridCurvatureSecond.${i}`, label: `${name}: the same along d₂`, value: s.gridCurvatureSecond });
    plotted.push({ name, x: [...s.alphas], y: [...s.line], mode: 'lines+markers' });
    byDistance.push({ name, x: s.alphas.map((a) => a * s.norm), y: [...s.line], mode: 'lines+markers' });
  });
  const raw = slices.find((s) => s.method === 'random');
  const filter = slices.find((s) => s.method === 'filter');
  if (raw && filter) {
    findings.push({
      id: 'riseRawOverFilter',
      label: 'plotted rise, raw Gaussian / filter-normalized (same network: the two scales happen to be close)',
      value: raw.plottedRise / filter.plottedRise,
    });
  }
  const hessian = slices.findIndex((s) => s.method === 'hessian');
  const others = slices.filter((s) => s.method !== 'hessian');
  const hessianRatio = hessian >= 0 ? slices[hessian]!.gridCurvature / lambda1 : Number.NaN;
  const worstOther = Math.max(...others.map((s) => s.gridCurvature / lambda1));
  const shows = Math.abs(hessianRatio - 1) <= 0.1 && worstOther < 0.2;
  return {
    findings,
    charts: [
      { id: 'plotted', title: 'Loss through the centre along d₁, as each plot draws it', xTitle: 'α (plot coordinate)', yTitle: 'loss', series: plotted },
      { id: 'distance', title: 'The same lines against distance in parameter space', xTitle: 'α·‖d₁‖', yTitle: 'loss', series: byDistance },
    ],
    verdict:
      `${shows ? 'The effect shows' : 'The effect does not show clearly'}: per unit distance, the slice along the top Hessian eigenvector curves at ` +
      `${hessianRatio.toFixed(2)}·λ1 (λ1 = ${lambda1.toPrecision(3)}), the random slices at most ${worstOther.toFixed(3)}·λ1 ` +
      `(Tr(H)/P = ${(traceOverP / lambda1).toFixed(3)}·λ1). On the plots' own α axes the order reverses: the raw Gaussian slice rises ` +
      `${raw?.plottedRise.toPrecision(3) ?? '?'}, the filter-normalized one ${filter?.plottedRise.toPrecision(3) ?? '?'}, ` +
      `the Hessian one ${hessian >= 0 ? slices[hessian]!.plottedRise.toPrecision(3) : '?'} (its direction has unit norm).`,
  };
}

export const landscapeDirections: Demo = {
  id: 'landscape-directions',
  title: 'Which directions to plot',
  summary: 'One minimum, three slices: random directions see about the mean curvature, the top Hessian eigenvector sees λmax.',
  paper:
    'Li, Xu, Taylor, Studer, Goldstein (2018), Visualizing the Loss Landscape of Neural Nets, NeurIPS (filter normalization). ' +
    'Böttcher, Wheeler (2022), Visualizing high-dimensional loss landscapes with Hessian directions, arXiv:2208.13219 (random projections see the mean curvature ' +
    'Tr(H)/P, so they misrepresent saddles and sharp directions; plot along Hessian eigenvectors instead). The Loss Landscape Analysis (LLA) library offers the same choice of axes.',
  look:
    'Run all three and compare the Landscape panels: the same trained network, the same center, the same α range, only the directions differ. ' +
    'In the first chart (loss through the centre against α, as each plot draws it) the raw Gaussian slice looks sharpest, because its direction is long: ‖d‖ ≈ √P over the weights ' +
    '(random directions leave the biases out, as Li et al. do), while the Hessian eigenvectors have unit length. In the second chart, against real distance α·‖d‖ in parameter space, ' +
    'the Hessian-eigenvector slice is by far the steepest. The findings give the curvature through the centre per unit distance: λ1 along the top eigenvector, a few thousandths of λ1 along random directions.',
  meaning:
    'A slice L(c + αd₁ + βd₂) has curvature d₁ᵀHd₁ along α. For a random Gaussian d that is ‖d‖² times a weighted average of the eigenvalues, of the order of the mean eigenvalue Tr(H)/P; ' +
    'in a network whose spectrum has a few large outliers over a bulk near zero this is far below λ1. So random-direction plots hide the sharp directions, and how sharp they look depends on how d is scaled. ' +
    'Filter normalization (Li et al.) scales each row of d to the norm of the matching row of the weights, so plots of networks with different weight scales (weight decay, batch normalization) become comparable; ' +
    'it does not make a random slice see λ1. Here the trained rows happen to have norms close to a Gaussian draw, so the raw and filter-normalized slices look alike. ' +
    'Slices along Hessian eigenvectors show the extreme curvatures by construction (Böttcher and Wheeler also use the most negative one to reveal saddles).',
  variants: DIRECTIONS.map((d) => ({ label: LABELS[d], spec: directionsSpec(d) })),
  analyze,
  thumbnail: {
    lines: [
      { points: [[0.3, 1], [0.4, 0.55], [0.45, 0.38], [0.5, 0.3], [0.55, 0.38], [0.6, 0.55], [0.7, 1]] },
      { points: [[0, 0.62], [0.25, 0.39], [0.5, 0.3], [0.75, 0.39], [1, 0.62]], dash: true },
      { points: [[0, 0.4], [0.5, 0.3], [1, 0.4]], dash: true },
    ],
  },
};
