import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { denseOperatorMatrix } from '../../math/mlp.ts';
import { axpy, randomVector } from '../../math/test-support.ts';
import { parameterCount } from '../../models/mlp.ts';
import { GpuLimitError, withErrorScopes } from '../errors.ts';
import type { GpuContext } from '../gpu-context.ts';
import { acquireTestGpu } from '../testing/node-gpu.ts';
import { MlpGpu, type MlpGpuOptions } from './mlp-gpu.ts';
import { f32, f32Problem, GpuVectors, PRODUCT_KINDS, relativeError } from './test-support.ts';

describe('MLP on the GPU: HVP checks, determinism and limits', () => {
  let ctx: GpuContext;

  beforeAll(async () => {
    ctx = await acquireTestGpu();
  });
  afterAll(() => ctx?.destroy());

  it('HVP equals central differences of the GPU gradient (relative ≤ 2e-3)', async () => {
    const p = f32Problem([6, 9, 8, 3], 'tanh', 'cross-entropy', 50, 3);
    const mlp = new MlpGpu(ctx, { arch: p.problem.arch, loss: p.problem.loss, train: p.problem.data });
    const vectors = new GpuVectors(ctx, p.theta, p.v);
    const { backend, theta, v, out } = vectors;
    try {
      await withErrorScopes(ctx.device, 'hvp vs differences', async () => {
        mlp.hvp(theta, v, out);
        const hv = await backend.read(out);
        // f32 gradients carry ~1e-7 relative error, which a difference over 2h turns into ~1e-7/h;
        // the truncation error is ~h². h = 4e-3 balances them near 1e-5; 2e-3 leaves margin.
        const h = 4e-3;
        const gradAt = async (t: number) => {
          backend.write(theta, f32(axpy(t, p.v, p.theta)));
          await mlp.gradient(theta, out);
          return backend.read(out);
        };
        const up = await gradAt(h);
        const down = await gradAt(-h);
        const fd = up.map((u, i) => (u - down[i]!) / (2 * h));
        expect(relativeError(hv, fd)).toBeLessThan(2e-3);
      });
    } finally {
      vectors.free();
      mlp.destroy();
    }
  });

  it('dense Hessian, GGN and Fisher from unit vectors equal the twin\'s exact matrices (Frobenius ≤ 1e-4, symmetric ≤ 1e-5)', async () => {
    const p = f32Problem([3, 4, 2], 'sigmoid', 'cross-entropy', 6, 5);
    const P = parameterCount(p.problem.arch.layers);
    const mlp = new MlpGpu(ctx, { arch: p.problem.arch, loss: p.problem.loss, train: p.problem.data });
    const vectors = new GpuVectors(ctx, p.theta, p.v);
    const { backend, theta, v, out } = vectors;
    try {
      await withErrorScopes(ctx.device, 'dense matrices', async () => {
        for (const kind of PRODUCT_KINDS) {
          const gpu = new Float64Array(P * P);
          const e = new Float64Array(P);
          for (let c = 0; c < P; c++) {
            e.fill(0);
            e[c] = 1;
            backend.write(v, e);
            mlp.product(kind, theta, v, out);
            const column = await backend.read(out);
            for (let r = 0; r < P; r++) gpu[r * P + c] = column[r]!;
          }
          const exact = denseOperatorMatrix(kind, p.problem, p.theta);
          expect(relativeError(gpu, exact), kind).toBeLessThan(1e-4);
          const transposed = new Float64Array(P * P);
          for (let r = 0; r < P; r++) for (let c = 0; c < P; c++) transposed[c * P + r] = gpu[r * P + c]!;
          expect(relativeError(gpu, transposed), `${kind} symmetry`).toBeLessThan(1e-5);
        }
      });
    } finally {
      vectors.free();
      mlp.destroy();
    }
  });

  it('the same HVP twice gives identical bits (one chunk and several)', async () => {
    const p = f32Problem([33, 257, 7], 'gelu', 'cross-entropy', 1000, 9);
    for (const maxBatch of [undefined, 300]) {
      const mlp = new MlpGpu(ctx, { arch: p.problem.arch, loss: p.problem.loss, train: p.problem.data, ...(maxBatch ? { maxBatch } : {}) });
      const vectors = new GpuVectors(ctx, p.theta, p.v);
      const { backend, theta, v, out } = vectors;
      try {
        await withErrorScopes(ctx.device, 'determinism', async () => {
          mlp.hvp(theta, v, out);
          const first = Float32Array.from(await backend.read(out));
          mlp.ggnVector(theta, v, out);
          mlp.hvp(theta, v, out);
          const second = Float32Array.from(await backend.read(out));
          expect(Buffer.from(second.buffer).equals(Buffer.from(first.buffer))).toBe(true);
        });
      } finally {
        vectors.free();
        mlp.destroy();
      }
    }
  });

  it('a sample set uploaded once serves many products and equals the per-call list', async () => {
    const p = f32Problem([4, 6, 3], 'relu', 'cross-entropy', 40, 13);
    const mlp = new MlpGpu(ctx, { arch: p.problem.arch, loss: p.problem.loss, train: p.problem.data });
    const vectors = new GpuVectors(ctx, p.theta, p.v);
    const { backend, theta, v, out } = vectors;
    const indices = [39, 0, 7, 7, 12];
    const set = mlp.samples(indices);
    try {
      await withErrorScopes(ctx.device, 'sample sets', async () => {
        mlp.hvp(theta, v, out, indices);
        const perCall = await backend.read(out);
        const writes = vi.spyOn(ctx.device.queue, 'writeBuffer');
        for (let i = 0; i < 3; i++) mlp.hvp(theta, v, out, set);
        const kept = await backend.read(out);
        // Only the uniform arena is written: no index upload per product.
        expect(writes.mock.calls.every(([buffer]) => buffer === ctx.arena.buffer)).toBe(true);
        writes.mockRestore();
        expect(Array.from(kept)).toEqual(Array.from(perCall));
      });
    } finally {
      set.dispose();
      vectors.free();
      mlp.destroy();
    }
  });

  describe('limits are checked before any allocation or dispatch', () => {
    const p = f32Problem([10, 20, 3], 'tanh', 'cross-entropy', 100, 21);
    const options = { arch: p.problem.arch, loss: p.problem.loss, train: p.problem.data, path: 'layer by layer' as const };

    async function expectRefused(limits: Record<string, number>, message: RegExp, maxBatch?: number): Promise<void> {
      const creates = vi.spyOn(ctx.device, 'createBuffer');
      const batches = vi.spyOn(ctx, 'batch');
      try {
        await withErrorScopes(ctx.device, 'refused', () => {
          let error: unknown;
          try {
            new MlpGpu(ctx, { ...options, limits, ...(maxBatch ? { maxBatch } : {}) });
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(GpuLimitError);
          expect((error as Error).message).toMatch(message);
        });
        expect(creates).not.toHaveBeenCalled();
        expect(batches).not.toHaveBeenCalled();
      } finally {
        creates.mockRestore();
        batches.mockRestore();
      }
    }

    it('a dataset larger than one buffer may hold', async () => {
      // 100 × 10 inputs = 4000 bytes; the parameters (283 floats) and labels fit in 2 KiB.
      await expectRefused({ maxStorageBufferBindingSize: 2048 }, /training inputs \[100 × 10\] needs 3\.9 KiB .* at most 2\.0 KiB\. Use fewer samples/);
    });

    it('a model whose parameters do not fit', async () => {
      await expectRefused({ maxStorageBufferBindingSize: 1024 }, /parameters θ \(283 for layers \[10, 20, 3\]\) needs 1\.1 KiB .*narrower or shallower model/);
    });

    it('a maxBatch whose workspace arrays do not fit', async () => {
      await expectRefused({ maxBufferSize: 8192 }, /maxBatch 500: one per-sample array \[500 × 20\].*at most 102/, 500);
    });

    it('the default maxBatch shrinks to fit, and chunks still give the whole-set gradient', async () => {
      await shrinksToFit(options, 51); // ⌊1024 floats / width 20⌋
      // Whole network: a sample's record is 8 × (20 + 3) + 2 + 2 × 10 = 206 floats; ⌊1024 / 206⌋ = 4.
      await shrinksToFit({ ...options, path: 'whole network' }, 4);
    });

    async function shrinksToFit(options: MlpGpuOptions, expected: number): Promise<void> {
      const small = new MlpGpu(ctx, { ...options, limits: { maxStorageBufferBindingSize: 4096 } });
      const big = new MlpGpu(ctx, options);
      const vectors = new GpuVectors(ctx, p.theta, randomVector(p.theta.length, 1, 1));
      try {
        expect(small.maxBatch).toBe(expected);
        expect(big.maxBatch).toBe(100);
        await withErrorScopes(ctx.device, 'shrunk', async () => {
          const lossSmall = await small.gradient(vectors.theta, vectors.out);
          const gSmall = await vectors.backend.read(vectors.out);
          const lossBig = await big.gradient(vectors.theta, vectors.out);
          const gBig = await vectors.backend.read(vectors.out);
          expect(Math.abs(lossSmall - lossBig) / lossBig).toBeLessThan(1e-6);
          expect(relativeError(gSmall, gBig)).toBeLessThan(1e-6);
        });
      } finally {
        vectors.free();
        small.destroy();
        big.destroy();
      }
    }
  });
});
