/**
 * The algorithms in src/curvature run on any symmetric linear operator over any vector storage:
 * GPU buffers of f32 (src/engine) or Float64Arrays (src/math). Scalars always come back as
 * float64 numbers on the CPU, where Lanczos keeps α, β and the tridiagonal solve.
 */
import type { GramSchmidtCoefficients } from '../math/gram-schmidt.ts';
import type { RandomKind } from '../math/rng.ts';

export interface VectorBackend<V> {
  /** Length of every vector of this backend. */
  readonly size: number;
  /** A short label for reports: "float64 CPU", "WebGPU f32 (swiftshader)". */
  readonly label: string;
  /**
   * Optional: how many Lanczos steps to queue ahead of reading back their coefficients, for
   * backends whose work runs asynchronously (GPU); 0 or absent: one step at a time.
   */
  readonly lookahead?: number;
  /** A new zero vector. */
  create(): V;
  /**
   * Optional: `count` new zero vectors that may share storage, so that dots and subtractCombination
   * over them run as one pass (Lanczos keeps its basis this way). Each is freed with free(). Two of
   * them must never be one call's input and output at once.
   */
  createMany?(count: number): V[];
  free(v: V): void;
  write(v: V, data: ArrayLike<number>): void;
  read(v: V): Promise<Float64Array>;
  copy(src: V, dst: V): void;
  /** Values 0..size-1 of the counter-based stream (seed, stream); see src/math/rng.ts. */
  fill(v: V, kind: RandomKind, seed: number, stream: number): void;
  /** y ← y + alpha·x */
  axpy(alpha: number, x: V, y: V): void;
  /** x ← alpha·x */
  scale(alpha: number, x: V): void;
  dot(a: V, b: V): Promise<number>;
  /** Dot products restricted to consecutive segments [offsets[i], offsets[i+1]). */
  dotSegments(a: V, b: V, offsets: readonly number[]): Promise<Float64Array>;
  /** [q_0·w, q_1·w, ...]; backends may batch these into one pass. */
  dots(qs: readonly V[], w: V): Promise<Float64Array>;
  /** w ← w − Σ c_i q_i */
  subtractCombination(qs: readonly V[], c: ArrayLike<number>, w: V): void;
  /**
   * Lanczos's reorthogonalization: w ← w − Q(Qᵀw) twice (classical Gram–Schmidt, "twice is
   * enough"), then, when `next` (a zero vector, not among qs) is given, next ← w / ‖w‖ with the
   * norm of src/math/gram-schmidt.ts normAfterSecondPass. Every update of w and next is made, or
   * queued in order before any later call's work, by the time it returns; only the coefficients
   * arrive later. That lets Lanczos start the next product before they are read back.
   */
  gramSchmidtTwice(qs: readonly V[], w: V, next: V | undefined): Promise<GramSchmidtCoefficients>;
}

export interface LinearOperator<V> {
  readonly backend: VectorBackend<V>;
  /** y ← A x. x and y are distinct vectors of the backend. */
  apply(x: V, y: V): Promise<void>;
}
