/**
 * Stochastic Lanczos quadrature (Ubaru, Chen & Saad 2017; Ghorbani et al. 2019): the spectral
 * density of a symmetric operator from a few Lanczos runs on random probes.
 *
 * For a unit probe v, vᵀ f(A) v = Σ_i w_i f(θ_i) with θ_i the Ritz values and w_i the squared first
 * components of the eigenvectors of T (Gauss quadrature). Averaging over Rademacher probes
 * estimates tr f(A)/P; with f a narrow Gaussian this is the smoothed eigenvalue density.
 */
import { lanczos } from './lanczos.ts';
import type { LinearOperator } from './operator.ts';
import { throwIfAborted, type RunControl } from './progress.ts';

export interface SlqOptions extends RunControl {
  /** Number of Rademacher probes n_v; probe p is the stream (seed, p). Default 10. */
  probes?: number;
  /** Lanczos steps per probe; default 80 (capped at the size). */
  steps?: number;
  seed?: number;
  /** Number of grid points of the density; default 512. */
  gridSize?: number;
  /** Width of the Gaussian kernel; default sigmaFraction · (spread of the nodes). */
  sigma?: number;
  /** Default 0.01. */
  sigmaFraction?: number;
  /** The grid spans [min node − pad, max node + pad]; default 5σ, which holds all but ~1e-6 of the mass. */
  pad?: number;
  /** Passed to Lanczos; default true. */
  reorthogonalize?: boolean;
  /**
   * After each probe but the last: the density of the probes so far, so that a page can draw a
   * first spectrum long before all probes are done.
   */
  onPartialDensity?: (density: SpectralDensity, probesDone: number, probes: number) => void;
}

export interface SpectralDensity {
  /** Ritz values per probe (ascending). */
  nodes: number[][];
  /** Quadrature weights per probe; each probe's weights sum to 1. */
  weights: number[][];
  grid: number[];
  /** φ(grid[i]), floored at DENSITY_FLOOR. */
  values: number[];
  /** The kernel width used. */
  sigma: number;
  /** Mean of the density, (1/n_v) Σ_p Σ_i w_i θ_i: a Hutchinson estimate of tr(A)/P. */
  mean: number;
  /** mean · P. */
  traceEstimate: number;
  /** Lanczos steps actually taken per probe (fewer after a breakdown). */
  steps: number[];
}

/**
 * Densities are plotted on a log axis, where 0 has no place; Gaussian tails underflow to exactly
 * 0 a few dozen σ from every node, so values are floored here rather than in every plot.
 */
export const DENSITY_FLOOR = 1e-12;

export const SLQ_DEFAULTS = Object.freeze({
  probes: 10,
  steps: 80,
  seed: 0,
  gridSize: 512,
  sigmaFraction: 0.01,
  padSigmas: 5,
  reorthogonalize: true,
} as const);

export async function stochasticLanczosQuadrature<V>(
  operator: LinearOperator<V>,
  options: SlqOptions = {},
): Promise<SpectralDensity> {
  const probes = options.probes ?? SLQ_DEFAULTS.probes;
  const steps = options.steps ?? SLQ_DEFAULTS.steps;
  const seed = options.seed ?? SLQ_DEFAULTS.seed;
  const gridSize = options.gridSize ?? SLQ_DEFAULTS.gridSize;
  const reorthogonalize = options.reorthogonalize ?? SLQ_DEFAULTS.reorthogonalize;
  const { onProgress, signal } = options;
  if (!Number.isInteger(probes) || probes < 1) throw new Error(`slq: probes must be ≥ 1, got ${probes}`);
  if (!Number.isInteger(gridSize) || gridSize < 2) throw new Error(`slq: gridSize must be ≥ 2, got ${gridSize}`);
  const stepsPerProbe = reorthogonalize ? Math.min(steps, operator.backend.size) : steps;

  const nodes: number[][] = [];
  const weights: number[][] = [];
  const stepsTaken: number[] = [];
  for (let p = 0; p < probes; p++) {
    throwIfAborted(signal);
    const run = await lanczos(operator, {
      steps,
      seed,
      stream: p,
      reorthogonalize,
      signal,
      onProgress: onProgress && ((done) => onProgress(p * stepsPerProbe + done, probes * stepsPerProbe)),
    });
    nodes.push(Array.from(run.ritzValues));
    weights.push(Array.from(run.ritzWeights));
    stepsTaken.push(run.steps);
    // A breakdown ends a probe early; keep the progress count consistent with the total.
    onProgress?.((p + 1) * stepsPerProbe, probes * stepsPerProbe);
    if (options.onPartialDensity && p + 1 < probes) {
      // Copies: the lists grow after this call, and a listener may keep what it was given.
      options.onPartialDensity(densityFromQuadrature(nodes.slice(), weights.slice(), operator.backend.size, stepsTaken.slice(), options), p + 1, probes);
    }
  }
  return densityFromQuadrature(nodes, weights, operator.backend.size, stepsTaken, options);
}

/**
 * The smoothed density from per-probe quadrature rules (exported so that rules computed elsewhere,
 * e.g. from stored α/β, can be re-smoothed with another σ without re-running Lanczos).
 */
export function densityFromQuadrature(
  nodes: number[][],
  weights: number[][],
  size: number,
  steps: number[] = nodes.map((n) => n.length),
  options: Pick<SlqOptions, 'gridSize' | 'sigma' | 'sigmaFraction' | 'pad'> = {},
): SpectralDensity {
  const gridSize = options.gridSize ?? SLQ_DEFAULTS.gridSize;
  const probes = nodes.length;
  let lo = Infinity;
  let hi = -Infinity;
  let mean = 0;
  for (let p = 0; p < probes; p++) {
    const np = nodes[p]!;
    const wp = weights[p]!;
    for (let i = 0; i < np.length; i++) {
      lo = Math.min(lo, np[i]!);
      hi = Math.max(hi, np[i]!);
      mean += wp[i]! * np[i]!;
    }
  }
  mean /= probes;
  // A spectrum of one point (e.g. A = cI) has no spread; fall back to its magnitude, then to 1.
  const spread = hi - lo > 0 ? hi - lo : Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  const sigma = options.sigma ?? (options.sigmaFraction ?? SLQ_DEFAULTS.sigmaFraction) * spread;
  if (!(sigma > 0)) throw new Error(`slq: sigma must be positive, got ${sigma}`);
  const pad = options.pad ?? SLQ_DEFAULTS.padSigmas * sigma;
  const start = lo - pad;
  const h = (hi + pad - start) / (gridSize - 1);
  const grid: number[] = [];
  const values: number[] = [];
  const norm = 1 / (probes * sigma * Math.sqrt(2 * Math.PI));
  const inv2s2 = 1 / (2 * sigma * sigma);
  for (let g = 0; g < gridSize; g++) {
    const t = start + g * h;
    let phi = 0;
    for (let p = 0; p < probes; p++) {
      const np = nodes[p]!;
      const wp = weights[p]!;
      for (let i = 0; i < np.length; i++) {
        const d = t - np[i]!;
        phi += wp[i]! * Math.exp(-d * d * inv2s2);
      }
    }
    grid.push(t);
    values.push(Math.max(phi * norm, DENSITY_FLOOR));
  }
  return { nodes, weights, grid, values, sigma, mean, traceEstimate: mean * size, steps };
}
