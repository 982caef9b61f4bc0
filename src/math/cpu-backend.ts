/**
 * The float64 CPU twin of the GPU vector backend, dense matrix operators on it, and generators of
 * test matrices with known spectra. The curvature algorithms are checked here against exact
 * decompositions before they run on f32 GPU buffers.
 */
import type { LinearOperator, VectorBackend } from '../curvature/operator.ts';
import { gramSchmidtTwiceNow, type GramSchmidtCoefficients } from './gram-schmidt.ts';
import { CounterRng, randomAt, streamKey, type RandomKind } from './rng.ts';

export class Float64Backend implements VectorBackend<Float64Array> {
  readonly label = 'float64 CPU';
  /**
   * Vectors created and not yet freed. Tracking them lets tests catch leaks, double frees and
   * use-after-free, which on the GPU would be leaked or destroyed buffers.
   */
  private readonly live = new Set<Float64Array>();

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 0) throw new Error(`Float64Backend: bad size ${size}`);
  }

  /** Number of vectors created and not freed. */
  get liveVectors(): number {
    return this.live.size;
  }

  private own(v: Float64Array): Float64Array {
    if (!this.live.has(v)) {
      throw new Error('Float64Backend: vector is not live (freed, or created by another backend)');
    }
    return v;
  }

  create(): Float64Array {
    const v = new Float64Array(this.size);
    this.live.add(v);
    return v;
  }

  free(v: Float64Array): void {
    this.own(v);
    this.live.delete(v);
  }

  write(v: Float64Array, data: ArrayLike<number>): void {
    this.own(v);
    if (data.length !== this.size) {
      throw new Error(`Float64Backend.write: ${data.length} values for a vector of ${this.size}`);
    }
    for (let i = 0; i < this.size; i++) v[i] = data[i]!;
  }

  read(v: Float64Array): Promise<Float64Array> {
    return Promise.resolve(this.own(v).slice());
  }

  copy(src: Float64Array, dst: Float64Array): void {
    this.own(dst).set(this.own(src));
  }

  fill(v: Float64Array, kind: RandomKind, seed: number, stream: number): void {
    this.own(v);
    const key = streamKey(seed, stream);
    for (let i = 0; i < this.size; i++) v[i] = randomAt(kind, key, i);
  }

  axpy(alpha: number, x: Float64Array, y: Float64Array): void {
    this.own(x);
    this.own(y);
    for (let i = 0; i < this.size; i++) y[i] = y[i]! + alpha * x[i]!;
  }

  scale(alpha: number, x: Float64Array): void {
    this.own(x);
    for (let i = 0; i < this.size; i++) x[i] = alpha * x[i]!;
  }

  dot(a: Float64Array, b: Float64Array): Promise<number> {
    return Promise.resolve(dotRange(this.own(a), this.own(b), 0, this.size));
  }

  dotSegments(a: Float64Array, b: Float64Array, offsets: readonly number[]): Promise<Float64Array> {
    this.own(a);
    this.own(b);
    const out = new Float64Array(Math.max(0, offsets.length - 1));
    for (let s = 0; s + 1 < offsets.length; s++) {
      const lo = offsets[s]!;
      const hi = offsets[s + 1]!;
      if (!(0 <= lo && lo <= hi && hi <= this.size)) {
        throw new Error(`Float64Backend.dotSegments: bad segment [${lo}, ${hi}) of ${this.size}`);
      }
      out[s] = dotRange(a, b, lo, hi);
    }
    return Promise.resolve(out);
  }

  dots(qs: readonly Float64Array[], w: Float64Array): Promise<Float64Array> {
    return Promise.resolve(this.dotsNow(qs, w));
  }

  dotsNow(qs: readonly Float64Array[], w: Float64Array): Float64Array {
    this.own(w);
    const out = new Float64Array(qs.length);
    for (let k = 0; k < qs.length; k++) out[k] = dotRange(this.own(qs[k]!), w, 0, this.size);
    return out;
  }

  gramSchmidtTwice(qs: readonly Float64Array[], w: Float64Array, next: Float64Array | undefined): Promise<GramSchmidtCoefficients> {
    return Promise.resolve(gramSchmidtTwiceNow(this, qs, w, next));
  }

  subtractCombination(qs: readonly Float64Array[], c: ArrayLike<number>, w: Float64Array): void {
    this.own(w);
    if (c.length !== qs.length) {
      throw new Error(`subtractCombination: ${c.length} coefficients for ${qs.length} vectors`);
    }
    for (let k = 0; k < qs.length; k++) {
      const q = this.own(qs[k]!);
      const ck = c[k]!;
      if (ck === 0) continue;
      for (let i = 0; i < this.size; i++) w[i] = w[i]! - ck * q[i]!;
    }
  }
}

