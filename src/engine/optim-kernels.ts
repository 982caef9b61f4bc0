/**
 * The optimizers' fused element-wise kernels on GPU vectors (shaders/optim/*.wgsl), beside Adam's
 * (adam-kernel.ts). Twins: src/math/ema-product.ts, adahessian.ts, sophia.ts.
 */
import { adaHessianBiasCorrections, type AdaHessianHyperParameters } from '../math/adahessian.ts';
import type { EmaProductParameters } from '../math/ema-product.ts';
import type { SophiaHyperParameters } from '../math/sophia.ts';
import type { ComputeBatch } from './compute-batch.ts';
import { linearDispatch } from './dispatch-shape.ts';
import type { GpuContext } from './gpu-context.ts';
import { WORKGROUP_SIZE } from './layouts.ts';
import type { GpuVector } from './vector-kernels.ts';

function checkVectors(kernel: string, vectors: Record<string, GpuVector>, distinct: readonly string[]): number {
  const entries = Object.entries(vectors);
  const n = entries[0]![1].length;
  for (const [name, v] of entries) {
    if (v.length !== n) throw new Error(`${kernel}: ${entries.map(([k]) => k).join(', ')} must have equal lengths (${name} has ${v.length}, not ${n})`);
  }
  // Vectors the kernel writes must not share a buffer with any other binding (WebGPU forbids
  // a writable binding aliasing another one in the same dispatch).
  const buffers = entries.map(([, v]) => v.buffer);
  for (const name of distinct) {
    const b = vectors[name]!.buffer;
    if (buffers.filter((x) => x === b).length > 1) throw new Error(`${kernel}: ${name} must be a vector of its own (it is written)`);
  }
  return n;
}

export function encodeEmaProduct(batch: ComputeBatch, ctx: GpuContext, target: GpuVector, a: GpuVector, b: GpuVector, hp: EmaProductParameters): void {
  const n = checkVectors('emaProduct', { target, a, b }, ['target']);
  const [gx, gy] = linearDispatch(n, WORKGROUP_SIZE.linear);
  batch.dispatch(
    ctx.pipelines.kernel('optim/ema_product', { WG: WORKGROUP_SIZE.linear }),
    { n, offset_t: target.offset, offset_a: a.offset, offset_b: b.offset, beta: hp.beta, weight: (1 - hp.beta) * hp.scale },
    [target.buffer, a.buffer, b.buffer],
    gx,
    gy,
  );
}

export function encodeAdaHessianStep(
  batch: ComputeBatch,
  ctx: GpuContext,
  v: { params: GpuVector; grad: GpuVector; m: GpuVector; v: GpuVector; z: GpuVector; hz: GpuVector },
  hp: AdaHessianHyperParameters,
): void {
  const n = checkVectors('adahessian', v, ['params', 'm', 'v']);
  const { bc1, bc2 } = adaHessianBiasCorrections(hp);
  const [gx, gy] = linearDispatch(n, WORKGROUP_SIZE.linear);
  batch.dispatch(
    ctx.pipelines.kernel('optim/adahessian', { WG: WORKGROUP_SIZE.linear }),
    {
      n,
      offset_p: v.params.offset,
      offset_g: v.grad.offset,
      offset_m: v.m.offset,
      offset_v: v.v.offset,
      offset_z: v.z.offset,
      offset_hz: v.hz.offset,
      lr: hp.lr,
      beta1: hp.beta1,
      beta2: hp.beta2,
      one_minus_beta1: 1 - hp.beta1,
      one_minus_beta2: 1 - hp.beta2,
      eps: hp.eps,
      power: hp.hessianPower,
      weight_decay: hp.weightDecay,
      bc1,
      bc2,
    },
    [v.params.buffer, v.grad.buffer, v.m.buffer, v.v.buffer, v.z.buffer, v.hz.buffer],
    gx,
    gy,
  );
}

export function encodeSophiaStep(
  batch: ComputeBatch,
  ctx: GpuContext,
  v: { params: GpuVector; grad: GpuVector; m: GpuVector; h: GpuVector; unclipped: GpuVector },
  hp: SophiaHyperParameters,
): void {
  const n = checkVectors('sophia', v, ['params', 'm', 'unclipped']);
  const [gx, gy] = linearDispatch(n, WORKGROUP_SIZE.linear);
  batch.dispatch(
    ctx.pipelines.kernel('optim/sophia', { WG: WORKGROUP_SIZE.linear }),
    {
      n,
      offset_p: v.params.offset,
      offset_g: v.grad.offset,
      offset_m: v.m.offset,
      offset_h: v.h.offset,
      offset_u: v.unclipped.offset,
      lr: hp.lr,
      beta1: hp.beta1,
      one_minus_beta1: 1 - hp.beta1,
      rho: hp.rho,
      eps: hp.eps,
      lr_times_decay: hp.lr * hp.weightDecay,
    },
    [v.params.buffer, v.grad.buffer, v.m.buffer, v.h.buffer, v.unclipped.buffer],
    gx,
    gy,
  );
}
