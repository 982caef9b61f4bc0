import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../data/dataset.ts';
import { symmetricEigenvalues } from '../../math/eigen.ts';
import { denseHessian, type MlpProblem } from '../../math/mlp.ts';
import { parameterCount } from '../../models/mlp.ts';
import { hessianTopEigenvalue, meanSubsetTopEigenvalue, randomSubsets } from './minibatch-sharpness.ts';

/** A 2-3-2 tanh classifier on 12 fixed points: small enough for the dense Hessian as the known answer. */
function tinyProblem(): { problem: MlpProblem; theta: Float64Array } {
  const n = 12;
  const x = new Float32Array(2 * n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = Math.cos(i);
    x[2 * i + 1] = Math.sin(1.7 * i);
    y[i] = i % 2;
  }
  const data: Dataset = { name: 'tiny', n, inputDim: 2, x, y, targetDim: 1, classes: 2 };
  const arch = { layers: [2, 3, 2], activation: 'tanh' as const };
  const theta = Float64Array.from({ length: parameterCount(arch.layers) }, (_, i) => 0.8 * Math.sin(1.3 * i + 0.4));
  return { problem: { arch, loss: 'cross-entropy', data }, theta };
}

function denseTop(problem: MlpProblem, theta: Float64Array, indices?: ArrayLike<number>): number {
  const P = theta.length;
  const values = symmetricEigenvalues(denseHessian(problem, theta, indices), P);
  return values[P - 1]!;
}

describe('randomSubsets', () => {
  it('draws distinct sorted indices in range, deterministically, a different subset per stream', () => {
    const subsets = randomSubsets(50, 8, 3, 7);
    expect(subsets.length).toBe(3);
    for (const s of subsets) {
      expect(s.length).toBe(8);
      expect(new Set(s).size).toBe(8);
      expect([...s]).toEqual([...s].sort((a, b) => a - b));
      expect(Math.max(...s)).toBeLessThan(50);
    }
    expect(randomSubsets(50, 8, 3, 7)).toEqual(subsets);
    expect([...subsets[0]!]).not.toEqual([...subsets[1]!]);
  });

  it('refuses a size outside 1..n', () => {
    expect(() => randomSubsets(10, 11, 1, 0)).toThrow(/from 1 to 10/);
    expect(() => randomSubsets(10, 0, 1, 0)).toThrow();
  });
});

describe('hessianTopEigenvalue', () => {
  it('equals the largest eigenvalue of the dense Hessian, on all samples and on a subset', async () => {
    const { problem, theta } = tinyProblem();
    const subset = Uint32Array.from([1, 4, 5, 9]);
    expect(await hessianTopEigenvalue(problem, theta, undefined, { steps: theta.length })).toBeCloseTo(denseTop(problem, theta), 9);
    expect(await hessianTopEigenvalue(problem, theta, subset, { steps: theta.length })).toBeCloseTo(denseTop(problem, theta, subset), 9);
  });

  it('averages over subsets', async () => {
    const { problem, theta } = tinyProblem();
    const subsets = [Uint32Array.from([0, 1, 2]), Uint32Array.from([3, 7, 11])];
    const { mean, values } = await meanSubsetTopEigenvalue(problem, theta, subsets, { steps: theta.length });
    expect(values[0]).toBeCloseTo(denseTop(problem, theta, subsets[0]), 9);
    expect(values[1]).toBeCloseTo(denseTop(problem, theta, subsets[1]), 9);
    expect(mean).toBeCloseTo((values[0]! + values[1]!) / 2, 12);
  });
});
