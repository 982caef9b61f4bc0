/**
 * Loss and accuracy at every point of a landscape grid, many points per dispatch. Each chunk of
 * grid points gets its parameters θ0 + α·d1 + β·d2 formed once per point (combine_weights of
 * shaders/landscape/grid_layer.wgsl), then one of two paths computes the logits of every point
 * and sample:
 *  - whole network (small models: every width ≤ 32 and at most 7 layers, the default experiment's
 *    among them): one kernel carries four samples through every layer in registers and computes
 *    their loss (shaders/landscape/grid_network.wgsl, its body generated per architecture by
 *    grid-network-code.ts, the loss from mlp/loss4);
 *  - layer by layer (larger models): grid_layer's main per dense layer over [points × samples]
 *    rows; the first layer, linear in its weights and fed the same inputs at every point, is
 *    U0 + α·U1 + β·U2 from the inputs' products with θ0, d1 and d2, computed once per grid.
 * The layer-by-layer path's loss reuses the MLP's loss head (mlp/loss_head evaluate), and
 * shaders/landscape/point_totals.wgsl sums each point's samples in a fixed order. Float64 twin:
 * evaluateSliceF64 (src/math/landscape.ts).
 *
 * Memory: two ping-pong activation buffers of [points × samples × widest layer] plus the sample
 * index of every row; the chunk is as many points as fit `maxChunkElements` per buffer. The
 * alternative, one point at a time, is the pointwise path of src/experiment/landscape-eval.ts.
 */
import { throwIfAborted } from '../../curvature/progress.ts';
import { checkGrid, gridCoordinates, type GridRunOptions, type GridValues, type LandscapeGrid } from '../../models/landscape-grid.ts';
import type { ComputeBatch } from '../compute-batch.ts';
import { linearDispatch } from '../dispatch-shape.ts';
import { withErrorScopes } from '../errors.ts';
import type { GpuContext } from '../gpu-context.ts';
import { WORKGROUP_SIZE } from '../layouts.ts';
import { maxBufferElements } from '../mlp/limits.ts';
import type { MlpGpu } from '../mlp/mlp-gpu.ts';
import { gridNetworkCode } from './grid-network-code.ts';
import { ACT_CODE, createPlaceholders, destroyPlaceholders, LOSS_CODE, MlpKernels, type Placeholders } from '../mlp/mlp-kernels.ts';

/** Elements per activation buffer by default: 64 MiB each keeps the two well inside any device. */
const DEFAULT_CHUNK_ELEMENTS = 16 * 2 ** 20;
/** Samples and output units one grid_layer invocation computes (ROWS, UNITS in shaders/landscape/grid_layer.wgsl). */
const GRID_LAYER_ROWS = 4;
const GRID_LAYER_UNITS = 4;
/**
 * Widest layer, input included, and most layers that shaders/landscape/grid_network.wgsl takes: its
 * invocations hold every value of a layer for 8 samples, and the logits array has room for 32.
 */
const GRID_NETWORK_MAX_WIDTH = 32;
const GRID_NETWORK_MAX_LAYERS = 7;
/**
 * vec4s of samples one grid_network invocation carries through the network (ROWS = 4 × this there):
 * two, so that each weight loaded serves 8 samples. Since the kernel computes the loss too, 51×51
 * grids are 10–20% faster than with one (measured alternated).
 */
const GRID_NETWORK_VECS = 2;
/** At least this many chunks when the grid is large enough, so that progress moves. */
const MIN_CHUNKS_FOR_PROGRESS = 8;

export interface LandscapeGpuOptions {
  /** Upper bound on the elements of one activation buffer (tests use small values to force chunks). */
  readonly maxChunkElements?: number;
}

interface ChunkBuffers {
  readonly ping: GPUBuffer;
  readonly pong: GPUBuffer;
  readonly rowSamples: GPUBuffer;
  /** U0, U1, U2 = X·V_mᵀ + bias_m of the first layer for V = θ0, d1, d2: [3, samples, layers[1]]. */
  readonly projections: GPUBuffer;
  /** Each point's weights and biases of the layer being evaluated (layers 2..L): [points, out·(in + 1)]. */
  readonly weights: GPUBuffer;
}

interface GridBuffers {
  readonly center: GPUBuffer;
  readonly directions: GPUBuffer;
  readonly coords: GPUBuffer;
  readonly totals: GPUBuffer;
}

