/**
 * Labels drawn from the model's own predictive distribution, and the mini-batch gradient on them:
 * Sophia-G's Gauss-Newton-Bartlett estimator (E[ĝĝᵀ]·N is the Gauss-Newton matrix of the mean loss).
 * Sample position k of a batch draws from counter k of the stream (seed, stream), so the GPU
 * (shaders/mlp/loss_head.wgsl, entry sampled_gradient) draws the same uniforms bit for bit:
 * - cross-entropy: the first class c with u < p₀ + … + p_c (u uniform), else the last class;
 * - logistic: 1 if u < sigmoid(z), else 0;
 * - mse: y = z + ξ with ξ ~ N(0, I) (Box–Muller on counters 2(k·w + o), 2(k·w + o) + 1), so ∂ℓ/∂z = −ξ.
 */
import type { LossName } from '../models/mlp.ts';
import { sigmoid } from './activations.ts';
import type { MlpProblem } from './mlp.ts';
import { MlpPasses } from './mlp-passes.ts';
import { softmaxInto } from './mlp-loss.ts';
import { bitsToUniform, counterBits, gaussianAt, streamKey } from './rng.ts';

/** The label(s) of sample position k, written to `target` (length: the label width). */
export function drawModelLabel(loss: LossName, z: Float64Array, out: number, key: number, k: number, target: Float64Array): void {
  switch (loss) {
    case 'cross-entropy': {
      const p = new Float64Array(out);
      softmaxInto(z, out, p);
      const u = bitsToUniform(counterBits(key, k));
      let sum = 0;
      let label = out - 1;
      for (let c = 0; c < out; c++) {
        sum += p[c]!;
        if (u < sum) {
          label = c;
          break;
        }
      }
      target[0] = label;
      return;
    }
    case 'logistic':
      target[0] = bitsToUniform(counterBits(key, k)) < sigmoid(z[0]!) ? 1 : 0;
      return;
    case 'mse':
      for (let o = 0; o < out; o++) target[o] = z[o]! + gaussianAt(key, k * out + o);
      return;
  }
}

/**
 * The gradient of the mean loss over `indices` (default all) with labels drawn from the model at θ:
 * ∂ℓ/∂z = p − e_c (cross-entropy), s − y (logistic), −ξ (mse), then the ordinary backward pass.
 */
export function sampledLabelGradient(
  problem: MlpProblem,
  theta: ArrayLike<number>,
  indices: ArrayLike<number> | undefined,
  seed: number,
  stream: number,
): { grad: Float64Array; samples: number } {
  const { data, arch, loss } = problem;
  const samples = indices ?? Uint32Array.from({ length: data.n }, (_, i) => i);
  if (samples.length === 0) throw new Error('sampledLabelGradient: no samples');
  const passes = new MlpPasses(arch);
  const out = passes.outputWidth;
  const key = streamKey(seed, stream);
  const label = new Float64Array(out);
  const grad = new Float64Array(theta.length);
  for (let k = 0; k < samples.length; k++) {
    const i = samples[k]!;
    passes.forward(theta, data.x, i * data.inputDim, false);
    const z = passes.outputs;
    const dz = passes.delta[passes.depth]!;
    drawModelLabel(loss, z, out, key, k, label);
    if (loss === 'cross-entropy') {
      softmaxInto(z, out, dz);
      dz[label[0]!] = dz[label[0]!]! - 1;
    } else if (loss === 'logistic') dz[0] = sigmoid(z[0]!) - label[0]!;
    else for (let o = 0; o < out; o++) dz[o] = z[o]! - label[o]!;
    passes.backward(theta);
    passes.accumulateGradient(grad, 1 / samples.length);
  }
  return { grad, samples: samples.length };
}
