/**
 * Lanczos on a symmetric operator. Vectors live on the operator's backend (f32 on the GPU); the
 * recurrence coefficients α, β and the tridiagonal eigen-solve stay float64 on the CPU.
 */
import { symmetricTridiagonalEigen } from '../math/eigen.ts';
import type { LinearOperator } from './operator.ts';
import { throwIfAborted, type RunControl } from './progress.ts';

export interface LanczosOptions<V> extends RunControl {
  /** Maximum number of steps m (the Krylov dimension); capped at the size when reorthogonalizing. */
  steps?: number;
  /** Seed and stream of the Rademacher starting vector (ignored when start is given). */
  seed?: number;
  stream?: number;
  /** A starting vector (copied, not modified); any nonzero vector. */
  start?: V;
  /**
   * Full reorthogonalization against all previous Lanczos vectors, done twice (default true).
   * Without it, rounding makes the basis lose orthogonality once a Ritz value converges, and
   * converged eigenvalues reappear as spurious copies ("ghosts").
   */
  reorthogonalize?: boolean;
  /** Stop when β_j ≤ tolerance · (running estimate of ‖A‖): the Krylov space is invariant. */
  tolerance?: number;
  /** How many Ritz vectors Q s to return as backend vectors (the caller frees them); default 0. */
  ritzVectors?: number;
  /** Which end of the spectrum the Ritz vectors come from; default 'largest'. */
  ritzVectorOrder?: 'largest' | 'smallest';
}

export interface RitzVectors<V> {
  /** Ritz values, in the order asked for (largest first, or smallest first). */
  values: number[];
  /** β_m|s_i[m]|, floored at LanczosResult.roundingLevel. */
  residualBounds: number[];
  /** Unit Ritz vectors on the backend; the caller owns them and must free them. */
  vectors: V[];
}

export interface LanczosResult<V> {
  /** Diagonal of T (length steps). */
  alpha: Float64Array;
  /** Off-diagonal of T (length steps − 1). */
  beta: Float64Array;
  /** β_m, the coupling to the next (not computed) Lanczos vector; ~0 after a breakdown. */
  finalBeta: number;
  /** Eigenvalues of T, ascending. */
  ritzValues: Float64Array;
  /** β_m |s_i[m]|: ‖A y_i − θ_i y_i‖ for the Ritz pair, so each θ_i is this close to an eigenvalue. */
  ritzResiduals: Float64Array;
  /** s_i[0]², the Gauss quadrature weights of the starting vector (they sum to 1). */
  ritzWeights: Float64Array;
  /** Number of Lanczos steps taken (m). */
  steps: number;
  /** ‖v‖ of the starting vector before normalization: vᵀAv = startNorm² · alpha[0]. */
  startNorm: number;
  /** True when stopped early because β became negligible (an invariant subspace was found). */
  breakdown: boolean;
  /**
   * Largest norm of what the second reorthogonalization pass removed: an empirical measure of the
   * rounding noise of the run (≈1e-16·‖A‖ in float64, ≈1e-7·‖A‖ in f32; 0 without
   * reorthogonalization). β_m|s_i[m]| is a bound in exact arithmetic only; once it falls below this
   * level the true residual stays at a few times this level instead.
   */
  roundingLevel: number;
  /** Present when options.ritzVectors > 0. */
  ritzVectors?: RitzVectors<V>;
}

export interface RitzEstimates {
  values: number[];
  /** β_m|s_i[m]|, floored at LanczosResult.roundingLevel when the result carries one. */
  residualBounds: number[];
}

export const LANCZOS_DEFAULTS = Object.freeze({
  steps: 80,
  seed: 0,
  stream: 0,
  reorthogonalize: true,
  tolerance: 1e-10,
  ritzVectors: 0,
  ritzVectorOrder: 'largest',
} as const);

