/**
 * The float64 reference of every MLP quantity the GPU kernels compute: loss, gradient, Hessian-,
 * Gauss-Newton- and Fisher-vector products, per-sample gradients and dense curvature matrices.
 *
 * θ uses the flat layout of src/models/mlp.ts. Every loss is the mean over the samples used:
 * `indices` (default: all samples, in order). Samples are processed one at a time, so memory is
 * independent of the number of samples.
 */
import type { Dataset } from '../data/dataset.ts';
import { parameterCount, type LossName, type MlpArchitecture } from '../models/mlp.ts';
import { applyOutputHessian, sampleCorrect, sampleLoss } from './mlp-loss.ts';
import { MlpPasses } from './mlp-passes.ts';

export interface MlpProblem {
  arch: MlpArchitecture;
  loss: LossName;
  data: Dataset;
}

export interface Evaluation {
  loss: number;
  /** Fraction of correct predictions; NaN for regression (mse). */
  accuracy: number;
  /** [m, out] row-major, m = number of samples used. */
  logits: Float64Array;
}

export type CurvatureKind = 'hessian' | 'ggn' | 'fisher';

/** Dense matrices are P² numbers built from P products: beyond this size neither is reasonable. */
export const DENSE_MAX_PARAMETERS = 4000;

/** Throws when the problem, θ or the indices cannot be used together; returns the sample list. */
function prepare(problem: MlpProblem, theta: ArrayLike<number>, indices?: ArrayLike<number>): ArrayLike<number> {
  const { arch, loss, data } = problem;
  const layers = arch.layers;
  if (layers.length < 2) throw new Error('arch.layers: need at least an input and an output width');
  const P = parameterCount(layers);
  if (theta.length !== P) throw new Error(`theta: expected ${P} parameters for layers [${layers.join(', ')}], got ${theta.length}`);
  if (data.inputDim !== layers[0]) {
    throw new Error(`arch.layers[0] = ${layers[0]} must equal the dataset's inputDim ${data.inputDim}`);
  }
  const out = layers[layers.length - 1]!;
  if (loss === 'mse' && data.targetDim !== out) {
    throw new Error(`mse: the output width ${out} must equal the dataset's targetDim ${data.targetDim}`);
  }
  if (loss === 'logistic' && out !== 1) throw new Error(`logistic: the output width must be 1, got ${out}`);
  if (loss !== 'mse' && data.targetDim !== 1) {
    throw new Error(`${loss}: needs one label per sample (targetDim 1), the dataset has targetDim ${data.targetDim}`);
  }
  const samples = indices ?? rangeOf(data.n);
  if (samples.length === 0) throw new Error('indices: empty; the mean loss needs at least one sample');
  for (let k = 0; k < samples.length; k++) {
    const i = samples[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= data.n) {
      throw new Error(`indices[${k}] = ${i}: must be an integer sample index in [0, ${data.n})`);
    }
    const label = data.y[i * data.targetDim]!;
    if (loss === 'cross-entropy' && !(Number.isInteger(label) && label >= 0 && label < out)) {
      throw new Error(`cross-entropy: label ${label} of sample ${i} is not a class index in [0, ${out})`);
    }
    if (loss === 'logistic' && !(label >= 0 && label <= 1)) {
      throw new Error(`logistic: label ${label} of sample ${i} is not in [0, 1]`);
    }
  }
  return samples;
}

