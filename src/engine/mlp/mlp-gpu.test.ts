import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../math/mlp.ts';
import { ACTIVATIONS, LOSSES, type Activation, type LossName } from '../../models/mlp.ts';
import { withErrorScopes } from '../errors.ts';
import type { GpuContext } from '../gpu-context.ts';
import { acquireTestGpu } from '../testing/node-gpu.ts';
import { fitsWholeNetwork, MlpGpu, type MlpPath } from './mlp-gpu.ts';
import {
  f32Problem,
  GpuVectors,
  gpuQuantities,
  nearTies,
  PRODUCT_KINDS,
  relativeError,
  twinQuantities,
  type F32Problem,
} from './test-support.ts';

/**
 * Tolerances, f32 against float64 on identical (f32-rounded) inputs. Each output is a few chained
 * f32 dot products of length ≤ 1000 summed in a fixed order (error ≲ √k·u typically, k·u at worst,
 * u = 6e-8), plus exp/tanh, which WGSL lets be off by a few ulp. Over a whole vector that is ~1e-6
 * relative; 1e-4 leaves room for the cancellations in p − e_y and p ⊙ (u − pᵀu) near saturated
 * softmax outputs (measured worst over this file: 1.3e-5, GGN). The mean loss is one sum of
 * per-sample losses: 1e-5 relative (measured worst: 2.8e-7).
 */
const VECTOR_TOL = 1e-4;
const LOSS_TOL = 1e-5;

function outputs(loss: LossName, classes: number): number {
  return loss === 'logistic' ? 1 : classes;
}

/** Both paths where the model fits the whole-network kernels, else the layer-by-layer one. */
function pathsFor(layers: readonly number[]): MlpPath[] {
  return fitsWholeNetwork(layers) ? ['whole network', 'layer by layer'] : ['layer by layer'];
}

async function compare(ctx: GpuContext, p: F32Problem, opts: { indices?: number[]; maxBatch?: number; label: string }) {
  for (const path of pathsFor(p.problem.arch.layers)) await compareOnPath(ctx, p, path, { ...opts, label: `${opts.label} (${path})` });
}

async function compareOnPath(ctx: GpuContext, p: F32Problem, path: MlpPath, opts: { indices?: number[]; maxBatch?: number; label: string }) {
  const mlp = new MlpGpu(ctx, {
    arch: p.problem.arch,
    loss: p.problem.loss,
    train: p.problem.data,
    path,
    ...(opts.maxBatch ? { maxBatch: opts.maxBatch } : {}),
  });
  expect(mlp.path).toBe(path);
  const vectors = new GpuVectors(ctx, p.theta, p.v);
  try {
    const got = await withErrorScopes(ctx.device, opts.label, () => gpuQuantities(mlp, vectors, opts.indices));
    const ref = twinQuantities(p, opts.indices);
    const errors = {
      loss: Math.abs(got.loss - ref.loss) / Math.abs(ref.loss),
      grad: relativeError(got.grad, ref.grad),
      hessian: relativeError(got.hessian, ref.hessian),
      ggn: relativeError(got.ggn, ref.ggn),
      fisher: relativeError(got.fisher, ref.fisher),
    };
    expect(errors.loss, `${opts.label}: loss`).toBeLessThanOrEqual(LOSS_TOL);
    expect(errors.grad, `${opts.label}: gradient`).toBeLessThanOrEqual(VECTOR_TOL);
    for (const kind of PRODUCT_KINDS) expect(errors[kind], `${opts.label}: ${kind}`).toBeLessThanOrEqual(VECTOR_TOL);
    if (p.problem.loss === 'mse') {
      expect(got.accuracy).toBeNaN();
    } else {
      const m = opts.indices?.length ?? p.problem.data.n;
      const logits = evaluate(p.problem, p.theta, opts.indices).logits;
      const allowed = nearTies(p.problem, logits, 1e-4);
      expect(Math.abs(got.accuracy - ref.accuracy) * m, `${opts.label}: accuracy`).toBeLessThanOrEqual(allowed + 1e-9);
    }
  } finally {
    vectors.free();
    mlp.destroy();
  }
}

