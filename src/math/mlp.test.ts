import { describe, expect, it } from 'vitest';
import type { Dataset } from '../data/dataset.ts';
import { ACTIVATIONS, LOSSES, parameterCount, type LossName } from '../models/mlp.ts';
import {
  denseHessian,
  denseOperatorMatrix,
  evaluate,
  fisherVectorProduct,
  gaussNewtonVectorProduct,
  gradient,
  hessianVectorProduct,
  perSampleGradients,
  predict,
  type MlpProblem,
} from './mlp.ts';
import {
  axpy,
  dot,
  finiteDifferenceGradient,
  finiteDifferenceHvp,
  jacobiEigenvalues,
  maxAbs,
  randomProblem,
  randomVector,
  relativeError,
} from './test-support.ts';

/** Two hidden layers, so that the σ'' and V terms between hidden layers are exercised. */
const LAYERS: Record<LossName, number[]> = {
  'cross-entropy': [3, 5, 4, 3],
  mse: [3, 5, 4, 2],
  logistic: [3, 5, 4, 1],
};
const N = 7;

// Central differences in float64 with h = 1e-5: truncation ~h² ≈ 1e-10, rounding ~1e-16/h ≈ 1e-11 (relative).
const H = 1e-5;
const GRAD_TOL = 1e-7;
const HVP_FD_TOL = 1e-6;
/** Products that are algebraically equal but summed in another order agree to rounding. */
const EXACT_TOL = 1e-12;

function sliceDataset(data: Dataset, indices: number[]): Dataset {
  const x = new Float32Array(indices.length * data.inputDim);
  const y = new Float32Array(indices.length * data.targetDim);
  indices.forEach((i, k) => {
    x.set(data.x.subarray(i * data.inputDim, (i + 1) * data.inputDim), k * data.inputDim);
    y.set(data.y.subarray(i * data.targetDim, (i + 1) * data.targetDim), k * data.targetDim);
  });
  return { ...data, n: indices.length, x, y };
}

function transposeError(m: Float64Array, P: number): number {
  let e = 0;
  for (let r = 0; r < P; r++) for (let c = 0; c < r; c++) e = Math.max(e, Math.abs(m[r * P + c]! - m[c * P + r]!));
  return e;
}

function matVec(m: Float64Array, v: Float64Array): Float64Array {
  const P = v.length;
  const r = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    let s = 0;
    for (let j = 0; j < P; j++) s += m[i * P + j]! * v[j]!;
    r[i] = s;
  }
  return r;
}