export async function lanczos<V>(
  operator: LinearOperator<V>,
  options: LanczosOptions<V> = {},
): Promise<LanczosResult<V>> {
  const backend = operator.backend;
  const reorthogonalize = options.reorthogonalize ?? LANCZOS_DEFAULTS.reorthogonalize;
  const requested = options.steps ?? LANCZOS_DEFAULTS.steps;
  const tolerance = options.tolerance ?? LANCZOS_DEFAULTS.tolerance;
  const ritzCount = options.ritzVectors ?? LANCZOS_DEFAULTS.ritzVectors;
  const { onProgress, signal } = options;
  if (!Number.isInteger(requested) || requested < 1) {
    throw new Error(`lanczos: steps must be a positive integer, got ${requested}`);
  }
  // With an orthonormal basis there is no (n+1)-th direction; without one, running past n is
  // exactly how ghosts are demonstrated, so no cap then.
  const maxSteps = reorthogonalize ? Math.min(requested, backend.size) : requested;
  // The whole basis is needed to reorthogonalize or to form Ritz vectors; otherwise two suffice.
  const keepBasis = reorthogonalize || ritzCount > 0;

  const alpha: number[] = [];
  const beta: number[] = [];
  const basis: V[] = [];
  // The basis in storage the backend can treat as one block (one pass for all its dot products
  // and for the combination subtracted); vectors not reached by the end are freed with it.
  const block = keepBasis && backend.createMany ? backend.createMany(maxSteps) : undefined;
  let blockUsed = 0;
  const newBasisVector = (): V => (block ? block[blockUsed++]! : backend.create());
  let previous: V | undefined;
  let current: V | undefined;
  const w = backend.create();
  let startNorm = 0;
  let finalBeta = 0;
  let breakdown = false;
  let roundingLevel = 0;
  try {
    throwIfAborted(signal);
    current = newBasisVector();
    if (keepBasis) basis.push(current);
    if (options.start !== undefined) backend.copy(options.start, current);
    else {
      backend.fill(
        current,
        'rademacher',
        options.seed ?? LANCZOS_DEFAULTS.seed,
        options.stream ?? LANCZOS_DEFAULTS.stream,
      );
    }
    startNorm = Math.sqrt(await backend.dot(current, current));
    if (!(startNorm > 0) || !Number.isFinite(startNorm)) {
      throw new Error(`lanczos: starting vector has norm ${startNorm}`);
    }
    backend.scale(1 / startNorm, current);

    let normEstimate = 0;
    for (let j = 0; j < maxSteps; j++) {
      throwIfAborted(signal);
      await operator.apply(current, w);
      const betaPrev = j > 0 ? beta[j - 1]! : 0;
      // With full reorthogonalization the Gram–Schmidt below removes the q_{j−1} component as
      // well, so the three-term step is left to it (one submit less per step on the GPU).
      if (previous !== undefined && !reorthogonalize) backend.axpy(-betaPrev, previous, w);
      let a: number;
      let b: number;
      if (reorthogonalize) {
        // Classical Gram–Schmidt against the whole basis, twice ("twice is enough"): the first
        // pass also yields α_j as the coefficient of q_j; the second removes what rounding left.
        const c1 = await backend.dots(basis, w);
        backend.subtractCombination(basis, c1, w);
        // The second pass's coefficients and ‖w‖² in one read-back.
        const c2ww = await backend.dots([...basis, w], w);
        const c2 = c2ww.subarray(0, basis.length);
        const ww = c2ww[basis.length]!;
        backend.subtractCombination(basis, c2, w);
        a = c1[j]! + c2[j]!;
        // ‖w‖² after the second pass, without another read-back: c2 is at rounding level, so
        // the subtraction loses nothing unless w itself is at rounding level (a breakdown).
        let sq = 0;
        for (let i = 0; i < c2.length; i++) sq += c2[i]! * c2[i]!;
        b = Math.sqrt(Math.max(0, ww - sq));
        roundingLevel = Math.max(roundingLevel, Math.sqrt(sq));
      } else {
        a = await backend.dot(current, w);
        backend.axpy(-a, current, w);
        b = Math.sqrt(await backend.dot(w, w));
      }
      if (!Number.isFinite(a) || !Number.isFinite(b)) {
        throw new Error(`lanczos: non-finite coefficients at step ${j} (α=${a}, β=${b})`);
      }
      alpha.push(a);
      normEstimate = Math.max(normEstimate, Math.sqrt(a * a + betaPrev * betaPrev + b * b));
      onProgress?.(j + 1, maxSteps);
      finalBeta = b;
      if (b <= tolerance * normEstimate) {
        breakdown = true;
        break;
      }
      if (j + 1 === maxSteps) break;
      beta.push(b);
      // next = w / β as 0 − (−1/β)·w: one pass instead of a copy and a scale (new vectors are zero;
      // w, not the basis, is read, since next shares the basis's buffer).
      const next = newBasisVector();
      backend.subtractCombination([w], [-1 / b], next);
      if (keepBasis) basis.push(next);
      else if (previous !== undefined) backend.free(previous);
      previous = current;
      current = next;
    }

    const m = alpha.length;
    const eig = symmetricTridiagonalEigen(alpha, beta);
    const ritzResiduals = new Float64Array(m);
    const ritzWeights = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      ritzResiduals[i] = Math.abs(finalBeta * eig.vectors[(m - 1) * m + i]!);
      ritzWeights[i] = eig.vectors[i]! * eig.vectors[i]!;
    }
    const result: LanczosResult<V> = {
      alpha: Float64Array.from(alpha),
      beta: Float64Array.from(beta),
      finalBeta,
      ritzValues: eig.values,
      ritzResiduals,
      ritzWeights,
      steps: m,
      startNorm,
      breakdown,
      roundingLevel,
    };
    if (ritzCount > 0) {
      const k = Math.min(ritzCount, m);
      const largest = (options.ritzVectorOrder ?? LANCZOS_DEFAULTS.ritzVectorOrder) === 'largest';
      const ritz: RitzVectors<V> = { values: [], residualBounds: [], vectors: [] };
      for (let r = 0; r < k; r++) {
        const i = largest ? m - 1 - r : r;
        // y = Q s_i in one pass: subtracting −s_i from a zero vector.
        const negated = new Float64Array(m);
        for (let l = 0; l < m; l++) negated[l] = -eig.vectors[l * m + i]!;
        const y = backend.create();
        backend.subtractCombination(basis, negated, y);
        ritz.values.push(eig.values[i]!);
        ritz.residualBounds.push(Math.max(ritzResiduals[i]!, roundingLevel));
        ritz.vectors.push(y);
      }
      result.ritzVectors = ritz;
    }
    return result;
  } finally {
    backend.free(w);
    if (block) for (const q of block.slice(blockUsed)) backend.free(q);
    if (keepBasis) for (const q of basis) backend.free(q);
    else {
      if (previous !== undefined) backend.free(previous);
      if (current !== undefined) backend.free(current);
    }
  }
}

type RitzSummary = Pick<LanczosResult<unknown>, 'ritzValues' | 'ritzResiduals'> & { roundingLevel?: number };

function estimates(result: RitzSummary, indices: number[]): RitzEstimates {
  // Floored at the rounding level so that an f32 run does not report ±1e-18 on a value that is
  // only good to ~1e-7·‖A‖ (see LanczosResult.roundingLevel).
  const floor = result.roundingLevel ?? 0;
  return {
    values: indices.map((i) => result.ritzValues[i]!),
    residualBounds: indices.map((i) => Math.max(result.ritzResiduals[i]!, floor)),
  };
}

/** The k largest Ritz values, largest first, with their residual bounds. */
export function topK(result: RitzSummary, k: number): RitzEstimates {
  const m = result.ritzValues.length;
  return estimates(result, Array.from({ length: Math.max(0, Math.min(k, m)) }, (_, r) => m - 1 - r));
}

/** The k smallest Ritz values, smallest first, with their residual bounds. */
export function bottomK(result: RitzSummary, k: number): RitzEstimates {
  const m = result.ritzValues.length;
  return estimates(result, Array.from({ length: Math.max(0, Math.min(k, m)) }, (_, r) => r));
}
