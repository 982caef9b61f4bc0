import { describe, expect, it } from 'vitest';
import { alwaysZeroInputs, fractionAmongLive, frozenParameterFraction } from './dead-inputs.ts';

describe('dead inputs', () => {
  it('finds the features that are zero in every sample', () => {
    expect(alwaysZeroInputs([[0, 1, 0, 0], [0, 0, 2, 0], [0, 0, 0, 0]])).toEqual([0, 3]);
    expect(alwaysZeroInputs([])).toEqual([]);
  });

  it('counts their first-layer weights among all parameters', () => {
    // [4, 3, 2]: 3·5 + 2·4 = 23 parameters; 2 dead inputs freeze 3·2 = 6 weights.
    expect(frozenParameterFraction([4, 3, 2], 2)).toBeCloseTo(6 / 23, 14);
    expect(frozenParameterFraction([4, 3, 2], 0)).toBe(0);
  });

  it('removes the frozen coordinates from a fraction that counted them in', () => {
    // 100 coordinates, 20 frozen (always "in"), 30 of the 80 live ones in: 50% of all.
    expect(fractionAmongLive(0.5, 0.2)).toBeCloseTo(30 / 80, 14);
    expect(fractionAmongLive(0.2, 0.2)).toBe(0);
  });
});
