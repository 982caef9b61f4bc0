import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lanczos } from '../curvature/lanczos.ts';
import { acquireTestGpu } from '../engine/testing/node-gpu.ts';
import { withErrorScopes } from '../engine/errors.ts';
import type { GpuContext } from '../engine/gpu-context.ts';
import { adamStepF64 } from '../math/adam.ts';
import { symmetricEigenvalues } from '../math/eigen.ts';
import {
  denseHessian,
  evaluate,
  fisherVectorProduct,
  gaussNewtonVectorProduct,
  gradient,
  hessianVectorProduct,
} from '../math/mlp.ts';
import { randomDataset, randomProblem, randomVector } from '../math/test-support.ts';
import { createGpuMlpEngine, type GpuMlpEngine } from './gpu-mlp-engine.ts';
import { layerOffsets } from './mlp.ts';
import type { AdamHyperParameters } from './model-engine.ts';

/** f32 against float64 on the same f32-rounded inputs; see src/engine/mlp/mlp-gpu.test.ts for why. */
const VECTOR_TOL = 1e-4;
const LOSS_TOL = 1e-5;

function f32(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(Float32Array.from(values as ArrayLike<number>));
}

function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let nb = 0;
  for (let i = 0; i < b.length; i++) {
    d += (a[i]! - b[i]!) ** 2;
    nb += b[i]! ** 2;
  }
  return Math.sqrt(d / nb);
}

