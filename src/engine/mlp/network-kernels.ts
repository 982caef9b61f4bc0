/**
 * Encoders of the whole-network kernels for small MLPs (shaders/mlp/network_rows.wgsl,
 * network_sums.wgsl): one dispatch runs every pass of every layer for each sample into its record,
 * a second adds the records into the gradient or the HVP: two pipelines per architecture (its
 * widths are override constants), activation and loss.
 */
import type { Activation, LossName } from '../../models/mlp.ts';
import type { ComputeBatch } from '../compute-batch.ts';
import { linearDispatch } from '../dispatch-shape.ts';
import type { GpuContext } from '../gpu-context.ts';
import { ACT_CODE, LOSS_CODE } from './mlp-kernels.ts';

/** Most dense layers network_shape.wgsl takes (widths W0..W7). */
export const NETWORK_MAX_LAYERS = 7;
/** Values per sample in the records: eight quantities per unit of layers 1..L, [loss, correct], the inputs and as many zeros. */
export function networkRecordSize(widths: readonly number[]): number {
  return 8 * widths.slice(1).reduce((a, b) => a + b, 0) + 2 + 2 * widths[0]!;
}

/** Floats of the records of `rows` samples: blocks of four rows, one vec4 per value. */
export function networkRecordsElements(widths: readonly number[], rows: number): number {
  return 4 * Math.ceil(rows / 4) * networkRecordSize(widths);
}

/** Invocations per workgroup: small, so that a few hundred samples (four per invocation) or parameters spread over every core. */
const ROWS_WG = 16;
const SUMS_WG = 32;

/** What network_rows computes: the loss, also the gradient's Δ, also the HVP's R-quantities. */
export type NetworkMode = 'evaluate' | 'gradient' | 'hessian';
const MODE_CODE: Record<NetworkMode, number> = { evaluate: 0, gradient: 1, hessian: 2 };

/** Which rows of which dataset a chunk covers: samples base.. in order, or indices[base..]. */
export interface NetworkChunk {
  readonly rows: number;
  readonly base: number;
  readonly indices: GPUBuffer | null;
}

export class NetworkKernels {
  private readonly shape: Record<string, number>;

  constructor(
    private readonly ctx: GpuContext,
    widths: readonly number[],
    private readonly activation: Activation,
    private readonly loss: LossName,
    /** Bound for the sample indices when a chunk has none. */
    private readonly placeholder: { indices: GPUBuffer },
  ) {
    const depth = widths.length - 1;
    if (depth < 1 || depth > NETWORK_MAX_LAYERS) throw new Error(`whole-network kernels: 1 to ${NETWORK_MAX_LAYERS} layers, got ${depth}`);
    this.shape = { DEPTH: depth };
    widths.forEach((w, l) => (this.shape[`W${l}`] = w));
  }

  /** Each row's record: inputs, Z, A and [loss, correct] (evaluate), and Δ (gradient), and the R-quantities (hessian). */
  rows(
    batch: ComputeBatch,
    mode: NetworkMode,
    chunk: NetworkChunk,
    b: { theta: GPUBuffer; thetaOffset: number; v?: GPUBuffer; vOffset?: number; inputs: GPUBuffer; labels: GPUBuffer; targetDim: number; records: GPUBuffer },
    scale: number,
  ): void {
    const kernel = this.ctx.pipelines.kernel(
      'mlp/network_rows',
      { ...this.shape, WG: ROWS_WG, ACT: ACT_CODE[this.activation], LOSS: LOSS_CODE[this.loss] },
    );
    const [gx, gy] = linearDispatch(Math.ceil(chunk.rows / 4), ROWS_WG);
    batch.dispatch(
      kernel,
      {
        rows: chunk.rows,
        base: chunk.base,
        use_index: chunk.indices ? 1 : 0,
        target_dim: b.targetDim,
        scale,
        theta_offset: b.thetaOffset,
        // Without v (evaluate, gradient) the R-quantities are not needed; θ stands in for v.
        v_offset: b.vOffset ?? b.thetaOffset,
        mode: MODE_CODE[mode],
      },
      [b.theta, b.v ?? b.theta, b.inputs, b.labels, chunk.indices ?? this.placeholder.indices, b.records],
      gx,
      gy,
    );
  }

  /**
   * out[outOffset + j] (+)= the sum over the chunk's records for parameters j < paramCount
   * (gradient, or HVP with `second`); with `totals`, the loss and correctness sums too.
   */
  sums(
    batch: ComputeBatch,
    second: boolean,
    rows: number,
    b: { records: GPUBuffer; out: GPUBuffer; outOffset: number; totals: GPUBuffer },
    paramCount: number,
    totals: boolean,
    accumulate: boolean,
  ): void {
    const kernel = this.ctx.pipelines.kernel('mlp/network_sums', { ...this.shape, WG: SUMS_WG });
    const [gx, gy] = linearDispatch(paramCount + (totals ? 2 : 0), SUMS_WG);
    batch.dispatch(
      kernel,
      {
        rows,
        param_count: paramCount,
        second: second ? 1 : 0,
        totals: totals ? 1 : 0,
        out_offset: b.outOffset,
        accumulate: accumulate ? 1 : 0,
      },
      [b.records, b.out, b.totals],
      gx,
      gy,
    );
  }
}
