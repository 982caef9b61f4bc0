/**
 * The MLP on the GPU, batched: loss and accuracy, the gradient by backprop, and the Hessian-,
 * Gauss-Newton- and empirical-Fisher-vector products (MATH.md), over a whole dataset or a subset
 * of its samples. The float64 twin is src/math/mlp.ts.
 *
 * Activations are row-major [rows, width] blocks per layer, so every layer step is one tiled
 * matmul (shaders/linalg/matmul.wgsl) plus an element-wise kernel, and the sums over samples
 * (weight gradients) are matmuls with k = rows. A sample set larger than the workspace is
 * processed in chunks of at most `maxBatch` samples whose contributions are accumulated in a
 * fixed order, so results are deterministic. Each call encodes all its dispatches into one
 * ComputeBatch; products end without a read-back, evaluate and gradient read back two numbers.
 *
 * Small models (path 'whole network': every width ≤ 32, at most 7 layers and 4,096 parameters)
 * evaluate, take gradients and HVPs with two dispatches per chunk instead (network-kernels.ts):
 * at those sizes a dispatch costs more than a layer's arithmetic. GGN, Fisher and sampled-label
 * gradients keep the layer-by-layer passes.
 */
import type { Dataset } from '../../data/dataset.ts';
import { layerOffsets, parameterCount, type LossName, type MlpArchitecture } from '../../models/mlp.ts';
import type { ComputeBatch } from '../compute-batch.ts';
import { GpuLimitError } from '../errors.ts';
import type { GpuContext } from '../gpu-context.ts';
import { encodeMatmul, MATMUL_WORKGROUP_BYTES, type MatrixRef } from '../matmul.ts';
import type { GpuVector } from '../vector-kernels.ts';
import { checkDataset, GpuDataset } from './gpu-dataset.ts';
import { checkBufferElements, effectiveLimits, maxBufferElements, type MlpLimits } from './limits.ts';
import { createPlaceholders, destroyPlaceholders, MlpKernels, type LossHeadEntry, type Placeholders } from './mlp-kernels.ts';
import { NETWORK_MAX_LAYERS, NetworkKernels, networkRecordSize, networkRecordsElements, type NetworkChunk, type NetworkMode } from './network-kernels.ts';
import { chooseMaxBatch, MlpWorkspace } from './workspace.ts';

export type ProductKind = 'hessian' | 'ggn' | 'fisher';
export type DatasetRole = 'train' | 'test';
export type MlpPath = 'whole network' | 'layer by layer';

/** Widest layer (inputs included) and most parameters of a model that runs as a whole network. */
const NETWORK_MAX_WIDTH = 32;
const NETWORK_MAX_PARAMETERS = 4096;

/** Whether a model is small enough for the whole-network kernels. */
export function fitsWholeNetwork(layers: readonly number[]): boolean {
  return layers.length - 1 <= NETWORK_MAX_LAYERS && Math.max(...layers) <= NETWORK_MAX_WIDTH && parameterCount(layers) <= NETWORK_MAX_PARAMETERS;
}

export interface MlpGpuOptions {
  readonly arch: MlpArchitecture;
  readonly loss: LossName;
  readonly train: Dataset;
  readonly test?: Dataset;
  /**
   * Samples per chunk (the workspace's row count). Default: as many as fit the device limits and a
   * 512 MiB workspace, at most 4096 and at most the larger dataset. Larger sample sets run in chunks.
   */
  readonly maxBatch?: number;
  /** Limits lower than the device's (to leave room for other work, or to test the checks). */
  readonly limits?: Partial<MlpLimits>;
  /** Default: 'whole network' where the model fits it (fitsWholeNetwork). Tests and benches pick. */
  readonly path?: MlpPath;
}

export interface MlpEvaluation {
  readonly loss: number;
  /** Fraction correct; NaN for regression (mse). */
  readonly accuracy: number;
}

/**
 * Which samples a call uses: all of a dataset in order (`indices` null), or a list of sample
 * indices (repeats and any order allowed) held in a GPU buffer. Sets made by `MlpGpu.samples`
 * own their index buffer and upload it once, so an operator applied many times (Lanczos) re-uses it.
 */
export interface SampleSet {
  readonly role: DatasetRole;
  readonly count: number;
  readonly indices: GPUBuffer | null;
  /** Frees the index buffer (nothing for a full set or a per-call set). */
  dispose(): void;
}

