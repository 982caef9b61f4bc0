import { describe, expect, it } from 'vitest';
import { parameterLayout } from '../models/mlp.ts';
import {
  evaluateSliceF64,
  gaussianDirection,
  linspace,
  normalizeDirection,
  projectOntoSlice,
  randomDirection,
  slicePoint,
  trajectoryPca,
} from './landscape.ts';
import { evaluate } from './mlp.ts';
import { dot, norm, randomProblem, randomVector } from './test-support.ts';

const LAYERS = [3, 5, 4, 2];

function blockNorm(v: ArrayLike<number>, start: number, end: number): number {
  let s = 0;
  for (let i = start; i < end; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

describe('direction normalization (Li et al. 2018)', () => {
  const theta = randomVector(parameterLayout(LAYERS).reduce((s, b) => s + b.size, 0), 1, 2);

  it('filter: every row of every weight matrix has the norm of the same row of θ, and keeps its own direction', () => {
    const raw = gaussianDirection(theta.length, 7, 1);
    for (const keepBiases of [false, true]) {
      const d = normalizeDirection(raw.slice(), theta, LAYERS, 'filter', keepBiases);
      for (const block of parameterLayout(LAYERS)) {
        const end = block.offset + block.size;
        if (block.kind === 'bias') {
          if (!keepBiases) expect(blockNorm(d, block.offset, end)).toBe(0);
          else expect(blockNorm(d, block.offset, end)).toBeCloseTo(blockNorm(theta, block.offset, end), 12);
          continue;
        }
        const cols = block.shape[1]!;
        for (let r = block.offset; r < end; r += cols) {
          expect(blockNorm(d, r, r + cols)).toBeCloseTo(blockNorm(theta, r, r + cols), 12);
          // A positive multiple of the raw row: d_r = raw_r · ‖θ_r‖/‖raw_r‖.
          const factor = blockNorm(theta, r, r + cols) / blockNorm(raw, r, r + cols);
          for (let i = r; i < r + cols; i++) expect(d[i]).toBeCloseTo(raw[i]! * factor, 12);
        }
      }
    }
  });

  it('layer: each weight matrix as a whole has the norm of θ’s; none leaves weights untouched', () => {
    const raw = gaussianDirection(theta.length, 7, 2);
    const layer = normalizeDirection(raw.slice(), theta, LAYERS, 'layer', false);
    const none = normalizeDirection(raw.slice(), theta, LAYERS, 'none', true);
    for (const block of parameterLayout(LAYERS)) {
      const end = block.offset + block.size;
      if (block.kind === 'weight') expect(blockNorm(layer, block.offset, end)).toBeCloseTo(blockNorm(theta, block.offset, end), 12);
      else expect(blockNorm(layer, block.offset, end)).toBe(0);
    }
    expect(Array.from(none)).toEqual(Array.from(raw));
  });

  it('a zero row of θ gives a zero row of d; the random stream depends on seed and stream only', () => {
    const t = theta.slice();
    t.fill(0, 0, 3); // row 0 of W1
    const d = randomDirection(t, LAYERS, 'filter', false, 3, 1);
    expect(Array.from(d.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(randomDirection(t, LAYERS, 'filter', false, 3, 1))).toEqual(Array.from(d));
    expect(Array.from(randomDirection(t, LAYERS, 'filter', false, 3, 2))).not.toEqual(Array.from(d));
  });
});

describe('trajectory PCA', () => {
  it('recovers the two axes of a constructed trajectory, orthonormal, with the right explained variance', () => {
    const P = 40;
    // Two orthonormal axes e1, e2 and a trajectory θ_t = final + a_t e1 + b_t e2 with known spread.
    const e1 = new Float64Array(P);
    const e2 = new Float64Array(P);
    for (let i = 0; i < P; i++) {
      e1[i] = Math.cos(i);
      e2[i] = Math.sin(3 * i + 1);
    }
    const n1 = norm(e1);
    for (let i = 0; i < P; i++) e1[i] = e1[i]! / n1;
    const c = dot(e1, e2);
    for (let i = 0; i < P; i++) e2[i] = e2[i]! - c * e1[i]!;
    const n2 = norm(e2);
    for (let i = 0; i < P; i++) e2[i] = e2[i]! / n2;
    const final = randomVector(P, 4, 4);
    const a = [3, 1, -1, -3, 0, 0];
    const b = [0, 0, 0, 0, 1, -1];
    const snapshots = a.map((ai, t) => slicePoint(final, e1, ai, e2, b[t]!));
    const pca = trajectoryPca(snapshots, final);
    expect(pca.directions.length).toBe(2);
    const [d1, d2] = pca.directions as [Float64Array, Float64Array];
    expect(norm(d1)).toBeCloseTo(1, 12);
    expect(norm(d2)).toBeCloseTo(1, 12);
    expect(dot(d1, d2)).toBeCloseTo(0, 12);
    expect(Math.abs(dot(d1, e1))).toBeCloseTo(1, 12);
    expect(Math.abs(dot(d2, e2))).toBeCloseTo(1, 12);
    // Centered coordinates: a has mean 0 and Σa² = 20; b has mean 0 and Σb² = 2.
    expect(pca.explainedVariance[0]).toBeCloseTo(20 / 22, 12);
    expect(pca.explainedVariance[1]).toBeCloseTo(2 / 22, 12);
  });

  it('a straight-line trajectory has one component that explains everything', () => {
    const final = randomVector(10, 5, 5);
    const dir = randomVector(10, 6, 6);
    const pca = trajectoryPca([0, 1, 2, 5].map((s) => slicePoint(final, dir, s)), final);
    expect(pca.directions.length).toBe(1);
    expect(pca.explainedVariance[0]).toBeCloseTo(1, 12);
    expect(() => trajectoryPca([final], final)).toThrow(/at least 2/);
  });
});

describe('slices', () => {
  it('grid values are direct evaluations at center + α d1 + β d2 (loss[j][i])', () => {
    const { problem, theta } = randomProblem([2, 4, 3], 'tanh', 'cross-entropy', 20, 9);
    const d1 = randomDirection(theta, problem.arch.layers, 'filter', false, 1, 1);
    const d2 = randomDirection(theta, problem.arch.layers, 'filter', false, 1, 2);
    const alphas = linspace(-1, 1, 5);
    const betas = linspace(-0.5, 0.5, 3);
    const grid = evaluateSliceF64(problem, { center: theta, d1, d2, alphas, betas });
    expect(grid.loss.length).toBe(3);
    expect(grid.loss[0]!.length).toBe(5);
    for (const [j, i] of [[0, 0], [1, 2], [2, 4]] as const) {
      const direct = evaluate(problem, slicePoint(theta, d1, alphas[i]!, d2, betas[j]!));
      expect(grid.loss[j]![i]).toBe(direct.loss);
      expect(grid.accuracy[j]![i]).toBe(direct.accuracy);
    }
    expect(grid.loss[1]![2]).toBe(evaluate(problem, theta).loss); // α = β = 0 is the center
  });

  it('1-D interpolation: α = 0 and α = 1 are the two checkpoints', () => {
    const { problem, theta: initial } = randomProblem([2, 3, 1], 'relu', 'logistic', 15, 3);
    const final = randomVector(initial.length, 8, 8);
    const d = final.map((x, i) => x - initial[i]!);
    const line = evaluateSliceF64(problem, { center: initial, d1: d, alphas: [0, 0.5, 1] });
    expect(line.loss.length).toBe(1);
    expect(line.loss[0]![0]).toBeCloseTo(evaluate(problem, initial).loss, 14);
    expect(line.loss[0]![2]).toBeCloseTo(evaluate(problem, final).loss, 14);
  });

  it('linspace hits both ends and the middle exactly', () => {
    expect(linspace(-1, 1, 5)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(linspace(-0.5, 1.5, 21)[5]).toBe(0);
    expect(linspace(-0.5, 1.5, 21)[15]).toBe(1);
    const symmetric = linspace(-0.8, 0.8, 41);
    for (let i = 0; i < 41; i++) expect(symmetric[i]! + symmetric[40 - i]!).toBe(0);
    expect(linspace(2, 3, 1)).toEqual([2]);
  });

  it('projection recovers the coordinates of a point in the plane, also for non-orthogonal directions', () => {
    const c = randomVector(12, 1, 1);
    const d1 = randomVector(12, 2, 2);
    const d2 = randomVector(12, 3, 3).map((x, i) => x + 0.5 * d1[i]!); // not orthogonal to d1
    const [a, b] = projectOntoSlice(slicePoint(c, d1, 0.7, d2, -1.3), c, d1, d2);
    expect(a).toBeCloseTo(0.7, 12);
    expect(b).toBeCloseTo(-1.3, 12);
    const [a1, b1] = projectOntoSlice(slicePoint(c, d1, 2.5), c, d1);
    expect(a1).toBeCloseTo(2.5, 12);
    expect(b1).toBe(0);
  });
});
