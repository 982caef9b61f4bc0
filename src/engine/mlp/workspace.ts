/**
 * The per-sample arrays of the batched passes, allocated once per (architecture, max batch) and
 * reused by every call: products allocate nothing. Layers are numbered 1..L as in MATH.md; every
 * array is [maxBatch, width_l] row-major (a chunk of `rows` samples uses the first rows).
 *
 *   hidden l < L:  act = A_l (Z_l before the activation), s1 = σ'(Z_l), s2 = σ''(Z_l),
 *                  d = D_l = Δ_{l+1}W_{l+1}, delta = Δ_l, rz = R{Z_l}, ra = R{A_l},
 *                  rdelta = R{Δ_l} (first V_{l+1}ᵀδ + W_{l+1}ᵀR{δ}, then R{Δ_l} in place)
 *   output L:      act = Z_L (logits), delta = Δ_L, rz = R{Z_L}, rdelta = R{Δ_L}
 */
import { GpuLimitError } from '../errors.ts';
import type { GpuContext } from '../gpu-context.ts';
import { formatBytes } from '../gpu-context.ts';
import { WORKGROUP_SIZE } from '../layouts.ts';
import { checkBufferElements, maxBufferElements, type MlpLimits } from './limits.ts';

export interface LayerArrays {
  readonly act: GPUBuffer;
  readonly delta: GPUBuffer;
  readonly rz: GPUBuffer;
  readonly rdelta: GPUBuffer;
  /** Hidden layers only (null for the output layer). */
  readonly s1: GPUBuffer | null;
  readonly s2: GPUBuffer | null;
  readonly d: GPUBuffer | null;
  readonly ra: GPUBuffer | null;
}

/** Samples per chunk when the caller does not choose: enough to keep a GPU busy, small enough to fit. */
export const DEFAULT_MAX_BATCH = 4096;
/** The default chunk keeps the workspace under this many bytes. */
export const DEFAULT_WORKSPACE_BYTES = 512 * 2 ** 20;

/** f32 values per sample across all workspace arrays. */
export function workspaceElementsPerSample(layers: readonly number[]): number {
  const L = layers.length - 1;
  let total = layers[0]! + 2; // gathered inputs, [loss, correct]
  for (let l = 1; l < L; l++) total += 8 * layers[l]!;
  return total + 4 * layers[L]!;
}

/**
 * The chunk size: `requested` when given (a GpuLimitError if it does not fit), else the largest
 * that fits the limits and the default budget, at most DEFAULT_MAX_BATCH and the largest dataset.
 * `recordElements`: floats per sample of the whole-network path's records (0 when not used).
 */
export function chooseMaxBatch(layers: readonly number[], samples: number, limits: MlpLimits, requested?: number, recordElements = 0): number {
  const widest = Math.max(...layers, 2, recordElements);
  const perSample = workspaceElementsPerSample(layers);
  const maxRows = Math.min(
    Math.floor(maxBufferElements(limits) / widest),
    // Matmul workgroups along the sample dimension.
    limits.maxComputeWorkgroupsPerDimension * WORKGROUP_SIZE.matmulRows,
  );
  if (requested !== undefined) {
    if (!Number.isInteger(requested) || requested < 1) throw new Error(`maxBatch: must be a positive integer, got ${requested}`);
    checkBufferElements(
      limits,
      requested * widest,
      `maxBatch ${requested}: one per-sample array [${requested} × ${widest}] of the workspace`,
      `Use a maxBatch of at most ${Math.max(1, maxRows)} (larger sample sets are processed in chunks).`,
    );
    return requested;
  }
  if (maxRows < 1) {
    throw new GpuLimitError(
      `A layer of width ${widest} needs ${formatBytes(widest * 4)} per sample in one buffer, more than this GPU's ` +
        `${formatBytes(maxBufferElements(limits) * 4)}. Use narrower layers.`,
    );
  }
  const byBudget = Math.max(1, Math.floor(DEFAULT_WORKSPACE_BYTES / 4 / perSample));
  return Math.max(1, Math.min(DEFAULT_MAX_BATCH, samples, maxRows, byBudget));
}

export class MlpWorkspace {
  /** Indexed by layer 1..L (index 0 unused). */
  readonly layers: readonly (LayerArrays | null)[];
  /** Gathered input rows of a subset [maxBatch, layers[0]]. */
  readonly inputs: GPUBuffer;
  /** Per-sample [loss, correct] of the current chunk. */
  readonly stats: GPUBuffer;
  /** Σ over all chunks of [loss, correct]. */
  readonly totals: GPUBuffer;
  private readonly all: GPUBuffer[] = [];

  constructor(ctx: GpuContext, widths: readonly number[], readonly maxBatch: number) {
    const L = widths.length - 1;
    const make = (elements: number, label: string): GPUBuffer => {
      const buffer = ctx.createStorage(elements, label);
      this.all.push(buffer);
      return buffer;
    };
    const layers: (LayerArrays | null)[] = [null];
    for (let l = 1; l <= L; l++) {
      const size = maxBatch * widths[l]!;
      const name = (what: string) => `layer ${l} ${what} [${maxBatch} × ${widths[l]}]`;
      const hidden = l < L;
      layers.push({
        act: make(size, name(hidden ? 'A' : 'logits')),
        delta: make(size, name('Δ')),
        rz: make(size, name('R{Z}')),
        rdelta: make(size, name('R{Δ}')),
        s1: hidden ? make(size, name("σ'")) : null,
        s2: hidden ? make(size, name("σ''")) : null,
        d: hidden ? make(size, name('D')) : null,
        ra: hidden ? make(size, name('R{A}')) : null,
      });
    }
    this.layers = layers;
    this.inputs = make(maxBatch * widths[0]!, `gathered inputs [${maxBatch} × ${widths[0]}]`);
    this.stats = make(maxBatch * 2, 'per-sample loss and correctness');
    this.totals = make(2, 'loss and correctness totals');
  }

  layer(l: number): LayerArrays {
    const arrays = this.layers[l];
    if (!arrays) throw new Error(`workspace: no layer ${l}`);
    return arrays;
  }

  destroy(): void {
    for (const buffer of this.all) buffer.destroy();
    this.all.length = 0;
  }
}