/** A SampleSet, a list of training-sample indices (uploaded for this call), or undefined: every training sample. */
export type SampleSelection = SampleSet | ArrayLike<number> | undefined;

interface Chunk {
  readonly start: number;
  readonly rows: number;
  readonly first: boolean;
  /** A_0 of this chunk: the dataset's rows in place, or the gathered rows of a subset. */
  readonly input: MatrixRef;
}

export class MlpGpu {
  readonly arch: MlpArchitecture;
  readonly loss: LossName;
  readonly parameterCount: number;
  /** Where each dense layer's block (W then b) starts, plus the total at the end. */
  readonly layerOffsets: readonly number[];
  readonly maxBatch: number;
  readonly limits: MlpLimits;
  readonly train: GpuDataset;
  readonly test: GpuDataset | null;
  readonly path: MlpPath;

  private readonly widths: readonly number[];
  private readonly depth: number;
  /** Offsets of W_l and b_l in θ for l = 1..L (index 0 unused). */
  private readonly wOffset: number[] = [0];
  private readonly bOffset: number[] = [0];
  private readonly workspace: MlpWorkspace;
  private readonly placeholders: Placeholders;
  private readonly kernels: MlpKernels;
  /** Whole-network path only: its kernels and the per-sample records [maxBatch, record size]. */
  private readonly network: { kernels: NetworkKernels; records: GPUBuffer } | null;
  /** Index buffer of per-call subsets, grown when a longer list comes. */
  private callIndices: GPUBuffer | null = null;
  private callIndicesCapacity = 0;
  private readonly fullSets: Record<DatasetRole, SampleSet | null>;
  private destroyed = false;

  constructor(
    private readonly ctx: GpuContext,
    options: MlpGpuOptions,
  ) {
    const { arch, loss, train, test } = options;
    const layers = arch.layers;
    if (layers.length < 2) throw new Error('arch.layers: need at least an input and an output width');
    layers.forEach((w, i) => {
      if (!Number.isInteger(w) || w < 1) throw new Error(`arch.layers[${i}]: width must be a positive integer, got ${w}`);
    });
    this.arch = arch;
    this.loss = loss;
    this.widths = [...layers];
    this.depth = layers.length - 1;
    this.parameterCount = parameterCount(layers);
    this.layerOffsets = layerOffsets(layers);
    for (let l = 1; l <= this.depth; l++) {
      this.wOffset.push(this.layerOffsets[l - 1]!);
      this.bOffset.push(this.layerOffsets[l - 1]! + layers[l]! * layers[l - 1]!);
    }

    // Every check comes before the first allocation, so a misfit leaves nothing behind.
    this.limits = effectiveLimits(ctx.device, options.limits);
    if (this.limits.maxStorageBuffersPerShaderStage < 6) {
      throw new GpuLimitError(
        `The MLP kernels bind 6 storage buffers, this GPU allows ${this.limits.maxStorageBuffersPerShaderStage} per shader stage.`,
      );
    }
    if (this.limits.maxComputeWorkgroupStorageSize < MATMUL_WORKGROUP_BYTES) {
      throw new GpuLimitError(
        `The tiled matmul needs ${MATMUL_WORKGROUP_BYTES} bytes of workgroup memory, this GPU allows ${this.limits.maxComputeWorkgroupStorageSize}.`,
      );
    }
    checkBufferElements(
      this.limits,
      this.parameterCount,
      `The parameters θ (${this.parameterCount} for layers [${layers.join(', ')}])`,
      'Use a narrower or shallower model.',
    );
    checkDataset(train, 'training', layers, loss, this.limits);
    if (test) checkDataset(test, 'test', layers, loss, this.limits);
    const fits = fitsWholeNetwork(layers);
    if (options.path === 'whole network' && !fits) {
      throw new Error(
        `path 'whole network': layers [${layers.join(', ')}] are too large for it (at most ${NETWORK_MAX_LAYERS} layers, widths ≤ ${NETWORK_MAX_WIDTH}, ${NETWORK_MAX_PARAMETERS} parameters)`,
      );
    }
    this.path = options.path ?? (fits ? 'whole network' : 'layer by layer');
    const recordSize = this.path === 'whole network' ? networkRecordSize(layers) : 0;
    let maxBatch = chooseMaxBatch(layers, Math.max(train.n, test?.n ?? 0), this.limits, options.maxBatch, recordSize);
    // The records hold whole blocks of four samples: up to three more than maxBatch.
    while (recordSize > 0 && options.maxBatch === undefined && maxBatch > 1 && networkRecordsElements(layers, maxBatch) > maxBufferElements(this.limits)) maxBatch--;
    this.maxBatch = maxBatch;
    const recordsElements = networkRecordsElements(layers, maxBatch);
    if (recordSize > 0) {
      checkBufferElements(this.limits, recordsElements, `The per-sample records of ${maxBatch} samples`, 'Use a smaller maxBatch.');
    }

    this.train = new GpuDataset(ctx, train, 'training');
    this.test = test ? new GpuDataset(ctx, test, 'test') : null;
    this.workspace = new MlpWorkspace(ctx, layers, this.maxBatch);
    this.placeholders = createPlaceholders(ctx);
    this.kernels = new MlpKernels(ctx, arch.activation, loss, this.placeholders);
    this.network =
      this.path === 'whole network'
        ? {
            kernels: new NetworkKernels(ctx, layers, arch.activation, loss, this.placeholders),
            records: ctx.createStorage(recordsElements, `per-sample records [${this.maxBatch} × ${recordSize}]`),
          }
        : null;
    const full = (role: DatasetRole, data: GpuDataset | null): SampleSet | null =>
      data && { role, count: data.n, indices: null, dispose: () => {} };
    this.fullSets = { train: full('train', this.train), test: full('test', this.test) };
  }

