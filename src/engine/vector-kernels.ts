/**
 * The vector kernel family Lanczos and Hutchinson stand on: deterministic dot products (two-stage
 * tree reduction), axpy, scale and counter-based random fills. Pipelines are created lazily by the
 * context's cache; the reduction scratch is allocated once per family instance.
 */
import { streamKey, type RandomKind } from '../math/rng.ts';
import type { ComputeBatch } from './compute-batch.ts';
import { linearDispatch } from './dispatch-shape.ts';
import type { GpuContext } from './gpu-context.ts';
import { REDUCE_PARTIALS, WORKGROUP_SIZE } from './layouts.ts';

/** A range of f32 values inside a storage buffer. */
export interface GpuVector {
  readonly buffer: GPUBuffer;
  /** First element (not byte) of the range. */
  readonly offset: number;
  readonly length: number;
}

const RANDOM_KIND_CODE: Record<RandomKind, number> = { rademacher: 0, gaussian: 1, uniform: 2 };

export class VectorKernels {
  /** Dot products computed per read-back; larger requests are split. */
  readonly slots: number;
  private readonly partials: GPUBuffer;
  private readonly results: GPUBuffer;

  constructor(
    private readonly ctx: GpuContext,
    slots = 128,
  ) {
    this.slots = slots;
    this.partials = ctx.createStorage(slots * REDUCE_PARTIALS, 'dot partials');
    this.results = ctx.createStorage(slots, 'dot results');
  }

  private linear(name: string) {
    return this.ctx.pipelines.kernel(name, { WG: WORKGROUP_SIZE.linear });
  }

  encodeAxpy(batch: ComputeBatch, alpha: number, x: GpuVector, y: GpuVector): void {
    assertSameLength(x, y, 'axpy');
    const [gx, gy] = linearDispatch(x.length, WORKGROUP_SIZE.linear);
    batch.dispatch(
      this.linear('linalg/axpy'),
      { n: x.length, alpha, offset_x: x.offset, offset_y: y.offset },
      [x.buffer, y.buffer],
      gx,
      gy,
    );
  }

  encodeScale(batch: ComputeBatch, alpha: number, x: GpuVector): void {
    const [gx, gy] = linearDispatch(x.length, WORKGROUP_SIZE.linear);
    batch.dispatch(this.linear('linalg/scale'), { n: x.length, alpha, offset: x.offset }, [x.buffer], gx, gy);
  }

  encodeFill(batch: ComputeBatch, v: GpuVector, kind: RandomKind, seed: number, stream: number): void {
    const [gx, gy] = linearDispatch(v.length, WORKGROUP_SIZE.linear);
    batch.dispatch(
      this.linear('rng/fill'),
      { n: v.length, key: streamKey(seed, stream), kind: RANDOM_KIND_CODE[kind], offset: v.offset },
      [v.buffer],
      gx,
      gy,
    );
  }

  /** Encodes a·b into result slot `slot` (read back by readResults). */
  encodeDot(batch: ComputeBatch, a: GpuVector, b: GpuVector, slot: number): void {
    assertSameLength(a, b, 'dot');
    if (slot < 0 || slot >= this.slots) throw new Error(`dot slot ${slot} outside 0..${this.slots - 1}`);
    const groups = Math.max(1, Math.min(REDUCE_PARTIALS, Math.ceil(a.length / WORKGROUP_SIZE.reduce)));
    const partialOffset = slot * REDUCE_PARTIALS;
    batch.dispatch(
      this.ctx.pipelines.kernel('linalg/dot_partial', { WG: WORKGROUP_SIZE.reduce }),
      { n: a.length, offset_a: a.offset, offset_b: b.offset, partial_offset: partialOffset, groups },
      [a.buffer, b.buffer, this.partials],
      groups,
    );
    batch.dispatch(
      this.ctx.pipelines.kernel('linalg/reduce_final', { WG: REDUCE_PARTIALS }),
      { count: groups, partial_offset: partialOffset, out_index: slot },
      [this.partials, this.results],
      1,
    );
  }

  async readResults(count: number): Promise<Float64Array> {
    return Float64Array.from(await this.ctx.readF32(this.results, count));
  }

  /** All the dot products, in order, with one read-back per `slots` of them. */
  async dots(pairs: readonly (readonly [GpuVector, GpuVector])[]): Promise<Float64Array> {
    const out = new Float64Array(pairs.length);
    for (let start = 0; start < pairs.length; start += this.slots) {
      const chunk = pairs.slice(start, start + this.slots);
      const batch = this.ctx.batch('dots');
      chunk.forEach(([a, b], slot) => this.encodeDot(batch, a, b, slot));
      batch.submit();
      out.set(await this.readResults(chunk.length), start);
    }
    return out;
  }

  async dot(a: GpuVector, b: GpuVector): Promise<number> {
    return (await this.dots([[a, b]]))[0]!;
  }

  destroy(): void {
    this.partials.destroy();
    this.results.destroy();
  }
}

function assertSameLength(a: GpuVector, b: GpuVector, op: string): void {
  if (a.length !== b.length) throw new Error(`${op}: vector lengths differ (${a.length} vs ${b.length})`);
}
