/**
 * Small helpers shared by the float64 tests: random tiny problems, finite differences and a
 * Jacobi eigen-solver. Kept outside the *.test.ts files so several suites can use them; not for app code.
 */
import type { Dataset } from '../data/dataset.ts';
import { parameterCount, type Activation, type LossName, type MlpArchitecture } from '../models/mlp.ts';
import { evaluate, gradient, type MlpProblem } from './mlp.ts';
import { CounterRng } from './rng.ts';

/** A random dataset whose labels fit the loss: class indices, 0/1 or Gaussian targets. */
export function randomDataset(inputDim: number, outputs: number, loss: LossName, n: number, seed: number): Dataset {
  const rng = new CounterRng(seed, 901);
  const x = new Float32Array(n * inputDim);
  for (let i = 0; i < x.length; i++) x[i] = rng.gaussian();
  const targetDim = loss === 'mse' ? outputs : 1;
  const y = new Float32Array(n * targetDim);
  for (let i = 0; i < n; i++) {
    if (loss === 'cross-entropy') y[i] = rng.int(outputs);
    else if (loss === 'logistic') y[i] = rng.int(2);
    else for (let o = 0; o < targetDim; o++) y[i * targetDim + o] = rng.gaussian();
  }
  const classes = loss === 'cross-entropy' ? outputs : loss === 'logistic' ? 2 : undefined;
  return { name: 'random', n, inputDim, targetDim, x, y, ...(classes === undefined ? {} : { classes }) };
}

export function randomVector(size: number, seed: number, stream: number, scale = 1): Float64Array {
  const rng = new CounterRng(seed, stream);
  const v = new Float64Array(size);
  for (let i = 0; i < size; i++) v[i] = scale * rng.gaussian();
  return v;
}

export function randomProblem(
  layers: number[],
  activation: Activation,
  loss: LossName,
  n: number,
  seed: number,
): { problem: MlpProblem; theta: Float64Array } {
  const arch: MlpArchitecture = { layers, activation };
  const data = randomDataset(layers[0]!, layers[layers.length - 1]!, loss, n, seed);
  // Nonzero biases and O(1) weights so that every activation works away from its linear regime.
  const theta = randomVector(parameterCount(layers), seed, 902, 0.7);
  return { problem: { arch, loss, data }, theta };
}

export function axpy(alpha: number, x: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  const r = new Float64Array(y.length);
  for (let i = 0; i < r.length; i++) r[i] = y[i]! + alpha * x[i]!;
  return r;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

/** ‖a − b‖ / ‖b‖ (or ‖a − b‖ when b = 0). */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += (a[i]! - b[i]!) ** 2;
  const nb = norm(b);
  return nb > 0 ? Math.sqrt(d) / nb : Math.sqrt(d);
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/** Central differences of the mean loss along each coordinate. */
export function finiteDifferenceGradient(problem: MlpProblem, theta: Float64Array, h: number, indices?: number[]): Float64Array {
  const g = new Float64Array(theta.length);
  const t = Float64Array.from(theta);
  for (let i = 0; i < theta.length; i++) {
    t[i] = theta[i]! + h;
    const up = evaluate(problem, t, indices).loss;
    t[i] = theta[i]! - h;
    const down = evaluate(problem, t, indices).loss;
    t[i] = theta[i]!;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

/** (∇L(θ + h v) − ∇L(θ − h v)) / 2h. */
export function finiteDifferenceHvp(problem: MlpProblem, theta: Float64Array, v: Float64Array, h: number, indices?: number[]): Float64Array {
  const up = gradient(problem, axpy(h, v, theta), indices).grad;
  const down = gradient(problem, axpy(-h, v, theta), indices).grad;
  const r = new Float64Array(theta.length);
  for (let i = 0; i < r.length; i++) r[i] = (up[i]! - down[i]!) / (2 * h);
  return r;
}

/** Eigenvalues of a symmetric n×n matrix (row-major) by cyclic Jacobi rotations, ascending. */
export function jacobiEigenvalues(matrix: ArrayLike<number>, n: number): Float64Array {
  const a = Float64Array.from(matrix);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-30 * (1 + maxAbs(a) ** 2)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  const eig = new Float64Array(n);
  for (let i = 0; i < n; i++) eig[i] = a[i * n + i]!;
  return eig.sort();
}