  /**
   * A sample set that keeps its indices on the GPU until disposed: upload once, use many times.
   * Without indices: every sample of the dataset, in order (nothing to dispose).
   */
  samples(indices?: ArrayLike<number>, role: DatasetRole = 'train'): SampleSet {
    this.alive();
    const data = this.dataset(role);
    if (indices === undefined) return this.fullSets[role]!;
    const list = this.checkIndices(indices, data);
    const buffer = this.ctx.createStorage(list.length, `${role} sample indices (${list.length})`);
    this.ctx.device.queue.writeBuffer(buffer, 0, list);
    let live = true;
    return {
      role,
      count: list.length,
      indices: buffer,
      dispose: () => {
        if (live) buffer.destroy();
        live = false;
      },
    };
  }

  /** Loss and accuracy; `role` picks the dataset when `samples` is not a SampleSet. */
  async evaluate(theta: GpuVector, samples?: SampleSelection, role: DatasetRole = 'train'): Promise<MlpEvaluation> {
    const set = this.resolve(samples, role);
    const batch = this.ctx.batch('mlp evaluate');
    this.encodeEvaluate(batch, theta, set);
    batch.submit();
    return this.readTotals(set.count);
  }

  /** grad ← ∇L(θ) over the samples; resolves to the loss L(θ). */
  async gradient(theta: GpuVector, grad: GpuVector, samples?: SampleSelection): Promise<number> {
    const set = this.resolve(samples);
    const batch = this.ctx.batch('mlp gradient');
    this.encodeGradient(batch, theta, grad, set);
    batch.submit();
    return (await this.readTotals(set.count)).loss;
  }

  /**
   * grad ← ∇L(θ) over the samples with labels drawn from the model itself, from the counter stream
   * with key `labelKey` (Sophia-G; twin: src/math/sampled-labels.ts). Submitted, not awaited.
   */
  sampledGradient(theta: GpuVector, grad: GpuVector, samples: SampleSelection, labelKey: number): void {
    const set = this.resolve(samples);
    const batch = this.ctx.batch('mlp sampled-label gradient');
    this.checkVector(theta, 'theta');
    this.checkOutput(grad, 'grad', [theta]);
    this.forEachChunk(batch, set, (chunk) => {
      this.encodeForward(batch, theta, chunk, false);
      this.encodeLossHead(batch, 'sampled_gradient', set, chunk, undefined, this.workspace.layer(this.depth).delta, labelKey);
      this.encodeBackward(batch, theta, chunk.rows);
      this.encodeWeightSums(batch, chunk, grad, (l) => this.workspace.layer(l).delta, null);
    });
    batch.submit();
  }

