/**
 * The reorthogonalization step of Lanczos, twice-applied classical Gram–Schmidt, in the form the
 * GPU runs it without a read-back (shaders/linalg/inverse_norm_after_pass.wgsl and the backends'
 * gramSchmidtTwice): this is its float64 reference and the CPU backends' implementation.
 */
import { dot } from './vector.ts';

/** The coefficients of one gramSchmidtTwice. */
export interface GramSchmidtCoefficients {
  /** Qᵀw before the first pass. */
  readonly first: Float64Array;
  /** Qᵀw after the first pass: rounding level. */
  readonly second: Float64Array;
  /** ‖w‖² after the first pass. */
  readonly ww: number;
}

/**
 * ‖w‖ after the second pass, from ‖w‖² before it and the pass's coefficients c: ww − Σ c_i², with
 * no further product. c is at rounding level, so the subtraction loses nothing unless w itself is
 * (a breakdown, where the result is ~0 and is reported as such).
 */
export function normAfterSecondPass(ww: number, second: ArrayLike<number>): number {
  return Math.sqrt(Math.max(0, ww - dot(second, second)));
}

/** What gramSchmidtTwiceNow needs of a backend: dot products computed when they are asked for. */
export interface EagerVectorOps<V> {
  dotsNow(qs: readonly V[], w: V): Float64Array;
  subtractCombination(qs: readonly V[], c: ArrayLike<number>, w: V): void;
}

/**
 * w ← (I − QQᵀ)(I − QQᵀ) w and, when `next` (a zero vector) is given, next ← w / ‖w‖ — all done
 * before it returns, as VectorBackend.gramSchmidtTwice requires.
 */
export function gramSchmidtTwiceNow<V>(ops: EagerVectorOps<V>, qs: readonly V[], w: V, next: V | undefined): GramSchmidtCoefficients {
  const first = ops.dotsNow(qs, w);
  ops.subtractCombination(qs, first, w);
  const both = ops.dotsNow([...qs, w], w);
  const second = both.slice(0, qs.length);
  const ww = both[qs.length]!;
  ops.subtractCombination(qs, second, w);
  // next = 0 − (−1/‖w‖)·w: the same single combination the GPU runs.
  if (next !== undefined) ops.subtractCombination([w], [-1 / normAfterSecondPass(ww, second)], next);
  return { first, second, ww };
}
