import { describe, expect, it } from 'vitest';
import { denseMatrixOperator, Float64Backend, matrixWithSpectrum } from '../math/cpu-backend.ts';
import { denseHessian, gradient, type MlpProblem } from '../math/mlp.ts';
import { randomDataset, randomProblem, randomVector } from '../math/test-support.ts';
import { FLOAT64_UPDATE_KERNELS } from '../math/update-kernels.ts';
import { createCpuMlpEngine } from '../models/cpu-mlp-engine.ts';
import { createTestFunctionEngine } from '../models/test-function-engine.ts';
import { createTestFunction } from '../models/test-functions.ts';
import { hutchinsonSample } from './adahessian.ts';
import { conjugateGradient } from './conjugate-gradient.ts';
import { createOptimizer, optimizerDefaults, type OptimizerEngine, type OptimizerName, type OptimizerSettings, type StepReport } from './index.ts';
import { FisherWindow } from './mfac.ts';
import { stepStream } from './optimizer.ts';
import { dampedFisher, denseSolve } from './test-support.ts';

const SEED = 99;

function engineOf(problem: MlpProblem, theta: ArrayLike<number>) {
  return createCpuMlpEngine({ arch: problem.arch, loss: problem.loss, train: problem.data, initialParams: theta });
}

/** Runs `steps` full-batch steps; returns the reports. */
async function run(settings: OptimizerSettings, engine: ReturnType<typeof engineOf>, steps: number): Promise<StepReport[]> {
  const opt = createOptimizer(settings, engine);
  const grad = engine.backend.create();
  const reports: StepReport[] = [];
  try {
    for (let t = 0; t < steps; t++) {
      const loss = opt.usesGradient ? await engine.gradient(grad) : NaN;
      reports.push(await opt.step({ indices: undefined, grad, loss, step: t, seed: SEED }));
    }
  } finally {
    opt.dispose();
    engine.backend.free(grad);
  }
  return reports;
}

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! ** 2;
  return Math.sqrt(s);
}

