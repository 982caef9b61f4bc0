import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuVectorBackend } from '../curvature/gpu-vector-backend.ts';
import { adaHessianStepF64 } from '../math/adahessian.ts';
import { emaProductF64 } from '../math/ema-product.ts';
import { randomVector } from '../math/test-support.ts';
import { sophiaStepF64 } from '../math/sophia.ts';
import { withErrorScopes } from './errors.ts';
import type { GpuContext } from './gpu-context.ts';
import { encodeAdaHessianStep, encodeEmaProduct, encodeSophiaStep } from './optim-kernels.ts';
import { acquireTestGpu } from './testing/node-gpu.ts';

/** Inputs rounded to f32, so that GPU and twin start from the same numbers. */
function f32(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(Float32Array.from(values as ArrayLike<number>));
}

const SIZES = [1, 7, 33, 257, 1000];

describe('optimizer kernels on the GPU equal their float64 twins', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await acquireTestGpu();
  });
  afterAll(() => ctx?.destroy());

  function vectors(backend: GpuVectorBackend, values: Float64Array[]) {
    return values.map((v) => {
      const x = backend.create();
      backend.write(x, v);
      return x;
    });
  }

  it('emaProduct: target ← β·target + (1−β)·scale·a⊙b (relative ≤ 1e-6 per element)', async () => {
    for (const n of SIZES) {
      const backend = new GpuVectorBackend(ctx, n);
      const [t0, a, b] = [f32(randomVector(n, 1, n)), f32(randomVector(n, 2, n)), f32(randomVector(n, 3, n))];
      const [t, ga, gb] = vectors(backend, [t0, a, b]);
      await withErrorScopes(ctx.device, 'ema product', async () => {
        for (const hp of [{ beta: 0.99, scale: 1 }, { beta: 0, scale: 64 }, { beta: 0.5, scale: 0.25 }]) {
          const batch = ctx.batch('ema');
          encodeEmaProduct(batch, ctx, t!, ga!, gb!, hp);
          batch.submit();
          emaProductF64(t0, a, b, hp);
        }
        const got = await backend.read(t!);
        for (let i = 0; i < n; i++) expect(Math.abs(got[i]! - t0[i]!)).toBeLessThan(1e-6 * (Math.abs(t0[i]!) + 1));
      });
      expect(() => encodeEmaProduct(ctx.batch('alias'), ctx, t!, t!, gb!, { beta: 0, scale: 1 })).toThrow(/of its own/);
      for (const v of [t, ga, gb]) backend.free(v!);
      backend.destroy();
    }
  });

  it('adaHessianStep: three steps with k = 1 and k = ½, elementwise ≤ 1e-5·(|θ| + lr)', async () => {
    for (const n of SIZES) {
      for (const hessianPower of [1, 0.5]) {
        const backend = new GpuVectorBackend(ctx, n);
        const theta = f32(randomVector(n, 4, n));
        const m = new Float64Array(n);
        const v = new Float64Array(n);
        const [gp, gg, gm, gv, gz, ghz] = vectors(backend, [theta, new Float64Array(n), m, v, new Float64Array(n), new Float64Array(n)]);
        await withErrorScopes(ctx.device, 'adahessian', async () => {
          for (let step = 1; step <= 3; step++) {
            const g = f32(randomVector(n, 5, step));
            const z = randomVector(n, 6, step).map((x) => (x < 0 ? -1 : 1));
            const hz = f32(randomVector(n, 7, step, 3));
            backend.write(gg!, g);
            backend.write(gz!, z);
            backend.write(ghz!, hz);
            const hp = { lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-4, hessianPower, weightDecay: 0.01, step };
            const batch = ctx.batch('adahessian');
            encodeAdaHessianStep(batch, ctx, { params: gp!, grad: gg!, m: gm!, v: gv!, z: gz!, hz: ghz! }, hp);
            batch.submit();
            adaHessianStepF64(theta, g, m, v, z, hz, hp);
          }
          const got = await backend.read(gp!);
          for (let i = 0; i < n; i++) expect(Math.abs(got[i]! - theta[i]!)).toBeLessThan(1e-5 * (Math.abs(theta[i]!) + 0.05));
          const gotV = await backend.read(gv!);
          for (let i = 0; i < n; i++) expect(Math.abs(gotV[i]! - v[i]!)).toBeLessThan(1e-6 * (v[i]! + 1e-12));
        });
        for (const x of [gp, gg, gm, gv, gz, ghz]) backend.free(x!);
        backend.destroy();
      }
    }
  });

  it('sophiaStep: clipped steps ≤ 1e-6·(|θ| + lr) apart, and the same unclipped coordinates', async () => {
    for (const n of SIZES) {
      const backend = new GpuVectorBackend(ctx, n);
      const theta = f32(randomVector(n, 8, n));
      const m = new Float64Array(n);
      const unclipped = new Float64Array(n);
      // Curvature of both signs and many sizes: some coordinates clip, some do not, some hit ε.
      const h = f32(randomVector(n, 9, n, 30));
      const [gp, gg, gm, gh, gu] = vectors(backend, [theta, new Float64Array(n), m, h, unclipped]);
      await withErrorScopes(ctx.device, 'sophia', async () => {
        let count = 0;
        for (let step = 1; step <= 3; step++) {
          const g = f32(randomVector(n, 10, step, 0.05));
          backend.write(gg!, g);
          const hp = { lr: 0.01, beta1: 0.96, rho: 0.05, eps: 1e-12, weightDecay: 0.1 };
          const batch = ctx.batch('sophia');
          encodeSophiaStep(batch, ctx, { params: gp!, grad: gg!, m: gm!, h: gh!, unclipped: gu! }, hp);
          batch.submit();
          count = sophiaStepF64(theta, g, m, h, unclipped, hp);
        }
        const got = await backend.read(gp!);
        for (let i = 0; i < n; i++) expect(Math.abs(got[i]! - theta[i]!)).toBeLessThan(1e-6 * (Math.abs(theta[i]!) + 0.01));
        expect(Array.from(await backend.read(gu!))).toEqual(Array.from(unclipped));
        expect(await backend.dot(gu!, gu!)).toBe(count);
      });
      for (const x of [gp, gg, gm, gh, gu]) backend.free(x!);
      backend.destroy();
    }
  });
});
