import { describe, expect, it } from 'vitest';
import { countGhostRitzValues, topRelativeError } from './ghost-ritz-values.ts';

describe('countGhostRitzValues', () => {
  const exact = [5, 3, 1, 0.5, 0.1];

  it('counts nothing when every Ritz value is a distinct eigenvalue', () => {
    const g = countGhostRitzValues([5, 3.0000001, 1, 0.5], exact, 1e-4);
    expect(g).toMatchObject({ ghosts: 0, unmatched: 0, found: 4 });
    expect(g.duplicated).toEqual([]);
  });

  it('counts the copies of an eigenvalue beyond its multiplicity', () => {
    // 5 appears three times (two ghosts), 3 twice (one ghost).
    const g = countGhostRitzValues([5, 5.00000004, 4.99999995, 3, 3.0000001, 1], exact, 1e-4);
    expect(g.ghosts).toBe(3);
    expect(g.found).toBe(3);
    expect(g.duplicated.map((c) => [c.hi, c.copies, c.multiplicity])).toEqual([
      [5, 3, 1],
      [3, 2, 1],
    ]);
  });

  it('does not take a repeated exact eigenvalue for a ghost', () => {
    const repeated = [2, 2, 2.00001, 1];
    expect(countGhostRitzValues([2, 2.000005, 2.00001, 1], repeated, 1e-4).ghosts).toBe(0);
    expect(countGhostRitzValues([2, 2, 2, 2, 1], repeated, 1e-4).ghosts).toBe(1);
  });

  it('leaves unconverged Ritz values unmatched rather than calling them ghosts', () => {
    const g = countGhostRitzValues([5, 4, 2], exact, 1e-3);
    expect(g).toMatchObject({ ghosts: 0, unmatched: 2, found: 1 });
  });

  it('matches a Ritz value to the nearest cluster only', () => {
    // 1.00004 is within 1e-4 of 1 (and 0.5 is far): one copy of 1, no ghost.
    expect(countGhostRitzValues([1.00004, 0.5], exact, 1e-4)).toMatchObject({ ghosts: 0, found: 2 });
  });

  it('refuses a negative tolerance', () => {
    expect(() => countGhostRitzValues([1], [1], -1)).toThrow(/tolerance/);
  });
});

describe('topRelativeError', () => {
  it('compares the largest values in order, relative to the largest magnitude', () => {
    expect(topRelativeError([3.9, 2, 10], [10, 4, 2, 1], 3)).toBeCloseTo(0.01, 12);
    expect(topRelativeError([10, 4], [10, 4, 2], 2)).toBe(0);
  });

  it('needs enough values', () => {
    expect(() => topRelativeError([1], [1, 2], 2)).toThrow(/need 2/);
  });
});
