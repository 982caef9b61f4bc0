import { describe, expect, it } from 'vitest';
import { decisionGrid, gridAxes, gridBounds } from './decision-grid.ts';

describe('decision grid', () => {
  it('spans the samples widened by a tenth on each side, each grid point at a pixel center', () => {
    const axes = gridAxes([[0, 0], [10, 20]], 11);
    expect(axes.xs[0]).toBeCloseTo(-1, 12);
    expect(axes.xs[10]).toBeCloseTo(11, 12);
    expect(axes.ys[0]).toBeCloseTo(-2, 12);
    expect(axes.ys[10]).toBeCloseTo(22, 12);
    const bounds = gridBounds(axes);
    expect(bounds.left).toBeCloseTo(-1.6, 12);
    expect(bounds.top).toBeCloseTo(23.2, 12);
  });

  it('predicts the class at every point of the given axes (rows along y)', () => {
    // [2, 2] linear, identity weights: class 1 where y > x.
    const theta = [1, 0, 0, 1, 0, 0];
    const axes = { xs: [-1, 0, 1], ys: [-2, 0, 2] };
    const grid = decisionGrid({ layers: [2, 2], activation: 'identity' }, 'cross-entropy', theta, axes);
    expect(grid.xs).toEqual(axes.xs);
    expect(grid.z).toEqual([
      [0, 0, 0],
      [1, 0, 0],
      [1, 1, 1],
    ]);
    expect(() => decisionGrid({ layers: [2, 2], activation: 'identity' }, 'cross-entropy', theta, { xs: [0, 1], ys: [0] })).toThrow(/2 x values but 1 y/);
  });
});