describe('float64 MLP: every activation × loss', () => {
  let seed = 10;
  for (const activation of ACTIVATIONS) {
    for (const loss of LOSSES) {
      const caseSeed = seed++;
      const { problem, theta } = randomProblem(LAYERS[loss], activation, loss, N, caseSeed);
      const P = theta.length;
      const v = randomVector(P, caseSeed, 903);

      describe(`${activation} / ${loss}`, () => {
        it(`gradient matches central differences of the loss (relative ≤ ${GRAD_TOL})`, () => {
          const { loss: value, grad } = gradient(problem, theta);
          expect(value).toBe(evaluate(problem, theta).loss);
          expect(relativeError(grad, finiteDifferenceGradient(problem, theta, H))).toBeLessThan(GRAD_TOL);
        });

        it(`HVP matches differences of the gradient (relative ≤ ${HVP_FD_TOL}) and of the loss (vᵀHv, ≤ 1e-5)`, () => {
          const hv = hessianVectorProduct(problem, theta, v);
          expect(relativeError(hv, finiteDifferenceHvp(problem, theta, v, H))).toBeLessThan(HVP_FD_TOL);
          // A check that does not go through the gradient code: second differences of the loss itself.
          // Their rounding error is ~1e-16·|L|/h², so the error is measured against max(|vᵀHv|, |L|).
          const h = 1e-4;
          const f = (t: number) => evaluate(problem, axpy(t, v, theta)).loss;
          const curvature = (f(h) - 2 * f(0) + f(-h)) / (h * h);
          expect(Math.abs(dot(v, hv) - curvature) / Math.max(Math.abs(f(0)), Math.abs(curvature))).toBeLessThan(1e-5);
        });

        it('dense Hessian: symmetric (≤ 1e-12 relative) and equal to the finite-difference Hessian (≤ 1e-6)', () => {
          const hessian = denseHessian(problem, theta);
          const scale = maxAbs(hessian);
          expect(scale).toBeGreaterThan(0);
          expect(transposeError(hessian, P) / scale).toBeLessThan(EXACT_TOL);
          const e = new Float64Array(P);
          let worst = 0;
          for (let c = 0; c < P; c++) {
            e[c] = 1;
            const column = finiteDifferenceHvp(problem, theta, e, H);
            e[c] = 0;
            for (let r = 0; r < P; r++) worst = Math.max(worst, Math.abs(hessian[r * P + c]! - column[r]!));
          }
          expect(worst / scale).toBeLessThan(HVP_FD_TOL);
          expect(relativeError(matVec(hessian, v), hessianVectorProduct(problem, theta, v))).toBeLessThan(EXACT_TOL);
        });

        it('GGN: symmetric PSD (λmin ≥ −1e-10·λmax) and equal to mean Jᵀ H_out J from a finite-difference Jacobian (≤ 1e-6)', () => {
          const ggn = denseOperatorMatrix('ggn', problem, theta);
          const scale = maxAbs(ggn);
          expect(transposeError(ggn, P) / scale).toBeLessThan(EXACT_TOL);
          const eig = jacobiEigenvalues(ggn, P);
          expect(eig[0]!).toBeGreaterThanOrEqual(-1e-10 * eig[P - 1]!);

          const expected = jacobianGgnProduct(problem, theta, v);
          expect(relativeError(gaussNewtonVectorProduct(problem, theta, v), expected)).toBeLessThan(HVP_FD_TOL);
        });

        it(`Fisher product equals (1/N) Σ g_i g_iᵀ v from per-sample gradients (≤ ${EXACT_TOL})`, () => {
          const grads = perSampleGradients(problem, theta);
          expect(grads).toHaveLength(N);
          const expected = new Float64Array(P);
          const mean = new Float64Array(P);
          for (const g of grads) {
            const gv = dot(g, v);
            for (let i = 0; i < P; i++) {
              expected[i] = expected[i]! + (gv * g[i]!) / N;
              mean[i] = mean[i]! + g[i]! / N;
            }
          }
          expect(relativeError(fisherVectorProduct(problem, theta, v), expected)).toBeLessThan(EXACT_TOL);
          expect(relativeError(mean, gradient(problem, theta).grad)).toBeLessThan(EXACT_TOL);
          // One per-sample gradient against differences of that sample's loss alone.
          expect(relativeError(grads[3]!, finiteDifferenceGradient(problem, theta, H, [3]))).toBeLessThan(GRAD_TOL);
        });

        it('a subset of indices gives exactly what a dataset of only those samples gives', () => {
          const indices = [4, 1, 1, 6];
          const sub: MlpProblem = { ...problem, data: sliceDataset(problem.data, indices) };
          const a = evaluate(problem, theta, indices);
          const b = evaluate(sub, theta);
          expect(a.loss).toBe(b.loss);
          expect(Number.isNaN(a.accuracy) ? NaN : a.accuracy).toEqual(b.accuracy);
          expect(a.logits).toEqual(b.logits);
          expect(gradient(problem, theta, indices).grad).toEqual(gradient(sub, theta).grad);
          expect(hessianVectorProduct(problem, theta, v, indices)).toEqual(hessianVectorProduct(sub, theta, v));
          expect(gaussNewtonVectorProduct(problem, theta, v, indices)).toEqual(gaussNewtonVectorProduct(sub, theta, v));
          expect(fisherVectorProduct(problem, theta, v, indices)).toEqual(fisherVectorProduct(sub, theta, v));
          // …and differs from the full batch, so the subset is really used.
          expect(relativeError(gradient(problem, theta).grad, gradient(sub, theta).grad)).toBeGreaterThan(1e-3);
        });
      });
    }
  }
});

/**
 * mean_i J_iᵀ H_out,i J_i v with J_i the Jacobian of the logits by central differences and H_out written out
 * as a matrix: an implementation independent of the R-operator.
 */
