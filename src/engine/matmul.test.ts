import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matmulAbsF64, matmulF64 } from '../math/matmul.ts';
import { fillRandom } from '../math/rng.ts';
import { withErrorScopes } from './errors.ts';
import type { GpuContext } from './gpu-context.ts';
import { encodeMatmul, matmulVariant } from './matmul.ts';
import { acquireTestGpu } from './testing/node-gpu.ts';

const F32_EPS = 2 ** -23;

/** [m, n, k]: sizes that are not multiples of the 64×64 block or of the 16-wide k slice. */
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [7, 33, 1],
  [33, 7, 257],
  [257, 33, 7],
  [65, 129, 17],
  [1, 257, 33],
  [100, 3, 1000],
];

function f32Data(n: number, seed: number, stream: number): Float64Array {
  return Float64Array.from(Float32Array.from(fillRandom('gaussian', seed, stream, n)));
}

describe('matmul kernel choice', () => {
  it('uses the blocked kernel only where C has full 128×64 blocks', () => {
    expect(matmulVariant({ m: 4096, n: 256 })).toBe('blocked');
    expect(matmulVariant({ m: 4096, n: 10 })).toBe('small');
    expect(matmulVariant({ m: 16, n: 16 })).toBe('small');
  });
});

describe('tiled matmul against its float64 twin', () => {
  let ctx: GpuContext;

  beforeAll(async () => {
    ctx = await acquireTestGpu();
  });
  afterAll(() => ctx?.destroy());

  for (const [[m, n, k], variant] of SHAPES.flatMap((s) => (['blocked', 'small'] as const).map((v) => [s, v] as const))) {
    it(`${variant} kernel: C = op(A)·op(B) (+ C) for every transpose/accumulate combination at m=${m}, n=${n}, k=${k}`, async () => {
      // Operands sit at odd offsets inside their buffers, as the layers of θ do.
      const offA = 3;
      const offB = 5;
      const offC = 7;
      const a = f32Data(offA + m * k, m, 1);
      const b = f32Data(offB + k * n, n, 2);
      const c0 = f32Data(offC + m * n, k, 3);
      const ga = ctx.createStorage(a.length, 'A');
      const gb = ctx.createStorage(b.length, 'B');
      const gc = ctx.createStorage(c0.length, 'C');
      ctx.writeF32(ga, a);
      ctx.writeF32(gb, b);
      try {
        await withErrorScopes(ctx.device, `matmul ${m}×${n}×${k}`, async () => {
          for (const transA of [false, true]) {
            for (const transB of [false, true]) {
              for (const accumulate of [false, true]) {
                const shape = { m, n, k, transA, transB, accumulate };
                ctx.writeF32(gc, c0);
                const batch = ctx.batch('matmul test');
                encodeMatmul(batch, ctx, shape, { buffer: ga, offset: offA }, { buffer: gb, offset: offB }, { buffer: gc, offset: offC }, variant);
                batch.submit();
                const got = await ctx.readF32(gc, c0.length);
                const ref = Float64Array.from(c0);
                matmulF64({ ...shape, offsetA: offA, offsetB: offB, offsetC: offC }, a, b, ref);
                const scale = matmulAbsF64({ ...shape, offsetA: offA, offsetB: offB }, a, b);
                // Recursive f32 summation of k products: |error| ≤ k·u·Σ|a||b| (u = eps/2), plus one
                // rounding for the accumulate; (k + 2)·eps leaves a factor of two for FMA or not.
                let worst = 0;
                for (let i = 0; i < m * n; i++) {
                  const bound = (k + 2) * F32_EPS * (scale[i]! + (accumulate ? Math.abs(c0[offC + i]!) : 0)) + 1e-30;
                  worst = Math.max(worst, Math.abs(got[offC + i]! - ref[offC + i]!) / bound);
                }
                expect(worst, `transA=${transA} transB=${transB} acc=${accumulate}`).toBeLessThanOrEqual(1);
                // Values around C are not touched.
                for (let i = 0; i < offC; i++) expect(got[i]).toBe(Math.fround(c0[i]!));
              }
            }
          }
        });
      } finally {
        ga.destroy();
        gb.destroy();
        gc.destroy();
      }
    });
  }

  it('gives identical bits on a repeated product', async () => {
    const [m, n, k] = [130, 70, 300];
    const a = f32Data(m * k, 1, 1);
    const b = f32Data(k * n, 1, 2);
    const ga = ctx.createStorage(a.length, 'A');
    const gb = ctx.createStorage(b.length, 'B');
    const gc = ctx.createStorage(m * n, 'C');
    ctx.writeF32(ga, a);
    ctx.writeF32(gb, b);
    try {
      await withErrorScopes(ctx.device, 'matmul determinism', async () => {
        const run = async () => {
          const batch = ctx.batch();
          encodeMatmul(batch, ctx, { m, n, k, transB: true }, { buffer: ga, offset: 0 }, { buffer: gb, offset: 0 }, { buffer: gc, offset: 0 });
          batch.submit();
          return ctx.readF32(gc, m * n);
        };
        const first = await run();
        const second = await run();
        expect(Buffer.from(second.buffer).equals(Buffer.from(first.buffer))).toBe(true);
      });
    } finally {
      ga.destroy();
      gb.destroy();
      gc.destroy();
    }
  });
});
