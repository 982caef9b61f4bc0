import { describe, expect, it } from 'vitest';
import {
  denseMatrixOperator,
  diagonalMatrix,
  Float64Backend,
  matrixWithSpectrum,
  randomOrthogonal,
  symmetrize,
  wishart,
} from './cpu-backend.ts';
import { symmetricEigenvalues } from './eigen.ts';
import { fillRandom } from './rng.ts';

describe('Float64Backend', () => {
  it('implements the vector operations exactly', async () => {
    const b = new Float64Backend(5);
    expect(b.label).toBe('float64 CPU');
    const x = b.create();
    const y = b.create();
    expect(Array.from(await b.read(x))).toEqual([0, 0, 0, 0, 0]);
    b.write(x, [1, 2, 3, 4, 5]);
    b.write(y, [1, -1, 1, -1, 1]);
    expect(await b.dot(x, y)).toBe(3);
    b.axpy(2, x, y); // y = [3, 3, 7, 7, 11]
    expect(Array.from(await b.read(y))).toEqual([3, 3, 7, 7, 11]);
    b.scale(-1, y);
    expect(Array.from(await b.read(y))).toEqual([-3, -3, -7, -7, -11]);
    expect(Array.from(await b.dotSegments(x, x, [0, 2, 2, 5]))).toEqual([5, 0, 50]);
    expect(Array.from(await b.dots([x, y], x))).toEqual([55, -3 - 6 - 21 - 28 - 55]);
    const z = b.create();
    b.copy(x, z);
    b.subtractCombination([x, y], [1, 1], z); // z − x − y = −y
    expect(Array.from(await b.read(z))).toEqual([3, 3, 7, 7, 11]);
    // read returns a snapshot, not a view.
    const snapshot = await b.read(z);
    b.scale(0, z);
    expect(snapshot[0]).toBe(3);
    for (const v of [x, y, z]) b.free(v);
    expect(b.liveVectors).toBe(0);
  });

  it('fills with the values of src/math/rng.ts streams', async () => {
    const b = new Float64Backend(33);
    const v = b.create();
    for (const kind of ['rademacher', 'uniform', 'gaussian'] as const) {
      b.fill(v, kind, 42, 3);
      expect(Array.from(await b.read(v))).toEqual(Array.from(fillRandom(kind, 42, 3, 33)));
    }
    b.free(v);
  });

  it('tracks live vectors and rejects double free, use after free and foreign vectors', () => {
    const b = new Float64Backend(3);
    const x = b.create();
    expect(b.liveVectors).toBe(1);
    b.free(x);
    expect(b.liveVectors).toBe(0);
    expect(() => b.free(x)).toThrow(/not live/);
    expect(() => b.scale(2, x)).toThrow(/not live/);
    expect(() => b.scale(2, new Float64Array(3))).toThrow(/not live/);
    const y = b.create();
    expect(() => b.write(y, [1, 2])).toThrow(/2 values/);
    expect(() => b.dotSegments(y, y, [0, 4])).toThrow(/bad segment/);
    b.free(y);
  });
});

describe('denseMatrixOperator', () => {
  it('applies A and counts applications', async () => {
    const A = Float64Array.of(1, 2, 3, 4);
    const op = denseMatrixOperator(A, 2);
    const x = op.backend.create();
    const y = op.backend.create();
    op.backend.write(x, [1, -1]);
    await op.apply(x, y);
    expect(Array.from(await op.backend.read(y))).toEqual([-1, -1]);
    expect(op.applications).toBe(1);
    await expect(op.apply(x, x)).rejects.toThrow(/distinct/);
    op.backend.free(x);
    op.backend.free(y);
  });

  it('checks sizes', () => {
    expect(() => denseMatrixOperator(new Float64Array(3), 2)).toThrow(/2×2/);
    expect(() => denseMatrixOperator(new Float64Array(4), 2, new Float64Backend(3))).toThrow(/backend size/);
  });
});

describe('test matrices', () => {
  it('randomOrthogonal is orthogonal to 1e-14 and seed-dependent', () => {
    const n = 40;
    const Q = randomOrthogonal(n, 1);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let rows = 0;
        let cols = 0;
        for (let k = 0; k < n; k++) {
          rows += Q[i * n + k]! * Q[j * n + k]!;
          cols += Q[k * n + i]! * Q[k * n + j]!;
        }
        worst = Math.max(worst, Math.abs(rows - (i === j ? 1 : 0)), Math.abs(cols - (i === j ? 1 : 0)));
      }
    }
    expect(worst).toBeLessThan(1e-14);
    expect(randomOrthogonal(n, 1)).toEqual(Q);
    expect(randomOrthogonal(n, 2)[0]).not.toBe(Q[0]);
  });

  it('matrixWithSpectrum is symmetric with the given spectrum to 1e-13·max|λ|', () => {
    const eigs = [-7, -2, 0, 0, 1e-3, 1, 3, 3, 10];
    const n = eigs.length;
    const A = matrixWithSpectrum(eigs, 9);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(A[i * n + j]).toBe(A[j * n + i]);
    const values = symmetricEigenvalues(A, n);
    for (let i = 0; i < n; i++) expect(Math.abs(values[i]! - eigs[i]!)).toBeLessThan(1e-13 * 10);
    let trace = 0;
    for (let i = 0; i < n; i++) trace += A[i * n + i]!;
    expect(trace).toBeCloseTo(8.001, 12);
  });

  it('diagonalMatrix and symmetrize', () => {
    expect(Array.from(diagonalMatrix([1, 2]))).toEqual([1, 0, 0, 2]);
    expect(Array.from(symmetrize(Float64Array.of(1, 2, 4, 3), 2))).toEqual([1, 3, 3, 3]);
  });

  it('wishart is symmetric PSD of rank min(n, m) with trace ≈ n', () => {
    const n = 30;
    const m = 12;
    const W = wishart(n, m, 4);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(W[i * n + j]).toBe(W[j * n + i]);
    const values = symmetricEigenvalues(W, n);
    const largest = values[n - 1]!;
    const positive = Array.from(values).filter((v) => v > 1e-10 * largest).length;
    expect(positive).toBe(m);
    expect(values[0]!).toBeGreaterThan(-1e-12 * largest);
    let trace = 0;
    for (let i = 0; i < n; i++) trace += W[i * n + i]!;
    // E tr = n; the sample trace is χ²_{nm}/m, with relative std √(2/(nm)) ≈ 7%.
    expect(Math.abs(trace / n - 1)).toBeLessThan(0.3);
  });
});
