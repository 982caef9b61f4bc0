import { describe, expect, it } from 'vitest';
import { excessExponent, fitInverseBatch } from './inverse-batch-fit.ts';

describe('fitInverseBatch', () => {
  const n = 256;
  const sizes = [8, 16, 32, 64, 128];

  it('recovers c exactly from λ(b) = λfull + c(1/b − 1/n)', () => {
    const lambdas = sizes.map((b) => 2 + 20 * (1 / b - 1 / n));
    const fit = fitInverseBatch(sizes, lambdas, 2, n);
    expect(fit.c).toBeCloseTo(20, 10);
    expect(fit.r2).toBeCloseTo(1, 12);
  });

  it('gives the least-squares c through the origin and its R² on noisy values', () => {
    // x = 1/b − 1/n for b = 4, 8 with n = 8: x = 0.125, 0; y = 1, 0.5.
    // c = Σxy/Σx² = 0.125/0.015625 = 8; residuals 0, 0.5; total Σ(y − 0.75)² = 0.125; R² = 1 − 0.25/0.125 = −1.
    const fit = fitInverseBatch([4, 8], [3, 2.5], 2, 8);
    expect(fit.c).toBeCloseTo(8, 12);
    expect(fit.r2).toBeCloseTo(-1, 12);
  });

  it('refuses mismatched lists', () => {
    expect(() => fitInverseBatch([8, 16], [1], 1, 32)).toThrow(/as many/);
  });
});

describe('excessExponent', () => {
  it('is −1 for an excess ∝ 1/b and −½ for ∝ 1/√b', () => {
    const sizes = [8, 16, 32, 64];
    expect(excessExponent(sizes, sizes.map((b) => 1 + 3 / b), 1)).toBeCloseTo(-1, 12);
    expect(excessExponent(sizes, sizes.map((b) => 1 + 3 / Math.sqrt(b)), 1)).toBeCloseTo(-0.5, 12);
  });

  it('skips sizes without a positive excess and needs two that have one', () => {
    expect(excessExponent([8, 16, 32], [1 + 1 / 8, 1 + 1 / 16, 0.9], 1)).toBeCloseTo(-1, 12);
    expect(excessExponent([8, 16], [1.5, 0.9], 1)).toBeNaN();
  });
});
