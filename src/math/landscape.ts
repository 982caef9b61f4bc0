/**
 * Loss landscapes, float64 reference (Li et al. 2018): the directions of a 1-D or 2-D slice
 * through parameter space, the grid of the slice, its direct evaluation, and the projection of a
 * training trajectory onto the slice's plane. Pure: no GPU, no DOM.
 *
 * A slice is L(c + α·d₁ + β·d₂) with c the center and d₁, d₂ directions in the flat parameter
 * layout of src/models/mlp.ts.
 */
import type { LandscapeGrid } from '../models/landscape-grid.ts';
import { parameterLayout } from '../models/mlp.ts';
import { symmetricEigen } from './eigen.ts';
import { evaluate, type MlpProblem } from './mlp.ts';
import { fillRandom } from './rng.ts';

/** How a random direction is rescaled: not at all, per layer block, or per row (filter) of each weight matrix. */
export type DirectionNormalization = 'none' | 'layer' | 'filter';

/** i-th random Gaussian direction (stream `stream` of `seed`), as drawn before any normalization. */
export function gaussianDirection(parameterCount: number, seed: number, stream: number): Float64Array {
  return fillRandom('gaussian', seed, stream, parameterCount);
}

function norm(values: ArrayLike<number>, start: number, end: number): number {
  let s = 0;
  for (let i = start; i < end; i++) s += values[i]! * values[i]!;
  return Math.sqrt(s);
}

/** d[start, end) ← d · ‖θ[start, end)‖ / ‖d[start, end)‖; a zero part of d stays zero. */
function rescaleTo(d: Float64Array, theta: ArrayLike<number>, start: number, end: number): void {
  const dn = norm(d, start, end);
  const factor = dn > 0 ? norm(theta, start, end) / dn : 0;
  if (factor === 0) d.fill(0, start, end); // +0, not the −0 of a negative entry times 0
  else for (let i = start; i < end; i++) d[i] = d[i]! * factor;
}

/**
 * Rescales `direction` in place to the scale of θ (Li et al. 2018):
 * - 'filter': each row r of each weight matrix, d_r ← d_r · ‖θ_r‖ / ‖d_r‖;
 * - 'layer': each weight matrix as a whole, d_W ← d_W · ‖θ_W‖ / ‖d_W‖;
 * - 'none': the weights stay as they are.
 * Biases are set to zero unless `keepBiases`; kept biases are rescaled as one block per layer
 * (d_b ← d_b · ‖θ_b‖ / ‖d_b‖) under 'filter' and 'layer', and left as they are under 'none'.
 */
export function normalizeDirection(
  direction: Float64Array,
  theta: ArrayLike<number>,
  layers: readonly number[],
  normalization: DirectionNormalization,
  keepBiases: boolean,
): Float64Array {
  if (direction.length !== theta.length) {
    throw new Error(`normalizeDirection: direction has ${direction.length} values, θ has ${theta.length}`);
  }
  for (const block of parameterLayout(layers)) {
    const end = block.offset + block.size;
    if (block.kind === 'bias') {
      if (!keepBiases) direction.fill(0, block.offset, end);
      else if (normalization !== 'none') rescaleTo(direction, theta, block.offset, end);
      continue;
    }
    if (normalization === 'layer') rescaleTo(direction, theta, block.offset, end);
    if (normalization === 'filter') {
      const rowLength = block.shape[1]!;
      for (let start = block.offset; start < end; start += rowLength) rescaleTo(direction, theta, start, start + rowLength);
    }
  }
  return direction;
}

/** A random Gaussian direction rescaled to θ as `normalizeDirection` says. */
export function randomDirection(
  theta: ArrayLike<number>,
  layers: readonly number[],
  normalization: DirectionNormalization,
  keepBiases: boolean,
  seed: number,
  stream: number,
): Float64Array {
  return normalizeDirection(gaussianDirection(theta.length, seed, stream), theta, layers, normalization, keepBiases);
}

export interface TrajectoryPca {
  /** Unit principal directions, largest variance first (at most `components`). */
  readonly directions: Float64Array[];
  /** Fraction of the trajectory's total variance each direction explains. */
  readonly explainedVariance: number[];
}

/**
 * The first principal components of a training trajectory: the rows θ_t − θ_final (Li et al.
 * 2018), centered as PCA does (their code uses scikit-learn's PCA, which subtracts the mean row).
 * With n snapshots of P parameters, the eigen-decomposition runs on the n×n Gram matrix of the
 * centered rows, so P may be large: for Gram eigenpair (λ, u), the component is Xᵀu/√λ and its
 * explained variance λ/Σλ.
 */
