import { describe, expect, it } from 'vitest';
import { denseMatrixOperator, diagonalMatrix, Float64Backend, matrixWithSpectrum } from '../math/cpu-backend.ts';
import { hutchinsonDiagonal, hutchinsonTrace } from './hutchinson.ts';
import { isAbortError } from './progress.ts';
import { rotatedCase, traceOf, wishartCase } from './test-fixtures.ts';

const n = 64;
/** Indefinite, with a trace (≈ 64) far from 0 so that relative tolerances mean something. */
const eigs = Array.from({ length: n }, (_, i) => -1 + (4 * i) / (n - 1));
const A = matrixWithSpectrum(eigs, 21);
const exactTrace = eigs.reduce((a, b) => a + b, 0);

function fresh() {
  const backend = new Float64Backend(n);
  return { op: denseMatrixOperator(A, n, backend), backend };
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

describe('hutchinsonTrace', () => {
  it('is within 3 standard errors of the exact trace, on three matrices', async () => {
    for (const t of [{ n, A }, rotatedCase(100, 4), wishartCase(80, 40, 2)]) {
      const op = denseMatrixOperator(t.A, t.n);
      const est = await hutchinsonTrace(op, { maxSamples: 200, tolerance: 0, seed: 1 });
      expect(est.samples).toBe(200);
      expect(est.matvecs).toBe(200);
      expect(est.converged).toBe(false);
      expect(est.standardError).toBeGreaterThan(0);
      expect(Math.abs(est.trace - traceOf(t.A, t.n))).toBeLessThanOrEqual(3 * est.standardError);
    }
  });

  it('has a standard error matching the theory √(2(‖A‖_F² − Σ A_ii²)/s) within 15%', async () => {
    let frobenius = 0;
    let diagonal = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) frobenius += A[i * n + j]! ** 2;
      diagonal += A[i * n + i]! ** 2;
    }
    const { op } = fresh();
    const est = await hutchinsonTrace(op, { maxSamples: 1000, tolerance: 0, seed: 3 });
    const theory = Math.sqrt((2 * (frobenius - diagonal)) / 1000);
    expect(Math.abs(est.standardError / theory - 1)).toBeLessThan(0.15);
  });

  it('has an error that shrinks with samples: mean |error| over 20 seeds, s = 10 vs s = 1000', async () => {
    const errors = async (samples: number) => {
      const out: number[] = [];
      for (let seed = 0; seed < 20; seed++) {
        const { op } = fresh();
        const est = await hutchinsonTrace(op, { maxSamples: samples, tolerance: 0, seed });
        out.push(Math.abs(est.trace - exactTrace));
      }
      return mean(out);
    };
    const few = await errors(10);
    const many = await errors(1000);
    // 1/√s predicts a ratio of 10; 4 leaves room for the spread of a 20-seed average.
    expect(many).toBeLessThan(few / 4);
  });

  it('is exact for a diagonal matrix and stops at minSamples (zero variance)', async () => {
    const d = Array.from({ length: 33 }, (_, i) => i - 10.5);
    const op = denseMatrixOperator(diagonalMatrix(d), 33);
    const est = await hutchinsonTrace(op, { minSamples: 4, maxSamples: 100 });
    expect(est.trace).toBeCloseTo(d.reduce((a, b) => a + b, 0), 12);
    expect(est.standardError).toBe(0);
    expect(est.samples).toBe(4);
    expect(est.converged).toBe(true);
  });

  it('stops once standardError ≤ tolerance·|trace|, after minSamples', async () => {
    const { op } = fresh();
    const est = await hutchinsonTrace(op, { minSamples: 5, maxSamples: 1000, tolerance: 0.05, seed: 2 });
    expect(est.converged).toBe(true);
    expect(est.samples).toBeGreaterThanOrEqual(5);
    expect(est.samples).toBeLessThan(1000);
    expect(est.standardError).toBeLessThanOrEqual(0.05 * Math.abs(est.trace));
    // One fewer sample would not have met the rule (it stops at the first sample that does).
    const before = await hutchinsonTrace(op, { maxSamples: est.samples - 1, tolerance: 0, seed: 2 });
    expect(before.standardError > 0.05 * Math.abs(before.trace) || before.samples < 5).toBe(true);
  });

  it('gives per-segment traces within 3 standard errors of the exact block traces, from the same probes', async () => {
    const segments = [0, 10, 10, 30, 64];
    const { op } = fresh();
    const est = await hutchinsonTrace(op, { segments, maxSamples: 300, tolerance: 0, seed: 5 });
    expect(est.matvecs).toBe(300);
    const traces = est.segmentTraces!;
    const errors = est.segmentStandardErrors!;
    expect(traces.length).toBe(4);
    for (let s = 0; s < 4; s++) {
      const exact = traceOf(A, n, segments[s]!, segments[s + 1]!);
      expect(Math.abs(traces[s]! - exact)).toBeLessThanOrEqual(3 * errors[s]! + 1e-12);
    }
    expect(traces[1]).toBe(0); // the empty segment
    expect(Math.abs(traces.reduce((a, b) => a + b, 0) - est.trace)).toBeLessThan(1e-10);
    // The same probes without segments give the same total.
    const plain = await hutchinsonTrace(op, { maxSamples: 300, tolerance: 0, seed: 5 });
    expect(Math.abs(plain.trace - est.trace)).toBeLessThan(1e-10);
  });

  it('rejects segments that do not cover the parameters', async () => {
    const { op } = fresh();
    await expect(hutchinsonTrace(op, { segments: [0, 10] })).rejects.toThrow(/segments/);
    await expect(hutchinsonTrace(op, { segments: [0, 40, 20, 64] })).rejects.toThrow(/segments/);
  });

  describe('hutch++', () => {
    // Low rank plus small: six large eigenvalues over a bulk of ±0.1, where Hutchinson's variance
    // is dominated by the large ones and Hutch++ removes them with its sketch.
    const m = 100;
    const lowRankEigs = [100, 80, -60, 40, 20, 10, ...Array.from({ length: m - 6 }, (_, i) => -0.1 + (0.2 * i) / (m - 7))];
    const L = matrixWithSpectrum(lowRankEigs, 8);
    const exact = lowRankEigs.reduce((a, b) => a + b, 0);

    it('has a lower error than Hutchinson at equal matvecs (30): mean |error| over 20 seeds', async () => {
      const plainErrors: number[] = [];
      const plusErrors: number[] = [];
      for (let seed = 0; seed < 20; seed++) {
        const op = denseMatrixOperator(L, m);
        const plain = await hutchinsonTrace(op, { maxSamples: 30, tolerance: 0, seed });
        expect(plain.matvecs).toBe(30);
        const plus = await hutchinsonTrace(op, { method: 'hutch++', sketchSize: 10, maxSamples: 10, tolerance: 0, seed });
        expect(plus.matvecs).toBe(30);
        expect(plus.sketchRank).toBe(10);
        expect(op.applications).toBe(60);
        plainErrors.push(Math.abs(plain.trace - exact));
        plusErrors.push(Math.abs(plus.trace - exact));
        expect(Math.abs(plus.trace - exact)).toBeLessThanOrEqual(3 * plus.standardError);
      }
      expect(mean(plusErrors)).toBeLessThan(mean(plainErrors) / 10);
      expect((denseMatrixOperator(L, m).backend as Float64Backend).liveVectors).toBe(0);
    });

    it('gives block traces within 3 standard errors, and is exact when the sketch spans the range', async () => {
      const segments = [0, 30, 100];
      const op = denseMatrixOperator(L, m);
      const est = await hutchinsonTrace(op, { method: 'hutch++', segments, sketchSize: 12, maxSamples: 40, tolerance: 0, seed: 4 });
      for (let s = 0; s < 2; s++) {
        const block = traceOf(L, m, segments[s]!, segments[s + 1]!);
        expect(Math.abs(est.segmentTraces![s]! - block)).toBeLessThanOrEqual(3 * est.segmentStandardErrors![s]!);
      }
      // Rank 3 matrix, sketch of 5: the range is captured, the residual operator is 0.
      const r3 = matrixWithSpectrum([5, -2, 1, 0, 0, 0, 0, 0, 0, 0], 1);
      const small = denseMatrixOperator(r3, 10);
      const full = await hutchinsonTrace(small, { method: 'hutch++', sketchSize: 5, maxSamples: 10, seed: 1 });
      expect(full.sketchRank).toBe(3);
      expect(full.trace).toBeCloseTo(4, 10);
      expect(full.standardError).toBeLessThan(1e-10);
      expect((small.backend as Float64Backend).liveVectors).toBe(0);
    });
  });

  it('is cancelled by an AbortSignal (also during the Hutch++ sketch) and frees its vectors', async () => {
    const { op, backend } = fresh();
    await expect(hutchinsonTrace(op, { signal: AbortSignal.abort() })).rejects.toSatisfy(isAbortError);
    for (const method of ['hutchinson', 'hutch++'] as const) {
      const controller = new AbortController();
      const run = hutchinsonTrace(op, {
        method,
        maxSamples: 50,
        signal: controller.signal,
        onProgress: (done) => {
          if (done === 3) controller.abort();
        },
      });
      await expect(run).rejects.toSatisfy(isAbortError);
    }
    expect(backend.liveVectors).toBe(0);
  });

  it('reports progress in operator applications', async () => {
    const { op } = fresh();
    const seen: number[][] = [];
    await hutchinsonTrace(op, { method: 'hutch++', sketchSize: 2, maxSamples: 3, tolerance: 0, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7].map((d) => [d, 7]));
  });
});

