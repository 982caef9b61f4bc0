import { describe, expect, it } from 'vitest';
import { adamStepF64 } from '../math/adam.ts';
import { Float64Backend } from '../math/cpu-backend.ts';
import { gradient, type MlpProblem } from '../math/mlp.ts';
import { randomProblem } from '../math/test-support.ts';
import { createCpuMlpEngine } from '../models/cpu-mlp-engine.ts';
import { createOptimizer, type OptimizerSettings, type OptimizerTarget } from './index.ts';

const BASE: OptimizerSettings = { optimizer: 'gd', lr: 0.1, momentum: 0.9, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 };

/** Three parameters on the float64 backend: small enough to write every expectation by hand. */
function threeParameters(values: number[]): OptimizerTarget<Float64Array> & { backend: Float64Backend } {
  const backend = new Float64Backend(values.length);
  const params = backend.create();
  backend.write(params, values);
  return { backend, params, updates: { adamStep: adamStepF64 } };
}

function gradientOf(target: { backend: Float64Backend }, values: number[]): Float64Array {
  const g = target.backend.create();
  target.backend.write(g, values);
  return g;
}

function expectClose(actual: ArrayLike<number>, expected: number[], digits = 14): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, digits));
}

describe('first-order optimizers, by hand', () => {
  it('gd: θ ← θ − lr·(g + wd·θ)', () => {
    const t = threeParameters([1, -2, 0.5]);
    const opt = createOptimizer({ ...BASE, weightDecay: 0.01 }, t);
    opt.step(gradientOf(t, [0.5, 1, -4]));
    expectClose(t.params, [1 - 0.1 * (0.5 + 0.01), -2 - 0.1 * (1 - 0.02), 0.5 - 0.1 * (-4 + 0.005)]);
    expectClose(t.params, [0.949, -2.098, 0.8995]);
  });

  it('momentum: b ← μb + g; θ ← θ − lr·b, over two steps and a learning-rate change', () => {
    const t = threeParameters([1, -2, 0.5]);
    const opt = createOptimizer({ ...BASE, optimizer: 'momentum' }, t);
    opt.step(gradientOf(t, [0.5, 1, -4]));
    expectClose(t.params, [0.95, -2.1, 0.9]);
    opt.step(gradientOf(t, [1, 0, 2]));
    // b = 0.9·(0.5, 1, −4) + (1, 0, 2) = (1.45, 0.9, −1.6)
    expectClose(t.params, [0.95 - 0.145, -2.1 - 0.09, 0.9 + 0.16]);
    opt.updateSettings({ ...BASE, optimizer: 'momentum', lr: 1 });
    opt.step(gradientOf(t, [0, 0, 0]));
    // The buffer survives the change: b = 0.9·(1.45, 0.9, −1.6), now taken with lr 1.
    expectClose(t.params, [0.805 - 1.305, -2.19 - 0.81, 1.06 + 1.44]);
  });

  it('adam: bias-corrected moments, step 1 moves by lr·sign(g), step 2 by the formula', () => {
    const t = threeParameters([1, -2, 0.5]);
    const opt = createOptimizer({ ...BASE, optimizer: 'adam' }, t);
    const g1 = [0.5, 1, -4];
    const g2 = [1, 0, 2];
    opt.step(gradientOf(t, g1));
    expectClose(t.params, [0.9, -2.1, 0.6], 7);
    const after1 = Array.from(t.params);
    opt.step(gradientOf(t, g2));
    const expected = after1.map((theta, i) => {
      const m = 0.9 * 0.1 * g1[i]! + 0.1 * g2[i]!;
      const v = 0.999 * 0.001 * g1[i]! ** 2 + 0.001 * g2[i]! ** 2;
      return theta - (0.1 * (m / (1 - 0.9 ** 2))) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8);
    });
    expectClose(t.params, expected);
    // E.g. the first coordinate: m̂ = 0.145/0.19, v̂ = 0.00124975/0.001999.
    expect(t.params[0]).toBeCloseTo(0.9 - (0.1 * (0.145 / 0.19)) / Math.sqrt(0.00124975 / 0.001999), 7);
  });

  it('adamStepF64: L2 weight decay enters the moments, decoupled decay shrinks θ first', () => {
    const base = { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, step: 1 };
    const coupled = Float64Array.of(2);
    adamStepF64(coupled, Float64Array.of(0), new Float64Array(1), new Float64Array(1), { ...base, weightDecay: 0.5, decoupled: false });
    // g_eff = 0.5·2 = 1 > 0: the first step is −lr·sign(g_eff).
    expect(coupled[0]).toBeCloseTo(1.9, 7);
    const decoupled = Float64Array.of(2);
    adamStepF64(decoupled, Float64Array.of(-3), new Float64Array(1), new Float64Array(1), { ...base, weightDecay: 0.5, decoupled: true });
    expect(decoupled[0]).toBeCloseTo(2 * (1 - 0.05) + 0.1, 7);
    expect(() => adamStepF64(coupled, Float64Array.of(0), new Float64Array(1), new Float64Array(1), { ...base, step: 0, weightDecay: 0, decoupled: false })).toThrow(
      /1-based/,
    );
  });

  it('frees its state vectors on dispose', () => {
    for (const optimizer of ['gd', 'sgd', 'momentum', 'adam'] as const) {
      const t = threeParameters([1, 2, 3]);
      const opt = createOptimizer({ ...BASE, optimizer }, t);
      expect(opt.name).toBe(optimizer);
      opt.dispose();
      opt.dispose();
      expect(t.backend.liveVectors).toBe(1);
    }
  });
});