function jacobianGgnProduct(problem: MlpProblem, theta: Float64Array, v: Float64Array): Float64Array {
  const { arch, data, loss } = problem;
  const P = theta.length;
  const out = arch.layers[arch.layers.length - 1]!;
  const n = data.n;
  const jac = new Float64Array(n * out * P); // [sample, output, parameter]
  const t = Float64Array.from(theta);
  for (let p = 0; p < P; p++) {
    t[p] = theta[p]! + H;
    const up = predict(arch, t, data.x, n);
    t[p] = theta[p]! - H;
    const down = predict(arch, t, data.x, n);
    t[p] = theta[p]!;
    for (let k = 0; k < n * out; k++) jac[k * P + p] = (up[k]! - down[k]!) / (2 * H);
  }
  const logits = predict(arch, theta, data.x, n);
  const result = new Float64Array(P);
  for (let i = 0; i < n; i++) {
    const z = logits.subarray(i * out, (i + 1) * out);
    const hOut = new Float64Array(out * out);
    if (loss === 'mse') for (let o = 0; o < out; o++) hOut[o * out + o] = 1;
    else if (loss === 'logistic') {
      const s = 1 / (1 + Math.exp(-z[0]!));
      hOut[0] = s * (1 - s);
    } else {
      const m = Math.max(...z);
      const e = Array.from(z, (zi) => Math.exp(zi - m));
      const sum = e.reduce((a, b) => a + b, 0);
      const p = e.map((ei) => ei / sum);
      for (let a = 0; a < out; a++) for (let b = 0; b < out; b++) hOut[a * out + b] = (a === b ? p[a]! : 0) - p[a]! * p[b]!;
    }
    const ju = new Float64Array(out);
    for (let o = 0; o < out; o++) for (let p = 0; p < P; p++) ju[o] = ju[o]! + jac[(i * out + o) * P + p]! * v[p]!;
    const hju = new Float64Array(out);
    for (let a = 0; a < out; a++) for (let b = 0; b < out; b++) hju[a] = hju[a]! + hOut[a * out + b]! * ju[b]!;
    for (let p = 0; p < P; p++) {
      let s = 0;
      for (let o = 0; o < out; o++) s += jac[(i * out + o) * P + p]! * hju[o]!;
      result[p] = result[p]! + s / n;
    }
  }
  return result;
}