describe('hutchinsonDiagonal', () => {
  it('converges to diag(A): relative error at s = 1000 below a quarter of that at s = 10', async () => {
    const exact = Float64Array.from({ length: n }, (_, i) => A[i * n + i]!);
    const relativeError = (d: Float64Array) => {
      let num = 0;
      let den = 0;
      for (let i = 0; i < n; i++) {
        num += (d[i]! - exact[i]!) ** 2;
        den += exact[i]! ** 2;
      }
      return Math.sqrt(num / den);
    };
    const { op, backend } = fresh();
    const few = await hutchinsonDiagonal(op, { samples: 10, seed: 1 });
    const many = await hutchinsonDiagonal(op, { samples: 1000, seed: 1 });
    expect(many.samples).toBe(1000);
    expect(relativeError(many.diagonal)).toBeLessThan(relativeError(few.diagonal) / 4);
    // Per entry, Var = Σ_{j≠i} A_ij² / s: the reported standard errors should be of that size.
    for (let i = 0; i < n; i++) {
      let off = 0;
      for (let j = 0; j < n; j++) if (j !== i) off += A[i * n + j]! ** 2;
      const theory = Math.sqrt(off / 1000);
      expect(many.standardErrors[i]! / theory).toBeGreaterThan(0.7);
      expect(many.standardErrors[i]! / theory).toBeLessThan(1.3);
      expect(Math.abs(many.diagonal[i]! - exact[i]!)).toBeLessThan(5 * theory);
    }
    expect(backend.liveVectors).toBe(0);
  });

  it('is exact for a diagonal matrix from one sample', async () => {
    const d = [3, -1, 0, 2.5];
    const est = await hutchinsonDiagonal(denseMatrixOperator(diagonalMatrix(d), 4), { samples: 1 });
    expect(Array.from(est.diagonal)).toEqual(d);
    expect(Number.isNaN(est.standardErrors[0])).toBe(true);
  });

  it('is cancelled by an AbortSignal', async () => {
    const { op, backend } = fresh();
    const controller = new AbortController();
    const run = hutchinsonDiagonal(op, { signal: controller.signal, onProgress: (d) => d === 2 && controller.abort() });
    await expect(run).rejects.toSatisfy(isAbortError);
    expect(backend.liveVectors).toBe(0);
  });
});
