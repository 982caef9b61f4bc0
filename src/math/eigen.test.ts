import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  symmetricEigen,
  symmetricEigenvalues,
  symmetricTridiagonalEigen,
  symmetricTridiagonalEigenvalues,
} from './eigen.ts';
import { matrixWithSpectrum, wishart } from './cpu-backend.ts';

/** max_j ‖A v_j − λ_j v_j‖∞ for a dense n×n A and column eigenvectors. */
function maxResidual(A: (i: number, k: number) => number, values: Float64Array, vectors: Float64Array, n: number): number {
  let worst = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += A(i, k) * vectors[k * n + j]!;
      worst = Math.max(worst, Math.abs(s - values[j]! * vectors[i * n + j]!));
    }
  }
  return worst;
}

/** max |VᵀV − I|. */
function orthogonalityError(vectors: Float64Array, n: number): number {
  let worst = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += vectors[k * n + a]! * vectors[k * n + b]!;
      worst = Math.max(worst, Math.abs(s - (a === b ? 1 : 0)));
    }
  }
  return worst;
}

function tridiagonalEntry(alpha: number[], beta: number[]) {
  return (i: number, k: number): number => (i === k ? alpha[i]! : Math.abs(i - k) === 1 ? beta[Math.min(i, k)]! : 0);
}

/** H D H with H = I − 2uuᵀ/uᵀu: dense, with spectrum D, built in O(n²). */
function reflectedDiagonal(d: Float64Array): Float64Array {
  const n = d.length;
  const u = Float64Array.from({ length: n }, (_, i) => Math.cos(1.3 * i + 0.2));
  let uu = 0;
  let uDu = 0;
  for (let i = 0; i < n; i++) {
    uu += u[i]! * u[i]!;
    uDu += u[i]! * d[i]! * u[i]!;
  }
  const c = 2 / uu;
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      A[i * n + j] =
        (i === j ? d[i]! : 0) - c * u[i]! * d[j]! * u[j]! - c * d[i]! * u[i]! * u[j]! + c * c * uDu * u[i]! * u[j]!;
    }
  }
  return A;
}

