import { describe, expect, it } from 'vitest';
import { adamStepF64 } from '../math/adam.ts';
import { Float64Backend } from '../math/cpu-backend.ts';
import { gradient, hessianVectorProduct, type MlpProblem } from '../math/mlp.ts';
import { fillRandom } from '../math/rng.ts';
import { sampledLabelGradient } from '../math/sampled-labels.ts';
import { randomProblem } from '../math/test-support.ts';
import { FLOAT64_UPDATE_KERNELS } from '../math/update-kernels.ts';
import { createCpuMlpEngine } from '../models/cpu-mlp-engine.ts';
import type { ModelEngine } from '../models/model-engine.ts';
import { createOptimizer, optimizerDefaults, type OptimizerEngine, type OptimizerName, type OptimizerSettings } from './index.ts';
import { stepSeed, stepStream } from './optimizer.ts';
import { dampedFisher, denseSolve } from './test-support.ts';

const BASE = { lr: 0.1, momentum: 0.9, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 } as const;
const SEED = 1234;

/** Three parameters on the float64 backend, with no model: only for the gradient-only optimizers. */
function threeParameters(values: number[]): OptimizerEngine<Float64Array> & { backend: Float64Backend } {
  const backend = new Float64Backend(values.length);
  const params = backend.create();
  backend.write(params, values);
  const none = (): never => {
    throw new Error('no model here');
  };
  return { backend, params, updates: FLOAT64_UPDATE_KERNELS, evaluate: none, gradient: none, curvatureOperator: none };
}

function gradientOf(target: { backend: Float64Backend }, values: number[]): Float64Array {
  const g = target.backend.create();
  target.backend.write(g, values);
  return g;
}

const context = (grad: Float64Array, step = 0) => ({ indices: undefined, grad, loss: NaN, step, seed: SEED });

function expectClose(actual: ArrayLike<number>, expected: number[], digits = 14): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, digits));
}

