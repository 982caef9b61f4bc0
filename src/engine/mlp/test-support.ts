/**
 * Shared by the MLP GPU tests (not for app code): run every quantity on the GPU and on the float64
 * twin for the same f32-rounded problem, and compare.
 */
import { GpuVectorBackend } from '../../curvature/gpu-vector-backend.ts';
import {
  evaluate,
  fisherVectorProduct,
  gaussNewtonVectorProduct,
  gradient,
  hessianVectorProduct,
  type MlpProblem,
} from '../../math/mlp.ts';
import { randomProblem, randomVector } from '../../math/test-support.ts';
import type { Activation, LossName } from '../../models/mlp.ts';
import type { GpuContext } from '../gpu-context.ts';
import type { GpuVector } from '../vector-kernels.ts';
import { MlpGpu, type ProductKind } from './mlp-gpu.ts';

export interface Quantities {
  loss: number;
  accuracy: number;
  grad: Float64Array;
  hessian: Float64Array;
  ggn: Float64Array;
  fisher: Float64Array;
}

export const PRODUCT_KINDS: readonly ProductKind[] = ['hessian', 'ggn', 'fisher'];

/** Values as the GPU stores them, so that the twin sees exactly the same numbers. */
export function f32(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(Float32Array.from(values as ArrayLike<number>));
}

export interface F32Problem {
  problem: MlpProblem;
  theta: Float64Array;
  v: Float64Array;
}

export function f32Problem(layers: number[], activation: Activation, loss: LossName, n: number, seed: number): F32Problem {
  const { problem, theta } = randomProblem(layers, activation, loss, n, seed);
  return { problem, theta: f32(theta), v: f32(randomVector(theta.length, seed, 77)) };
}

export function twinQuantities(p: F32Problem, indices?: ArrayLike<number>): Quantities {
  const { problem, theta, v } = p;
  const e = evaluate(problem, theta, indices);
  return {
    loss: e.loss,
    accuracy: e.accuracy,
    grad: gradient(problem, theta, indices).grad,
    hessian: hessianVectorProduct(problem, theta, v, indices),
    ggn: gaussNewtonVectorProduct(problem, theta, v, indices),
    fisher: fisherVectorProduct(problem, theta, v, indices),
  };
}

/** Vectors of one backend for θ, v and an output; freed by `free`. */
export class GpuVectors {
  readonly backend: GpuVectorBackend;
  readonly theta: GpuVector;
  readonly v: GpuVector;
  readonly out: GpuVector;

  constructor(ctx: GpuContext, theta: ArrayLike<number>, v: ArrayLike<number>) {
    this.backend = new GpuVectorBackend(ctx, theta.length);
    this.theta = this.backend.create();
    this.v = this.backend.create();
    this.out = this.backend.create();
    this.backend.write(this.theta, theta);
    this.backend.write(this.v, v);
  }

  free(): void {
    this.backend.free(this.theta);
    this.backend.free(this.v);
    this.backend.free(this.out);
    this.backend.destroy();
  }
}

export async function gpuQuantities(mlp: MlpGpu, vectors: GpuVectors, indices?: ArrayLike<number>): Promise<Quantities> {
  const { theta, v, out, backend } = vectors;
  const { loss, accuracy } = await mlp.evaluate(theta, indices);
  const gradLoss = await mlp.gradient(theta, out, indices);
  if (gradLoss !== loss) throw new Error(`gradient's loss ${gradLoss} differs from evaluate's ${loss}`);
  const grad = await backend.read(out);
  const products: Partial<Record<ProductKind, Float64Array>> = {};
  for (const kind of PRODUCT_KINDS) {
    mlp.product(kind, theta, v, out, indices);
    products[kind] = await backend.read(out);
  }
  return { loss, accuracy, grad, hessian: products.hessian!, ggn: products.ggn!, fisher: products.fisher! };
}

export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let nb = 0;
  for (let i = 0; i < b.length; i++) {
    d += (a[i]! - b[i]!) ** 2;
    nb += b[i]! ** 2;
  }
  return nb > 0 ? Math.sqrt(d / nb) : Math.sqrt(d);
}

/**
 * Samples whose two largest logits (twin) are within `gap` of each other: there f32 rounding may
 * pick the other class, so accuracy may differ by that many samples.
 */
export function nearTies(problem: MlpProblem, logits: Float64Array, gap: number): number {
  const out = problem.arch.layers[problem.arch.layers.length - 1]!;
  if (problem.loss === 'mse') return 0;
  let count = 0;
  for (let s = 0; s < logits.length / out; s++) {
    if (out === 1) {
      if (Math.abs(logits[s]!) < gap) count++;
      continue;
    }
    const row = Array.from(logits.subarray(s * out, (s + 1) * out)).sort((x, y) => y - x);
    if (row[0]! - row[1]! < gap) count++;
  }
  return count;
}
