/** The VectorBackend of f32 vectors in GPU storage buffers, over the engine's vector kernels. */
import type { GpuContext } from '../engine/gpu-context.ts';
import { VectorKernels, type GpuVector } from '../engine/vector-kernels.ts';
import type { RandomKind } from '../math/rng.ts';
import { adapterSummary } from '../engine/adapter-report.ts';
import type { GramSchmidtCoefficients } from '../math/gram-schmidt.ts';
import type { VectorBackend } from './operator.ts';

export class GpuVectorBackend implements VectorBackend<GpuVector> {
  readonly label: string;
  readonly kernels: VectorKernels;
  /**
   * Two steps queued ahead keep the device busy while one step's coefficients come back (each
   * read-back waits on the whole queue, and in a browser crosses to the GPU process), while an
   * abort still stops within two products.
   */
  readonly lookahead = 2;

  constructor(
    readonly ctx: GpuContext,
    readonly size: number,
  ) {
    this.kernels = new VectorKernels(ctx);
    this.label = `WebGPU f32 (${adapterSummary(ctx.adapter)})`;
  }

  /** Vectors that share a buffer (made by createMany), and how many of each buffer are not yet freed. */
  private readonly sharedBuffers = new Map<GPUBuffer, number>();

  create(): GpuVector {
    return { buffer: this.ctx.createStorage(this.size, 'vector'), offset: 0, length: this.size };
  }

  /**
   * `count` vectors stored one after another in as few buffers as the binding limit allows, so that
   * dots and subtractCombination over them take a dispatch or two instead of one or two per vector.
   */
  createMany(count: number): GpuVector[] {
    const perBuffer = Math.max(1, Math.floor(this.ctx.device.limits.maxStorageBufferBindingSize / (4 * this.size)));
    const vectors: GpuVector[] = [];
    for (let first = 0; first < count; first += perBuffer) {
      const inBuffer = Math.min(perBuffer, count - first);
      const buffer = this.ctx.createStorage(inBuffer * this.size, `${inBuffer} vectors`);
      this.sharedBuffers.set(buffer, inBuffer);
      for (let i = 0; i < inBuffer; i++) vectors.push({ buffer, offset: i * this.size, length: this.size });
    }
    return vectors;
  }

  free(v: GpuVector): void {
    const left = this.sharedBuffers.get(v.buffer);
    if (left === undefined) {
      v.buffer.destroy();
      return;
    }
    if (left > 1) this.sharedBuffers.set(v.buffer, left - 1);
    else {
      this.sharedBuffers.delete(v.buffer);
      v.buffer.destroy();
    }
  }

  write(v: GpuVector, data: ArrayLike<number>): void {
    if (data.length !== v.length) throw new Error(`write: expected ${v.length} values, got ${data.length}`);
    this.ctx.writeF32(v.buffer, data, v.offset);
  }

  async read(v: GpuVector): Promise<Float64Array> {
    return Float64Array.from(await this.ctx.readF32(v.buffer, v.length, v.offset));
  }

  copy(src: GpuVector, dst: GpuVector): void {
    this.ctx.batch('copy').copy(src.buffer, src.offset * 4, dst.buffer, dst.offset * 4, src.length * 4).submit();
  }

  fill(v: GpuVector, kind: RandomKind, seed: number, stream: number): void {
    const batch = this.ctx.batch('fill');
    this.kernels.encodeFill(batch, v, kind, seed, stream);
    batch.submit();
  }

  axpy(alpha: number, x: GpuVector, y: GpuVector): void {
    const batch = this.ctx.batch('axpy');
    this.kernels.encodeAxpy(batch, alpha, x, y);
    batch.submit();
  }

  scale(alpha: number, x: GpuVector): void {
    const batch = this.ctx.batch('scale');
    this.kernels.encodeScale(batch, alpha, x);
    batch.submit();
  }

  dot(a: GpuVector, b: GpuVector): Promise<number> {
    return this.kernels.dot(a, b);
  }

  dotSegments(a: GpuVector, b: GpuVector, offsets: readonly number[]): Promise<Float64Array> {
    const pairs: [GpuVector, GpuVector][] = [];
    for (let i = 0; i + 1 < offsets.length; i++) {
      const start = offsets[i]!;
      const length = offsets[i + 1]! - start;
      pairs.push([
        { buffer: a.buffer, offset: a.offset + start, length },
        { buffer: b.buffer, offset: b.offset + start, length },
      ]);
    }
    return this.kernels.dots(pairs);
  }

  dots(qs: readonly GpuVector[], w: GpuVector): Promise<Float64Array> {
    return this.kernels.dotsWith(qs, w);
  }

  subtractCombination(qs: readonly GpuVector[], c: ArrayLike<number>, w: GpuVector): void {
    this.kernels.combination(qs, Array.from(c, (x) => -x), w);
  }

  gramSchmidtTwice(qs: readonly GpuVector[], w: GpuVector, next: GpuVector | undefined): Promise<GramSchmidtCoefficients> {
    return this.kernels.gramSchmidtTwice(qs, w, next);
  }

  destroy(): void {
    this.kernels.destroy();
  }
}
