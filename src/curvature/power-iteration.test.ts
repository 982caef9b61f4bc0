import { describe, expect, it } from 'vitest';
import { denseMatrixOperator, Float64Backend } from '../math/cpu-backend.ts';
import { powerIteration } from './power-iteration.ts';
import { isAbortError } from './progress.ts';
import {
  diagonalCase,
  distanceToSpectrum,
  maxAbs,
  operatorOf,
  residualNorm,
  rotatedCase,
  topByMagnitude,
  wishartCase,
} from './test-fixtures.ts';

const cases = [diagonalCase(), rotatedCase(), wishartCase()];

describe('powerIteration', () => {
  for (const t of cases) {
    it(`${t.name}: the 5 eigenvalues of largest magnitude within 1e-3·max|λ|, sorted descending`, async () => {
      const { op, backend } = operatorOf(t);
      const result = await powerIteration(op, { k: 5, maxIterations: 3000, seed: 1 });
      const expected = topByMagnitude(t.eigenvalues, 5);
      const scale = maxAbs(t.eigenvalues);
      expect(result.values.length).toBe(5);
      for (let i = 0; i < 5; i++) {
        expect(Math.abs(result.values[i]! - expected[i]!)).toBeLessThan(1e-3 * scale);
        if (i > 0) expect(result.values[i]!).toBeLessThanOrEqual(result.values[i - 1]!);
      }
      expect(result.converged).toEqual([true, true, true, true, true]);
      for (let i = 0; i < 5; i++) {
        // The reported residual is that of the returned vector, and bounds the eigenvalue error.
        const y = await backend.read(result.vectors[i]!);
        expect(Math.abs(Math.hypot(...y) - 1)).toBeLessThan(1e-12);
        const actual = residualNorm(t.A, t.n, y, result.values[i]!);
        expect(Math.abs(actual - result.residuals[i]!)).toBeLessThan(1e-6 * scale);
        expect(distanceToSpectrum(t.eigenvalues, result.values[i]!)).toBeLessThanOrEqual(
          result.residuals[i]! + 1e-10 * scale,
        );
        expect(result.iterations[i]!).toBeGreaterThan(1);
      }
      for (const v of result.vectors) backend.free(v);
      expect(backend.liveVectors).toBe(0);
    });
  }

  it('returns eigenvectors orthogonal to each other (deflation)', async () => {
    const t = rotatedCase(80, 2);
    const { op, backend } = operatorOf(t);
    const result = await powerIteration(op, { k: 4, seed: 3 });
    const vs = await Promise.all(result.vectors.map((v) => backend.read(v)));
    for (let a = 0; a < 4; a++) {
      for (let b = a + 1; b < 4; b++) {
        let s = 0;
        for (let i = 0; i < t.n; i++) s += vs[a]![i]! * vs[b]![i]!;
        expect(Math.abs(s)).toBeLessThan(1e-6);
      }
    }
    for (const v of result.vectors) backend.free(v);
  });

  it('reports unconverged pairs when maxIterations runs out', async () => {
    const { op, backend } = operatorOf(wishartCase());
    const result = await powerIteration(op, { k: 1, maxIterations: 3, tolerance: 1e-12 });
    expect(result.iterations).toEqual([3]);
    expect(result.converged).toEqual([false]);
    backend.free(result.vectors[0]!);
  });

  it('handles the zero operator', async () => {
    const op = denseMatrixOperator(new Float64Array(16), 4);
    const result = await powerIteration(op, { k: 2 });
    expect(result.values).toEqual([0, 0]);
    expect(result.converged).toEqual([true, true]);
    for (const v of result.vectors) op.backend.free(v);
    expect((op.backend as Float64Backend).liveVectors).toBe(0);
  });

  it('is cancelled by an AbortSignal and frees every vector, found ones included', async () => {
    const { op, backend } = operatorOf(rotatedCase(60, 6));
    await expect(powerIteration(op, { signal: AbortSignal.abort() })).rejects.toSatisfy(isAbortError);
    const controller = new AbortController();
    const run = powerIteration(op, {
      k: 3,
      maxIterations: 100,
      signal: controller.signal,
      // Abort during the second pair, after the first vector was kept.
      onProgress: (done) => {
        if (done === 105) controller.abort();
      },
    });
    await expect(run).rejects.toSatisfy(isAbortError);
    expect(backend.liveVectors).toBe(0);
  });
});