describe('Newton-type optimizers', () => {
  // Linear least squares: the loss is exactly quadratic in θ, with Hessian = Gauss-Newton.
  const data = randomDataset(4, 2, 'mse', 20, 5);
  const problem: MlpProblem = { arch: { layers: [4, 2], activation: 'identity' }, loss: 'mse', data };
  const theta0 = randomVector(10, 5, 1);
  const H = denseHessian(problem, theta0);
  const minimizer = (() => {
    const g = gradient(problem, theta0).grad;
    const step = denseSolve(H, 10, g);
    return theta0.map((x, i) => x - step[i]!);
  })();

  const cases: [OptimizerName, Partial<OptimizerSettings>][] = [
    ['regularized-newton', { hessianLipschitz: 0 }],
    ['newton-cg', { damping: 1e-12 }],
    ['newton-cg', { damping: 1e-12, curvature: 'hessian' }],
  ];
  for (const [optimizer, patch] of cases) {
    it(`${optimizer} ${JSON.stringify(patch)} solves a quadratic in one step (CG with n iterations)`, async () => {
      const engine = engineOf(problem, theta0);
      const [report] = await run({ ...optimizerDefaults(optimizer), cgIterations: 10, cgTolerance: 1e-12, ...patch }, engine, 1);
      const theta = await engine.readParams();
      for (let i = 0; i < 10; i++) expect(Math.abs(theta[i]! - minimizer[i]!)).toBeLessThan(1e-8);
      expect(norm(gradient(problem, theta).grad)).toBeLessThan(1e-9);
      expect(report!.products).toBeLessThanOrEqual(10);
      if (optimizer === 'newton-cg') {
        // Actual = predicted reduction on a quadratic: ρ = 1 > ¾ shrinks the damping by 2/3.
        expect(report!.diagnostics!.reductionRatio).toBeCloseTo(1, 6);
        expect(report!.diagnostics!.damping).toBeCloseTo((2 / 3) * 1e-12, 20);
      }
      engine.dispose();
    });
  }

  it('regularized Newton: the step is −(H + λI)⁻¹g with λ = √(H_reg·‖g‖)', async () => {
    const { problem: p, theta } = randomProblem([3, 4, 2], 'tanh', 'cross-entropy', 15, 8);
    const engine = engineOf(p, theta);
    const [report] = await run({ optimizer: 'regularized-newton', hessianLipschitz: 2, cgIterations: 26, cgTolerance: 1e-13 }, engine, 1);
    const g = gradient(p, theta).grad;
    const lambda = Math.sqrt(2 * norm(g));
    const A = denseHessian(p, theta);
    for (let i = 0; i < 26; i++) A[i * 26 + i] = A[i * 26 + i]! + lambda;
    const step = denseSolve(A, 26, g);
    const actual = await engine.readParams();
    expect(report!.diagnostics!.lambda).toBeCloseTo(lambda, 12);
    for (let i = 0; i < 26; i++) expect(actual[i]).toBeCloseTo(theta[i]! - step[i]!, 7);
    engine.dispose();
  });

  it('regularized Newton converges on logistic regression from a far start where undamped Newton fails', async () => {
    const data = randomDataset(2, 1, 'logistic', 40, 17);
    const lr: MlpProblem = { arch: { layers: [2, 1], activation: 'identity' }, loss: 'logistic', data };
    const far = [9, -9, 6];
    const plain = engineOf(lr, far);
    await run({ optimizer: 'regularized-newton', hessianLipschitz: 0, cgIterations: 3, cgTolerance: 1e-12 }, plain, 40);
    const plainTheta = await plain.readParams();
    const plainLoss = gradient(lr, plainTheta).loss;
    const regularized = engineOf(lr, far);
    const reports = await run({ optimizer: 'regularized-newton', hessianLipschitz: 1, cgIterations: 3, cgTolerance: 1e-12 }, regularized, 40);
    const theta = await regularized.readParams();
    const { loss, grad } = gradient(lr, theta);
    // Undamped Newton overshoots into the flat tail of the sigmoid and does not come back (measured:
    // a loss of 3e38 from step 5 on); regularized Newton reaches the minimum, loss 0.648.
    expect(plainLoss).toBeGreaterThan(1e30);
    expect(norm(grad)).toBeLessThan(1e-8);
    expect(loss).toBeLessThan(0.7);
    // λ = √‖g‖ → 0 as the gradient vanishes.
    expect(reports[39]!.diagnostics!.lambda).toBeLessThan(1e-4);
    plain.dispose();
    regularized.dispose();
  });

  it('gns: accepted steps double γ, rejected ones halve it; it decreases the loss', async () => {
    const { problem: p, theta } = randomProblem([3, 5, 3], 'tanh', 'cross-entropy', 20, 4);
    const engine = engineOf(p, theta);
    const reports = await run({ optimizer: 'gns', gamma0: 1, cgIterations: 10 }, engine, 8);
    let gamma = 1;
    for (const r of reports) {
      const d = r.diagnostics!;
      gamma = gamma * 0.5 ** d.rejected! * (d.accepted ? 2 : 1);
      expect(d.gamma).toBeCloseTo(gamma, 12);
      expect(r.gradients).toBe(d.rejected! + (d.accepted ? 1 : 0));
    }
    expect(gradient(p, await engine.readParams()).loss).toBeLessThan(gradient(p, theta).loss * 0.9);
    engine.dispose();
  });

  it('lbfgs minimizes a quadratic to its minimizer in a few steps, with Armijo steps', async () => {
    const engine = engineOf(problem, theta0);
    const reports = await run({ optimizer: 'lbfgs', memory: 10 }, engine, 25);
    const theta = await engine.readParams();
    for (let i = 0; i < 10; i++) expect(Math.abs(theta[i]! - minimizer[i]!)).toBeLessThan(1e-6);
    expect(reports.every((r) => r.diagnostics!.accepted)).toBe(true);
    engine.dispose();
  });
});