export function trajectoryPca(snapshots: readonly ArrayLike<number>[], final: ArrayLike<number>, components = 2): TrajectoryPca {
  const n = snapshots.length;
  const P = final.length;
  if (n < 2) throw new Error(`trajectoryPca: needs at least 2 snapshots, got ${n}`);
  const rows = snapshots.map((s, i) => {
    if (s.length !== P) throw new Error(`trajectoryPca: snapshot ${i} has ${s.length} values, the final point ${P}`);
    const r = new Float64Array(P);
    for (let j = 0; j < P; j++) r[j] = s[j]! - final[j]!;
    return r;
  });
  const mean = new Float64Array(P);
  for (const r of rows) for (let j = 0; j < P; j++) mean[j] = mean[j]! + r[j]! / n;
  for (const r of rows) for (let j = 0; j < P; j++) r[j] = r[j]! - mean[j]!;
  const gram = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      let s = 0;
      const ra = rows[a]!;
      const rb = rows[b]!;
      for (let j = 0; j < P; j++) s += ra[j]! * rb[j]!;
      gram[a * n + b] = s;
      gram[b * n + a] = s;
    }
  }
  const { values, vectors } = symmetricEigen(gram, n);
  let total = 0;
  for (const v of values) total += Math.max(0, v);
  const directions: Float64Array[] = [];
  const explainedVariance: number[] = [];
  for (let k = 0; k < components && k < n; k++) {
    const col = n - 1 - k; // values ascend
    const lambda = values[col]!;
    // Below rounding level the component is noise, not a direction of the trajectory.
    if (!(lambda > 1e-12 * Math.max(total, Number.MIN_VALUE))) break;
    const d = new Float64Array(P);
    for (let a = 0; a < n; a++) {
      const u = vectors[a * n + col]!;
      const r = rows[a]!;
      for (let j = 0; j < P; j++) d[j] = d[j]! + u * r[j]!;
    }
    const scale = 1 / norm(d, 0, P);
    for (let j = 0; j < P; j++) d[j] = d[j]! * scale;
    directions.push(d);
    explainedVariance.push(lambda / total);
  }
  return { directions, explainedVariance };
}

/**
 * `count` evenly spaced numbers from `from` to `to`, both included. Computed from the midpoint so
 * that a symmetric grid is symmetric to the bit and hits 0 (and, for [−½, 1½], also 1) exactly.
 */
export function linspace(from: number, to: number, count: number): number[] {
  if (count === 1) return [from];
  const mid = (from + to) / 2;
  const half = (to - from) / 2;
  const last = count - 1;
  return Array.from({ length: count }, (_, i) => (i === 0 ? from : i === last ? to : mid + (half * (2 * i - last)) / last));
}

/** The parameters at one point of a slice: c + α·d₁ (+ β·d₂). */
export function slicePoint(center: ArrayLike<number>, d1: ArrayLike<number>, alpha: number, d2?: ArrayLike<number>, beta = 0): Float64Array {
  const theta = new Float64Array(center.length);
  for (let i = 0; i < theta.length; i++) theta[i] = center[i]! + alpha * d1[i]! + (d2 ? beta * d2[i]! : 0);
  return theta;
}

export interface SliceValues {
  /** 2-D: loss[j][i] at (alphas[i], betas[j]); 1-D: one row, loss[0][i] at alphas[i]. */
  readonly loss: number[][];
  /** Same shape; NaN for regression. */
  readonly accuracy: number[][];
}

/** Every grid point of a slice by a direct float64 evaluation of the loss on the problem's data. */
export function evaluateSliceF64(problem: MlpProblem, grid: LandscapeGrid): SliceValues {
  const betas = grid.d2 ? (grid.betas ?? [0]) : [0];
  const loss: number[][] = [];
  const accuracy: number[][] = [];
  for (const beta of betas) {
    const lossRow: number[] = [];
    const accRow: number[] = [];
    for (const alpha of grid.alphas) {
      const e = evaluate(problem, slicePoint(grid.center, grid.d1, alpha, grid.d2, beta));
      lossRow.push(e.loss);
      accRow.push(e.accuracy);
    }
    loss.push(lossRow);
    accuracy.push(accRow);
  }
  return { loss, accuracy };
}

/**
 * Coordinates (α, β) of θ − c in the plane of d₁, d₂: the least-squares solution of
 * [d₁ d₂][α β]ᵀ ≈ θ − c, so non-orthogonal directions are handled too. 1-D: α = d₁·(θ−c)/‖d₁‖², β = 0.
 */
export function projectOntoSlice(theta: ArrayLike<number>, center: ArrayLike<number>, d1: ArrayLike<number>, d2?: ArrayLike<number>): [number, number] {
  let g11 = 0;
  let g12 = 0;
  let g22 = 0;
  let r1 = 0;
  let r2 = 0;
  for (let i = 0; i < theta.length; i++) {
    const x = theta[i]! - center[i]!;
    const a = d1[i]!;
    g11 += a * a;
    r1 += a * x;
    if (d2) {
      const b = d2[i]!;
      g12 += a * b;
      g22 += b * b;
      r2 += b * x;
    }
  }
  if (!d2 || g22 === 0) return [g11 > 0 ? r1 / g11 : 0, 0];
  if (g11 === 0) return [0, r2 / g22];
  const det = g11 * g22 - g12 * g12;
  // Parallel directions: the plane is a line; put everything on d₁.
  if (Math.abs(det) <= 1e-14 * g11 * g22) return [r1 / g11, 0];
  return [(g22 * r1 - g12 * r2) / det, (g11 * r2 - g12 * r1) / det];
}
