/**
 * Matrices with known spectra and checks shared by the curvature tests (imported by tests only).
 */
import {
  denseMatrixOperator,
  diagonalMatrix,
  Float64Backend,
  matrixWithSpectrum,
  wishart,
  type DenseMatrixOperator,
} from '../math/cpu-backend.ts';
import { symmetricEigenvalues } from '../math/eigen.ts';
import { fillRandom, type RandomKind } from '../math/rng.ts';
import { gramSchmidtTwiceNow, type GramSchmidtCoefficients } from '../math/gram-schmidt.ts';
import type { LinearOperator, VectorBackend } from './operator.ts';

export interface TestMatrix {
  name: string;
  n: number;
  A: Float64Array;
  /** Exact eigenvalues, ascending (from symmetricEigenvalues, checked against the construction). */
  eigenvalues: Float64Array;
}

function make(name: string, n: number, A: Float64Array): TestMatrix {
  return { name, n, A, eigenvalues: symmetricEigenvalues(A, n) };
}

/** Outliers on both sides of a bulk in [−2, 3]: the shape of a Hessian away from a minimum. */
export function outlierSpectrum(n: number): number[] {
  const outliers = [50, 40, -35, 30, -28, 24, -21, 18];
  const bulk = Array.from({ length: n - outliers.length }, (_, i) => -2 + (5 * i) / (n - outliers.length - 1));
  return [...outliers, ...bulk];
}

export function diagonalCase(n = 200): TestMatrix {
  return make('diagonal', n, diagonalMatrix(outlierSpectrum(n)));
}

export function rotatedCase(n = 150, seed = 11): TestMatrix {
  return make('Q diag Qᵀ', n, matrixWithSpectrum(outlierSpectrum(n), seed));
}

export function wishartCase(n = 150, m = 300, seed = 5): TestMatrix {
  return make('Wishart', n, wishart(n, m, seed));
}

export function operatorOf(t: TestMatrix): { op: DenseMatrixOperator; backend: Float64Backend } {
  const backend = new Float64Backend(t.n);
  return { op: denseMatrixOperator(t.A, t.n, backend), backend };
}

export function traceOf(A: Float64Array, n: number, lo = 0, hi = n): number {
  let s = 0;
  for (let i = lo; i < hi; i++) s += A[i * n + i]!;
  return s;
}

export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}

/** ‖A y − θ y‖₂ in float64. */
export function residualNorm(A: Float64Array, n: number, y: Float64Array, theta: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let ay = 0;
    for (let k = 0; k < n; k++) ay += A[i * n + k]! * y[k]!;
    const r = ay - theta * y[i]!;
    s += r * r;
  }
  return Math.sqrt(s);
}

export function distanceToSpectrum(eigenvalues: ArrayLike<number>, theta: number): number {
  let best = Infinity;
  for (let i = 0; i < eigenvalues.length; i++) best = Math.min(best, Math.abs(eigenvalues[i]! - theta));
  return best;
}

/** The k eigenvalues of largest magnitude, sorted by value descending (what power iteration finds). */
export function topByMagnitude(eigenvalues: ArrayLike<number>, k: number): number[] {
  return Array.from(eigenvalues)
    .sort((a, b) => Math.abs(b) - Math.abs(a))
    .slice(0, k)
    .sort((a, b) => b - a);
}

/**
 * A stand-in for the GPU backend: vectors stored as f32, every result rounded to f32, and dot
 * products accumulated sequentially in f32 (more rounding than a GPU tree reduction, so a
 * pessimistic stand-in). Lets the algorithms be checked at the precision they will really run at.
 */
export class Float32SimulationBackend implements VectorBackend<Float32Array> {
  readonly label = 'f32 simulation';
  private readonly live = new Set<Float32Array>();
  constructor(readonly size: number) {}
  get liveVectors(): number {
    return this.live.size;
  }
  create(): Float32Array {
    const v = new Float32Array(this.size);
    this.live.add(v);
    return v;
  }
  free(v: Float32Array): void {
    if (!this.live.delete(v)) throw new Error('f32 simulation: double free');
  }
  write(v: Float32Array, data: ArrayLike<number>): void {
    for (let i = 0; i < this.size; i++) v[i] = data[i]!;
  }
  read(v: Float32Array): Promise<Float64Array> {
    return Promise.resolve(Float64Array.from(v));
  }
  copy(src: Float32Array, dst: Float32Array): void {
    dst.set(src);
  }
  fill(v: Float32Array, kind: RandomKind, seed: number, stream: number): void {
    v.set(fillRandom(kind, seed, stream, this.size));
  }
  axpy(alpha: number, x: Float32Array, y: Float32Array): void {
    const a = Math.fround(alpha);
    for (let i = 0; i < this.size; i++) y[i] = y[i]! + a * x[i]!;
  }
  scale(alpha: number, x: Float32Array): void {
    const a = Math.fround(alpha);
    for (let i = 0; i < this.size; i++) x[i] = a * x[i]!;
  }
  private dotRange(a: Float32Array, b: Float32Array, lo: number, hi: number): number {
    let s = 0;
    for (let i = lo; i < hi; i++) s = Math.fround(s + Math.fround(a[i]! * b[i]!));
    return s;
  }
  dot(a: Float32Array, b: Float32Array): Promise<number> {
    return Promise.resolve(this.dotRange(a, b, 0, this.size));
  }
  dotSegments(a: Float32Array, b: Float32Array, offsets: readonly number[]): Promise<Float64Array> {
    return Promise.resolve(
      Float64Array.from({ length: offsets.length - 1 }, (_, s) => this.dotRange(a, b, offsets[s]!, offsets[s + 1]!)),
    );
  }
  dots(qs: readonly Float32Array[], w: Float32Array): Promise<Float64Array> {
    return Promise.resolve(this.dotsNow(qs, w));
  }
  dotsNow(qs: readonly Float32Array[], w: Float32Array): Float64Array {
    return Float64Array.from(qs, (q) => this.dotRange(q, w, 0, this.size));
  }
  gramSchmidtTwice(qs: readonly Float32Array[], w: Float32Array, next: Float32Array | undefined): Promise<GramSchmidtCoefficients> {
    return Promise.resolve(gramSchmidtTwiceNow(this, qs, w, next));
  }
  subtractCombination(qs: readonly Float32Array[], c: ArrayLike<number>, w: Float32Array): void {
    for (let i = 0; i < this.size; i++) {
      let s = 0;
      for (let k = 0; k < qs.length; k++) s = Math.fround(s + Math.fround(Math.fround(c[k]!) * qs[k]![i]!));
      w[i] = w[i]! - s;
    }
  }
}

/** y = fround(A x) with A rounded to f32: a dense operator on the f32 stand-in. */
export function float32Operator(A: Float64Array, n: number): LinearOperator<Float32Array> & {
  backend: Float32SimulationBackend;
} {
  const A32 = Float32Array.from(A);
  const backend = new Float32SimulationBackend(n);
  return {
    backend,
    async apply(x: Float32Array, y: Float32Array): Promise<void> {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < n; k++) s = Math.fround(s + Math.fround(A32[i * n + k]! * x[k]!));
        y[i] = s;
      }
    },
  };
}
