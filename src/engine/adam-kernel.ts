/** One Adam / AdamW step on GPU vectors: shaders/optim/adam.wgsl, twin src/math/adam.ts. */
import { adamBiasCorrections } from '../math/adam.ts';
import type { AdamHyperParameters } from '../models/model-engine.ts';
import type { ComputeBatch } from './compute-batch.ts';
import { linearDispatch } from './dispatch-shape.ts';
import type { GpuContext } from './gpu-context.ts';
import { WORKGROUP_SIZE } from './layouts.ts';
import type { GpuVector } from './vector-kernels.ts';

export function encodeAdamStep(
  batch: ComputeBatch,
  ctx: GpuContext,
  params: GpuVector,
  grad: GpuVector,
  m: GpuVector,
  v: GpuVector,
  hp: AdamHyperParameters,
): void {
  const n = params.length;
  if (grad.length !== n || m.length !== n || v.length !== n) {
    throw new Error(`adam: params, grad, m and v must have equal lengths (${n}, ${grad.length}, ${m.length}, ${v.length})`);
  }
  const buffers = [params.buffer, grad.buffer, m.buffer, v.buffer];
  if (new Set(buffers).size !== 4) throw new Error('adam: params, grad, m and v must be four different vectors');
  const { bc1, bc2 } = adamBiasCorrections(hp);
  const [gx, gy] = linearDispatch(n, WORKGROUP_SIZE.linear);
  batch.dispatch(
    ctx.pipelines.kernel('optim/adam', { WG: WORKGROUP_SIZE.linear }),
    {
      n,
      offset_p: params.offset,
      offset_g: grad.offset,
      offset_m: m.offset,
      offset_v: v.offset,
      decoupled: hp.decoupled ? 1 : 0,
      lr: hp.lr,
      beta1: hp.beta1,
      beta2: hp.beta2,
      one_minus_beta1: 1 - hp.beta1,
      one_minus_beta2: 1 - hp.beta2,
      eps: hp.eps,
      weight_decay: hp.weightDecay,
      bc1,
      bc2,
    },
    buffers,
    gx,
    gy,
  );
}
