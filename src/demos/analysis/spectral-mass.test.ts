import { describe, expect, it } from 'vitest';
import { massInInterval, massNearZero } from './spectral-mass.ts';

describe('spectral mass from quadrature rules', () => {
  const rules = {
    nodes: [
      [-0.001, 0.002, 0.5, 2],
      [0, 0.3, 1],
    ],
    weights: [
      [0.5, 0.3, 0.15, 0.05],
      [0.6, 0.3, 0.1],
    ],
  };

  it('averages over probes the weights of the nodes inside the interval', () => {
    expect(massNearZero(rules, 0.01)).toBeCloseTo((0.8 + 0.6) / 2, 12);
    expect(massInInterval(rules, 0.1, 1)).toBeCloseTo((0.15 + 0.4) / 2, 12);
    expect(massInInterval(rules, -10, 10)).toBeCloseTo(1, 12);
  });

  it('includes the interval ends', () => {
    expect(massInInterval(rules, 0.5, 0.5)).toBeCloseTo(0.075, 12);
  });

  it('is NaN without probes and refuses mismatched rows', () => {
    expect(massNearZero({ nodes: [], weights: [] }, 1)).toBeNaN();
    expect(() => massNearZero({ nodes: [[0, 1]], weights: [[1]] }, 1)).toThrow(/2 nodes but 1 weights/);
  });
});
