import { describe, expect, it } from 'vitest';
import { denseMatrixOperator, Float64Backend, matrixWithSpectrum } from '../math/cpu-backend.ts';
import type { LinearOperator } from './operator.ts';
import { denseMatrixOf, exactSpectrum, MAX_DENSE_PARAMETERS } from './exact-spectrum.ts';
import { isAbortError } from './progress.ts';

describe('denseMatrixOf', () => {
  it('reads a symmetric operator back exactly, one application per parameter', async () => {
    const n = 33;
    const A = matrixWithSpectrum(Array.from({ length: n }, (_, i) => i - 16), 5);
    const op = denseMatrixOperator(A, n);
    const seen: number[] = [];
    const dense = await denseMatrixOf(op, { onProgress: (done, total) => total === n && seen.push(done) });
    expect(Array.from(dense)).toEqual(Array.from(A));
    expect(op.applications).toBe(n);
    expect(seen).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect((op.backend as Float64Backend).liveVectors).toBe(0);
  });

  it('symmetrizes a slightly asymmetric operator as (A + Aᵀ)/2', async () => {
    const B = Float64Array.of(1, 2, 4, 3);
    const dense = await denseMatrixOf(denseMatrixOperator(B, 2));
    expect(Array.from(dense)).toEqual([1, 3, 3, 3]);
  });

  it(`throws a clear error above ${MAX_DENSE_PARAMETERS} parameters, before any application`, async () => {
    const backend = new Float64Backend(MAX_DENSE_PARAMETERS + 1);
    let applied = 0;
    const op: LinearOperator<Float64Array> = {
      backend,
      apply: async () => {
        applied++;
      },
    };
    await expect(denseMatrixOf(op)).rejects.toThrow(/4001 parameters is above the limit of 4000/);
    await expect(exactSpectrum(op)).rejects.toThrow(/above the limit/);
    expect(applied).toBe(0);
    expect(backend.liveVectors).toBe(0);
  });

  it('is cancelled by an AbortSignal and frees its vectors', async () => {
    const n = 20;
    const op = denseMatrixOperator(matrixWithSpectrum(new Array(n).fill(1), 1), n);
    const controller = new AbortController();
    const run = denseMatrixOf(op, { signal: controller.signal, onProgress: (d) => d === 4 && controller.abort() });
    await expect(run).rejects.toSatisfy(isAbortError);
    expect(op.applications).toBe(4);
    expect((op.backend as Float64Backend).liveVectors).toBe(0);
  });
});

describe('exactSpectrum', () => {
  it('returns the spectrum of the operator to 1e-12·max|λ|, and eigenvectors when asked', async () => {
    const n = 48;
    const eigs = Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1) * (1 + i * 0.5));
    const A = matrixWithSpectrum(eigs, 7);
    const sorted = eigs.slice().sort((a, b) => a - b);
    const scale = 1 + (n - 1) * 0.5;
    const values = await exactSpectrum(denseMatrixOperator(A, n));
    expect(values.vectors).toBeUndefined();
    expect(values.asymmetry).toBe(0);
    for (let i = 0; i < n; i++) expect(Math.abs(values.values[i]! - sorted[i]!)).toBeLessThan(1e-12 * scale);

    const full = await exactSpectrum(denseMatrixOperator(A, n), { vectors: true });
    const V = full.vectors!;
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += A[i * n + k]! * V[k * n + j]!;
        expect(Math.abs(s - full.values[j]! * V[i * n + j]!)).toBeLessThan(1e-12 * scale);
      }
    }
  });

  it('reports the asymmetry of the operator relative to its largest entry', async () => {
    const B = Float64Array.of(4, 1, 1.5, 2);
    const result = await exactSpectrum(denseMatrixOperator(B, 2));
    expect(result.asymmetry).toBeCloseTo(0.5 / 4, 15);
    expect(Array.from(result.matrix)).toEqual([4, 1.25, 1.25, 2]);
  });
});