export class LandscapeGpu {
  private readonly kernels: MlpKernels;
  private readonly placeholders: Placeholders;
  private readonly widths: readonly number[];
  private readonly widest: number;
  /**
   * Small models run whole in one kernel per chunk (grid_network), larger ones layer by layer
   * (grid_layer), where a wide input layer is projected once per grid.
   */
  readonly path: 'whole network' | 'layer by layer';
  /** What one point needs in ChunkBuffers.weights: all its parameters (whole network), or the largest layer's after the first. */
  private readonly weightsPerPoint: number;
  private destroyed = false;

  constructor(
    private readonly ctx: GpuContext,
    private readonly mlp: MlpGpu,
    private readonly options: LandscapeGpuOptions = {},
  ) {
    this.widths = mlp.arch.layers;
    // Stats rows [loss, correct] reuse an activation buffer, so it holds at least 2 per row.
    this.widest = Math.max(2, ...this.widths.slice(1));
    const small =
      this.widths.length - 1 <= GRID_NETWORK_MAX_LAYERS && Math.max(...this.widths) <= GRID_NETWORK_MAX_WIDTH;
    this.path = small ? 'whole network' : 'layer by layer';
    this.weightsPerPoint = small
      ? mlp.parameterCount
      : Math.max(1, ...this.widths.slice(2).map((out, i) => out * (this.widths[i + 1]! + 1)));
    this.placeholders = createPlaceholders(ctx);
    this.kernels = new MlpKernels(ctx, mlp.arch.activation, mlp.loss, this.placeholders);
  }

  /** Grid points per chunk for the training set: as many as fit one activation buffer. */
  chunkPoints(totalPoints: number): number {
    const samples = this.mlp.train.n;
    const cap = Math.min(this.options.maxChunkElements ?? DEFAULT_CHUNK_ELEMENTS, maxBufferElements(this.mlp.limits));
    const fit = Math.max(1, Math.floor(cap / Math.max(samples * this.widest, this.weightsPerPoint)));
    return Math.max(1, Math.min(fit, totalPoints, Math.ceil(totalPoints / MIN_CHUNKS_FOR_PROGRESS)));
  }