function dotRange(a: Float64Array, b: Float64Array, lo: number, hi: number): number {
  let s = 0;
  for (let i = lo; i < hi; i++) s += a[i]! * b[i]!;
  return s;
}

export interface DenseMatrixOperator extends LinearOperator<Float64Array> {
  readonly matrix: Float64Array;
  readonly n: number;
  /** How many times apply was called: the cost unit when comparing estimators. */
  readonly applications: number;
}

/** y ← A x for a dense n×n row-major matrix. */
export function denseMatrixOperator(
  A: Float64Array,
  n: number,
  backend: VectorBackend<Float64Array> = new Float64Backend(n),
): DenseMatrixOperator {
  if (A.length !== n * n) throw new Error(`denseMatrixOperator: ${A.length} entries for ${n}×${n}`);
  if (backend.size !== n) throw new Error(`denseMatrixOperator: backend size ${backend.size} ≠ ${n}`);
  let applications = 0;
  return {
    backend,
    matrix: A,
    n,
    get applications() {
      return applications;
    },
    async apply(x: Float64Array, y: Float64Array): Promise<void> {
      if (x === y) throw new Error('denseMatrixOperator.apply: x and y must be distinct');
      applications++;
      for (let i = 0; i < n; i++) y[i] = dotRange(A.subarray(i * n, i * n + n), x, 0, n);
    },
  };
}

/** diag(d) as a dense row-major matrix. */
export function diagonalMatrix(d: ArrayLike<number>): Float64Array {
  const n = d.length;
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) A[i * n + i] = d[i]!;
  return A;
}

/**
 * A Haar-distributed random orthogonal n×n matrix (row-major): Gram–Schmidt, run twice per row
 * for orthogonality to working precision, on the rows of a seeded Gaussian matrix.
 */
export function randomOrthogonal(n: number, seed: number): Float64Array {
  const rng = new CounterRng(seed, 0x0e16);
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) Q[i] = rng.gaussian();
  for (let i = 0; i < n; i++) {
    const qi = Q.subarray(i * n, i * n + n);
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < i; k++) {
        const qk = Q.subarray(k * n, k * n + n);
        const c = dotRange(qk, qi, 0, n);
        for (let j = 0; j < n; j++) qi[j] = qi[j]! - c * qk[j]!;
      }
    }
    const norm = Math.sqrt(dotRange(qi, qi, 0, n));
    for (let j = 0; j < n; j++) qi[j] = qi[j]! / norm;
  }
  return Q;
}

/** Qᵀ diag(eigs) Q with Q = randomOrthogonal(n, seed): a dense symmetric matrix of known spectrum. */
export function matrixWithSpectrum(eigs: ArrayLike<number>, seed: number): Float64Array {
  const n = eigs.length;
  const Q = randomOrthogonal(n, seed);
  const A = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const lam = eigs[k]!;
    if (lam === 0) continue;
    const qk = Q.subarray(k * n, k * n + n);
    for (let i = 0; i < n; i++) {
      const c = lam * qk[i]!;
      const row = i * n;
      for (let j = 0; j < n; j++) A[row + j] = A[row + j]! + c * qk[j]!;
    }
  }
  return symmetrize(A, n);
}

/** X Xᵀ / m for X an n×m standard Gaussian matrix: PSD, rank min(n, m), spectrum ≈ Marchenko–Pastur. */
export function wishart(n: number, m: number, seed: number): Float64Array {
  const rng = new CounterRng(seed, 0x3a1b);
  const X = new Float64Array(n * m);
  for (let i = 0; i < n * m; i++) X[i] = rng.gaussian();
  const W = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const xi = X.subarray(i * m, i * m + m);
    for (let j = i; j < n; j++) {
      const v = dotRange(xi, X.subarray(j * m, j * m + m), 0, m) / m;
      W[i * n + j] = v;
      W[j * n + i] = v;
    }
  }
  return W;
}

/** (A + Aᵀ)/2 in place; rounding in products like Qᵀ D Q leaves A asymmetric in the last bits. */
export function symmetrize(A: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (A[i * n + j]! + A[j * n + i]!);
      A[i * n + j] = v;
      A[j * n + i] = v;
    }
  }
  return A;
}
