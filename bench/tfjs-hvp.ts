/**
 * The reference the lab's HVP is compared with: the same MLP, weights, data and v in TensorFlow.js,
 * the Hessian-vector product by double backpropagation, H v = ∇_θ (∇_θ L(θ) · v), on TF.js's
 * WebGPU backend (given the Dawn adapter the lab runs on) or its CPU backend.
 * Loss: softmax cross-entropy, mean over the samples; layer l computes A W_lᵀ + b_l with W_l
 * stored [out, in] as in the lab's parameter layout, tanh on hidden layers.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { createRequire } from 'node:module';
import type { Dataset } from '../src/data/dataset.ts';
import type { MlpArchitecture } from '../src/models/mlp.ts';

// The Node bundle of tfjs-core registers no gradients. Its ES-module files do, into TF.js's global
// registry; they use extensionless imports, so they are loaded through require (tsx transforms them).
createRequire(import.meta.url)('@tensorflow/tfjs-core/dist/register_all_gradients.js');

export type TfjsBackendName = 'webgpu' | 'cpu';

export interface TfjsHvp {
  readonly backend: TfjsBackendName;
  /** H v, flat in the lab's parameter layout; resolves once the values are on the CPU. */
  hvp(): Promise<Float32Array>;
  dispose(): void;
}

/**
 * Registers TF.js's WebGPU backend on a device of `adapter` (the one the lab uses). TF.js looks
 * for navigator.gpu, which Node 20 does not have: the Dawn GPU object is installed there, which is
 * why this lives in the benchmark and not in the lab.
 */
export async function registerTfjsWebGpu(gpu: GPU, adapter: GPUAdapter): Promise<void> {
  const g = globalThis as { navigator?: { gpu?: GPU } };
  if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  else if (!g.navigator.gpu) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  const features = (['timestamp-query'] as GPUFeatureName[]).filter((f) => adapter.features.has(f));
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    label: 'tfjs',
    requiredFeatures: features,
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  });
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, adapter.info as unknown as ConstructorParameters<typeof WebGPUBackend>[1]));
}

/** Builds the model's tensors on `backend` (which must be registered); call dispose() when done. */
export async function createTfjsHvp(
  backend: TfjsBackendName,
  arch: MlpArchitecture,
  data: Dataset,
  theta: Float32Array,
  v: Float32Array,
): Promise<TfjsHvp> {
  if (arch.activation !== 'tanh') throw new Error(`tfjs reference: only tanh is implemented, got ${arch.activation}`);
  if (data.classes === undefined || data.targetDim !== 1) throw new Error('tfjs reference: needs a classification dataset');
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend ${backend} did not initialize`);
  await tf.ready();
  const layers = arch.layers;
  const classes = data.classes;
  const blocks = (flat: Float32Array): tf.Tensor[] => {
    const out: tf.Tensor[] = [];
    let at = 0;
    for (let l = 1; l < layers.length; l++) {
      const [inW, outW] = [layers[l - 1]!, layers[l]!];
      out.push(tf.tensor2d(flat.subarray(at, at + inW * outW), [outW, inW]));
      at += inW * outW;
      out.push(tf.tensor1d(flat.subarray(at, at + outW)));
      at += outW;
    }
    if (at !== flat.length) throw new Error(`tfjs reference: ${flat.length} parameters, the layers need ${at}`);
    return out;
  };
  const params = blocks(theta);
  const directions = blocks(v);
  const x = tf.tensor2d(data.x, [data.n, layers[0]!]);
  const oneHot = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(data.y), 'int32'), classes), 'float32'));

  const loss = (...p: tf.Tensor[]): tf.Scalar => {
    let a: tf.Tensor = x;
    for (let l = 0; l < p.length / 2; l++) {
      const z = tf.add(tf.matMul(a, p[2 * l]!, false, true), p[2 * l + 1]!);
      a = l < p.length / 2 - 1 ? twiceDifferentiableTanh(z) : z;
    }
    // log softmax without the max shift (whose gradient TF.js does not differentiate again): the
    // logits of these initial weights are far from exp's overflow.
    const logSoftmax = tf.sub(a, tf.log(tf.sum(twiceDifferentiableExp(a), 1, true)));
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logSoftmax), 1)));
  };
  const gradient = tf.grads(loss);
  const gradientDotV = (...p: tf.Tensor[]): tf.Scalar =>
    tf.addN(gradient(p).map((g, i) => tf.sum(tf.mul(g, directions[i]!)))) as tf.Scalar;
  const hessianVector = tf.grads(gradientDotV);

  return {
    backend,
    async hvp(): Promise<Float32Array> {
      const flat = tf.tidy(() => tf.concat(hessianVector(params).map((h) => tf.reshape(h, [-1]))));
      try {
        return (await flat.data()) as Float32Array;
      } finally {
        flat.dispose();
      }
    },
    dispose(): void {
      tf.dispose([...params, ...directions, x, oneHot]);
    },
  };
}

/*
 * TF.js's own tanh and exp gradients reuse the op's saved output, which the outer gradient of a
 * double backpropagation does not see: tf.grad(tf.grad(...)) through them throws or silently drops
 * terms (found with TF.js 4.22). These versions compute their gradient from the saved input with
 * themselves, so they can be differentiated any number of times.
 */
function twiceDifferentiableTanh(z: tf.Tensor): tf.Tensor {
  return fromSavedInput(z, tf.tanh, (input, dy) => tf.mul(dy, tf.sub(1, tf.square(twiceDifferentiableTanh(input)))));
}

function twiceDifferentiableExp(z: tf.Tensor): tf.Tensor {
  return fromSavedInput(z, tf.exp, (input, dy) => tf.mul(dy, twiceDifferentiableExp(input)));
}

/** f(z) whose gradient `grad(z, dy)` is computed from the saved input z. */
function fromSavedInput(z: tf.Tensor, f: (z: tf.Tensor) => tf.Tensor, grad: (z: tf.Tensor, dy: tf.Tensor) => tf.Tensor): tf.Tensor {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([input]);
    return { value: f(input), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => grad(saved[0]!, dy) };
  })(z);
}