  /** Loss and accuracy on the whole training set at every grid point. */
  async evaluate(grid: LandscapeGrid, options: GridRunOptions = {}): Promise<GridValues> {
    if (this.destroyed) throw new Error('LandscapeGpu: used after destroy()');
    const P = this.mlp.parameterCount;
    checkGrid(grid, P);
    const coords = gridCoordinates(grid);
    const total = coords.length / 2;
    const samples = this.mlp.train.n;
    const chunk = this.chunkPoints(total);
    const rowsMax = chunk * samples;
    if (rowsMax * this.widest > maxBufferElements(this.mlp.limits)) {
      throw new Error(`landscape: one grid point needs ${samples * this.widest} values, more than one GPU buffer holds`);
    }
    const owned: GPUBuffer[] = [];
    const make = (elements: number, label: string): GPUBuffer => {
      const buffer = this.ctx.createStorage(elements, label);
      owned.push(buffer);
      return buffer;
    };
    try {
      return await withErrorScopes(this.ctx.device, 'landscape grid', async () => {
        const center = make(P, 'landscape center');
        const directions = make(2 * P, 'landscape directions');
        const coordBuffer = make(coords.length, 'landscape grid coordinates');
        const totals = make(2 * total, 'landscape totals');
        this.ctx.writeF32(center, Float32Array.from(grid.center));
        this.ctx.writeF32(directions, Float32Array.from(grid.d1));
        if (grid.d2) this.ctx.writeF32(directions, Float32Array.from(grid.d2), P);
        this.ctx.writeF32(coordBuffer, Float32Array.from(coords));
        const buffers: ChunkBuffers = {
          ping: make(rowsMax * this.widest, `landscape activations A [${chunk} points × ${samples} × ${this.widest}]`),
          pong: make(rowsMax * this.widest, `landscape activations B [${chunk} points × ${samples} × ${this.widest}]`),
          rowSamples: make(rowsMax, 'landscape row sample indices'),
          projections: make(3 * samples * this.widths[1]!, 'landscape first-layer projections'),
          weights: make(chunk * this.weightsPerPoint, `landscape per-point weights [${chunk} points × ${this.weightsPerPoint}]`),
        };
        const shared: GridBuffers = { center, directions, coords: coordBuffer, totals };
        // Row r of a chunk is sample r mod N of the training set (the loss head reads labels by index).
        const rowSample = new Uint32Array(rowsMax);
        for (let r = 0; r < rowsMax; r++) rowSample[r] = r % samples;
        this.ctx.device.queue.writeBuffer(buffers.rowSamples, 0, rowSample);

        // One chunk queued ahead of the one waited for, so that the GPU never idles while the next
        // chunk is encoded; progress is reported as each chunk completes.
        let previous: { done: Promise<void>; upTo: number } | null = null;
        for (let first = 0; first < total; first += chunk) {
          throwIfAborted(options.signal);
          const points = Math.min(chunk, total - first);
          const batch = this.ctx.batch('landscape grid chunk');
          if (this.path === 'whole network') {
            // The network kernel computes each row's loss too, into ping.
            this.encodeWholeNetwork(batch, shared, buffers, first, points);
            this.encodePointTotals(batch, shared, buffers.ping, first, points);
          } else {
            if (first === 0) this.encodeProjections(batch, shared, buffers);
            this.encodeLayers(batch, shared, buffers, first, points);
            this.encodeLoss(batch, shared, buffers, first, points, this.widths.length % 2 === 0 ? buffers.ping : buffers.pong);
          }
          batch.submit();
          const done = this.ctx.device.queue.onSubmittedWorkDone();
          if (previous) {
            await previous.done;
            options.onProgress?.(previous.upTo, total);
          }
          previous = { done, upTo: first + points };
        }
        if (previous) {
          await previous.done;
          options.onProgress?.(previous.upTo, total);
        }
        const sums = await this.ctx.readF32(totals, 2 * total);
        const loss = new Float64Array(total);
        const accuracy = new Float64Array(total);
        const regression = this.mlp.loss === 'mse';
        for (let g = 0; g < total; g++) {
          loss[g] = sums[2 * g]! / samples;
          accuracy[g] = regression ? NaN : sums[2 * g + 1]! / samples;
        }
        return { loss, accuracy };
      });
    } finally {
      for (const buffer of owned) buffer.destroy();
    }
  }

  /** The grid_layer params of dense layer l (1-based) for a chunk. */
  private layerParams(l: number, points: number, first: number): Record<string, number> {
    const inWidth = this.widths[l - 1]!;
    const outWidth = this.widths[l]!;
    const offset = this.mlp.layerOffsets[l - 1]!;
    return {
      points,
      samples: this.mlp.train.n,
      in_width: inWidth,
      out_width: outWidth,
      w_offset: offset,
      b_offset: offset + inWidth * outWidth,
      point_offset: first,
      param_count: this.mlp.parameterCount,
      // Hidden layers write σ(z); the output layer's logits go to the loss head as they are.
      activate: l < this.widths.length - 1 ? 1 : 0,
    };
  }

  private kernel(entry: 'main' | 'project_inputs' | 'combine_projections' | 'combine_weights') {
    return this.ctx.pipelines.kernel('landscape/grid_layer', { WG: WORKGROUP_SIZE.landscape, ACT: ACT_CODE[this.mlp.arch.activation] }, entry);
  }

  /** The first layer's products with θ0, d1 and d2, once per grid (see project_inputs). */
  private encodeProjections(batch: ComputeBatch, shared: GridBuffers, buffers: ChunkBuffers): void {
    const [gx, gy] = linearDispatch(3 * this.mlp.train.n * this.widths[1]!, WORKGROUP_SIZE.landscape);
    batch.dispatch(
      this.kernel('project_inputs'),
      this.layerParams(1, 0, 0),
      [shared.center, shared.directions, shared.coords, this.mlp.train.x, buffers.projections, buffers.weights],
      gx,
      gy,
    );
  }

