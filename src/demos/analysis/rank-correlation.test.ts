import { describe, expect, it } from 'vitest';
import { pearson, ranks, spearman } from './rank-correlation.ts';

describe('ranks', () => {
  it('gives tied values their mean rank', () => {
    expect(ranks([10, 30, 20, 30])).toEqual([1, 3.5, 2, 3.5]);
  });
});

describe('spearman', () => {
  it('is 1 for any increasing relation and −1 for a decreasing one', () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 1000])).toBeCloseTo(1, 15);
    expect(spearman([1, 2, 3, 4], [5, 3, 2, -7])).toBeCloseTo(-1, 15);
  });

  it('matches 1 − 6Σd²/(n(n²−1)) without ties', () => {
    // ranks of y: [2, 1, 4, 3, 5] → d² = 1+1+1+1+0 = 4 → 1 − 24/120 = 0.8
    expect(spearman([1, 2, 3, 4, 5], [20, 10, 40, 30, 50])).toBeCloseTo(0.8, 14);
  });

  it('pearson of a perfect line is 1, of uncorrelated centred data 0', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 15);
    expect(pearson([-1, 1, -1, 1], [-1, -1, 1, 1])).toBe(0);
  });
});