  /** out ← H v (Pearlmutter's R-operator, exact up to f32 rounding). Submitted, not awaited. */
  hvp(theta: GpuVector, v: GpuVector, out: GpuVector, samples?: SampleSelection): void {
    this.product('hessian', theta, v, out, samples);
  }

  /** out ← G v = mean Jᵀ H_out J v. */
  ggnVector(theta: GpuVector, v: GpuVector, out: GpuVector, samples?: SampleSelection): void {
    this.product('ggn', theta, v, out, samples);
  }

  /** out ← F v = (1/N) Σ gᵢ (gᵢᵀ v), the empirical Fisher. */
  fisherVector(theta: GpuVector, v: GpuVector, out: GpuVector, samples?: SampleSelection): void {
    this.product('fisher', theta, v, out, samples);
  }

  product(kind: ProductKind, theta: GpuVector, v: GpuVector, out: GpuVector, samples?: SampleSelection): void {
    const set = this.resolve(samples);
    const batch = this.ctx.batch(`mlp ${kind} product`);
    this.encodeProduct(batch, kind, theta, v, out, set);
    batch.submit();
  }

  encodeEvaluate(batch: ComputeBatch, theta: GpuVector, set: SampleSet): void {
    this.checkVector(theta, 'theta');
    if (this.network) return this.encodeNetwork(batch, 'evaluate', theta, null, null, set);
    this.forEachChunk(batch, set, (chunk) => {
      this.encodeForward(batch, theta, chunk, false);
      this.encodeLossHead(batch, 'evaluate', set, chunk);
      this.encodeTotals(batch, chunk);
    });
  }

  encodeGradient(batch: ComputeBatch, theta: GpuVector, grad: GpuVector, set: SampleSet): void {
    this.checkVector(theta, 'theta');
    this.checkOutput(grad, 'grad', [theta]);
    if (this.network) return this.encodeNetwork(batch, 'gradient', theta, null, grad, set);
    this.forEachChunk(batch, set, (chunk) => {
      this.encodeForward(batch, theta, chunk, false);
      this.encodeLossHead(batch, 'gradient', set, chunk);
      this.encodeTotals(batch, chunk);
      this.encodeBackward(batch, theta, chunk.rows);
      this.encodeWeightSums(batch, chunk, grad, (l) => this.workspace.layer(l).delta, null);
    });
  }

  encodeProduct(batch: ComputeBatch, kind: ProductKind, theta: GpuVector, v: GpuVector, out: GpuVector, set: SampleSet): void {
    this.checkVector(theta, 'theta');
    this.checkVector(v, 'v');
    this.checkOutput(out, 'out', [theta, v]);
    if (this.network && kind === 'hessian') return this.encodeNetwork(batch, 'hessian', theta, v, out, set);
    const L = this.depth;
    const ws = this.workspace;
    this.forEachChunk(batch, set, (chunk) => {
      const rows = chunk.rows;
      const last = ws.layer(L);
      switch (kind) {
        case 'hessian':
          this.encodeForward(batch, theta, chunk, true);
          this.encodeLossHead(batch, 'gradient', set, chunk);
          this.encodeBackward(batch, theta, rows);
          this.encodeRForward(batch, theta, v, chunk);
          this.encodeLossHead(batch, 'output_hessian', set, chunk, last.rz, last.rdelta);
          this.encodeRBackward(batch, theta, v, rows);
          // (Hv)_W_l = R{Δ_l}ᵀA_{l−1} + Δ_lᵀR{A_{l−1}}, (Hv)_b_l = colsum R{Δ_l}.
          this.encodeWeightSums(batch, chunk, out, (l) => ws.layer(l).rdelta, (l) => ws.layer(l).delta);
          return;
        case 'ggn':
        case 'fisher':
          // Both are the ordinary backward pass of a modified Δ_L: H_out J v / N, or gᵢ(gᵢ·J v) / N.
          this.encodeForward(batch, theta, chunk, false);
          this.encodeRForward(batch, theta, v, chunk);
          this.encodeLossHead(batch, kind === 'ggn' ? 'output_hessian' : 'fisher', set, chunk, last.rz, last.delta);
          this.encodeBackward(batch, theta, rows);
          this.encodeWeightSums(batch, chunk, out, (l) => ws.layer(l).delta, null);
          return;
      }
    });
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.workspace.destroy();
    destroyPlaceholders(this.placeholders);
    this.train.destroy();
    this.test?.destroy();
    this.callIndices?.destroy();
    this.network?.records.destroy();
  }

