/**
 * The vector kernel family Lanczos and Hutchinson stand on: deterministic dot products (two-stage
 * tree reduction), axpy, scale and counter-based random fills. Pipelines are created lazily by the
 * context's cache; the reduction scratch is allocated once per family instance.
 */
import { streamKey, type RandomKind } from '../math/rng.ts';
import type { ComputeBatch } from './compute-batch.ts';
import { linearDispatch } from './dispatch-shape.ts';
import type { GpuContext } from './gpu-context.ts';
import type { GramSchmidtCoefficients } from '../math/gram-schmidt.ts';
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
  /** Coefficients of `combination`, grown when a longer list comes. */
  private coefficients: GPUBuffer | null = null;
  private coefficientCapacity = 0;
  /**
   * Buffers of gramSchmidtTwice calls whose read-back has finished, for reuse: Lanczos calls it every
   * step, with a few calls in flight, and creating two buffers per step cost a noticeable part of a
   * small model's step.
   */
  private readonly idleGramSchmidt: GramSchmidtBuffers[] = [];
  private destroyed = false;

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

  /**
   * Encodes a·b into result slot `slot` (read back by readResults): the barrier-free chunked sums of
   * encodeBlockDots with a as a run of one vector (a tree reduction with workgroup barriers cost
   * ~0.3 s of pipeline compilation on SwiftShader at page start, and no less time per dot).
   */
  encodeDot(batch: ComputeBatch, a: GpuVector, b: GpuVector, slot: number): void {
    assertSameLength(a, b, 'dot');
    if (slot < 0 || slot >= this.slots) throw new Error(`dot slot ${slot} outside 0..${this.slots - 1}`);
    this.encodeBlockDots(batch, { buffer: a.buffer, offset: a.offset, length: a.length, count: 1, index: 0 }, b, slot);
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

  /**
   * [q_0·x, q_1·x, ...] with one read-back per `slots` of them. Vectors stored one after another in
   * one buffer (see GpuVectorBackend.createMany) take two dispatches per run, however many there
   * are, and no workgroup barriers (block_dots_*.wgsl), which is what makes Lanczos's
   * reorthogonalization cheap on SwiftShader; the sums are chunked, not the tree of `dots`.
   */
  async dotsWith(qs: readonly GpuVector[], x: GpuVector): Promise<Float64Array> {
    const out = new Float64Array(qs.length);
    for (let start = 0; start < qs.length; start += this.slots) {
      const chunk = qs.slice(start, start + this.slots);
      const batch = this.ctx.batch('dots with one vector');
      for (const run of contiguousRuns(chunk)) this.encodeBlockDots(batch, run, x, run.index);
      out.set(await this.submitAndRead(batch, chunk.length), start);
    }
    return out;
  }

  /**
   * Submits the batch with the copy of `count` results to a staging buffer at its end: one submit
   * for the products and their read-back (on SwiftShader every submit costs milliseconds).
   */
  private async submitAndRead(batch: ComputeBatch, count: number): Promise<Float64Array> {
    const staging = this.ctx.device.createBuffer({ label: 'dot results read back', size: 4 * count, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      batch.copy(this.results, 0, staging, 0, 4 * count);
      batch.submit();
      return Float64Array.from(await this.ctx.readStaging(staging, count));
    } catch (error) {
      this.ctx.assertAlive();
      throw error;
    } finally {
      staging.destroy();
    }
  }

  /**
   * Encodes q_i·x for the vectors of `run` into out[outOffset + i], and with `selfDot` x·x after
   * them, into out[outOffset + run.count]; the partial sums use scratch slots from `slot` (by
   * default out is the results buffer that readResults reads).
   */
  encodeBlockDots(batch: ComputeBatch, run: VectorRun, x: GpuVector, slot: number, out = this.results, outOffset = slot, selfDot = false): void {
    if (run.length !== x.length) throw new Error(`dots: vector lengths differ (${run.length} vs ${x.length})`);
    const rows = run.count + (selfDot ? 1 : 0);
    if (slot < 0 || slot + rows > this.slots) throw new Error(`dot slots ${slot}..${slot + rows - 1} outside 0..${this.slots - 1}`);
    const n = run.length;
    // At most REDUCE_PARTIALS chunks per vector, so that its partials fit its slot of the scratch.
    const chunk = Math.max(BLOCK_DOT_CHUNK, Math.ceil(n / REDUCE_PARTIALS));
    const chunks = Math.max(1, Math.ceil(n / chunk));
    const [gx, gy] = linearDispatch(rows * chunks, WORKGROUP_SIZE.serialReduce);
    const first = { n, count: run.count, chunk, chunks, offset_q: run.offset, stride: run.length, offset_x: x.offset, self_dot: selfDot ? 1 : 0 };
    // One chunk per vector: its partial sum is the product, written straight to `out` (a Lanczos
    // step of a small model makes two such dispatches; each costs a fraction of its HVP on SwiftShader).
    if (chunks === 1) {
      batch.dispatch(this.ctx.pipelines.kernel('linalg/block_dots_partial', { WG: WORKGROUP_SIZE.serialReduce }), { ...first, partial_offset: outOffset, partial_stride: 1 }, [run.buffer, x.buffer, out], gx, gy);
      return;
    }
    const partials = { partial_offset: slot * REDUCE_PARTIALS, partial_stride: REDUCE_PARTIALS };
    batch.dispatch(
      this.ctx.pipelines.kernel('linalg/block_dots_partial', { WG: WORKGROUP_SIZE.serialReduce }),
      { ...first, ...partials },
      [run.buffer, x.buffer, this.partials],
      gx,
      gy,
    );
    batch.dispatch(
      this.ctx.pipelines.kernel('linalg/block_dots_final', { WG: WORKGROUP_SIZE.serialReduce }),
      { count: rows, chunks, ...partials, out_offset: outOffset },
      [this.partials, out],
      Math.ceil(rows / WORKGROUP_SIZE.serialReduce),
    );
  }

  /**
   * Encodes [q_0·x, q_1·x, ...] into out[outOffset ..], `slots` vectors at a time through the
   * scratch, and with `selfDot` x·x after them (in the last run's dispatch when its slots have room).
   */
  private encodeDotsInto(batch: ComputeBatch, qs: readonly GpuVector[], x: GpuVector, out: GPUBuffer, outOffset: number, selfDot = false): void {
    let selfDone = !selfDot;
    for (let start = 0; start < qs.length; start += this.slots) {
      const runs = contiguousRuns(qs.slice(start, start + this.slots));
      runs.forEach((run, r) => {
        const withSelf = !selfDone && start + this.slots >= qs.length && r === runs.length - 1 && run.index + run.count < this.slots;
        this.encodeBlockDots(batch, run, x, run.index, out, outOffset + start + run.index, withSelf);
        selfDone ||= withSelf;
      });
    }
    if (!selfDone) this.encodeBlockDots(batch, { buffer: x.buffer, offset: x.offset, length: x.length, count: 1, index: 0 }, x, 0, out, outOffset + qs.length);
  }

  /**
   * Encodes w ← w + scale·Σ c_i q_i with c_i = coefficients[offset + i] (scale ±1): one dispatch per
   * run of vectors stored one after another, the terms added in order as `qs.length` axpys would.
   * With `normalizeInto` (the vectors one run, `next` in their buffer outside them) the same dispatch
   * also writes next ← w / sqrt(ww − Σ c_i²), ww = coefficients[normalizeInto.offsetWw].
   */
  private encodeCombination(
    batch: ComputeBatch,
    qs: readonly GpuVector[],
    coefficients: GPUBuffer,
    offset: number,
    scale: 1 | -1,
    w: GpuVector,
    normalizeInto?: { readonly next: GpuVector; readonly offsetWw: number },
  ): void {
    const runs = contiguousRuns(qs);
    if (normalizeInto && !liesBesideOneRun(normalizeInto.next, runs)) {
      throw new Error('combination: the normalized vector must lie in the buffer of the vectors combined (one run), outside them');
    }
    if (normalizeInto && normalizeInto.next.length !== w.length) throw new Error(`combination: vector lengths differ (${normalizeInto.next.length} vs ${w.length})`);
    for (const run of runs) {
      if (run.length !== w.length) throw new Error(`combination: vector lengths differ (${run.length} vs ${w.length})`);
      if (run.buffer === w.buffer) {
        throw new Error('combination: w shares a buffer with the vectors combined (WebGPU cannot write a buffer the same pass reads)');
      }
      const [gx, gy] = linearDispatch(w.length, WORKGROUP_SIZE.linear);
      batch.dispatch(
        this.ctx.pipelines.kernel('linalg/combination', { WG: WORKGROUP_SIZE.linear, NORMALIZE: normalizeInto ? 1 : 0 }),
        {
          n: w.length,
          count: run.count,
          offset_q: run.offset,
          stride: run.length,
          offset_w: w.offset,
          offset_c: offset + run.index,
          scale,
          offset_ww: normalizeInto?.offsetWw ?? 0,
          offset_next: normalizeInto?.next.offset ?? 0,
        },
        [run.buffer, coefficients, w.buffer],
        gx,
        gy,
      );
    }
  }

  /**
   * w ← w + Σ alpha_i q_i, submitted. The coefficients go through a small buffer written before
   * the batch is submitted, so each call submits its own batch.
   */
  combination(qs: readonly GpuVector[], alpha: ArrayLike<number>, w: GpuVector): void {
    if (alpha.length !== qs.length) throw new Error(`combination: ${qs.length} vectors but ${alpha.length} coefficients`);
    if (qs.length === 0) return;
    if (qs.length > this.coefficientCapacity) {
      this.coefficients?.destroy();
      this.coefficientCapacity = Math.max(qs.length, 2 * this.coefficientCapacity, 128);
      this.coefficients = this.ctx.createStorage(this.coefficientCapacity, 'combination coefficients');
    }
    this.ctx.writeF32(this.coefficients!, Float32Array.from(alpha));
    const batch = this.ctx.batch('combination');
    this.encodeCombination(batch, qs, this.coefficients!, 0, 1, w);
    batch.submit();
  }

  /**
   * Lanczos's reorthogonalization in one submit with no read-back in between (see
   * VectorBackend.gramSchmidtTwice): the products land in a buffer of their own,
   * [first (k) | second (k) | ‖w‖² | 1/‖w‖], from which the combinations and the normalization of
   * `next` read them on the GPU; the returned promise reads the first 2k + 1 back.
   */
  gramSchmidtTwice(qs: readonly GpuVector[], w: GpuVector, next: GpuVector | undefined): Promise<GramSchmidtCoefficients> {
    const k = qs.length;
    const buffers = this.gramSchmidtBuffers(2 * k + 2);
    const { coefficients, staging } = buffers;
    const readBytes = 4 * (2 * k + 1);
    try {
      const batch = this.ctx.batch('Gram–Schmidt twice');
      this.encodeDotsInto(batch, qs, w, coefficients, 0);
      this.encodeCombination(batch, qs, coefficients, 0, -1, w);
      this.encodeDotsInto(batch, qs, w, coefficients, k, true);
      if (next !== undefined && liesBesideOneRun(next, contiguousRuns(qs))) {
        // The usual case (Lanczos's basis made by createMany): the second pass and the normalization in one dispatch.
        this.encodeCombination(batch, qs, coefficients, k, -1, w, { next, offsetWw: 2 * k });
      } else {
        this.encodeCombination(batch, qs, coefficients, k, -1, w);
        if (next !== undefined) {
          batch.dispatch(this.ctx.pipelines.kernel('linalg/inverse_norm_after_pass'), { count: k, offset_c: k, offset_ww: 2 * k, out_index: 2 * k + 1 }, [coefficients], 1);
          this.encodeCombination(batch, [w], coefficients, 2 * k + 1, 1, next);
        }
      }
      batch.copy(coefficients, 0, staging, 0, readBytes);
      batch.submit();
    } catch (error) {
      destroyGramSchmidtBuffers(buffers);
      throw error;
    }
    return this.ctx.readStaging(staging, 2 * k + 1).then(
      (values) => {
        if (this.destroyed) destroyGramSchmidtBuffers(buffers);
        else this.idleGramSchmidt.push(buffers);
        return { first: Float64Array.from(values.subarray(0, k)), second: Float64Array.from(values.subarray(k, 2 * k)), ww: values[2 * k]! };
      },
      (error: unknown) => {
        destroyGramSchmidtBuffers(buffers);
        throw error;
      },
    );
  }

  /** An idle pair of buffers holding at least `count` coefficients, or a new one. */
  private gramSchmidtBuffers(count: number): GramSchmidtBuffers {
    const at = this.idleGramSchmidt.findIndex((b) => b.capacity >= count);
    if (at >= 0) return this.idleGramSchmidt.splice(at, 1)[0]!;
    // Room for the next steps' longer lists: Lanczos adds one vector per step.
    const capacity = Math.max(64, 2 ** Math.ceil(Math.log2(count)));
    const coefficients = this.ctx.createStorage(capacity, 'Gram–Schmidt coefficients');
    const staging = this.ctx.device.createBuffer({ label: 'Gram–Schmidt coefficients read back', size: 4 * capacity, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    return { coefficients, staging, capacity };
  }

  destroy(): void {
    this.destroyed = true;
    this.partials.destroy();
    this.results.destroy();
    this.coefficients?.destroy();
    for (const buffers of this.idleGramSchmidt.splice(0)) destroyGramSchmidtBuffers(buffers);
  }
}

interface GramSchmidtBuffers {
  /** [first (k) | second (k) | ‖w‖² | 1/‖w‖] of gramSchmidtTwice, `capacity` floats. */
  readonly coefficients: GPUBuffer;
  readonly staging: GPUBuffer;
  readonly capacity: number;
}

function destroyGramSchmidtBuffers(buffers: GramSchmidtBuffers): void {
  buffers.coefficients.destroy();
  buffers.staging.destroy();
}

/**
 * Elements one invocation of block_dots_partial adds serially (more for vectors past 256 such
 * chunks). Vectors up to this long (models up to 1,024 parameters) take one dispatch per dot.
 */
const BLOCK_DOT_CHUNK = 1024;

/** `count` vectors of `length` stored one after another from `offset` in `buffer`; `index`: the first one's place in the list. */
export interface VectorRun {
  readonly buffer: GPUBuffer;
  readonly offset: number;
  readonly length: number;
  readonly count: number;
  readonly index: number;
}

/**
 * True when `runs` is one run and v lies in its buffer outside its vectors: a kernel may then read
 * the run and write v through one binding of that buffer.
 */
function liesBesideOneRun(v: GpuVector, runs: readonly VectorRun[]): boolean {
  const run = runs.length === 1 ? runs[0]! : undefined;
  return run !== undefined && v.buffer === run.buffer && (v.offset >= run.offset + run.count * run.length || v.offset + v.length <= run.offset);
}

/** Splits a list of vectors into maximal runs of vectors that follow one another in one buffer. */
export function contiguousRuns(vectors: readonly GpuVector[]): VectorRun[] {
  const runs: VectorRun[] = [];
  vectors.forEach((v, index) => {
    const last = runs[runs.length - 1];
    if (last && last.buffer === v.buffer && last.length === v.length && v.offset === last.offset + last.count * last.length) {
      runs[runs.length - 1] = { ...last, count: last.count + 1 };
    } else {
      runs.push({ buffer: v.buffer, offset: v.offset, length: v.length, count: 1, index });
    }
  });
  return runs;
}

function assertSameLength(a: GpuVector, b: GpuVector, op: string): void {
  if (a.length !== b.length) throw new Error(`${op}: vector lengths differ (${a.length} vs ${b.length})`);
}
