import { describe, expect, it } from 'vitest';
import { firstBelow, fitLinearRate, tailAboveFloor } from './linear-rate-fit.ts';

describe('fitLinearRate', () => {
  it('recovers the rate and constant of an exact geometric series', () => {
    const x = Array.from({ length: 20 }, (_, i) => i + 5);
    const y = x.map((k) => 3 * 0.8 ** k);
    const fit = fitLinearRate(x, y);
    expect(fit.rate).toBeCloseTo(0.8, 12);
    expect(Math.exp(fit.intercept)).toBeCloseTo(3, 10);
    expect(fit.r2).toBeCloseTo(1, 12);
    expect(fit.points).toBe(20);
  });

  it('reports growth above 1 and skips zeros, negatives and non-finite values', () => {
    const fit = fitLinearRate([0, 1, 2, 3, 4, 5], [1, 1.5, 0, 3.375, Number.NaN, 1.5 ** 5]);
    expect(fit.points).toBe(4);
    expect(fit.rate).toBeCloseTo(1.5, 12);
  });

  it('gives r² below 1 for an oscillating envelope and the envelope rate on average', () => {
    const x = Array.from({ length: 200 }, (_, i) => i);
    const y = x.map((k) => 0.95 ** k * (1.5 + Math.cos(k)));
    const fit = fitLinearRate(x, y);
    expect(fit.rate).toBeCloseTo(0.95, 2);
    expect(fit.r2).toBeLessThan(0.999);
    expect(fit.r2).toBeGreaterThan(0.9);
  });

  it('returns NaN with fewer than two usable points', () => {
    expect(fitLinearRate([1], [2]).rate).toBeNaN();
    expect(fitLinearRate([1, 2], [0, -1]).points).toBe(0);
  });
});

describe('tailAboveFloor', () => {
  it('starts at the fraction and stops at the first value at or below the floor', () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const y = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
    expect(tailAboveFloor(x, y, 0.5, 2)).toEqual({ x: [5, 6], y: [4, 3] });
    expect(tailAboveFloor(x, y, 0, 7.5)).toEqual({ x: [0, 1], y: [9, 8] });
  });
});

describe('firstBelow', () => {
  it('finds the first crossing, or null', () => {
    expect(firstBelow([0, 10, 20, 30], [1, 0.5, 1e-9, 1e-12], 1e-8)).toBe(20);
    expect(firstBelow([0, 1], [1, 2], 0.5)).toBeNull();
  });
});