  // ---- passes -------------------------------------------------------------------------------

  /**
   * Whole-network path: per chunk, every sample's record, then the sums over them into `out`
   * (gradient or HVP; none for evaluate) and the loss totals (not for the HVP).
   */
  private encodeNetwork(batch: ComputeBatch, mode: NetworkMode, theta: GpuVector, v: GpuVector | null, out: GpuVector | null, set: SampleSet): void {
    this.alive();
    const { kernels, records } = this.network!;
    const data = this.dataset(set.role);
    for (let start = 0; start < set.count; start += this.maxBatch) {
      const chunk: NetworkChunk = { rows: Math.min(this.maxBatch, set.count - start), base: start, indices: set.indices };
      kernels.rows(
        batch,
        mode,
        chunk,
        {
          theta: theta.buffer,
          thetaOffset: theta.offset,
          ...(v ? { v: v.buffer, vOffset: v.offset } : {}),
          inputs: data.x,
          labels: data.y,
          targetDim: data.targetDim,
          records,
        },
        1 / set.count,
      );
      kernels.sums(
        batch,
        mode === 'hessian',
        chunk.rows,
        { records, out: out?.buffer ?? this.placeholders.write[0], outOffset: out?.offset ?? 0, totals: this.workspace.totals },
        out ? this.parameterCount : 0,
        mode !== 'hessian',
        start > 0,
      );
    }
  }

  /** A_{l} of the chunk as a matmul operand (A_0: the inputs). */
  private activations(l: number, chunk: Chunk): MatrixRef {
    return l === 0 ? chunk.input : { buffer: this.workspace.layer(l).act, offset: 0 };
  }

  private weights(vector: GpuVector, l: number): MatrixRef {
    return { buffer: vector.buffer, offset: vector.offset + this.wOffset[l]! };
  }

  /** Z_l = A_{l−1}W_lᵀ + b_l; hidden: A_l = σ(Z_l), σ'(Z_l) and, for the HVP, σ''(Z_l). */
  private encodeForward(batch: ComputeBatch, theta: GpuVector, chunk: Chunk, second: boolean): void {
    const w = this.widths;
    for (let l = 1; l <= this.depth; l++) {
      const layer = this.workspace.layer(l);
      const rows = chunk.rows;
      encodeMatmul(batch, this.ctx, { m: rows, n: w[l]!, k: w[l - 1]!, transB: true }, this.activations(l - 1, chunk), this.weights(theta, l), {
        buffer: layer.act,
        offset: 0,
      });
      const bias = theta.offset + this.bOffset[l]!;
      if (l < this.depth) {
        this.kernels.elementwise(batch, 'forward_hidden', rows, w[l]!, { biasSrc: theta.buffer, x: layer.act, s1: layer.s1!, s2: layer.s2! }, bias, second ? 1 : 0);
      } else {
        this.kernels.elementwise(batch, 'add_bias', rows, w[l]!, { biasSrc: theta.buffer, x: layer.act }, bias);
      }
    }
  }

  /** From Δ_L (written by the loss head): D_l = Δ_{l+1}W_{l+1}, Δ_l = σ'(Z_l) ⊙ D_l for l = L−1..1. */
  private encodeBackward(batch: ComputeBatch, theta: GpuVector, rows: number): void {
    const w = this.widths;
    for (let l = this.depth; l >= 2; l--) {
      const above = this.workspace.layer(l);
      const below = this.workspace.layer(l - 1);
      encodeMatmul(batch, this.ctx, { m: rows, n: w[l - 1]!, k: w[l]! }, { buffer: above.delta, offset: 0 }, this.weights(theta, l), {
        buffer: below.d!,
        offset: 0,
      });
      this.kernels.elementwise(batch, 'scale_by_derivative', rows, w[l - 1]!, { x: below.d!, y: below.delta, s1: below.s1! });
    }
  }

