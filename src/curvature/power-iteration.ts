/**
 * Power iteration with deflation: the k eigenvalues of largest magnitude, one at a time, each
 * iterated in the orthogonal complement of the eigenvectors already found. Slower than Lanczos
 * but the simplest estimate of the sharpness λ_max, and the one most papers report.
 */
import type { LinearOperator } from './operator.ts';
import { throwIfAborted, type RunControl } from './progress.ts';

export interface PowerIterationOptions extends RunControl {
  /** Number of eigenpairs (largest |λ| first); default 1. */
  k?: number;
  /** Iterations per eigenpair; default 500. */
  maxIterations?: number;
  /**
   * Stop when the Rayleigh quotient changes by at most tolerance·|θ| between iterations, or the
   * residual ‖Ax − θx‖ is at most tolerance·|θ|; default 1e-6.
   */
  tolerance?: number;
  /** The start of eigenpair j is the Rademacher stream (seed, j). */
  seed?: number;
}

export interface PowerIterationResult<V> {
  /** Eigenvalue estimates (Rayleigh quotients), sorted by value, descending. */
  values: number[];
  /** Unit eigenvector estimates in the same order; the caller owns and frees them. */
  vectors: V[];
  /** ‖A x − θ x‖ for each returned pair: θ is within this of an eigenvalue. */
  residuals: number[];
  /** Iterations (operator applications) spent on each pair. */
  iterations: number[];
  converged: boolean[];
}

export const POWER_ITERATION_DEFAULTS = Object.freeze({
  k: 1,
  maxIterations: 500,
  tolerance: 1e-6,
  seed: 0,
} as const);

interface Pair<V> {
  value: number;
  vector: V;
  residual: number;
  iterations: number;
  converged: boolean;
}

export async function powerIteration<V>(
  operator: LinearOperator<V>,
  options: PowerIterationOptions = {},
): Promise<PowerIterationResult<V>> {
  const backend = operator.backend;
  const k = Math.min(options.k ?? POWER_ITERATION_DEFAULTS.k, backend.size);
  const maxIterations = options.maxIterations ?? POWER_ITERATION_DEFAULTS.maxIterations;
  const tolerance = options.tolerance ?? POWER_ITERATION_DEFAULTS.tolerance;
  const seed = options.seed ?? POWER_ITERATION_DEFAULTS.seed;
  const { onProgress, signal } = options;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new Error(`powerIteration: maxIterations must be a positive integer, got ${maxIterations}`);
  }

  const found: V[] = [];
  const pairs: Pair<V>[] = [];
  const y = backend.create();
  let x: V | undefined;
  try {
    for (let j = 0; j < k; j++) {
      throwIfAborted(signal);
      x = backend.create();
      backend.fill(x, 'rademacher', seed, j);
      await projectOut(found, x, 2);
      let norm = Math.sqrt(await backend.dot(x, x));
      if (!(norm > 0)) throw new Error(`powerIteration: start of pair ${j} lies in the deflated span`);
      backend.scale(1 / norm, x);

      let theta = NaN;
      let residual = NaN;
      let iterations = 0;
      let converged = false;
      for (let it = 1; it <= maxIterations; it++) {
        throwIfAborted(signal);
        await operator.apply(x, y);
        iterations = it;
        // One pass per iteration suffices: what rounding leaves along F is removed next time.
        const removed = await projectOut(found, y, 1);
        const [xy, yy] = await Promise.all([backend.dot(x, y), backend.dot(y, y)]);
        const previous = theta;
        theta = xy;
        // For unit x ⟂ F with θ = xᵀy: ‖Ax − θx‖² = ‖y − θx‖² + ‖Fᵀ A x‖² = (‖y‖² − θ²) + removed,
        // the true residual of A (not of the deflated operator), which is what bounds |θ − λ|.
        // Clamped because ‖y‖² − θ² cancels.
        residual = Math.sqrt(Math.max(0, yy - theta * theta) + removed);
        onProgress?.(j * maxIterations + it, k * maxIterations);
        const scale = Math.abs(theta);
        converged =
          yy === 0 ||
          residual <= tolerance * scale ||
          (it > 1 && Math.abs(theta - previous) <= tolerance * scale);
        // Keep the x that θ and the residual describe rather than stepping once more.
        if (converged || it === maxIterations) break;
        norm = Math.sqrt(yy);
        backend.copy(y, x);
        backend.scale(1 / norm, x);
      }
      onProgress?.((j + 1) * maxIterations, k * maxIterations);
      found.push(x);
      pairs.push({ value: theta, vector: x, residual, iterations, converged });
      x = undefined;
    }
  } catch (error) {
    if (x !== undefined) backend.free(x);
    for (const v of found) backend.free(v);
    throw error;
  } finally {
    backend.free(y);
  }

  pairs.sort((a, b) => b.value - a.value);
  return {
    values: pairs.map((p) => p.value),
    vectors: pairs.map((p) => p.vector),
    residuals: pairs.map((p) => p.residual),
    iterations: pairs.map((p) => p.iterations),
    converged: pairs.map((p) => p.converged),
  };

  /**
   * v ← (I − F Fᵀ) v, repeated `passes` times; returns Σ (Fᵀv)² of the first pass, the part of v
   * that the deflation removed.
   */
  async function projectOut(F: readonly V[], v: V, passes: number): Promise<number> {
    let removed = 0;
    for (let pass = 0; pass < passes && F.length > 0; pass++) {
      const c = await backend.dots(F, v);
      if (pass === 0) for (let i = 0; i < c.length; i++) removed += c[i]! * c[i]!;
      backend.subtractCombination(F, c, v);
    }
    return removed;
  }
}
