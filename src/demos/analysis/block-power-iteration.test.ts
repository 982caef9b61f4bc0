import { describe, expect, it } from 'vitest';
import { blockTopEigenvalue } from './block-power-iteration.ts';

/** A symmetric 4×4 matrix whose block [1, 3) is [[3, 1], [1, 3]] (eigenvalues 4 and 2), coupled to the rest. */
const A = [
  [10, 5, 0, 0],
  [5, 3, 1, 7],
  [0, 1, 3, 0],
  [0, 7, 0, 20],
];
const multiply = (v: Float64Array) => A.map((row) => row.reduce((s, a, j) => s + a * v[j]!, 0));

describe('blockTopEigenvalue', () => {
  it('finds the top eigenvalue of the diagonal block, ignoring the rest of the matrix', () => {
    const r = blockTopEigenvalue(multiply, 4, { offset: 1, size: 2 }, [1, 0], 60, 1e-14);
    expect(r.eigenvalue).toBeCloseTo(4, 10);
  });

  it('stops early once converged, and exactly at an eigenvector', () => {
    const r = blockTopEigenvalue(multiply, 4, { offset: 1, size: 2 }, [1, 1], 50, 1e-12);
    expect(r.eigenvalue).toBeCloseTo(4, 14);
    expect(r.iterations).toBe(2);
  });

  it('reports 0 for a zero block and rejects a zero start', () => {
    const zero = () => new Float64Array(3);
    expect(blockTopEigenvalue(zero, 3, { offset: 0, size: 3 }, [1, 2, 3]).eigenvalue).toBe(0);
    expect(() => blockTopEigenvalue(multiply, 4, { offset: 1, size: 2 }, [0, 0])).toThrow(/zero/);
  });
});