describe('MLP on the GPU against the float64 twin', () => {
  let ctx: GpuContext;

  beforeAll(async () => {
    ctx = await acquireTestGpu();
  });
  afterAll(() => ctx?.destroy());

  let seed = 100;
  for (const activation of ACTIVATIONS) {
    for (const loss of LOSSES) {
      const caseSeed = seed++;
      it(`${activation} / ${loss}: loss, accuracy, gradient, HVP, GGN and Fisher products, on all samples and a subset`, async () => {
        // Two hidden layers exercise the σ'' and V terms between hidden layers.
        const p = f32Problem([5, 7, 6, outputs(loss, 4)], activation, loss, 9, caseSeed);
        await compare(ctx, p, { label: `${activation}/${loss} all` });
        await compare(ctx, p, { indices: [8, 2, 2, 5, 0, 8, 3], label: `${activation}/${loss} subset` });
      });
    }
  }

  const AWKWARD: [number[], Activation, LossName, number][] = [
    [[7, 33, 1], 'tanh', 'logistic', 1000],
    [[7, 33, 1], 'gelu', 'mse', 3],
    [[33, 257, 7], 'gelu', 'cross-entropy', 1000],
    [[33, 257, 7], 'sigmoid', 'mse', 1],
    [[1, 7, 3], 'relu', 'cross-entropy', 3],
    [[1, 7, 3], 'tanh', 'mse', 1000],
    [[7, 1, 33, 7], 'tanh', 'cross-entropy', 257],
    // The whole-network kernels at their limits: 7 layers, width 32, 4,096 parameters or fewer.
    [[3, 8, 8, 8, 8, 8, 8, 2], 'gelu', 'cross-entropy', 65],
    [[32, 32, 32, 3], 'tanh', 'mse', 100],
    [[1, 1, 1], 'sigmoid', 'logistic', 33],
  ];
  for (const [layers, activation, loss, n] of AWKWARD) {
    it(`awkward sizes: [${layers.join(', ')}] ${activation}/${loss} with ${n} samples`, async () => {
      const p = f32Problem(layers, activation, loss, n, seed++);
      await compare(ctx, p, { label: `[${layers}] n=${n}` });
    });
  }

  it('chunks of a large sample set add up to the whole (maxBatch 64, 1000 samples, all and a subset)', async () => {
    const p = f32Problem([7, 33, 5], 'tanh', 'cross-entropy', 1000, 7);
    await compare(ctx, p, { maxBatch: 64, label: 'chunked all' });
    const indices = Array.from({ length: 300 }, (_, k) => (k * 7919) % 1000).concat([3, 3, 3]);
    await compare(ctx, p, { maxBatch: 64, indices, label: 'chunked subset' });
  });

  it('chunks on the whole-network path too (maxBatch 64, 1000 samples, all and a subset)', async () => {
    const p = f32Problem([7, 31, 5], 'tanh', 'cross-entropy', 1000, 8);
    expect(fitsWholeNetwork(p.problem.arch.layers)).toBe(true);
    await compare(ctx, p, { maxBatch: 64, label: 'chunked all' });
    const indices = Array.from({ length: 300 }, (_, k) => (k * 7919) % 1000).concat([3, 3, 3]);
    await compare(ctx, p, { maxBatch: 64, indices, label: 'chunked subset' });
  });

  it('picks the whole network for small models only, and refuses it for larger ones', () => {
    expect(fitsWholeNetwork([2, 16, 16, 3])).toBe(true);
    expect(fitsWholeNetwork([3, 8, 8, 8, 8, 8, 8, 2])).toBe(true);
    expect(fitsWholeNetwork([3, 8, 8, 8, 8, 8, 8, 8, 2])).toBe(false);
    expect(fitsWholeNetwork([2, 33, 3])).toBe(false);
    expect(fitsWholeNetwork([32, 32, 32, 32, 32, 3])).toBe(false); // 4,323 parameters
    const p = f32Problem([2, 33, 3], 'tanh', 'cross-entropy', 4, 1);
    expect(() => new MlpGpu(ctx, { arch: p.problem.arch, loss: 'cross-entropy', train: p.problem.data, path: 'whole network' })).toThrow(/too large/);
    expect(new MlpGpu(ctx, { arch: { layers: [2, 16, 16, 3], activation: 'tanh' }, loss: 'cross-entropy', train: f32Problem([2, 16, 16, 3], 'tanh', 'cross-entropy', 4, 1).problem.data }).path).toBe('whole network');
  });
});
