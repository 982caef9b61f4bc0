import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuVectorBackend } from '../curvature/gpu-vector-backend.ts';
import { absDot, axpy, dot, scale } from '../math/vector.ts';
import { fillRandom } from '../math/rng.ts';
import { withErrorScopes } from './errors.ts';
import type { GpuContext } from './gpu-context.ts';
import { acquireTestGpu } from './testing/node-gpu.ts';

const SIZES = [1, 7, 33, 257, 65537, 1_000_000];
const F32_EPS = 2 ** -23;

/** f32-rounded test data, so the float64 reference sees exactly what the GPU sees. */
function f32Data(n: number, seed: number, stream: number): Float64Array {
  return Float64Array.from(Float32Array.from(fillRandom('gaussian', seed, stream, n)));
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
