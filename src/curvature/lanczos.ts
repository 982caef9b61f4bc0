/**
 * Lanczos on a symmetric operator. Vectors live on the operator's backend (f32 on the GPU); the
 * recurrence coefficients α, β and the tridiagonal eigen-solve stay float64 on the CPU.
 */
import { symmetricTridiagonalEigen } from '../math/eigen.ts';
import { normAfterSecondPass, type GramSchmidtCoefficients } from '../math/gram-schmidt.ts';
import { dot } from '../math/vector.ts';
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
  /**
   * How many reorthogonalized steps may be queued ahead of the one whose α, β are being read back;
   * default: the backend's `lookahead` (the GPU's overlaps the read-back with later products; on
   * the CPU there is nothing to overlap). Steps queued past a breakdown are wasted products.
   */
  lookahead?: number;
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
  // Reorthogonalized steps queued and not yet read back (see lookahead).
  const inFlight: Promise<GramSchmidtCoefficients>[] = [];
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
    /** Takes step j's α and β (j = alpha.length); true when Lanczos stops after it. */
    const record = (a: number, b: number): boolean => {
      const j = alpha.length;
      if (!Number.isFinite(a) || !Number.isFinite(b)) {
        throw new Error(`lanczos: non-finite coefficients at step ${j} (α=${a}, β=${b})`);
      }
      const betaPrev = j > 0 ? beta[j - 1]! : 0;
      alpha.push(a);
      normEstimate = Math.max(normEstimate, Math.sqrt(a * a + betaPrev * betaPrev + b * b));
      onProgress?.(j + 1, maxSteps);
      finalBeta = b;
      if (b <= tolerance * normEstimate) {
        breakdown = true;
        return true;
      }
      if (j + 1 === maxSteps) return true;
      beta.push(b);
      return false;
    };

    if (reorthogonalize) {
      // Each step is queued whole — product, Gram–Schmidt twice, normalization — and its α, β are
      // read back while later steps run, up to `lookahead` steps behind. Steps queued past a
      // breakdown or the end are discarded with their basis vectors. The Gram–Schmidt against the
      // whole basis removes the q_{j−1} component too, so there is no three-term step.
      const lookahead = options.lookahead ?? backend.lookahead ?? 0;
      let queued = 0;
      let stopped = false;
      while (!stopped) {
        if (queued < maxSteps) {
          throwIfAborted(signal);
          await operator.apply(current, w);
          const next = queued + 1 < maxSteps ? newBasisVector() : undefined;
          const step = backend.gramSchmidtTwice(basis.slice(), w, next);
          // Awaited in order below; this keeps a failure of a step still queued from being unhandled.
          step.catch(() => undefined);
          inFlight.push(step);
          queued++;
          if (next !== undefined) {
            basis.push(next);
            current = next;
          }
          if (inFlight.length <= lookahead && queued < maxSteps) continue;
        }
        const { first, second, ww } = await inFlight.shift()!;
        const j = alpha.length;
        // The first pass yields α_j as the coefficient of q_j; the second removes what rounding left.
        roundingLevel = Math.max(roundingLevel, Math.sqrt(dot(second, second)));
        stopped = record(first[j]! + second[j]!, normAfterSecondPass(ww, second));
      }
    } else {
      for (let j = 0; j < maxSteps; j++) {
        throwIfAborted(signal);
        await operator.apply(current, w);
        if (previous !== undefined) backend.axpy(-beta[j - 1]!, previous, w);
        const a = await backend.dot(current, w);
        backend.axpy(-a, current, w);
        const b = Math.sqrt(await backend.dot(w, w));
        if (record(a, b)) break;
        // next = w / β as 0 − (−1/β)·w: one pass instead of a copy and a scale (new vectors are zero).
        const next = newBasisVector();
        backend.subtractCombination([w], [-1 / b], next);
        if (keepBasis) basis.push(next);
        else if (previous !== undefined) backend.free(previous);
        previous = current;
        current = next;
      }
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
        backend.subtractCombination(basis.slice(0, m), negated, y);
        ritz.values.push(eig.values[i]!);
        ritz.residualBounds.push(Math.max(ritzResiduals[i]!, roundingLevel));
        ritz.vectors.push(y);
      }
      result.ritzVectors = ritz;
    }
    return result;
  } finally {
    // Queued work still reads and writes these vectors; on a lost device the reads fail, which is fine here.
    await Promise.allSettled(inFlight);
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