  /** R{Z_l} = A_{l−1}V_lᵀ + R{A_{l−1}}W_lᵀ + c_l, R{A_l} = σ'(Z_l) ⊙ R{Z_l}; R{A_0} = 0. */
  private encodeRForward(batch: ComputeBatch, theta: GpuVector, v: GpuVector, chunk: Chunk): void {
    const w = this.widths;
    const rows = chunk.rows;
    for (let l = 1; l <= this.depth; l++) {
      const layer = this.workspace.layer(l);
      const shape = { m: rows, n: w[l]!, k: w[l - 1]!, transB: true };
      const rz = { buffer: layer.rz, offset: 0 };
      encodeMatmul(batch, this.ctx, shape, this.activations(l - 1, chunk), this.weights(v, l), rz);
      if (l > 1) {
        encodeMatmul(batch, this.ctx, { ...shape, accumulate: true }, { buffer: this.workspace.layer(l - 1).ra!, offset: 0 }, this.weights(theta, l), rz);
      }
      const bias = v.offset + this.bOffset[l]!;
      if (l < this.depth) {
        this.kernels.elementwise(batch, 'scale_by_derivative', rows, w[l]!, { biasSrc: v.buffer, x: layer.rz, y: layer.ra!, s1: layer.s1! }, bias, 1);
      } else {
        this.kernels.elementwise(batch, 'add_bias', rows, w[l]!, { biasSrc: v.buffer, x: layer.rz }, bias);
      }
    }
  }

  /**
   * From R{Δ_L}: R{Δ_l} = σ''(Z_l) ⊙ R{Z_l} ⊙ D_l + σ'(Z_l) ⊙ (Δ_{l+1}V_{l+1} + R{Δ_{l+1}}W_{l+1}).
   * Needs the forward pass with σ'', the backward pass and the R-forward pass of the same chunk.
   */
  private encodeRBackward(batch: ComputeBatch, theta: GpuVector, v: GpuVector, rows: number): void {
    const w = this.widths;
    for (let l = this.depth; l >= 2; l--) {
      const above = this.workspace.layer(l);
      const below = this.workspace.layer(l - 1);
      const shape = { m: rows, n: w[l - 1]!, k: w[l]! };
      const target = { buffer: below.rdelta, offset: 0 };
      encodeMatmul(batch, this.ctx, shape, { buffer: above.delta, offset: 0 }, this.weights(v, l), target);
      encodeMatmul(batch, this.ctx, { ...shape, accumulate: true }, { buffer: above.rdelta, offset: 0 }, this.weights(theta, l), target);
      this.kernels.elementwise(batch, 'r_backward_hidden', rows, w[l - 1]!, {
        x: below.rdelta,
        y: below.d!,
        s1: below.s1!,
        s2: below.s2!,
        u: below.rz,
      });
    }
  }

  /**
   * out_W_l (+)= E_lᵀA_{l−1} [+ F_lᵀR{A_{l−1}}], out_b_l (+)= colsum E_l: the sums over the
   * chunk's samples; the first chunk overwrites, later chunks add.
   */
  private encodeWeightSums(
    batch: ComputeBatch,
    chunk: Chunk,
    out: GpuVector,
    e: (l: number) => GPUBuffer,
    f: ((l: number) => GPUBuffer) | null,
  ): void {
    const w = this.widths;
    const rows = chunk.rows;
    for (let l = 1; l <= this.depth; l++) {
      const shape = { m: w[l]!, n: w[l - 1]!, k: rows, transA: true };
      const target = this.weights(out, l);
      encodeMatmul(batch, this.ctx, { ...shape, accumulate: !chunk.first }, { buffer: e(l), offset: 0 }, this.activations(l - 1, chunk), target);
      if (f && l > 1) {
        encodeMatmul(batch, this.ctx, { ...shape, accumulate: true }, { buffer: f(l), offset: 0 }, { buffer: this.workspace.layer(l - 1).ra!, offset: 0 }, target);
      }
      this.kernels.columnSums(batch, rows, w[l]!, e(l), out.buffer, out.offset + this.bOffset[l]!, !chunk.first);
    }
  }