function rangeOf(n: number): Uint32Array {
  const r = new Uint32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

function checkDirection(problem: MlpProblem, v: ArrayLike<number>): void {
  const P = parameterCount(problem.arch.layers);
  if (v.length !== P) throw new Error(`v: expected a direction of length ${P}, got ${v.length}`);
}

/** Logits of the network for n inputs stored row-major in x; no dataset or loss needed. */
export function predict(arch: MlpArchitecture, theta: ArrayLike<number>, x: ArrayLike<number>, n: number): Float64Array {
  const P = parameterCount(arch.layers);
  if (theta.length !== P) throw new Error(`theta: expected ${P} parameters, got ${theta.length}`);
  const d = arch.layers[0]!;
  if (x.length < n * d) throw new Error(`x: expected ${n} rows of ${d} inputs, got ${x.length} numbers`);
  const passes = new MlpPasses(arch);
  const out = passes.outputWidth;
  const logits = new Float64Array(n * out);
  for (let s = 0; s < n; s++) {
    passes.forward(theta, x, s * d, false);
    logits.set(passes.outputs, s * out);
  }
  return logits;
}

export function evaluate(problem: MlpProblem, theta: ArrayLike<number>, indices?: ArrayLike<number>): Evaluation {
  const samples = prepare(problem, theta, indices);
  const { data, loss } = problem;
  const passes = new MlpPasses(problem.arch);
  const out = passes.outputWidth;
  const m = samples.length;
  const logits = new Float64Array(m * out);
  let total = 0;
  let correct = 0;
  for (let k = 0; k < m; k++) {
    const i = samples[k]!;
    passes.forward(theta, data.x, i * data.inputDim, false);
    total += sampleLoss(loss, passes.outputs, out, data.y, i * data.targetDim, null);
    correct += sampleCorrect(loss, passes.outputs, out, data.y, i * data.targetDim);
    logits.set(passes.outputs, k * out);
  }
  return { loss: total / m, accuracy: correct / m, logits };
}

export function gradient(problem: MlpProblem, theta: ArrayLike<number>, indices?: ArrayLike<number>): { loss: number; grad: Float64Array } {
  const samples = prepare(problem, theta, indices);
  const { data, loss } = problem;
  const passes = new MlpPasses(problem.arch);
  const out = passes.outputWidth;
  const m = samples.length;
  const grad = new Float64Array(theta.length);
  let total = 0;
  for (let k = 0; k < m; k++) {
    const i = samples[k]!;
    passes.forward(theta, data.x, i * data.inputDim, false);
    total += sampleLoss(loss, passes.outputs, out, data.y, i * data.targetDim, passes.delta[passes.depth]!);
    passes.backward(theta);
    passes.accumulateGradient(grad, 1 / m);
  }
  return { loss: total / m, grad };
}

/** The gradient of each sample's own loss ℓ_i (not divided by the number of samples), in sample order. */
export function perSampleGradients(problem: MlpProblem, theta: ArrayLike<number>, indices?: ArrayLike<number>): Float64Array[] {
  const samples = prepare(problem, theta, indices);
  const { data, loss } = problem;
  const passes = new MlpPasses(problem.arch);
  const out = passes.outputWidth;
  const grads: Float64Array[] = [];
  for (let k = 0; k < samples.length; k++) {
    const i = samples[k]!;
    passes.forward(theta, data.x, i * data.inputDim, false);
    sampleLoss(loss, passes.outputs, out, data.y, i * data.targetDim, passes.delta[passes.depth]!);
    passes.backward(theta);
    const g = new Float64Array(theta.length);
    passes.accumulateGradient(g, 1);
    grads.push(g);
  }
  return grads;
}

/** H v by Pearlmutter's R-operator (forward-over-reverse), exact up to rounding. */
export function hessianVectorProduct(
  problem: MlpProblem,
  theta: ArrayLike<number>,
  v: ArrayLike<number>,
  indices?: ArrayLike<number>,
): Float64Array {
  const samples = prepare(problem, theta, indices);
  checkDirection(problem, v);
  const { data, loss } = problem;
  const passes = new MlpPasses(problem.arch);
  const L = passes.depth;
  const out = passes.outputWidth;
  const m = samples.length;
  const result = new Float64Array(theta.length);
  for (let k = 0; k < m; k++) {
    const i = samples[k]!;
    passes.forward(theta, data.x, i * data.inputDim, true);
    sampleLoss(loss, passes.outputs, out, data.y, i * data.targetDim, passes.delta[L]!);
    passes.backward(theta);
    passes.rForward(theta, v);
    applyOutputHessian(loss, passes.outputs, out, passes.rz[L]!, passes.rdelta[L]!, passes.scratch);
    passes.rBackward(theta, v);
    passes.accumulateHessianVector(result, 1 / m);
  }
  return result;
}

/** G v = mean Jᵀ H_out J v: the R-forward gives J v, the ordinary backward pass carries H_out J v back. */
export function gaussNewtonVectorProduct(
  problem: MlpProblem,
  theta: ArrayLike<number>,
  v: ArrayLike<number>,
  indices?: ArrayLike<number>,
): Float64Array {
  const samples = prepare(problem, theta, indices);
  checkDirection(problem, v);
  const { data, loss } = problem;
  const passes = new MlpPasses(problem.arch);
  const L = passes.depth;
  const out = passes.outputWidth;
  const m = samples.length;
  const result = new Float64Array(theta.length);
  for (let k = 0; k < m; k++) {
    const i = samples[k]!;
    passes.forward(theta, data.x, i * data.inputDim, false);
    passes.rForward(theta, v);
    applyOutputHessian(loss, passes.outputs, out, passes.rz[L]!, passes.delta[L]!, passes.scratch);
    passes.backward(theta);
    passes.accumulateGradient(result, 1 / m);
  }
  return result;
}

/**
 * Empirical Fisher F v = (1/N) Σ g_i (g_iᵀ v). Since g_i = J_iᵀ δ_L,i, the scalar g_iᵀ v is δ_L,i · (J_i v),
 * and the sum is one backward pass per sample weighted by that scalar.
 */
export function fisherVectorProduct(
  problem: MlpProblem,
  theta: ArrayLike<number>,
  v: ArrayLike<number>,
  indices?: ArrayLike<number>,
): Float64Array {
  const samples = prepare(problem, theta, indices);
  checkDirection(problem, v);
  const { data, loss } = problem;
  const passes = new MlpPasses(problem.arch);
  const L = passes.depth;
  const out = passes.outputWidth;
  const m = samples.length;
  const result = new Float64Array(theta.length);
  for (let k = 0; k < m; k++) {
    const i = samples[k]!;
    passes.forward(theta, data.x, i * data.inputDim, false);
    const deltaL = passes.delta[L]!;
    sampleLoss(loss, passes.outputs, out, data.y, i * data.targetDim, deltaL);
    passes.rForward(theta, v);
    const ju = passes.rz[L]!;
    let gv = 0;
    for (let o = 0; o < out; o++) gv += deltaL[o]! * ju[o]!;
    if (gv === 0) continue;
    passes.backward(theta);
    passes.accumulateGradient(result, gv / m);
  }
  return result;
}

/** The P×P matrix (row-major) of the Hessian, GGN or empirical Fisher, one product per unit vector. */
export function denseOperatorMatrix(
  kind: CurvatureKind,
  problem: MlpProblem,
  theta: ArrayLike<number>,
  indices?: ArrayLike<number>,
): Float64Array {
  const P = parameterCount(problem.arch.layers);
  if (P > DENSE_MAX_PARAMETERS) {
    throw new Error(
      `dense ${kind}: the model has ${P} parameters, more than ${DENSE_MAX_PARAMETERS}; ` +
        'use matrix-free products (Lanczos, Hutchinson) or a smaller model',
    );
  }
  const product =
    kind === 'hessian' ? hessianVectorProduct : kind === 'ggn' ? gaussNewtonVectorProduct : fisherVectorProduct;
  const matrix = new Float64Array(P * P);
  const e = new Float64Array(P);
  for (let c = 0; c < P; c++) {
    e[c] = 1;
    const column = product(problem, theta, e, indices);
    e[c] = 0;
    // Column c of the matrix; the three matrices are symmetric in exact arithmetic, but rounding is not.
    for (let r = 0; r < P; r++) matrix[r * P + c] = column[r]!;
  }
  return matrix;
}

export function denseHessian(problem: MlpProblem, theta: ArrayLike<number>, indices?: ArrayLike<number>): Float64Array {
  return denseOperatorMatrix('hessian', problem, theta, indices);
}
