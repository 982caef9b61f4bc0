/** Bytes of workgroup memory the matmul's two staged tiles take (shaders/linalg/matmul.wgsl). */
export const MATMUL_WORKGROUP_BYTES = (2176 + 1040) * 4;

/**
 * The tiled matrix product shaders/linalg/matmul.wgsl (twin: src/math/matmul.ts). Pipelines are
 * cached by the context per (transA, transB, accumulate), so the eight variants cost one compile each.
 */
import type { BufferBinding, ComputeBatch } from './compute-batch.ts';
import type { GpuContext } from './gpu-context.ts';
import { linearDispatch } from './dispatch-shape.ts';
import { WORKGROUP_SIZE } from './layouts.ts';

/** A matrix operand: a buffer and the element where the matrix starts. */
export interface MatrixRef {
  readonly buffer: GPUBuffer;
  readonly offset: number;
}

export interface MatmulOp {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transA?: boolean;
  readonly transB?: boolean;
  readonly accumulate?: boolean;
}

export type MatmulVariant = 'blocked' | 'small';

/**
 * Which kernel fits a product: the register-blocked one pays off only when C has many full
 * 128×64 blocks; below that (tiny models, the output layer's 10 columns) most of its work would be
 * padding. Measured on SwiftShader: a [2,16,16,3] HVP over 240 samples fell from ~100 ms to a few ms.
 * The small kernel reads k-long rows from storage, so it is chosen only while m·n is small too.
 */
export function matmulVariant(op: Pick<MatmulOp, 'm' | 'n'>): MatmulVariant {
  return op.m >= WORKGROUP_SIZE.matmulRows && op.n >= WORKGROUP_SIZE.matmulColumns ? 'blocked' : 'small';
}

export function encodeMatmul(
  batch: ComputeBatch,
  ctx: GpuContext,
  op: MatmulOp,
  a: MatrixRef,
  b: MatrixRef,
  c: MatrixRef,
  variant: MatmulVariant = matmulVariant(op),
): void {
  const { m, n, k } = op;
  if (m === 0 || n === 0) return;
  const constants = { TRANS_A: op.transA ? 1 : 0, TRANS_B: op.transB ? 1 : 0, ACC: op.accumulate ? 1 : 0 };
  const buffers: BufferBinding[] = [a.buffer, b.buffer, c.buffer];
  const params = { m, n, k, offset_a: a.offset, offset_b: b.offset, offset_c: c.offset };
  if (variant === 'small') {
    const [gx, gy] = linearDispatch(m * n, WORKGROUP_SIZE.matmulSmall);
    batch.dispatch(ctx.pipelines.kernel('linalg/matmul_small', { ...constants, WG: WORKGROUP_SIZE.matmulSmall }), params, buffers, gx, gy);
    return;
  }
  batch.dispatch(
    ctx.pipelines.kernel('linalg/matmul', constants),
    params,
    buffers,
    Math.ceil(n / WORKGROUP_SIZE.matmulColumns),
    Math.ceil(m / WORKGROUP_SIZE.matmulRows),
  );
}
