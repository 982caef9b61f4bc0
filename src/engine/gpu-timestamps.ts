/**
 * GPU time of one ComputeBatch from timestamp queries (the 'timestamp-query' feature): a timestamp
 * at the beginning of the batch's first compute pass and one at the end of its last, resolved and
 * read back on demand. Used by the benchmarks; normal runs never create one, so they pay nothing.
 * Devices without the feature get `null` from `create`, and callers fall back to the wall clock
 * and say so.
 */
import type { GpuContext } from './gpu-context.ts';

/** Where a batch writes its two timestamps (see ComputeBatch.submit). */
export interface TimestampWrites {
  readonly querySet: GPUQuerySet;
  readonly beginIndex: number;
  readonly endIndex: number;
}

export class GpuTimestamps {
  readonly writes: TimestampWrites;
  private readonly resolve: GPUBuffer;
  private readonly staging: GPUBuffer;

  /** A timer, or null when the device was created without 'timestamp-query'. */
  static create(ctx: GpuContext): GpuTimestamps | null {
    return ctx.device.features.has('timestamp-query') ? new GpuTimestamps(ctx) : null;
  }

  private constructor(private readonly ctx: GpuContext) {
    const { device } = ctx;
    this.writes = { querySet: device.createQuerySet({ type: 'timestamp', count: 2, label: 'batch timestamps' }), beginIndex: 0, endIndex: 1 };
    this.resolve = device.createBuffer({ label: 'timestamps resolved', size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    this.staging = device.createBuffer({ label: 'timestamps read back', size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  }

  /**
   * Milliseconds between the two timestamps of the last batch submitted with `writes`. Queue order
   * puts the resolve after that batch, so the read waits for it to finish.
   */
  async readMs(): Promise<number> {
    this.ctx.assertAlive();
    const encoder = this.ctx.device.createCommandEncoder({ label: 'resolve timestamps' });
    encoder.resolveQuerySet(this.writes.querySet, 0, 2, this.resolve, 0);
    encoder.copyBufferToBuffer(this.resolve, 0, this.staging, 0, 16);
    this.ctx.device.queue.submit([encoder.finish()]);
    await this.staging.mapAsync(GPUMapMode.READ);
    const [begin, end] = new BigUint64Array(this.staging.getMappedRange(0, 16));
    this.staging.unmap();
    return timestampSpanMs(begin!, end!);
  }

  destroy(): void {
    this.writes.querySet.destroy();
    this.resolve.destroy();
    this.staging.destroy();
  }
}

/**
 * Nanosecond timestamps to milliseconds. An implementation may return 0 for a timestamp it could
 * not take, and a reset counter can run backwards: both give NaN, never a made-up time.
 */
export function timestampSpanMs(begin: bigint, end: bigint): number {
  if (begin === 0n || end < begin) return NaN;
  return Number(end - begin) / 1e6;
}
