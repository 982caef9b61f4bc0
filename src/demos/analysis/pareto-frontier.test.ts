import { describe, expect, it } from 'vitest';
import { bestWithinBudget, paretoFrontier } from './pareto-frontier.ts';

const points = [
  { cost: 4, value: 5 }, // 0: dominated by 2
  { cost: 1, value: 10 }, // 1: cheapest → on the frontier
  { cost: 3, value: 4 }, // 2
  { cost: 5, value: 1 }, // 3
  { cost: 6, value: 1 }, // 4: same value as 3 but dearer
  { cost: 2, value: 10 }, // 5: same value as 1 but dearer
  { cost: 3, value: 7 }, // 6: same cost as 2, worse
];

describe('paretoFrontier', () => {
  it('keeps the points nothing beats in both, cheapest first', () => {
    expect(paretoFrontier(points)).toEqual([1, 2, 3]);
  });

  it('keeps the first of identical points and handles the empty set', () => {
    expect(paretoFrontier([{ cost: 1, value: 1 }, { cost: 1, value: 1 }])).toEqual([0]);
    expect(paretoFrontier([])).toEqual([]);
  });
});

describe('bestWithinBudget', () => {
  it('picks the least value among points that fit', () => {
    expect(bestWithinBudget(points, 0.5)).toBe(-1);
    expect(bestWithinBudget(points, 2.5)).toBe(1);
    expect(bestWithinBudget(points, 4)).toBe(2);
    expect(bestWithinBudget(points, 100)).toBe(3);
  });
});