  /** Small models: each point's parameters, then the whole network and its loss over the chunk: per-row [loss, correct] into ping. */
  private encodeWholeNetwork(batch: ComputeBatch, shared: GridBuffers, buffers: ChunkBuffers, first: number, points: number): void {
    const P = this.mlp.parameterCount;
    const samples = this.mlp.train.n;
    // All of θ as one "layer" of 1 × (P − 1) weights and 1 bias: P values per point.
    const combine = { ...this.layerParams(1, points, first), in_width: P - 1, out_width: 1, w_offset: 0, b_offset: P - 1 };
    const [wx, wy] = linearDispatch(P, WORKGROUP_SIZE.landscape);
    batch.dispatch(this.kernel('combine_weights'), combine, [shared.center, shared.directions, shared.coords, buffers.projections, buffers.pong, buffers.weights], wx, wy);
    const network = this.ctx.pipelines.kernel(
      'landscape/grid_network',
      {
        WG: WORKGROUP_SIZE.landscape,
        ACT: ACT_CODE[this.mlp.arch.activation],
        LOSS: LOSS_CODE[this.mlp.loss],
        OUT_COUNT: this.widths[this.widths.length - 1]!,
        ROWS: 4 * GRID_NETWORK_VECS,
      },
      'main',
      gridNetworkCode(this.widths, GRID_NETWORK_VECS),
    );
    const [gx, gy] = linearDispatch(points * Math.ceil(samples / (4 * GRID_NETWORK_VECS)), WORKGROUP_SIZE.landscape);
    batch.dispatch(
      network,
      { points, samples, param_count: P, target_dim: this.mlp.train.targetDim },
      [buffers.weights, this.mlp.train.x, this.mlp.train.y, buffers.ping],
      gx,
      gy,
    );
  }

  /** Larger models, layer by layer; the logits land in ping (L odd) or pong (L even). */
  private encodeLayers(batch: ComputeBatch, shared: GridBuffers, buffers: ChunkBuffers, first: number, points: number): void {
    const samples = this.mlp.train.n;
    const rows = points * samples;
    const L = this.widths.length - 1;
    // Layer l writes ping (l odd) or pong (l even) and reads the other, layer 1 the projections.
    const activations = [buffers.pong, buffers.ping];
    for (let l = 1; l <= L; l++) {
      const outWidth = this.widths[l]!;
      const params = this.layerParams(l, points, first);
      const input = l === 1 ? buffers.projections : activations[(l - 1) % 2]!;
      const bindings = [shared.center, shared.directions, shared.coords, input, activations[l % 2]!, buffers.weights];
      if (l === 1) {
        // Layer 1 combines the projections.
        const [gx, gy] = linearDispatch(rows * outWidth, WORKGROUP_SIZE.landscape);
        batch.dispatch(this.kernel('combine_projections'), params, bindings, gx, gy);
        continue;
      }
      // Later layers: each point's weights, then the layer over all its samples.
      const [wx, wy] = linearDispatch(outWidth * (this.widths[l - 1]! + 1), WORKGROUP_SIZE.landscape);
      batch.dispatch(this.kernel('combine_weights'), params, bindings, wx, wy);
      const [gx, gy] = linearDispatch(points * Math.ceil(samples / GRID_LAYER_ROWS) * Math.ceil(outWidth / GRID_LAYER_UNITS), WORKGROUP_SIZE.landscape);
      batch.dispatch(this.kernel('main'), params, bindings, gx, gy);
    }
  }

  /** Per-sample loss and correctness from the logits into the other activation buffer, then each point's sums. */
  private encodeLoss(batch: ComputeBatch, shared: GridBuffers, buffers: ChunkBuffers, first: number, points: number, logits: GPUBuffer): void {
    const samples = this.mlp.train.n;
    const stats = logits === buffers.ping ? buffers.pong : buffers.ping;
    this.kernels.lossHead(
      batch,
      'evaluate',
      { rows: points * samples, width: this.widths[this.widths.length - 1]!, targetDim: this.mlp.train.targetDim, base: 0, indices: buffers.rowSamples, indexOffset: 0, scale: 1 },
      { logits, labels: this.mlp.train.y, stats },
    );
    this.encodePointTotals(batch, shared, stats, first, points);
  }

  /** Each point's sums of the per-row [loss, correct] in `stats`. */
  private encodePointTotals(batch: ComputeBatch, shared: GridBuffers, stats: GPUBuffer, first: number, points: number): void {
    const samples = this.mlp.train.n;
    const totalsKernel = this.ctx.pipelines.kernel('landscape/point_totals', { WG: WORKGROUP_SIZE.landscape });
    batch.dispatch(
      totalsKernel,
      { points, samples, point_offset: first },
      [stats, shared.totals],
      Math.ceil(points / WORKGROUP_SIZE.landscape),
    );
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    destroyPlaceholders(this.placeholders);
  }
}
