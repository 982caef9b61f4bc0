import { describe, expect, it } from 'vitest';
import { separatedOutliers } from './separated-outliers.ts';

describe('separatedOutliers', () => {
  it('counts the values above the largest ratio gap', () => {
    const s = separatedOutliers([1.2, 1.1, 0.8, 0.7, 0.14, 0.07, 0.06, 0.05]);
    expect(s.count).toBe(4);
    expect(s.gapRatio).toBeCloseTo(5, 12);
    expect(s.bulkEdge).toBe(0.14);
  });

  it('takes outliers spread over a decade as one group above the bulk', () => {
    // Ratios 10/3, 3, 1/0.05 = 20: the cut is after the third value, not after the first.
    expect(separatedOutliers([10, 3, 1, 0.05, 0.04, 0.03]).count).toBe(3);
  });

  it('sorts its input and ignores non-finite values', () => {
    expect(separatedOutliers([0.05, 1, NaN, 0.04, 2]).count).toBe(2);
  });

  it('lifts the bulk to the floor so that ratios among tiny values do not count', () => {
    // Without the floor 1e-3 / 1e-5 = 100 would win; with floor 0.01·λ1 = 0.02 the gap 0.5/0.05 = 10 wins.
    const values = [2, 1.5, 0.5, 0.05, 0.001, 0.00001];
    expect(separatedOutliers(values).count).toBe(3);
    expect(separatedOutliers(values, { floorFraction: 0 }).count).toBe(5);
  });

  it('finds no outliers when no ratio reaches the minimum gap', () => {
    const s = separatedOutliers([1, 0.9, 0.8, 0.7, 0.6]);
    expect(s.count).toBe(0);
    expect(s.gapRatio).toBeCloseTo(0.7 / 0.6, 12);
    expect(separatedOutliers([1, 0.9, 0.8, 0.7, 0.6], { minGapRatio: 1.1 }).count).toBe(4);
  });

  it('returns no outliers for fewer than two values or a non-positive top', () => {
    expect(separatedOutliers([3]).count).toBe(0);
    expect(separatedOutliers([]).count).toBe(0);
    expect(separatedOutliers([-1, -2]).count).toBe(0);
  });
});