describe('float64 MLP: special cases', () => {
  for (const loss of LOSSES) {
    it(`a linear model (identity, no hidden layer) with ${loss}: GGN = Hessian (≤ ${EXACT_TOL})`, () => {
      const out = loss === 'logistic' ? 1 : 3;
      const { problem, theta } = randomProblem([4, out], 'identity', loss, 9, 77);
      const hessian = denseHessian(problem, theta);
      const ggn = denseOperatorMatrix('ggn', problem, theta);
      expect(relativeError(ggn, hessian)).toBeLessThan(EXACT_TOL);
    });
  }

  it('a nonlinear model: GGN ≠ Hessian (the σ\'\' and V terms matter)', () => {
    const { problem, theta } = randomProblem([3, 5, 2], 'tanh', 'mse', 7, 5);
    const v = randomVector(theta.length, 5, 1);
    const diff = relativeError(gaussNewtonVectorProduct(problem, theta, v), hessianVectorProduct(problem, theta, v));
    expect(diff).toBeGreaterThan(1e-3);
  });

  it('loss and accuracy by hand (1e-14)', () => {
    const data: Dataset = {
      name: 'hand',
      n: 2,
      inputDim: 2,
      targetDim: 1,
      classes: 2,
      x: Float32Array.from([1, 0, 0, 1]),
      y: Float32Array.from([0, 0]),
    };
    const problem: MlpProblem = { arch: { layers: [2, 2], activation: 'identity' }, loss: 'cross-entropy', data };
    const theta = [1, 0, 0, 1, 0, 0]; // W = I, b = 0: logits = x
    const r = evaluate(problem, theta);
    const expected = (Math.log(Math.E + 1) - 1 + Math.log(1 + Math.E)) / 2;
    expect(Math.abs(r.loss - expected)).toBeLessThan(1e-14);
    expect(r.accuracy).toBe(0.5);
    expect(Array.from(r.logits)).toEqual([1, 0, 0, 1]);
    const g = gradient(problem, theta).grad;
    // ∂L/∂b = mean(p − e_y); p = softmax(x).
    const p1 = Math.E / (Math.E + 1);
    expect(Math.abs(g[4]! - (p1 - 1 + (1 - p1) - 1) / 2)).toBeLessThan(1e-14);
  });

  it('huge logits: cross-entropy and logistic stay finite and exact', () => {
    const mk = (loss: LossName, out: number, y: number[]): MlpProblem => ({
      arch: { layers: [1, out], activation: 'identity' },
      loss,
      data: { name: 'big', n: y.length, inputDim: 1, targetDim: 1, x: Float32Array.from(y.map(() => 1)), y: Float32Array.from(y) },
    });
    // Logits (1000, 0): the loss of label 1 is 1000, of label 0 is log(1 + e^-1000) = 0 in float64.
    const ce = evaluate(mk('cross-entropy', 2, [1]), [1000, 0, 0, 0]);
    expect(ce.loss).toBe(1000);
    expect(evaluate(mk('cross-entropy', 2, [0]), [1000, 0, 0, 0]).loss).toBe(0);
    expect(evaluate(mk('logistic', 1, [0]), [1000, 0]).loss).toBe(1000);
    expect(evaluate(mk('logistic', 1, [1]), [-1000, 0]).loss).toBe(1000);
    expect(evaluate(mk('logistic', 1, [1]), [1000, 0]).loss).toBe(0);
    expect(Math.abs(evaluate(mk('logistic', 1, [1]), [0, 0]).loss - Math.LN2)).toBeLessThan(1e-15);
    const g = gradient(mk('logistic', 1, [0]), [1000, 0]).grad;
    expect(Array.from(g)).toEqual([1, 1]);
  });

  it('mse accuracy is NaN and logistic accuracy counts z > 0 as class 1', () => {
    const { problem, theta } = randomProblem([3, 2], 'identity', 'mse', 5, 3);
    expect(Number.isNaN(evaluate(problem, theta).accuracy)).toBe(true);
    const logistic = randomProblem([3, 4, 1], 'tanh', 'logistic', 50, 4);
    const r = evaluate(logistic.problem, logistic.theta);
    let correct = 0;
    for (let i = 0; i < 50; i++) correct += (r.logits[i]! > 0 ? 1 : 0) === logistic.problem.data.y[i] ? 1 : 0;
    expect(r.accuracy).toBe(correct / 50);
  });

  it('clear errors for bad inputs', () => {
    const { problem, theta } = randomProblem([3, 4, 2], 'tanh', 'cross-entropy', 5, 1);
    expect(() => gradient(problem, theta.subarray(1))).toThrow(/theta: expected 26 parameters/);
    expect(() => gradient(problem, theta, [0, 5])).toThrow(/indices\[1\] = 5/);
    expect(() => gradient(problem, theta, [])).toThrow(/indices: empty/);
    expect(() => hessianVectorProduct(problem, theta, new Float64Array(3))).toThrow(/v: expected a direction of length 26/);
    const badLabel: MlpProblem = { ...problem, data: { ...problem.data, y: Float32Array.from([0, 1, 2, 0, 1]) } };
    expect(() => evaluate(badLabel, theta)).toThrow(/label 2 of sample 2/);
    expect(() => evaluate({ ...problem, loss: 'logistic' }, theta)).toThrow(/output width must be 1/);
    expect(() => evaluate({ ...problem, arch: { layers: [4, 2], activation: 'tanh' } }, new Float64Array(10))).toThrow(/inputDim/);
  });

  it('dense matrices refuse more than 4000 parameters', () => {
    const { problem } = randomProblem([100, 40, 2], 'tanh', 'cross-entropy', 2, 1);
    const P = parameterCount([100, 40, 2]);
    expect(P).toBeGreaterThan(4000);
    expect(() => denseHessian(problem, new Float64Array(P))).toThrow(/4122 parameters, more than 4000/);
  });
});
