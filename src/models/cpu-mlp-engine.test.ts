import { describe, expect, it } from 'vitest';
import {
  evaluate,
  fisherVectorProduct,
  gaussNewtonVectorProduct,
  gradient,
  hessianVectorProduct,
} from '../math/mlp.ts';
import { randomDataset, randomProblem, randomVector } from '../math/test-support.ts';
import { Float64Backend } from '../math/cpu-backend.ts';
import { createCpuMlpEngine } from './cpu-mlp-engine.ts';
import { layerOffsets } from './mlp.ts';

function tinyEngine(withTest = true) {
  const { problem, theta } = randomProblem([3, 4, 2], 'tanh', 'cross-entropy', 9, 5);
  const test = randomDataset(3, 2, 'cross-entropy', 4, 6);
  const engine = createCpuMlpEngine({ arch: problem.arch, loss: problem.loss, train: problem.data, ...(withTest ? { test } : {}), initialParams: theta });
  return { engine, problem, theta, test };
}

describe('createCpuMlpEngine', () => {
  it('evaluates and differentiates like the float64 twin, on all samples or a subset', async () => {
    const { engine, problem, theta, test } = tinyEngine();
    const subset = Uint32Array.from([0, 3, 7]);
    expect(await engine.evaluate('train')).toEqual({ loss: evaluate(problem, theta).loss, accuracy: evaluate(problem, theta).accuracy });
    expect((await engine.evaluate('train', subset)).loss).toBe(evaluate(problem, theta, subset).loss);
    expect((await engine.evaluate('test')).loss).toBe(evaluate({ ...problem, data: test }, theta).loss);

    const grad = engine.backend.create();
    const loss = await engine.gradient(grad, subset);
    const reference = gradient(problem, theta, subset);
    expect(loss).toBe(reference.loss);
    expect(Array.from(grad)).toEqual(Array.from(reference.grad));
    engine.backend.free(grad);
  });

  it('applies the Hessian, Gauss-Newton and Fisher at the current parameters', async () => {
    const { engine, problem, theta } = tinyEngine();
    const subset = Uint32Array.from([1, 2, 5, 8]);
    const products = { hessian: hessianVectorProduct, ggn: gaussNewtonVectorProduct, fisher: fisherVectorProduct } as const;
    const v = randomVector(engine.parameterCount, 3, 1);
    const x = engine.backend.create();
    const y = engine.backend.create();
    engine.backend.write(x, v);
    for (const kind of ['hessian', 'ggn', 'fisher'] as const) {
      const operator = engine.curvatureOperator(kind, subset);
      await operator.apply(x, y);
      expect(Array.from(y)).toEqual(Array.from(products[kind](problem, theta, v, subset)));
      // The operator reads θ when applied: after new parameters it is the operator at those.
      const moved = randomVector(engine.parameterCount, 4, 2, 0.5);
      engine.setParams(moved);
      await operator.apply(x, y);
      expect(Array.from(y)).toEqual(Array.from(products[kind](problem, moved, v, subset)));
      engine.setParams(theta);
    }
    engine.backend.free(x);
    engine.backend.free(y);
  });

  it('reports its layout and gives copies of its parameters', async () => {
    const { engine, theta } = tinyEngine();
    expect(engine.kind).toBe('cpu');
    expect(engine.label).toBe('float64 CPU');
    expect(engine.parameterCount).toBe(4 * 3 + 4 + 2 * 4 + 2);
    expect(engine.layerOffsets).toEqual(layerOffsets([3, 4, 2]));
    const copy = await engine.readParams();
    expect(Array.from(copy)).toEqual(Array.from(theta));
    copy[0] = 99;
    expect(engine.params[0]).toBe(theta[0]);
  });

  it('updates with the float64 Adam kernel', () => {
    const { engine, theta } = tinyEngine();
    const g = engine.backend.create();
    const m = engine.backend.create();
    const v = engine.backend.create();
    engine.backend.write(g, randomVector(engine.parameterCount, 8, 0));
    engine.updates.adamStep(engine.params, g, m, v, { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, step: 1 });
    // First Adam step: m̂ = g and v̂ = g², so each parameter moves by lr·sign(g) (up to ε).
    for (let i = 0; i < engine.parameterCount; i++) expect(engine.params[i]).toBeCloseTo(theta[i]! - 0.1 * Math.sign(g[i]!), 7);
  });

  it('fails clearly without a test set, with a wrong parameter count, and after dispose', async () => {
    const { engine, problem, theta } = tinyEngine(false);
    await expect(engine.evaluate('test')).rejects.toThrow(/no test set/);
    expect(() => createCpuMlpEngine({ arch: problem.arch, loss: problem.loss, train: problem.data, initialParams: theta.slice(1) })).toThrow(
      /initialParams: expected 26 values/,
    );
    expect(() => engine.setParams([1, 2])).toThrow();
    engine.dispose();
    expect((engine.backend as Float64Backend).liveVectors).toBe(0);
    await expect(engine.evaluate('train')).rejects.toThrow(/disposed/);
  });
});
