import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateSliceF64, linspace, randomDirection, slicePoint } from '../../math/landscape.ts';
import { evaluate } from '../../math/mlp.ts';
import { ACTIVATIONS, type Activation, type LossName } from '../../models/mlp.ts';
import { withErrorScopes } from '../errors.ts';
import type { GpuContext } from '../gpu-context.ts';
import { MlpGpu } from '../mlp/mlp-gpu.ts';
import { f32, f32Problem, nearTies } from '../mlp/test-support.ts';
import { acquireTestGpu } from '../testing/node-gpu.ts';
import { LandscapeGpu } from './landscape-gpu.ts';

/**
 * Tolerance, f32 grid against float64 at the same (f32-rounded) center, directions and (α, β).
 * The GPU forms each weight c + αd₁ + βd₂ in f32 (relative rounding ~1e-7 per weight), then
 * chains a few f32 dot products of length ≤ 257 and sums ≤ 41 per-sample losses: errors of order
 * 1e-6 relative; 1e-5 leaves room for exp/tanh, which WGSL lets be off by a few ulp
 * (measured worst over this file: 3.8e-7, relu).
 */
const LOSS_TOL = 1e-5;

function outputs(loss: LossName): number {
  return loss === 'logistic' ? 1 : loss === 'mse' ? 2 : 3;
}

interface Case {
  readonly activation: Activation;
  readonly loss: LossName;
  readonly dims: 1 | 2;
  /** Input width (default 3); a wide one exercises the first layer's projections with long sums. */
  readonly inputs?: number;
  /** Hidden widths (default [7, 5]). */
  readonly hidden?: readonly number[];
  /** Small models run whole in one kernel, others layer by layer (past 32 units in a layer or 7 layers). */
  readonly path?: 'whole network' | 'layer by layer';
}

const CASES: Case[] = [
  ...ACTIVATIONS.map((activation) => ({ activation, loss: 'cross-entropy' as const, dims: 2 as const })),
  { activation: 'tanh', loss: 'mse', dims: 2 },
  { activation: 'gelu', loss: 'logistic', dims: 2 },
  { activation: 'relu', loss: 'mse', dims: 1 },
  { activation: 'sigmoid', loss: 'cross-entropy', dims: 2, inputs: 257, path: 'layer by layer' },
  { activation: 'tanh', loss: 'cross-entropy', dims: 2, hidden: [33, 5], path: 'layer by layer' },
  { activation: 'tanh', loss: 'cross-entropy', dims: 2, hidden: [4, 4, 4, 4, 4, 4, 4], path: 'layer by layer' },
  // At the whole-network kernel's width limit (2,211 parameters), and one deeper than the default.
  { activation: 'relu', loss: 'cross-entropy', dims: 2, inputs: 32, hidden: [32, 32], path: 'whole network' },
  { activation: 'gelu', loss: 'mse', dims: 2, hidden: [6, 5, 4, 3], path: 'whole network' },
];

describe('landscape grid on the GPU', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await acquireTestGpu();
  });
  afterAll(() => ctx?.destroy());

  for (const c of CASES) {
    const layers = [c.inputs ?? 3, ...(c.hidden ?? [7, 5]), outputs(c.loss)];
    const path = c.path ?? 'whole network';
    it(`${c.activation}, ${c.loss}, ${c.dims}-D, [${layers.join(', ')}], ${path}: every grid point equals the float64 loss there (chunked)`, async () => {
      const p = f32Problem(layers, c.activation, c.loss, 41, 11);
      const d1 = f32(randomDirection(p.theta, layers, 'filter', true, 5, 1));
      const d2 = f32(randomDirection(p.theta, layers, 'filter', true, 5, 2));
      const alphas = Array.from(f32(linspace(-1.3, 0.9, 7)));
      const betas = Array.from(f32(linspace(-0.6, 1.1, 5)));
      const grid = c.dims === 2 ? { center: p.theta, d1, d2, alphas, betas } : { center: p.theta, d1, alphas };
      const mlp = new MlpGpu(ctx, { arch: p.problem.arch, loss: p.problem.loss, train: p.problem.data });
      // 41 samples × 7 wide: 3 points per chunk, so the 35 points take 12 chunks, the last one short.
      const landscape = new LandscapeGpu(ctx, mlp, { maxChunkElements: 3 * 41 * Math.max(...layers.slice(1)) });
      expect(landscape.path).toBe(path);
      try {
        const progress: number[] = [];
        const got = await withErrorScopes(ctx.device, 'landscape test', () =>
          landscape.evaluate(grid, { onProgress: (done) => progress.push(done) }),
        );
        const ref = evaluateSliceF64(p.problem, grid);
        const rows = c.dims === 2 ? betas.length : 1;
        expect(got.loss.length).toBe(rows * alphas.length);
        expect(progress.at(-1)).toBe(rows * alphas.length);
        expect(progress.length).toBeGreaterThan(1);
        let worst = 0;
        for (let j = 0; j < rows; j++) {
          for (let i = 0; i < alphas.length; i++) {
            const want = ref.loss[j]![i]!;
            const error = Math.abs(got.loss[j * alphas.length + i]! - want) / Math.max(1, Math.abs(want));
            worst = Math.max(worst, error);
            const accuracy = got.accuracy[j * alphas.length + i]!;
            if (c.loss === 'mse') expect(accuracy).toBeNaN();
            else {
              // Samples whose top two logits are within 1e-4 may flip in f32; no other may.
              const theta = slicePoint(grid.center, d1, alphas[i]!, c.dims === 2 ? d2 : undefined, c.dims === 2 ? betas[j]! : 0);
              const ties = nearTies(p.problem, evaluate(p.problem, theta).logits, 1e-4);
              expect(Math.abs(accuracy - ref.accuracy[j]![i]!) * 41).toBeLessThanOrEqual(ties + 1e-9);
            }
          }
        }
        expect(worst, `worst relative loss error ${worst}`).toBeLessThanOrEqual(LOSS_TOL);
      } finally {
        landscape.destroy();
        mlp.destroy();
      }
    });
  }

  it('one chunk or many give the same bits; the center of the grid is the ordinary evaluation', async () => {
    const layers = [2, 16, 16, 3];
    const p = f32Problem(layers, 'tanh', 'cross-entropy', 240, 3);
    const d1 = f32(randomDirection(p.theta, layers, 'filter', false, 1, 1));
    const d2 = f32(randomDirection(p.theta, layers, 'filter', false, 1, 2));
    const grid = { center: p.theta, d1, d2, alphas: linspace(-1, 1, 11), betas: linspace(-1, 1, 11) };
    const mlp = new MlpGpu(ctx, { arch: p.problem.arch, loss: p.problem.loss, train: p.problem.data });
    const whole = new LandscapeGpu(ctx, mlp);
    const pieces = new LandscapeGpu(ctx, mlp, { maxChunkElements: 5 * 240 * 16 });
    try {
      const a = await whole.evaluate(grid);
      const b = await pieces.evaluate(grid);
      expect(Array.from(b.loss)).toEqual(Array.from(a.loss));
      const center = evaluate(p.problem, p.theta).loss;
      expect(Math.abs(a.loss[5 * 11 + 5]! - center) / center).toBeLessThanOrEqual(LOSS_TOL);
      await expect(whole.evaluate({ ...grid, d1: new Float64Array(3) })).rejects.toThrow(/d1 has 3 values/);
      const aborted = whole.evaluate(grid, { signal: AbortSignal.abort() });
      await expect(aborted).rejects.toThrow();
    } finally {
      whole.destroy();
      pieces.destroy();
      mlp.destroy();
    }
  });
});