describe('symmetricTridiagonalEigen', () => {
  it('solves tridiag(−1, 2, −1): λ_k = 2 − 2cos(kπ/(m+1)), v_k ∝ sin(jkπ/(m+1)), to 1e-13', () => {
    for (const m of [1, 2, 3, 7, 50]) {
      const alpha = new Array<number>(m).fill(2);
      const beta = new Array<number>(m - 1).fill(-1);
      const { values, vectors } = symmetricTridiagonalEigen(alpha, beta);
      for (let k = 1; k <= m; k++) {
        expect(Math.abs(values[k - 1]! - (2 - 2 * Math.cos((k * Math.PI) / (m + 1))))).toBeLessThan(1e-13);
        // Compare with the analytic eigenvector, up to sign.
        const norm = Math.sqrt((m + 1) / 2);
        const sign = Math.sign(vectors[k - 1]!);
        for (let j = 1; j <= m; j++) {
          const exact = Math.sin((j * k * Math.PI) / (m + 1)) / norm;
          expect(Math.abs(sign * vectors[(j - 1) * m + (k - 1)]! - exact)).toBeLessThan(1e-12);
        }
      }
      expect(orthogonalityError(vectors, m)).toBeLessThan(1e-13);
    }
  });

  it('handles a split matrix (zero couplings), a diagonal one, and ignores a trailing β', () => {
    const alpha = [3, -1, 4, 1, -5];
    const beta = [0.5, 0, 0.25, 0, 99]; // the last entry stands for Lanczos' β_m and must be ignored
    const { values, vectors } = symmetricTridiagonalEigen(alpha, beta);
    expect(maxResidual(tridiagonalEntry(alpha, beta), values, vectors, 5)).toBeLessThan(1e-14);
    expect(orthogonalityError(vectors, 5)).toBeLessThan(1e-14);
    const diag = symmetricTridiagonalEigen([2, -3, 1], [0, 0]);
    expect(Array.from(diag.values)).toEqual([-3, 1, 2]);
    expect(symmetricTridiagonalEigen([], []).values.length).toBe(0);
  });

  it('throws on too few off-diagonal entries', () => {
    expect(() => symmetricTridiagonalEigen([1, 2, 3], [1])).toThrow(/off-diagonal/);
  });

  it('property: residual and orthogonality ≤ 1e-12·scale, trace preserved, values-only agrees', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 30, maxLength: 30 }),
        (alpha, betaAll) => {
          const m = alpha.length;
          const beta = betaAll.slice(0, m - 1);
          const { values, vectors } = symmetricTridiagonalEigen(alpha, beta);
          const scale = 1 + Math.max(...alpha.map(Math.abs), ...beta.map(Math.abs));
          expect(maxResidual(tridiagonalEntry(alpha, beta), values, vectors, m)).toBeLessThan(1e-12 * scale);
          expect(orthogonalityError(vectors, m)).toBeLessThan(1e-12);
          const trace = alpha.reduce((a, b) => a + b, 0);
          const sum = values.reduce((a, b) => a + b, 0);
          expect(Math.abs(sum - trace)).toBeLessThan(1e-12 * scale * m);
          for (let i = 1; i < m; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
          const only = symmetricTridiagonalEigenvalues(alpha, beta);
          for (let i = 0; i < m; i++) expect(Math.abs(only[i]! - values[i]!)).toBeLessThan(1e-12 * scale);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe('symmetricEigen', () => {
  it('recovers the spectrum of Qᵀ diag Q (negative and repeated eigenvalues) to 1e-12·‖A‖', () => {
    const n = 60;
    const eigs = Array.from({ length: n }, (_, i) => (i < 5 ? 2.5 : i - 20.5)); // a 5-fold eigenvalue
    const A = matrixWithSpectrum(eigs, 3);
    const { values, vectors } = symmetricEigen(A, n);
    const sorted = eigs.slice().sort((a, b) => a - b);
    for (let i = 0; i < n; i++) expect(Math.abs(values[i]! - sorted[i]!)).toBeLessThan(1e-12 * 40);
    expect(maxResidual((i, k) => A[i * n + k]!, values, vectors, n)).toBeLessThan(1e-12 * 40);
    expect(orthogonalityError(vectors, n)).toBeLessThan(1e-13);
    const only = symmetricEigenvalues(A, n);
    for (let i = 0; i < n; i++) expect(Math.abs(only[i]! - values[i]!)).toBeLessThan(1e-12 * 40);
  });

  it('converges on a large null space (Wishart 400×40: 360 eigenvalues at rounding level)', () => {
    // A deflation test relative only to the neighbouring diagonal entries needed 79 sweeps for one
    // eigenvalue of this matrix; the norm-relative test needs a few.
    const n = 400;
    const W = wishart(n, 40, 2);
    const { values, vectors } = symmetricEigen(W, n);
    const largest = values[n - 1]!;
    expect(Array.from(values).filter((v) => Math.abs(v) > 1e-12 * largest).length).toBe(40);
    let trace = 0;
    let frobenius = 0;
    for (let i = 0; i < n; i++) {
      trace += W[i * n + i]!;
      for (let j = 0; j < n; j++) frobenius += W[i * n + j]! ** 2;
    }
    expect(Math.abs(values.reduce((a, b) => a + b, 0) - trace)).toBeLessThan(1e-12 * trace);
    expect(Math.abs(values.reduce((a, b) => a + b * b, 0) - frobenius)).toBeLessThan(1e-12 * frobenius);
    expect(maxResidual((i, k) => W[i * n + k]!, values, vectors, n)).toBeLessThan(1e-13 * largest);
  });

  it('handles n = 0, 1, 2, a diagonal matrix and the zero matrix', () => {
    expect(symmetricEigen(new Float64Array(0), 0).values.length).toBe(0);
    const one = symmetricEigen(Float64Array.of(-4), 1);
    expect(Array.from(one.values)).toEqual([-4]);
    expect(Math.abs(one.vectors[0]!)).toBe(1);
    // [[2, 1], [1, 2]]: eigenvalues 1 and 3.
    const two = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    expect(two.values[0]).toBeCloseTo(1, 14);
    expect(two.values[1]).toBeCloseTo(3, 14);
    const d = symmetricEigen(Float64Array.of(3, 0, 0, 0, -1, 0, 0, 0, 2), 3);
    expect(Array.from(d.values)).toEqual([-1, 2, 3]);
    const z = symmetricEigen(new Float64Array(16), 4);
    expect(Array.from(z.values)).toEqual([0, 0, 0, 0]);
    expect(orthogonalityError(z.vectors, 4)).toBe(0);
  });

  it('reads only the upper triangle', () => {
    const A = Float64Array.of(2, 1, 1, 2);
    const garbled = Float64Array.of(2, 1, 1e9, 2);
    expect(Array.from(symmetricEigen(garbled, 2).values)).toEqual(Array.from(symmetricEigen(A, 2).values));
  });

  it('rejects a matrix of the wrong length', () => {
    expect(() => symmetricEigen(new Float64Array(5), 2)).toThrow(/2×2/);
  });

  it('eigenvalues of a dense n = 2000 matrix with known spectrum, to 1e-12·‖A‖, in a few seconds', () => {
    const n = 2000;
    const d = Float64Array.from({ length: n }, (_, i) => ((i - n / 3) / n) * 7 + Math.sin(i));
    const A = reflectedDiagonal(d);
    const t0 = performance.now();
    const values = symmetricEigenvalues(A, n);
    const seconds = (performance.now() - t0) / 1000;
    const sorted = d.slice().sort();
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(values[i]! - sorted[i]!));
    expect(worst).toBeLessThan(1e-12 * 6);
    // ~3.5 s on a 2-core CI runner; the bound leaves room for a slower one.
    expect(seconds).toBeLessThan(20);
  });
});
