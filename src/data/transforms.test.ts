import { describe, expect, it } from 'vitest';
import type { Dataset } from './dataset.ts';
import { sine } from './sine.ts';
import { blobs } from './toy2d.ts';
import { applyStandardization, standardize, subsetDataset, trainTestSplit } from './transforms.ts';

function columnStats(d: Dataset, j: number): { mean: number; std: number } {
  let s = 0;
  for (let i = 0; i < d.n; i++) s += d.x[i * d.inputDim + j]!;
  const mean = s / d.n;
  let ss = 0;
  for (let i = 0; i < d.n; i++) ss += (d.x[i * d.inputDim + j]! - mean) ** 2;
  return { mean, std: Math.sqrt(ss / d.n) };
}

describe('standardize', () => {
  it('zero mean (1e-6) and unit std (1e-5) per feature; returns the original means and stds', () => {
    const raw = blobs({ n: 1000, classes: 3, noise: 0.5, seed: 1 });
    // Shift and scale the features so that the result is not already near standard.
    const x = raw.x.map((v, k) => (k % 2 === 0 ? 100 + 20 * v : -3 + 0.01 * v));
    const d: Dataset = { ...raw, x };
    const { dataset, mean, std } = standardize(d);
    for (let j = 0; j < 2; j++) {
      const before = columnStats(d, j);
      expect(Math.abs(mean[j]! - before.mean)).toBeLessThan(1e-9 * Math.abs(before.mean) + 1e-12);
      expect(Math.abs(std[j]! / before.std - 1)).toBeLessThan(1e-9);
      const after = columnStats(dataset, j);
      expect(Math.abs(after.mean)).toBeLessThan(1e-6);
      expect(Math.abs(after.std - 1)).toBeLessThan(1e-5);
    }
    expect(dataset.y).toEqual(d.y);
    expect(d.x[0]).toBe(x[0]); // the input is not modified
  });

  it('a constant feature is centered to 0, not divided by 0', () => {
    const d: Dataset = { name: 'c', n: 3, inputDim: 2, targetDim: 1, x: Float32Array.from([1, 7, 2, 7, 3, 7]), y: new Float32Array(3) };
    const { dataset, std } = standardize(d);
    expect(std[1]).toBe(0);
    expect(Array.from(dataset.x.filter((_, k) => k % 2 === 1))).toEqual([0, 0, 0]);
  });

  it('applyStandardization uses the given statistics (for test data)', () => {
    const d = sine({ n: 4, noise: 0 });
    const out = applyStandardization(d, [1], [2]);
    for (let i = 0; i < 4; i++) expect(out.x[i]).toBe(Math.fround((d.x[i]! - 1) / 2));
    expect(() => applyStandardization(d, [1, 2], [1, 1])).toThrow(/mean\/std: expected 1 values/);
  });
});

describe('trainTestSplit', () => {
  const d = blobs({ n: 300, classes: 3, seed: 4 });

  it('sizes floor(n·f) (0.29 · 300 → 87, not 86), disjoint, together every sample once; rows follow their indices', () => {
    expect(trainTestSplit(d, 0.29, 1).test.n).toBe(87);
    expect(trainTestSplit(d, 0.999, 1).test.n).toBe(299);
    const { train, test, trainIndices, testIndices } = trainTestSplit(d, 0.2, 1);
    expect([train.n, test.n]).toEqual([240, 60]);
    const all = [...trainIndices, ...testIndices].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 300 }, (_, i) => i));
    testIndices.forEach((i, k) => {
      expect(test.x[2 * k]).toBe(d.x[2 * i]);
      expect(test.y[k]).toBe(d.y[i]);
    });
    expect(train.classes).toBe(3);
    expect(train.name).toBe('blobs[train]');
  });

  it('seeded', () => {
    expect(trainTestSplit(d, 0.3, 7).testIndices).toEqual(trainTestSplit(d, 0.3, 7).testIndices);
    expect(trainTestSplit(d, 0.3, 7).testIndices).not.toEqual(trainTestSplit(d, 0.3, 8).testIndices);
  });

  it('never leaves a part empty; rejects fractions outside (0, 1)', () => {
    const tiny = subsetDataset(d, [0, 1]);
    const { train, test } = trainTestSplit(tiny, 0.01, 1);
    expect([train.n, test.n]).toEqual([1, 1]);
    expect(() => trainTestSplit(d, 0, 1)).toThrow(/testFraction: must be strictly between 0 and 1/);
    expect(() => trainTestSplit(d, 1, 1)).toThrow(/testFraction/);
    expect(() => trainTestSplit(subsetDataset(d, [0]), 0.5, 1)).toThrow(/at least 2 samples/);
  });

  it('subsetDataset keeps order and repeats, and checks indices', () => {
    const s = subsetDataset(d, [5, 5, 2]);
    expect(Array.from(s.y)).toEqual([d.y[5], d.y[5], d.y[2]]);
    expect(Array.from(s.x.subarray(4, 6))).toEqual([d.x[4], d.x[5]]);
    expect(() => subsetDataset(d, [300])).toThrow(/indices\[0\] = 300/);
  });
});
