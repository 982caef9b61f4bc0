import { describe, expect, it } from 'vitest';
import { maxLevel, quantizePerRow, squaredDistance } from './quantization.ts';

describe('quantizePerRow', () => {
  it('uses 2^(b−1) − 1 levels on each side', () => {
    expect(maxLevel(2)).toBe(1);
    expect(maxLevel(4)).toBe(7);
    expect(maxLevel(8)).toBe(127);
    expect(() => maxLevel(1)).toThrow(/bits/);
  });

  it('is ternary at 2 bits with the scale of each row', () => {
    // Row 0: max 4 → levels {−4, 0, 4}; row 1: max 1 → {−1, 0, 1}.
    const q = quantizePerRow([4, 1.9, 2.1, -3, 0.2, -1, 0.5, 0.49], 2, 4, 2);
    expect(Array.from(q)).toEqual([4, 0, 4, -4, 0, -1, 1, 0]);
  });

  it('rounds to the nearest of 7 levels per side at 4 bits, halves away from zero', () => {
    // max 7 → scale 1: plain rounding, with ±0.5 going outward.
    const q = quantizePerRow([7, 0.5, -0.5, 2.4, -2.6, 1.5], 1, 6, 4);
    expect(Array.from(q)).toEqual([7, 1, -1, 2, -3, 2]);
  });

  it('keeps a zero row zero and is odd: Q(−w) = −Q(w)', () => {
    expect(Array.from(quantizePerRow([0, 0, 0], 1, 3, 4))).toEqual([0, 0, 0]);
    const w = [0.3, -1.7, 2.2, 0.05, -0.9, 1.1];
    const minus = quantizePerRow(w.map((x) => -x), 2, 3, 8);
    quantizePerRow(w, 2, 3, 8).forEach((x, i) => expect(minus[i]).toBe(-x));
  });

  it('keeps each row maximum exactly and bounds the error by half a step', () => {
    const w = [0.127, -0.05, 0.0333, 1.27, 0.9, -0.3];
    const q = quantizePerRow(w, 2, 3, 8);
    expect(q[0]).toBeCloseTo(0.127, 15);
    expect(q[3]).toBeCloseTo(1.27, 15);
    expect(q[1]).toBeCloseTo(-0.05, 15); // −50 levels of 0.001
    expect(Math.abs(q[2]! - 0.0333)).toBeLessThanOrEqual(0.0005 + 1e-15);
  });

  it('checks the shape', () => {
    expect(() => quantizePerRow([1, 2, 3], 2, 2, 4)).toThrow(/2×2/);
  });
});

describe('squaredDistance', () => {
  it('is the squared Euclidean distance', () => {
    expect(squaredDistance([1, 2, 3], [1, 0, 7])).toBe(20);
  });
});
