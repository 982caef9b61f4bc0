import { describe, expect, it } from 'vitest';
import { exactSpectrum } from '../curvature/exact-spectrum.ts';
import { symmetricEigenvalues } from '../math/eigen.ts';
import { randomDataset } from '../math/test-support.ts';
import { CounterRng } from '../math/rng.ts';
import { createCpuMlpEngine } from './cpu-mlp-engine.ts';
import { initParameters, parameterCount } from './mlp.ts';
import { createTestFunctionEngine, projectToPsd } from './test-function-engine.ts';
import { createTestFunction } from './test-functions.ts';

describe('the test-function engine', () => {
  it('evaluate, gradient and the Hessian operator are the closed forms at θ', async () => {
    const fn = createTestFunction({ name: 'beale', dim: 2 });
    const engine = createTestFunctionEngine({ fn, start: [0.5, -0.7] });
    expect(engine.parameterCount).toBe(2);
    expect(engine.layerOffsets).toEqual([0, 2]);
    const { loss, accuracy } = await engine.evaluate('train');
    expect(loss).toBe(fn.value([0.5, -0.7]));
    expect(accuracy).toBeNaN();
    const g = engine.backend.create();
    expect(await engine.gradient(g, Uint32Array.of(0))).toBe(loss);
    const expected = new Float64Array(2);
    fn.gradient([0.5, -0.7], expected);
    expect(Array.from(g)).toEqual(Array.from(expected));
    const H = fn.hessian([0.5, -0.7]);
    const { matrix } = await exactSpectrum(engine.curvatureOperator('hessian'));
    expect(Array.from(matrix)).toEqual(Array.from(H));
    await expect(engine.evaluate('test')).rejects.toThrow(/no test set/);
    engine.backend.free(g);
    engine.dispose();
  });

  it('ggn is the Hessian projected onto the PSD cone; fisher is g gᵀ', async () => {
    // At (0, 0) Himmelblau's Hessian is [[−42, 0], [0, −26]]: negative definite, so its PSD part is 0.
    const fn = createTestFunction({ name: 'himmelblau', dim: 2 });
    const engine = createTestFunctionEngine({ fn, start: [0, 0] });
    expect(Array.from((await exactSpectrum(engine.curvatureOperator('ggn'))).matrix)).toEqual([0, 0, 0, 0]);
    // At (3.2, 1) the Hessian [[84.88, 16.8], [16.8, −1.2]] is indefinite: one eigenvalue is kept, one zeroed.
    engine.setParams([3.2, 1]);
    const H = fn.hessian([3.2, 1]);
    const eigs = symmetricEigenvalues(H, 2);
    const ggn = await exactSpectrum(engine.curvatureOperator('ggn'));
    const projected = Array.from(ggn.values);
    expect(eigs[0]).toBeLessThan(0);
    expect(projected[0]).toBeCloseTo(Math.max(0, eigs[0]!), 10);
    expect(projected[1]).toBeCloseTo(Math.max(0, eigs[1]!), 10);
    const g = new Float64Array(2);
    fn.gradient([3.2, 1], g);
    const fisher = await exactSpectrum(engine.curvatureOperator('fisher'));
    expect(Array.from(fisher.matrix).map((v) => Number(v.toPrecision(12)))).toEqual(
      [g[0]! * g[0]!, g[0]! * g[1]!, g[1]! * g[0]!, g[1]! * g[1]!].map((v) => Number(v.toPrecision(12))),
    );
    engine.dispose();
  });

  it('sampledLabelGradient (Sophia-G) draws ĝ = V √Λ₊ z: ‖ĝ‖² = tr(ggn) for every Rademacher z, and E[ĝĝᵀ] = ggn', async () => {
    const fn = createTestFunction({ name: 'himmelblau', dim: 2 });
    const engine = createTestFunctionEngine({ fn, start: [3.2, 1] });
    const ggn = await exactSpectrum(engine.curvatureOperator('ggn'));
    const trace = ggn.matrix[0]! + ggn.matrix[3]!;
    const g = engine.backend.create();
    const mean = [0, 0, 0, 0];
    const draws = 400;
    for (let stream = 0; stream < draws; stream++) {
      expect(await engine.sampledLabelGradient!(g, undefined, 7, stream)).toBe(1);
      expect(g[0]! ** 2 + g[1]! ** 2).toBeCloseTo(trace, 9);
      [g[0]! * g[0]!, g[0]! * g[1]!, g[1]! * g[0]!, g[1]! * g[1]!].forEach((v, i) => (mean[i] = mean[i]! + v / draws));
    }
    // Only the eigenvector of the positive eigenvalue survives: ĝĝᵀ is the ggn for every draw.
    mean.forEach((v, i) => expect(v).toBeCloseTo(ggn.matrix[i]!, 8));
    engine.backend.free(g);
    engine.dispose();
  });

  it('projectToPsd keeps a PSD matrix and zeroes negative eigenvalues', () => {
    const spd = Float64Array.of(2, 1, 1, 3);
    expect(Array.from(projectToPsd(spd, 2)).map((v) => Number(v.toFixed(12)))).toEqual([2, 1, 1, 3]);
    const indefinite = Float64Array.of(1, 0, 0, -5);
    expect(Array.from(projectToPsd(indefinite, 2)).map((v) => Number(v.toFixed(12)))).toEqual([1, 0, 0, 0]);
  });
});

/**
 * Logistic and softmax regression are the MLPs with no hidden layer ([d, 1] with "logistic",
 * [d, C] with "cross-entropy"): convex in θ, so their Hessian is PSD everywhere and the loss is
 * convex along every line.
 */
describe('the convex problems: logistic and softmax regression', () => {
  const cases = [
    { name: 'logistic regression', layers: [3, 1], loss: 'logistic' as const },
    { name: 'softmax regression', layers: [3, 4], loss: 'cross-entropy' as const },
  ];
  for (const c of cases) {
    it(`${c.name}: the exact Hessian is PSD at random points, and the loss is convex along random lines`, async () => {
      const train = randomDataset(3, c.layers[1]!, c.loss, 40, 11);
      const arch = { layers: c.layers, activation: 'tanh' as const };
      const P = parameterCount(c.layers);
      const engine = createCpuMlpEngine({ arch, loss: c.loss, train, initialParams: initParameters(arch, 2) });
      const rng = new CounterRng(5, 1);
      for (let trial = 0; trial < 3; trial++) {
        const theta = Float64Array.from({ length: P }, () => 2 * rng.gaussian());
        engine.setParams(theta);
        const { values } = await exactSpectrum(engine.curvatureOperator('hessian'));
        // PSD up to rounding (softmax has exact zero directions: adding a constant to every logit).
        expect(values[0]!).toBeGreaterThan(-1e-12 * Math.max(1, values[P - 1]!));
        // Convex along θ + s·d: second differences of the loss are ≥ 0.
        const d = Float64Array.from({ length: P }, () => rng.gaussian());
        const lossAt = async (s: number) => {
          engine.setParams(theta.map((v, i) => v + s * d[i]!));
          return (await engine.evaluate('train')).loss;
        };
        const losses = [];
        for (let k = -10; k <= 10; k++) losses.push(await lossAt(k * 0.3));
        for (let k = 1; k + 1 < losses.length; k++) expect(losses[k - 1]! - 2 * losses[k]! + losses[k + 1]!).toBeGreaterThan(-1e-12);
      }
      engine.dispose();
    });
  }
});