/** An independent float64 reference of each rule, written out per coordinate. */
function referenceRun(settings: OptimizerSettings, problem: MlpProblem, theta0: Float64Array, steps: number): Float64Array {
  const theta = Float64Array.from(theta0);
  const b = new Float64Array(theta.length);
  const m = new Float64Array(theta.length);
  const v = new Float64Array(theta.length);
  const { lr, momentum, beta1, beta2, eps, weightDecay } = settings;
  for (let t = 1; t <= steps; t++) {
    const { grad } = gradient(problem, theta);
    for (let i = 0; i < theta.length; i++) {
      const g = grad[i]! + weightDecay * theta[i]!;
      if (settings.optimizer === 'momentum') {
        b[i] = momentum * b[i]! + g;
        theta[i] = theta[i]! - lr * b[i]!;
      } else if (settings.optimizer === 'adam') {
        m[i] = beta1 * m[i]! + (1 - beta1) * g;
        v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
        theta[i] = theta[i]! - (lr * m[i]!) / (1 - beta1 ** t) / (Math.sqrt(v[i]! / (1 - beta2 ** t)) + eps);
      } else theta[i] = theta[i]! - lr * g;
    }
  }
  return theta;
}

describe('first-order optimizers on the float64 engine', () => {
  for (const optimizer of ['gd', 'sgd', 'momentum', 'adam'] as const) {
    it(`${optimizer}: five steps equal the float64 reference`, async () => {
      const { problem, theta } = randomProblem([3, 5, 3], 'tanh', 'cross-entropy', 12, 21);
      const engine = createCpuMlpEngine({ arch: problem.arch, loss: problem.loss, train: problem.data, initialParams: theta });
      const settings: OptimizerSettings = { ...BASE, optimizer, lr: 0.05, weightDecay: 1e-3 };
      const opt = createOptimizer(settings, engine);
      const grad = engine.backend.create();
      for (let t = 0; t < 5; t++) {
        await engine.gradient(grad);
        opt.step(grad);
      }
      const expected = referenceRun(settings, problem, theta, 5);
      const actual = await engine.readParams();
      for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThan(1e-13 * (1 + Math.abs(expected[i]!)));
      opt.dispose();
      engine.backend.free(grad);
      engine.dispose();
      expect((engine.backend as Float64Backend).liveVectors).toBe(0);
    });
  }
});
