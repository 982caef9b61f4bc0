import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GpuVectorBackend } from '../curvature/gpu-vector-backend.ts';
import { absDot, axpy, dot, scale } from '../math/vector.ts';
import { fillRandom } from '../math/rng.ts';
import { Float64Backend } from '../math/cpu-backend.ts';
import { gramSchmidtTwiceNow } from '../math/gram-schmidt.ts';
import { withErrorScopes } from './errors.ts';
import type { GpuContext } from './gpu-context.ts';
import { acquireTestGpu } from './testing/node-gpu.ts';
import { contiguousRuns } from './vector-kernels.ts';

const SIZES = [1, 7, 33, 257, 65537, 1_000_000];
const F32_EPS = 2 ** -23;

/** f32-rounded test data, so the float64 reference sees exactly what the GPU sees. */
function f32Data(n: number, seed: number, stream: number): Float64Array {
  return Float64Array.from(Float32Array.from(fillRandom('gaussian', seed, stream, n)));
}

function distance(a: Float64Array, b: Float64Array): number {
  let sq = 0;
  for (let i = 0; i < a.length; i++) sq += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(sq);
}

function mismatches(a: Float64Array, b: Float64Array): number {
  let count = Math.abs(a.length - b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) count++;
  return count;
}

describe('vector kernels on a real WebGPU adapter', () => {
  let ctx: GpuContext;

  beforeAll(async () => {
    ctx = await acquireTestGpu();
  });
  afterAll(() => ctx?.destroy());

  it('runs on a named adapter and reports its limits', () => {
    expect(ctx.adapter.platform).toBe('node');
    expect(ctx.adapter.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 2 ** 20);
    expect(ctx.adapter.limits.maxComputeInvocationsPerWorkgroup).toBeGreaterThanOrEqual(256);
  });

  for (const n of SIZES) {
    it(`dot, axpy, scale match float64 at n = ${n}`, async () => {
      const backend = new GpuVectorBackend(ctx, n);
      const x = f32Data(n, 11, 1);
      const y = f32Data(n, 11, 2);
      await withErrorScopes(ctx.device, `vector ops n=${n}`, async () => {
        const gx = backend.create();
        const gy = backend.create();
        backend.write(gx, x);
        backend.write(gy, y);

        // Tree reduction in f32: the error is a few eps times Σ|x_i y_i| (depth ≤ 16 + 8 + 8 adds).
        const got = await backend.dot(gx, gy);
        expect(Math.abs(got - dot(x, y))).toBeLessThanOrEqual(1e-5 * absDot(x, y) + 1e-30);
        const sq = await backend.dot(gx, gx);
        expect(Math.abs(sq - dot(x, x)) / dot(x, x)).toBeLessThan(1e-5);

        // Deterministic: same inputs, same bits.
        expect(await backend.dot(gx, gy)).toBe(got);

        const alpha = -0.3716;
        backend.axpy(alpha, gx, gy);
        const yAfter = await backend.read(gy);
        const yRef = axpy(Math.fround(alpha), x, y);
        let worst = 0;
        for (let i = 0; i < n; i++) {
          // one rounding of the product and one of the sum (FMA or not): ≤ 2 eps relative to the terms
          const bound = 2 * F32_EPS * (Math.abs(y[i]!) + Math.abs(alpha * x[i]!)) + 1e-38;
          worst = Math.max(worst, Math.abs(yAfter[i]! - yRef[i]!) / bound);
        }
        expect(worst).toBeLessThanOrEqual(1);

        backend.scale(2.5, gx);
        const xScaled = await backend.read(gx);
        const xRef = scale(2.5, x);
        for (let i = 0; i < n; i += Math.max(1, Math.floor(n / 997))) {
          expect(Math.abs(xScaled[i]! - xRef[i]!)).toBeLessThanOrEqual(F32_EPS * Math.abs(xRef[i]!));
        }
        backend.free(gx);
        backend.free(gy);
      });
      backend.destroy();
    });

    it(`random fills equal their TypeScript twin at n = ${n}`, async () => {
      const backend = new GpuVectorBackend(ctx, n);
      await withErrorScopes(ctx.device, `fill n=${n}`, async () => {
        const v = backend.create();
        backend.fill(v, 'rademacher', 42, 3);
        expect(mismatches(await backend.read(v), fillRandom('rademacher', 42, 3, n))).toBe(0);

        backend.fill(v, 'uniform', 42, 4);
        // Uniforms are (23-bit integer + ½)·2^-23: exact in f32 and f64, so bit-identical.
        expect(mismatches(await backend.read(v), fillRandom('uniform', 42, 4, n))).toBe(0);

        backend.fill(v, 'gaussian', 42, 5);
        const gaussian = await backend.read(v);
        const ref = fillRandom('gaussian', 42, 5, n);
        let worst = 0;
        for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(gaussian[i]! - ref[i]!) / (1 + Math.abs(ref[i]!)));
        // WGSL lets cos on [-π, π] be off by 2^-11 absolute and SwiftShader uses that latitude,
        // so Gaussians agree to about 1e-3·(1 + |z|), not bit for bit (measured worst: ~3e-4).
        expect(worst).toBeLessThan(1e-3);
        backend.free(v);
      });
      backend.destroy();
    });
  }

  it('dot products of segments equal the segment dots', async () => {
    const n = 1000;
    const backend = new GpuVectorBackend(ctx, n);
    const x = f32Data(n, 5, 1);
    const y = f32Data(n, 5, 2);
    const offsets = [0, 1, 8, 41, 298, 1000];
    await withErrorScopes(ctx.device, 'segments', async () => {
      const gx = backend.create();
      const gy = backend.create();
      backend.write(gx, x);
      backend.write(gy, y);
      const got = await backend.dotSegments(gx, gy, offsets);
      for (let s = 0; s + 1 < offsets.length; s++) {
        const a = x.subarray(offsets[s], offsets[s + 1]);
        const b = y.subarray(offsets[s], offsets[s + 1]);
        expect(Math.abs(got[s]! - dot(a, b))).toBeLessThanOrEqual(1e-5 * absDot(a, b) + 1e-30);
      }
      backend.free(gx);
      backend.free(gy);
    });
    backend.destroy();
  });

  for (const n of [1, 7, 257, 65537, 100_003]) {
    it(`dots with one vector and combinations over a shared-buffer block match float64 at n = ${n}`, async () => {
      const backend = new GpuVectorBackend(ctx, n);
      const count = 7;
      const qs = Array.from({ length: count }, (_, i) => f32Data(n, 21, i));
      const x = f32Data(n, 21, 99);
      await withErrorScopes(ctx.device, `block n=${n}`, async () => {
        const block = backend.createMany(count);
        expect(new Set(block.map((v) => v.buffer)).size).toBe(1);
        block.forEach((v, i) => backend.write(v, qs[i]!));
        const gx = backend.create();
        backend.write(gx, x);
        // The block, then a vector of its own buffer, then block vectors out of order: three runs and more.
        const list = [...block, gx, block[3]!, block[1]!];
        const refs = [...qs, x, qs[3]!, qs[1]!];
        const got = await backend.dots(list, gx);
        // Chunks of at most max(256, n/256) added serially, then the chunk sums serially.
        const chunk = Math.max(256, Math.ceil(n / 256));
        const bound = (chunk + Math.ceil(n / chunk)) * F32_EPS;
        refs.forEach((q, i) => {
          expect(Math.abs(got[i]! - dot(q, x))).toBeLessThanOrEqual(bound * absDot(q, x) + 1e-30);
        });
        expect(Array.from(await backend.dots(list, gx))).toEqual(Array.from(got));

        // w ← w − Σ c_i q_i, against the same axpys in float64 from f32-rounded coefficients.
        const c = Array.from({ length: list.length }, (_, i) => Math.fround(0.25 - 0.1 * i));
        backend.subtractCombination(list.slice(0, count), c.slice(0, count), gx);
        let expected = x;
        for (let i = 0; i < count; i++) expected = axpy(-c[i]!, qs[i]!, expected);
        const after = await backend.read(gx);
        let worst = 0;
        for (let j = 0; j < n; j++) {
          let terms = Math.abs(x[j]!);
          for (let i = 0; i < count; i++) terms += Math.abs(c[i]! * qs[i]![j]!);
          worst = Math.max(worst, Math.abs(after[j]! - expected[j]!) / (2 * count * F32_EPS * terms + 1e-38));
        }
        expect(worst).toBeLessThanOrEqual(1);
        for (const v of block) backend.free(v);
        backend.free(gx);
      });
      backend.destroy();
    });
  }

  // The second pass and the normalization run as one dispatch when `next` follows the basis in its
  // buffer, as separate ones otherwise ('apart'); ‖w‖² joins the second pass's dots unless their
  // last dispatch is full (k = 128 = slots).
  for (const [n, k, next] of [
    [7, 1, 'in the block'],
    [7, 6, 'in the block'],
    [257, 5, 'in the block'],
    [257, 5, 'apart'],
    [300, 128, 'in the block'],
    [300, 150, 'in the block'],
    [65537, 12, 'in the block'],
    [65537, 12, 'apart'],
  ] as const) {
    it(`Gram–Schmidt twice and the normalization, without a read-back in between, match float64 at n = ${n}, k = ${k}, next ${next}`, async () => {
      // An orthonormal basis made in float64 by the reference itself, then rounded to f32.
      const ref = new Float64Backend(n);
      const refBasis: Float64Array[] = [];
      for (let i = 0; i < k; i++) {
        const v = ref.create();
        ref.write(v, fillRandom('gaussian', 31, i, n));
        const q = ref.create();
        gramSchmidtTwiceNow(ref, refBasis, v, q);
        ref.write(q, Float32Array.from(q));
        refBasis.push(q);
      }
      const w0 = f32Data(n, 31, 1000);
      const backend = new GpuVectorBackend(ctx, n);
      await withErrorScopes(ctx.device, `Gram–Schmidt n=${n} k=${k}`, async () => {
        const block = backend.createMany(k + 1);
        refBasis.forEach((q, i) => backend.write(block[i]!, q));
        const w = backend.create();
        backend.write(w, w0);
        const nextVector = next === 'apart' ? backend.create() : block[k]!;
        const kernelsUsed: string[] = [];
        const kernel = ctx.pipelines.kernel.bind(ctx.pipelines);
        const spy = vi
          .spyOn(ctx.pipelines, 'kernel')
          .mockImplementation((name, constants, ...rest) => (kernelsUsed.push(constants?.['NORMALIZE'] ? `${name} normalizing` : name), kernel(name, constants, ...rest)));
        const got = await backend.gramSchmidtTwice(block.slice(0, k), w, nextVector).finally(() => spy.mockRestore());
        expect(kernelsUsed.includes('linalg/combination normalizing')).toBe(next === 'in the block');
        expect(kernelsUsed.includes('linalg/inverse_norm_after_pass')).toBe(next === 'apart');

        const refW = ref.create();
        ref.write(refW, w0);
        const refNext = ref.create();
        const want = gramSchmidtTwiceNow(ref, refBasis, refW, refNext);
        const norm0 = Math.sqrt(dot(w0, w0));
        // First pass: the block dots' bound (serial chunks of ≤ max(1024, n/256), then the chunk sums).
        const chunk = Math.max(1024, Math.ceil(n / 256));
        const bound = (chunk + Math.ceil(n / chunk)) * F32_EPS;
        refBasis.forEach((q, i) => expect(Math.abs(got.first[i]! - want.first[i]!)).toBeLessThanOrEqual(bound * absDot(q, w0) + 1e-30));
        // Second pass: what f32 rounding left, a few f32 eps of ‖w‖ (float64 leaves ~1e-16).
        for (const c of got.second) expect(Math.abs(c)).toBeLessThan(1e-5 * norm0);
        const wAfter = await backend.read(w);
        const nextValues = await backend.read(nextVector);
        const refNorm = Math.sqrt(dot(refW, refW));
        expect(Math.abs(got.ww - refNorm * refNorm)).toBeLessThan(1e-5 * norm0 * norm0);
        expect(distance(wAfter, refW)).toBeLessThan(1e-5 * norm0);
        // The GPU's own 1/‖w‖ (linalg/combination normalizing, or inverse_norm_after_pass) makes a unit
        // vector along w, equal to the reference's within f32 rounding.
        expect(Math.abs(Math.sqrt(dot(nextValues, nextValues)) - 1)).toBeLessThan(1e-5);
        expect(distance(nextValues, refNext)).toBeLessThan(1e-5);
        for (const q of refBasis) expect(Math.abs(dot(q, nextValues))).toBeLessThan(1e-5);

        // Two calls queued before either is read back do what two calls in turn do: each one's
        // work runs in queue order, and each one's coefficients come back separately.
        const again = backend.create();
        backend.write(w, w0);
        const firstCall = backend.gramSchmidtTwice(block.slice(0, k), w, undefined);
        const secondCall = backend.gramSchmidtTwice(block.slice(0, k), w, undefined);
        backend.copy(w, again);
        const [a, b] = await Promise.all([firstCall, secondCall]);
        expect(Array.from(a.first)).toEqual(Array.from(got.first));
        // After two full passes w has nothing left along the basis: the second call's first pass is rounding level.
        for (const c of b.first) expect(Math.abs(c)).toBeLessThan(1e-5 * norm0);
        expect(distance(await backend.read(again), refW)).toBeLessThan(1e-5 * norm0);
        for (const v of [...block, w, again, ...(next === 'apart' ? [nextVector] : [])]) backend.free(v);
      });
      backend.destroy();
    });
  }

  it('frees a shared-buffer block when its last vector is freed', async () => {
    const backend = new GpuVectorBackend(ctx, 5);
    await withErrorScopes(ctx.device, 'block lifetime', async () => {
      const [a, b, c] = backend.createMany(3);
      backend.free(c!);
      // Still usable: the buffer lives until its last vector is freed.
      backend.write(b!, [1, 2, 3, 4, 5]);
      expect(Array.from(await backend.read(b!))).toEqual([1, 2, 3, 4, 5]);
      expect(() => backend.subtractCombination([a!], [1], b!)).toThrow(/shares a buffer/);
      backend.free(a!);
      backend.free(b!);
    });
    backend.destroy();
  });

  it('contiguousRuns groups vectors that follow one another in one buffer', () => {
    const one = ctx.createStorage(30, 'one');
    const two = ctx.createStorage(10, 'two');
    const v = (buffer: GPUBuffer, offset: number) => ({ buffer, offset, length: 10 });
    const runs = contiguousRuns([v(one, 0), v(one, 10), v(one, 20), v(two, 0), v(one, 10), v(one, 0)]);
    expect(runs.map((r) => [r.buffer === one ? 'one' : 'two', r.offset, r.count, r.index])).toEqual([
      ['one', 0, 3, 0],
      ['two', 0, 1, 3],
      ['one', 10, 1, 4],
      ['one', 0, 1, 5],
    ]);
    one.destroy();
    two.destroy();
  });

  it('reports a validation error as an exception naming the operation', async () => {
    const small = ctx.createStorage(4, 'small');
    await expect(
      withErrorScopes(ctx.device, 'bad copy', () => {
        const encoder = ctx.device.createCommandEncoder();
        encoder.copyBufferToBuffer(small, 0, small, 0, 64);
        ctx.device.queue.submit([encoder.finish()]);
      }),
    ).rejects.toThrow(/bad copy: WebGPU validation failed/);
    small.destroy();
  });

  it('refuses a buffer beyond the device limit before allocating', () => {
    const tooMany = ctx.device.limits.maxStorageBufferBindingSize / 4 + 1024;
    expect(() => ctx.createStorage(tooMany, 'huge activations')).toThrow(/huge activations needs .* at most/);
  });
});