describe('Sophia', () => {
  for (const optimizer of ['sophia-h', 'sophia-g'] as const) {
    it(`${optimizer}: every coordinate moves by at most lr per step; the win rate is the unclipped fraction`, async () => {
      const { problem, theta } = randomProblem([3, 6, 3], 'tanh', 'cross-entropy', 20, 6);
      const engine = engineOf(problem, theta);
      const opt = createOptimizer({ optimizer, lr: 0.05, hessianEvery: 3 }, engine);
      const grad = engine.backend.create();
      let largest = 0;
      const rates: number[] = [];
      for (let t = 0; t < 30; t++) {
        const before = await engine.readParams();
        const loss = await engine.gradient(grad);
        const report = await opt.step({ indices: undefined, grad, loss, step: t, seed: SEED });
        const after = await engine.readParams();
        for (let i = 0; i < after.length; i++) largest = Math.max(largest, Math.abs(after[i]! - before[i]!));
        rates.push(report.diagnostics!.winRate!);
        expect(report.products + report.gradients).toBe(t % 3 === 0 ? 1 : 0);
      }
      expect(largest).toBeLessThanOrEqual(0.05 * (1 + 1e-12));
      // Some steps are clipped to exactly lr.
      expect(largest).toBeGreaterThan(0.05 * (1 - 1e-9));
      for (const r of rates) expect(r >= 0 && r <= 1).toBe(true);
      expect(Math.max(...rates)).toBeGreaterThan(0);
      opt.dispose();
      engine.dispose();
    });
  }
});

describe('M-FAC', () => {
  it("the window's product equals the dense damped Fisher inverse applied to g (before and after the window fills)", async () => {
    const n = 9;
    const backend = new Float64Backend(n);
    const window = new FisherWindow(backend, 4);
    const grads = Array.from({ length: 6 }, (_, k) => randomVector(n, 3, k));
    const x = backend.create();
    const out = backend.create();
    for (let k = 0; k < grads.length; k++) {
      const g = backend.create();
      backend.write(g, grads[k]!);
      await window.push(g);
      backend.free(g);
      backend.write(x, randomVector(n, 4, k));
      for (const damping of [1e-3, 0.5]) {
        await window.applyInverse(x, out, damping);
        const kept = grads.slice(Math.max(0, k - 3), k + 1);
        const expected = denseSolve(dampedFisher(kept, damping, n), n, randomVector(n, 4, k));
        const scale = norm(expected);
        for (let i = 0; i < n; i++) expect(Math.abs(out[i]! - expected[i]!)).toBeLessThan(1e-9 * scale);
      }
    }
    window.dispose();
    backend.free(x);
    backend.free(out);
    expect(backend.liveVectors).toBe(0);
  });
});

/** An engine over a fixed symmetric matrix: only its curvature operator is used. */
function matrixEngine(A: Float64Array, n: number): OptimizerEngine<Float64Array> {
  const backend = new Float64Backend(n);
  const none = (): never => {
    throw new Error('not used');
  };
  return { backend, params: backend.create(), updates: FLOAT64_UPDATE_KERNELS, evaluate: none, gradient: none, curvatureOperator: () => denseMatrixOperator(A, n, backend) };
}

