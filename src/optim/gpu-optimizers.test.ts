import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withErrorScopes } from '../engine/errors.ts';
import type { GpuContext } from '../engine/gpu-context.ts';
import { acquireTestGpu } from '../engine/testing/node-gpu.ts';
import { randomProblem } from '../math/test-support.ts';
import { createCpuMlpEngine } from '../models/cpu-mlp-engine.ts';
import { createGpuMlpEngine } from '../models/gpu-mlp-engine.ts';
import type { ModelEngine } from '../models/model-engine.ts';
import { createOptimizer, type OptimizerName, type OptimizerSettings, type StepReport } from './index.ts';

function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let nb = 0;
  for (let i = 0; i < b.length; i++) {
    d += (a[i]! - b[i]!) ** 2;
    nb += b[i]! ** 2;
  }
  return Math.sqrt(d / nb);
}

async function steps<V>(engine: ModelEngine<V>, settings: OptimizerSettings, count: number, indices?: Uint32Array): Promise<StepReport[]> {
  const opt = createOptimizer(settings, engine);
  const grad = engine.backend.create();
  const reports: StepReport[] = [];
  for (let t = 0; t < count; t++) {
    const loss = opt.usesGradient ? await engine.gradient(grad, indices) : NaN;
    reports.push(await opt.step({ indices, grad, loss, step: t, seed: 31 }));
  }
  opt.dispose();
  engine.backend.free(grad);
  return reports;
}

describe('optimizers on the WebGPU engine follow the float64 engine', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await acquireTestGpu();
  });
  afterAll(() => ctx?.destroy());

  // f32 against float64 from the same f32 start; tolerances are on ‖θ_gpu − θ_f64‖/‖θ_f64‖ after 4
  // steps (measured on SwiftShader: 4e-8 to 4e-6, except regularized Newton 2e-5, gns 1.3e-4, whose
  // CG runs on f32 products, and cbo 9e-5 and zo 1e-5, whose Gaussian draws agree only to
  // ~1e-3·(1 + |ξ|) because WGSL's cos may be off by 2^-11).
  const cases: [OptimizerName, Partial<OptimizerSettings>, number][] = [
    ['nesterov', {}, 1e-5],
    ['adamw', {}, 1e-5],
    ['adahessian', {}, 1e-4],
    ['sophia-h', { hessianEvery: 2 }, 1e-4],
    ['sophia-g', { hessianEvery: 2 }, 1e-4],
    ['newton-cg', { cgIterations: 10 }, 1e-3],
    ['regularized-newton', { cgIterations: 10 }, 1e-3],
    ['gns', { cgIterations: 10 }, 1e-3],
    ['mfac', {}, 1e-4],
    ['lbfgs', {}, 1e-4],
    ['cbo', { particles: 8 }, 1e-3],
    ['zo', { smoothing: 1e-2 }, 1e-3],
  ];
  for (const [optimizer, patch, tolerance] of cases) {
    it(`${optimizer}: four mini-batch steps within ${tolerance} (relative)`, async () => {
      const { problem, theta: raw } = randomProblem([3, 6, 3], 'tanh', 'cross-entropy', 40, 9);
      const theta = Float32Array.from(raw);
      const indices = Uint32Array.from([1, 5, 9, 13, 17, 21, 25, 29, 33, 37, 2, 6]);
      const settings: OptimizerSettings = { optimizer, ...patch };
      const options = { arch: problem.arch, loss: problem.loss, train: problem.data, initialParams: theta };
      const cpu = createCpuMlpEngine(options);
      const gpu = createGpuMlpEngine(ctx, options);
      const expected = await steps(cpu, settings, 4, indices);
      let got: StepReport[] = [];
      await withErrorScopes(ctx.device, optimizer, async () => {
        got = await steps(gpu, settings, 4, indices);
      });
      const ref = await cpu.readParams();
      expect(relativeError(await gpu.readParams(), ref)).toBeLessThan(tolerance);
      expect(relativeError(ref, Float64Array.from(theta))).toBeGreaterThan(10 * tolerance);
      expect(got.map((r) => r.products)).toEqual(expected.map((r) => r.products));
      cpu.dispose();
      gpu.dispose();
    });
  }
});
