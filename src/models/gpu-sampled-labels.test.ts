import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withErrorScopes } from '../engine/errors.ts';
import type { GpuContext } from '../engine/gpu-context.ts';
import { acquireTestGpu } from '../engine/testing/node-gpu.ts';
import { sampledLabelGradient } from '../math/sampled-labels.ts';
import { randomProblem } from '../math/test-support.ts';
import { createGpuMlpEngine } from './gpu-mlp-engine.ts';
import type { LossName } from './mlp.ts';

function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let nb = 0;
  for (let i = 0; i < b.length; i++) {
    d += (a[i]! - b[i]!) ** 2;
    nb += b[i]! ** 2;
  }
  return Math.sqrt(d / nb);
}

describe('gradient with labels sampled from the model (Sophia-G), GPU against the float64 twin', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await acquireTestGpu();
  });
  afterAll(() => ctx?.destroy());

  const cases: [LossName, number[]][] = [
    ['cross-entropy', [3, 6, 4]],
    ['logistic', [3, 5, 1]],
    ['mse', [3, 5, 2]],
  ];
  for (const [loss, layers] of cases) {
    it(`${loss}: the same draws and gradient (relative ≤ 1e-4), over chunks of 16 samples and a subset`, async () => {
      const { problem, theta: raw } = randomProblem(layers, 'tanh', loss, 45, 12);
      const theta = Float64Array.from(Float32Array.from(raw));
      // maxBatch 16 splits 45 samples into three chunks: the draws must follow the sample position.
      const engine = createGpuMlpEngine(ctx, { arch: problem.arch, loss, train: problem.data, initialParams: Float32Array.from(theta), maxBatch: 16 });
      const grad = engine.backend.create();
      await withErrorScopes(ctx.device, 'sampled gradient', async () => {
        for (const indices of [undefined, Uint32Array.from([3, 3, 40, 7, 0, 22, 22, 9, 1, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 2])]) {
          for (const stream of [5, 6]) {
            const samples = await engine.sampledLabelGradient!(grad, indices, 77, stream);
            const ref = sampledLabelGradient(problem, theta, indices, 77, stream);
            expect(samples).toBe(ref.samples);
            // mse's targets are f32 Box–Muller draws; WGSL's cos may be off by 2^-11 absolute, so they
            // agree to ~1e-3·(1 + |ξ|) (see the fill kernel's test; measured here: 1.2e-4 overall).
            // The class and 0/1 draws agree exactly, leaving the gradient's own f32 error.
            expect(relativeError(await engine.backend.read(grad), ref.grad)).toBeLessThan(loss === 'mse' ? 1e-3 : 1e-4);
          }
        }
      });
      // Different streams draw different labels: the two gradients differ.
      const a = sampledLabelGradient(problem, theta, undefined, 77, 5).grad;
      const b = sampledLabelGradient(problem, theta, undefined, 77, 6).grad;
      expect(relativeError(a, b)).toBeGreaterThan(1e-3);
      engine.backend.free(grad);
      engine.dispose();
    });
  }

  it('its square, times the batch size, averages to the Gauss-Newton diagonal (float64 twin, 3000 draws)', async () => {
    const { problem, theta } = randomProblem([2, 4, 3], 'tanh', 'cross-entropy', 1, 3);
    const { gaussNewtonVectorProduct } = await import('../math/mlp.ts');
    const n = theta.length;
    const mean = new Float64Array(n);
    const draws = 3000;
    for (let s = 0; s < draws; s++) {
      const { grad, samples } = sampledLabelGradient(problem, theta, undefined, 1, s);
      for (let i = 0; i < n; i++) mean[i] = mean[i]! + (samples * grad[i]! * grad[i]!) / draws;
    }
    const diagonal = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const e = new Float64Array(n);
      e[i] = 1;
      diagonal[i] = gaussNewtonVectorProduct(problem, theta, e)[i]!;
    }
    // One sample: E[ĝĝᵀ] is exactly the Gauss-Newton matrix; 3000 draws leave a few % of noise.
    expect(relativeError(mean, diagonal)).toBeLessThan(0.08);
  });
});