describe('conjugate gradients', () => {
  it('stop on negative curvature and return the iterate before it (truncated Newton)', async () => {
    const n = 6;
    const A = matrixWithSpectrum([-3, 0.5, 1, 2, 4, 8], 2);
    const engine = matrixEngine(A, n);
    const backend = engine.backend;
    const [b, x, r, d, ad] = [0, 0, 0, 0, 0].map(() => backend.create()) as Float64Array[];
    backend.write(b!, randomVector(n, 1, 1));
    const operator = denseMatrixOperator(A, n, backend as Float64Backend);
    const result = await conjugateGradient(operator, b!, x!, { r: r!, d: d!, ad: ad! }, { damping: 0, maxIterations: 50, tolerance: 1e-12 });
    expect(result.negativeCurvature).toBe(true);
    expect(result.iterations).toBeLessThan(n + 1);
    // Damping past the most negative eigenvalue makes the system positive definite: CG solves it.
    const damped = await conjugateGradient(operator, b!, x!, { r: r!, d: d!, ad: ad! }, { damping: 3.5, maxIterations: 50, tolerance: 1e-12 });
    expect(damped.negativeCurvature).toBe(false);
    const M = Float64Array.from(A);
    for (let i = 0; i < n; i++) M[i * n + i] = M[i * n + i]! + 3.5;
    const exact = denseSolve(M, n, randomVector(n, 1, 1));
    for (let i = 0; i < n; i++) expect(x![i]).toBeCloseTo(exact[i]!, 9);
    expect(damped.curvatureAlongX).toBeCloseTo(exact.reduce((s, v, i) => s + v * b![i]!, 0), 9);
  });
});

describe('AdaHessian', () => {
  it("Hutchinson's diagonal z ⊙ Hz, averaged over steps, converges to the true diagonal as 1/√N", async () => {
    const n = 12;
    const A = matrixWithSpectrum(Array.from({ length: n }, (_, i) => 1 + i), 7);
    const engine = matrixEngine(A, n);
    const [z, hz] = [engine.backend.create(), engine.backend.create()];
    const mean = new Float64Array(n);
    const errorAt: Record<number, number> = {};
    for (let N = 1; N <= 4000; N++) {
      await hutchinsonSample(engine, undefined, z, hz, SEED, stepStream(N, 0));
      for (let i = 0; i < n; i++) mean[i] = mean[i]! + (z[i]! * hz[i]! - mean[i]!) / N;
      if (N === 250 || N === 4000) errorAt[N] = norm(mean.map((m, i) => m - A[i * n + i]!));
    }
    // Var of one sample at i is Σ_{j≠i} A_ij²: a 4σ bound per coordinate at N = 4000.
    for (let i = 0; i < n; i++) {
      let off = 0;
      for (let j = 0; j < n; j++) if (j !== i) off += A[i * n + j]! ** 2;
      expect(Math.abs(mean[i]! - A[i * n + i]!)).toBeLessThan(4 * Math.sqrt(off / 4000));
    }
    // 16× the samples: about 1/4 of the error.
    expect(errorAt[4000]! / errorAt[250]!).toBeLessThan(0.5);
    expect(errorAt[4000]! / norm(Array.from({ length: n }, (_, i) => A[i * n + i]!))).toBeLessThan(0.03);
  });
});

describe('consensus-based optimization', () => {
  it('finds the global minimum of 2-D Rastrigin from a wide start in at least 19 of 20 seeds (measured: 20 of 20)', async () => {
    const fn = createTestFunction({ name: 'rastrigin', dim: 2 });
    let successes = 0;
    const misses: number[][] = [];
    for (let seed = 0; seed < 20; seed++) {
      const engine = createTestFunctionEngine({ fn, start: [3, -3] });
      const opt = createOptimizer({ ...optimizerDefaults('cbo'), particles: 200, spread: 3, alpha: 50, sigma: 1, lr: 0.05 }, engine);
      for (let t = 0; t < 300; t++) await opt.step({ indices: undefined, grad: engine.params, loss: NaN, step: t, seed });
      const x = await engine.readParams();
      if (Math.hypot(x[0]!, x[1]!) < 0.05) successes++;
      else misses.push([...x]);
      opt.dispose();
      engine.dispose();
    }
    expect(successes, `misses at ${JSON.stringify(misses)}`).toBeGreaterThanOrEqual(19);
  });
});