  private encodeLossHead(
    batch: ComputeBatch,
    entry: LossHeadEntry,
    set: SampleSet,
    chunk: Chunk,
    u?: GPUBuffer,
    delta?: GPUBuffer,
    labelKey?: number,
  ): void {
    const data = this.dataset(set.role);
    const last = this.workspace.layer(this.depth);
    this.kernels.lossHead(
      batch,
      entry,
      {
        rows: chunk.rows,
        width: this.widths[this.depth]!,
        targetDim: data.targetDim,
        base: chunk.start,
        indices: set.indices,
        indexOffset: 0,
        scale: 1 / set.count,
        ...(labelKey !== undefined ? { labelKey } : {}),
      },
      {
        logits: last.act,
        labels: data.y,
        u,
        delta: delta ?? (entry === 'gradient' ? last.delta : undefined),
        stats: this.workspace.stats,
      },
    );
  }

  private encodeTotals(batch: ComputeBatch, chunk: Chunk): void {
    this.kernels.columnSums(batch, chunk.rows, 2, this.workspace.stats, this.workspace.totals, 0, !chunk.first);
  }

  private forEachChunk(batch: ComputeBatch, set: SampleSet, body: (chunk: Chunk) => void): void {
    this.alive();
    const data = this.dataset(set.role);
    const d = this.widths[0]!;
    for (let start = 0; start < set.count; start += this.maxBatch) {
      const rows = Math.min(this.maxBatch, set.count - start);
      let input: MatrixRef;
      if (set.indices) {
        this.kernels.gather(batch, rows, d, data.x, set.indices, start, this.workspace.inputs);
        input = { buffer: this.workspace.inputs, offset: 0 };
      } else {
        input = { buffer: data.x, offset: start * d };
      }
      body({ start, rows, first: start === 0, input });
    }
  }

  private async readTotals(count: number): Promise<MlpEvaluation> {
    const totals = await this.ctx.readF32(this.workspace.totals, 2);
    return { loss: totals[0]! / count, accuracy: this.loss === 'mse' ? NaN : totals[1]! / count };
  }

  // ---- checks -------------------------------------------------------------------------------

  private resolve(samples: SampleSelection, role: DatasetRole = 'train'): SampleSet {
    this.alive();
    if (isSampleSet(samples)) {
      this.dataset(samples.role);
      return samples;
    }
    const data = this.dataset(role);
    if (samples === undefined) return this.fullSets[role]!;
    // A per-call list goes to a buffer kept across calls; queue order makes re-writing it safe.
    const list = this.checkIndices(samples, data);
    if (list.length > this.callIndicesCapacity) {
      this.callIndices?.destroy();
      this.callIndicesCapacity = Math.max(list.length, 2 * this.callIndicesCapacity, 1024);
      this.callIndices = this.ctx.createStorage(this.callIndicesCapacity, 'per-call sample indices');
    }
    this.ctx.device.queue.writeBuffer(this.callIndices!, 0, list);
    return { role, count: list.length, indices: this.callIndices, dispose: () => {} };
  }

  private checkIndices(indices: ArrayLike<number>, data: GpuDataset): Uint32Array {
    if (indices.length === 0) throw new Error('indices: empty; the mean loss needs at least one sample');
    checkBufferElements(this.limits, indices.length, `A list of ${indices.length} sample indices`, 'Use fewer samples per call.');
    const list = new Uint32Array(indices.length);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      if (!Number.isInteger(i) || i < 0 || i >= data.n) {
        throw new Error(`indices[${k}] = ${i}: must be an integer sample index in [0, ${data.n})`);
      }
      list[k] = i;
    }
    return list;
  }

  private dataset(role: DatasetRole): GpuDataset {
    if (role === 'train') return this.train;
    if (!this.test) throw new Error('this model was built without a test set');
    return this.test;
  }

  private checkVector(v: GpuVector, name: string): void {
    if (v.length !== this.parameterCount) {
      throw new Error(`${name}: expected a vector of ${this.parameterCount} parameters, got ${v.length}`);
    }
  }

  /** An output must not share a buffer with an input: it is written while they are read. */
  private checkOutput(out: GpuVector, name: string, inputs: readonly GpuVector[]): void {
    this.checkVector(out, name);
    if (inputs.some((input) => input.buffer === out.buffer)) {
      throw new Error(`${name}: must be a different vector (buffer) from the inputs θ and v`);
    }
  }

  private alive(): void {
    if (this.destroyed) throw new Error('this MlpGpu was destroyed');
    this.ctx.assertAlive();
  }
}

function isSampleSet(s: SampleSelection): s is SampleSet {
  return typeof s === 'object' && s !== null && 'role' in s && 'count' in s && 'dispose' in s;
}
