/**
 * Encoders of the MLP's small kernels (shaders/mlp/*.wgsl): element-wise activation steps, the
 * loss head, the subset gather and column sums. Pipelines come from the context's cache, keyed by
 * shader, entry point and the override constants (activation, loss).
 */
import type { Activation, LossName } from '../../models/mlp.ts';
import type { ComputeBatch } from '../compute-batch.ts';
import { linearDispatch } from '../dispatch-shape.ts';
import type { GpuContext } from '../gpu-context.ts';
import { WORKGROUP_SIZE } from '../layouts.ts';

/** The override ACT of shaders/mlp/activation.wgsl. */
export const ACT_CODE: Record<Activation, number> = { tanh: 0, relu: 1, gelu: 2, sigmoid: 3, identity: 4 };
export const LOSS_CODE: Record<LossName, number> = { 'cross-entropy': 0, mse: 1, logistic: 2 };
/** Samples per loss-head workgroup: one invocation per sample, each looping over the logits. */
const LOSS_HEAD_WG = 64;

export type LossHeadEntry = 'evaluate' | 'gradient' | 'output_hessian' | 'fisher' | 'sampled_gradient';

/**
 * Stand-ins for the bindings an entry point does not use. Writable bindings must not alias one
 * another, so each writable slot has its own.
 */
export interface Placeholders {
  readonly read: GPUBuffer;
  readonly indices: GPUBuffer;
  readonly write: readonly [GPUBuffer, GPUBuffer, GPUBuffer, GPUBuffer];
}

export function createPlaceholders(ctx: GpuContext): Placeholders {
  const make = (label: string) => ctx.createStorage(4, `placeholder ${label}`);
  return { read: make('read'), indices: make('indices'), write: [make('x'), make('y'), make('s1'), make('s2')] };
}

export function destroyPlaceholders(p: Placeholders): void {
  p.read.destroy();
  p.indices.destroy();
  for (const b of p.write) b.destroy();
}

export interface ElementwiseBuffers {
  readonly biasSrc?: GPUBuffer;
  readonly x: GPUBuffer;
  readonly y?: GPUBuffer;
  readonly s1?: GPUBuffer;
  readonly s2?: GPUBuffer;
  readonly u?: GPUBuffer;
}

export class MlpKernels {
  constructor(
    private readonly ctx: GpuContext,
    private readonly activation: Activation,
    private readonly loss: LossName,
    private readonly ph: Placeholders,
  ) {}

  elementwise(
    batch: ComputeBatch,
    entry: 'forward_hidden' | 'add_bias' | 'scale_by_derivative' | 'r_backward_hidden',
    rows: number,
    width: number,
    b: ElementwiseBuffers,
    vecOffset = 0,
    flag = 0,
  ): void {
    const kernel = this.ctx.pipelines.kernel('mlp/elementwise', { WG: WORKGROUP_SIZE.linear, ACT: ACT_CODE[this.activation] }, entry);
    const [gx, gy] = linearDispatch(rows * width, WORKGROUP_SIZE.linear);
    const w = this.ph.write;
    batch.dispatch(
      kernel,
      { rows, width, vec_offset: vecOffset, flag },
      [b.biasSrc ?? this.ph.read, b.x, b.y ?? w[1], b.s1 ?? w[2], b.s2 ?? w[3], b.u ?? this.ph.read],
      gx,
      gy,
    );
  }

  lossHead(
    batch: ComputeBatch,
    entry: LossHeadEntry,
    p: {
      rows: number;
      width: number;
      targetDim: number;
      base: number;
      indices: GPUBuffer | null;
      indexOffset: number;
      scale: number;
      /** sampled_gradient: the key of the label draws. */
      labelKey?: number;
    },
    b: { logits: GPUBuffer; labels: GPUBuffer; u?: GPUBuffer; delta?: GPUBuffer; stats: GPUBuffer },
  ): void {
    const kernel = this.ctx.pipelines.kernel('mlp/loss_head', { WG: LOSS_HEAD_WG, LOSS: LOSS_CODE[this.loss] }, entry);
    const [gx, gy] = linearDispatch(p.rows, LOSS_HEAD_WG);
    batch.dispatch(
      kernel,
      {
        rows: p.rows,
        width: p.width,
        target_dim: p.targetDim,
        base: p.base,
        use_index: p.indices ? 1 : 0,
        index_offset: p.indexOffset,
        scale: p.scale,
        label_key: p.labelKey ?? 0,
      },
      [b.logits, b.labels, p.indices ?? this.ph.indices, b.u ?? this.ph.read, b.delta ?? this.ph.write[0], b.stats],
      gx,
      gy,
    );
  }

  gather(batch: ComputeBatch, rows: number, width: number, src: GPUBuffer, indices: GPUBuffer, indexOffset: number, dst: GPUBuffer): void {
    const kernel = this.ctx.pipelines.kernel('mlp/gather', { WG: WORKGROUP_SIZE.linear });
    const [gx, gy] = linearDispatch(rows * width, WORKGROUP_SIZE.linear);
    batch.dispatch(kernel, { rows, width, index_offset: indexOffset }, [src, indices, dst], gx, gy);
  }

  /** dst[offset + j] (+)= Σ_r src[r, j] over a [rows, width] array. */
  columnSums(batch: ComputeBatch, rows: number, width: number, src: GPUBuffer, dst: GPUBuffer, offset: number, accumulate: boolean): void {
    const kernel = this.ctx.pipelines.kernel('mlp/colsum', { WG: WORKGROUP_SIZE.columns });
    batch.dispatch(
      kernel,
      { rows, width, offset, accumulate: accumulate ? 1 : 0 },
      [src, dst],
      Math.ceil(width / WORKGROUP_SIZE.columns),
    );
  }
}