describe('first-order optimizers, by hand', () => {
  it('gd: θ ← θ − lr·(g + wd·θ)', async () => {
    const t = threeParameters([1, -2, 0.5]);
    const opt = createOptimizer({ optimizer: 'gd', ...BASE, weightDecay: 0.01 }, t);
    await opt.step(context(gradientOf(t, [0.5, 1, -4])));
    expectClose(t.params, [0.949, -2.098, 0.8995]);
  });

  it('momentum: b ← μb + g; θ ← θ − lr·b, over two steps and a learning-rate change', async () => {
    const t = threeParameters([1, -2, 0.5]);
    const opt = createOptimizer({ optimizer: 'momentum', ...BASE }, t);
    await opt.step(context(gradientOf(t, [0.5, 1, -4])));
    expectClose(t.params, [0.95, -2.1, 0.9]);
    await opt.step(context(gradientOf(t, [1, 0, 2])));
    expectClose(t.params, [0.95 - 0.145, -2.1 - 0.09, 0.9 + 0.16]);
    opt.updateSettings({ optimizer: 'momentum', ...BASE, lr: 1 });
    await opt.step(context(gradientOf(t, [0, 0, 0])));
    expectClose(t.params, [0.805 - 1.305, -2.19 - 0.81, 1.06 + 1.44]);
  });

  it('nesterov: θ ← θ − lr·(g + μb) with b ← μb + g', async () => {
    const t = threeParameters([1, -2, 0.5]);
    const opt = createOptimizer({ optimizer: 'nesterov', ...BASE }, t);
    await opt.step(context(gradientOf(t, [0.5, 1, -4])));
    // b = g; step = g + 0.9 g = 1.9 g.
    expectClose(t.params, [1 - 0.095, -2 - 0.19, 0.5 + 0.76]);
    await opt.step(context(gradientOf(t, [1, 0, 2])));
    // b = 0.9·(0.5, 1, −4) + (1, 0, 2) = (1.45, 0.9, −1.6); step = g + 0.9 b = (2.305, 0.81, 0.56).
    expectClose(t.params, [0.905 - 0.2305, -2.19 - 0.081, 1.26 - 0.056]);
  });

  it('adam and adamw: bias-corrected first step of lr·sign(g); adamw shrinks θ by lr·wd first', async () => {
    for (const optimizer of ['adam', 'adamw'] as const) {
      const t = threeParameters([1, -2, 0.5]);
      const opt = createOptimizer({ optimizer, ...BASE, weightDecay: optimizer === 'adamw' ? 0.5 : 0 }, t);
      await opt.step(context(gradientOf(t, [0.5, 1, -4])));
      const shrink = optimizer === 'adamw' ? 1 - 0.05 : 1;
      expectClose(t.params, [1 * shrink - 0.1, -2 * shrink - 0.1, 0.5 * shrink + 0.1], 7);
    }
  });

  it('frees its state vectors on dispose, for every optimizer', () => {
    for (const optimizer of ['gd', 'sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'adahessian', 'sophia-h', 'mfac', 'lbfgs', 'newton-cg', 'regularized-newton', 'gns', 'cbo', 'zo'] as const) {
      const t = threeParameters([1, 2, 3]);
      const opt = createOptimizer({ optimizer }, t);
      expect(opt.name).toBe(optimizer);
      expect(opt.usesGradient).toBe(optimizer !== 'cbo' && optimizer !== 'zo');
      opt.dispose();
      opt.dispose();
      expect(t.backend.liveVectors).toBe(1);
    }
  });
});

/** Independent float64 references, written per coordinate from the papers' update rules. */
interface Reference {
  theta: Float64Array;
  step(t: number): void;
}

function reference(settings: Required<Omit<OptimizerSettings, 'curvature'>> & { optimizer: OptimizerName }, problem: MlpProblem, theta0: Float64Array, seed: number): Reference {
  const theta = Float64Array.from(theta0);
  const n = theta.length;
  const [b, m, v, h] = [0, 0, 0, 0].map(() => new Float64Array(n)) as [Float64Array, Float64Array, Float64Array, Float64Array];
  const window: Float64Array[] = [];
  const s = settings;
  return {
    theta,
    step(t: number): void {
      const { grad, loss } = gradient(problem, theta);
      void loss;
      const count = t + 1;
      switch (s.optimizer) {
        case 'gd':
        case 'sgd':
        case 'momentum':
        case 'nesterov':
          for (let i = 0; i < n; i++) {
            const g = grad[i]! + s.weightDecay * theta[i]!;
            b[i] = s.momentum * b[i]! + g;
            const d = s.optimizer === 'momentum' ? b[i]! : s.optimizer === 'nesterov' ? g + s.momentum * b[i]! : g;
            theta[i] = theta[i]! - s.lr * d;
          }
          return;
        case 'adam':
        case 'adamw': {
          const w = s.optimizer === 'adamw';
          for (let i = 0; i < n; i++) {
            const g = grad[i]! + (w ? 0 : s.weightDecay * theta[i]!);
            m[i] = s.beta1 * m[i]! + (1 - s.beta1) * g;
            v[i] = s.beta2 * v[i]! + (1 - s.beta2) * g * g;
            const p = w ? theta[i]! * (1 - s.lr * s.weightDecay) : theta[i]!;
            theta[i] = p - (s.lr * m[i]!) / (1 - s.beta1 ** count) / (Math.sqrt(v[i]! / (1 - s.beta2 ** count)) + s.eps);
          }
          return;
        }
        case 'adahessian': {
          const z = fillRandom('rademacher', seed, stepStream(t, 0), n);
          const hz = hessianVectorProduct(problem, theta, z);
          for (let i = 0; i < n; i++) {
            const d = Math.abs(z[i]! * hz[i]!);
            m[i] = s.beta1 * m[i]! + (1 - s.beta1) * grad[i]!;
            v[i] = s.beta2 * v[i]! + (1 - s.beta2) * d * d;
            const denom = Math.sqrt(v[i]! / (1 - s.beta2 ** count)) ** s.hessianPower + s.eps;
            theta[i] = theta[i]! - s.lr * (m[i]! / (1 - s.beta1 ** count) / denom + s.weightDecay * theta[i]!);
          }
          return;
        }
        case 'sophia-h':
        case 'sophia-g': {
          if (t % s.hessianEvery === 0) {
            let hat: Float64Array;
            if (s.optimizer === 'sophia-h') {
              const u = fillRandom('rademacher', seed, stepStream(t, 0), n);
              const hu = hessianVectorProduct(problem, theta, u);
              hat = u.map((x, i) => x * hu[i]!);
            } else {
              const { grad: gs, samples } = sampledLabelGradient(problem, theta, undefined, seed, stepStream(t, 1));
              hat = gs.map((x) => samples * x * x);
            }
            for (let i = 0; i < n; i++) h[i] = s.beta2 * h[i]! + (1 - s.beta2) * hat[i]!;
          }
          for (let i = 0; i < n; i++) {
            m[i] = s.beta1 * m[i]! + (1 - s.beta1) * grad[i]!;
            const r = m[i]! / Math.max(s.rho * h[i]!, s.eps);
            theta[i] = theta[i]! - s.lr * s.weightDecay * theta[i]! - s.lr * Math.max(-1, Math.min(1, r));
          }
          return;
        }
        case 'mfac': {
          window.push(Float64Array.from(grad));
          if (window.length > s.memory) window.shift();
          const step = denseSolve(dampedFisher(window, s.damping, n), n, grad);
          for (let i = 0; i < n; i++) theta[i] = theta[i]! - s.lr * step[i]!;
          return;
        }
        default:
          throw new Error(`no reference for ${s.optimizer}`);
      }
    },
  };
}

function cpuEngine(problem: MlpProblem, theta: Float64Array): ModelEngine<Float64Array> {
  return createCpuMlpEngine({ arch: problem.arch, loss: problem.loss, train: problem.data, initialParams: theta });
}

describe('optimizers on the float64 engine equal a float64 reference, step by step', () => {
  const cases: [OptimizerName, Partial<OptimizerSettings>][] = [
    ['gd', { weightDecay: 1e-3 }],
    ['sgd', { weightDecay: 1e-3 }],
    ['momentum', { weightDecay: 1e-3 }],
    ['nesterov', { weightDecay: 1e-3 }],
    ['adam', { weightDecay: 1e-3 }],
    ['adamw', {}],
    ['adahessian', { weightDecay: 1e-3, hessianPower: 0.5 }],
    ['adahessian', {}],
    ['sophia-h', { hessianEvery: 2, weightDecay: 0.1, lr: 0.05 }],
    ['sophia-g', { hessianEvery: 2, weightDecay: 0.1, lr: 0.05 }],
    ['mfac', { memory: 3 }],
  ];
  for (const [optimizer, patch] of cases) {
    it(`${optimizer} ${JSON.stringify(patch)}: five steps`, async () => {
      const { problem, theta } = randomProblem([3, 5, 3], 'tanh', 'cross-entropy', 12, 21);
      const engine = cpuEngine(problem, theta);
      const settings = { ...optimizerDefaults(optimizer), ...patch };
      const opt = createOptimizer(settings, engine);
      const ref = reference(settings as never, problem, theta, SEED);
      const grad = engine.backend.create();
      for (let t = 0; t < 5; t++) {
        const loss = await engine.gradient(grad);
        await opt.step({ indices: undefined, grad, loss, step: t, seed: SEED });
        ref.step(t);
      }
      const actual = await engine.readParams();
      for (let i = 0; i < actual.length; i++) expect(Math.abs(actual[i]! - ref.theta[i]!)).toBeLessThan(1e-12 * (1 + Math.abs(ref.theta[i]!)));
      // Every step moved θ.
      expect(actual.some((x, i) => x !== theta[i])).toBe(true);
      opt.dispose();
      engine.backend.free(grad);
      engine.dispose();
      expect((engine.backend as Float64Backend).liveVectors).toBe(0);
    });
  }

  it('zo: the step is −lr times the mean two-point estimate along the seeded Gaussian directions', async () => {
    const { problem, theta } = randomProblem([3, 4, 2], 'tanh', 'cross-entropy', 10, 3);
    const engine = cpuEngine(problem, theta);
    const settings = { ...optimizerDefaults('zo'), directions: 3, smoothing: 1e-4, lr: 0.2 };
    const opt = createOptimizer(settings, engine);
    const report = await opt.step({ indices: undefined, grad: engine.backend.create(), loss: NaN, step: 7, seed: SEED });
    expect(report).toEqual({ gradients: 0, products: 0, evaluations: 6 });
    const expected = Float64Array.from(theta);
    const lossAt = (x: Float64Array) => gradient(problem, x).loss;
    for (let j = 0; j < 3; j++) {
      const u = fillRandom('gaussian', stepSeed(SEED, 'zo', 7), j, theta.length);
      const plus = lossAt(theta.map((x, i) => x + 1e-4 * u[i]!));
      const minus = lossAt(theta.map((x, i) => x - 1e-4 * u[i]!));
      for (let i = 0; i < theta.length; i++) expected[i] = expected[i]! - (0.2 * (plus - minus) * u[i]!) / (2e-4 * 3);
    }
    const actual = await engine.readParams();
    for (let i = 0; i < actual.length; i++) expect(actual[i]).toBeCloseTo(expected[i]!, 12);
    // The two-point estimate is the directional derivative: its mean over directions tracks −lr·∇L.
    opt.dispose();
  });
});

describe('adamStepF64', () => {
  it('L2 weight decay enters the moments, decoupled decay shrinks θ first', () => {
    const base = { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, step: 1 };
    const coupled = Float64Array.of(2);
    adamStepF64(coupled, Float64Array.of(0), new Float64Array(1), new Float64Array(1), { ...base, weightDecay: 0.5, decoupled: false });
    expect(coupled[0]).toBeCloseTo(1.9, 7);
    const decoupled = Float64Array.of(2);
    adamStepF64(decoupled, Float64Array.of(-3), new Float64Array(1), new Float64Array(1), { ...base, weightDecay: 0.5, decoupled: true });
    expect(decoupled[0]).toBeCloseTo(2 * (1 - 0.05) + 0.1, 7);
  });
});