describe('createGpuMlpEngine', () => {
  let ctx: GpuContext;
  const made: GpuMlpEngine[] = [];

  beforeAll(async () => {
    ctx = await acquireTestGpu();
  });
  afterAll(() => {
    for (const engine of made) engine.dispose();
    ctx?.destroy();
  });

  function tinyEngine(withTest = true) {
    const { problem, theta: raw } = randomProblem([3, 6, 5, 4], 'gelu', 'cross-entropy', 30, 5);
    const theta = f32(raw);
    const test = randomDataset(3, 4, 'cross-entropy', 11, 6);
    const engine = createGpuMlpEngine(ctx, {
      arch: problem.arch,
      loss: problem.loss,
      train: problem.data,
      ...(withTest ? { test } : {}),
      initialParams: Float32Array.from(theta),
    });
    made.push(engine);
    return { engine, problem, theta, test };
  }

  it('describes itself and its layout like the float64 engine does', () => {
    const { engine, problem } = tinyEngine();
    expect(engine.kind).toBe('webgpu');
    expect(engine.label).toMatch(/^WebGPU f32 \(/);
    expect(engine.layerOffsets).toEqual(layerOffsets(problem.arch.layers));
    expect(engine.backend.size).toBe(engine.parameterCount);
  });

  it('evaluates and differentiates like the float64 twin, on all samples, a subset and the test set', async () => {
    const { engine, problem, theta, test } = tinyEngine();
    const subset = Uint32Array.from([0, 29, 7, 7]);
    await withErrorScopes(ctx.device, 'engine evaluate', async () => {
      for (const [set, indices, data] of [
        ['train', undefined, problem.data],
        ['train', subset, problem.data],
        ['test', undefined, test],
        ['test', Uint32Array.from([10, 1]), test],
      ] as const) {
        const got = await engine.evaluate(set, indices);
        const ref = evaluate({ ...problem, data }, theta, indices);
        expect(Math.abs(got.loss - ref.loss) / ref.loss).toBeLessThan(LOSS_TOL);
        expect(got.accuracy).toBeCloseTo(ref.accuracy, 12);
      }
      const grad = engine.backend.create();
      const loss = await engine.gradient(grad, subset);
      const ref = gradient(problem, theta, subset);
      expect(Math.abs(loss - ref.loss) / ref.loss).toBeLessThan(LOSS_TOL);
      expect(relativeError(await engine.backend.read(grad), ref.grad)).toBeLessThan(VECTOR_TOL);
      engine.backend.free(grad);
    });
  });

  it('applies the Hessian, Gauss-Newton and Fisher at the current parameters, with indices uploaded once', async () => {
    const { engine, problem, theta } = tinyEngine();
    const subset = Uint32Array.from([1, 2, 5, 8, 8, 20]);
    const products = { hessian: hessianVectorProduct, ggn: gaussNewtonVectorProduct, fisher: fisherVectorProduct } as const;
    const v = f32(randomVector(engine.parameterCount, 3, 1));
    const moved = f32(randomVector(engine.parameterCount, 4, 2, 0.5));
    const x = engine.backend.create();
    const y = engine.backend.create();
    engine.backend.write(x, v);
    await withErrorScopes(ctx.device, 'engine operators', async () => {
      for (const kind of ['hessian', 'ggn', 'fisher'] as const) {
        engine.setParams(theta);
        const operator = engine.curvatureOperator(kind, subset);
        await operator.apply(x, y);
        expect(relativeError(await engine.backend.read(y), products[kind](problem, theta, v, subset))).toBeLessThan(VECTOR_TOL);
        // The operator reads θ when applied: after new parameters it is the operator at those.
        engine.setParams(moved);
        await operator.apply(x, y);
        expect(relativeError(await engine.backend.read(y), products[kind](problem, moved, v, subset))).toBeLessThan(VECTOR_TOL);
        operator.dispose();
        await expect(operator.apply(x, y)).rejects.toThrow(/after dispose/);
      }
      const all = engine.curvatureOperator('hessian');
      await all.apply(x, y);
      expect(relativeError(await engine.backend.read(y), hessianVectorProduct(problem, moved, v))).toBeLessThan(VECTOR_TOL);
      await expect(all.apply(x, x)).rejects.toThrow(/distinct/);
    });
    engine.backend.free(x);
    engine.backend.free(y);
    expect(Array.from(await engine.readParams())).toEqual(Array.from(moved));
  });

  it('Lanczos on the GPU Hessian finds the extreme eigenvalues of the twin\'s dense Hessian (relative ≤ 1e-4)', async () => {
    const { engine, problem, theta } = tinyEngine(false);
    const exact = symmetricEigenvalues(denseHessian(problem, theta), engine.parameterCount);
    const scale = Math.max(Math.abs(exact[0]!), Math.abs(exact[exact.length - 1]!));
    await withErrorScopes(ctx.device, 'engine lanczos', async () => {
      const result = await lanczos(engine.curvatureOperator('hessian'), { steps: engine.parameterCount, seed: 3 });
      const ritz = result.ritzValues;
      expect(Math.abs(ritz[ritz.length - 1]! - exact[exact.length - 1]!) / scale).toBeLessThan(1e-4);
      expect(Math.abs(ritz[0]! - exact[0]!) / scale).toBeLessThan(1e-4);
    });
  });

  it('takes Adam and AdamW steps like adamStepF64 (elementwise ≤ 1e-6·(|θ| + lr))', async () => {
    const { engine } = tinyEngine(false);
    const n = engine.parameterCount;
    const { backend } = engine;
    for (const decoupled of [false, true]) {
      const theta = f32(randomVector(n, 8, 1));
      const ref = { theta: Float64Array.from(theta), m: new Float64Array(n), v: new Float64Array(n) };
      const [m, v, grad] = [backend.create(), backend.create(), backend.create()];
      engine.setParams(theta);
      await withErrorScopes(ctx.device, 'adam', async () => {
        for (let step = 1; step <= 3; step++) {
          const g = f32(randomVector(n, 9, step));
          backend.write(grad, g);
          const hp: AdamHyperParameters = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.05, decoupled, step };
          engine.updates.adamStep(engine.params, grad, m, v, hp);
          adamStepF64(ref.theta, g, ref.m, ref.v, hp);
        }
        const got = await engine.readParams();
        let worst = 0;
        for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(got[i]! - ref.theta[i]!) / (Math.abs(ref.theta[i]!) + 0.01));
        // A handful of f32 roundings per step on values of size |θ| and lr: a few 1e-7.
        expect(worst).toBeLessThan(1e-6);
        expect(relativeError(await backend.read(m), ref.m)).toBeLessThan(1e-6);
        expect(relativeError(await backend.read(v), ref.v)).toBeLessThan(1e-6);
      });
      backend.free(m);
      backend.free(v);
      backend.free(grad);
    }
  });

  it('refuses to run after dispose, and without a test set names what is missing', async () => {
    const { engine } = tinyEngine(false);
    await expect(engine.evaluate('test')).rejects.toThrow(/no test set/);
    engine.dispose();
    expect(() => engine.curvatureOperator('hessian')).toThrow(/disposed/);
    await expect(engine.evaluate('train')).rejects.toThrow(/disposed/);
  });

  it('rejects initial parameters of the wrong length', () => {
    const { problem } = randomProblem([3, 4, 2], 'tanh', 'cross-entropy', 5, 1);
    expect(() =>
      createGpuMlpEngine(ctx, { arch: problem.arch, loss: problem.loss, train: problem.data, initialParams: new Float32Array(3) }),
    ).toThrow(/initialParams: expected 26 values/);
  });
});
