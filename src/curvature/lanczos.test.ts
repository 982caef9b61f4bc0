import { describe, expect, it } from 'vitest';
import { denseMatrixOperator, diagonalMatrix, Float64Backend } from '../math/cpu-backend.ts';
import { symmetricTridiagonalEigenvalues } from '../math/eigen.ts';
import { bottomK, lanczos, topK } from './lanczos.ts';
import { isAbortError } from './progress.ts';
import {
  diagonalCase,
  distanceToSpectrum,
  maxAbs,
  operatorOf,
  residualNorm,
  rotatedCase,
  wishartCase,
} from './test-fixtures.ts';

const cases = [diagonalCase(), rotatedCase(), wishartCase()];

describe('lanczos', () => {
  for (const t of cases) {
    it(`${t.name}: top-5 and bottom-5 Ritz values within 1e-3·max|λ| of the exact ones`, async () => {
      const { op, backend } = operatorOf(t);
      const result = await lanczos(op, { steps: 80, seed: 1 });
      const scale = maxAbs(t.eigenvalues);
      const n = t.n;
      const top = topK(result, 5);
      const bottom = bottomK(result, 5);
      for (let i = 0; i < 5; i++) {
        expect(Math.abs(top.values[i]! - t.eigenvalues[n - 1 - i]!)).toBeLessThan(1e-3 * scale);
        expect(Math.abs(bottom.values[i]! - t.eigenvalues[i]!)).toBeLessThan(1e-3 * scale);
        // A converged Ritz value also has a small bound.
        expect(top.residualBounds[i]!).toBeLessThan(1e-2 * scale);
      }
      expect(result.steps).toBe(80);
      expect(result.alpha.length).toBe(80);
      expect(result.beta.length).toBe(79);
      // ritzValues are the eigenvalues of tridiag(alpha, beta).
      const again = symmetricTridiagonalEigenvalues(result.alpha, result.beta);
      for (let i = 0; i < 80; i++) expect(result.ritzValues[i]).toBeCloseTo(again[i]!, 12);
      expect(backend.liveVectors).toBe(0);
    });

    it(`${t.name}: residual bounds β_m|s_m| bound ‖Ay − θy‖ and the distance to the spectrum`, async () => {
      const { op, backend } = operatorOf(t);
      const scale = maxAbs(t.eigenvalues);
      for (const order of ['largest', 'smallest'] as const) {
        const result = await lanczos(op, { steps: 30, seed: 2, ritzVectors: 6, ritzVectorOrder: order });
        const ritz = result.ritzVectors!;
        expect(ritz.vectors.length).toBe(6);
        for (let i = 0; i < 6; i++) {
          const y = await backend.read(ritz.vectors[i]!);
          const actual = residualNorm(t.A, t.n, y, ritz.values[i]!);
          // Equal in exact arithmetic; rounding adds ~1e-13·‖A‖.
          expect(actual).toBeLessThanOrEqual(ritz.residualBounds[i]! * (1 + 1e-6) + 1e-10 * scale);
          expect(Math.abs(actual - ritz.residualBounds[i]!)).toBeLessThan(1e-8 * scale);
          expect(Math.abs(Math.hypot(...y) - 1)).toBeLessThan(1e-12);
        }
        if (order === 'largest') expect(ritz.values).toEqual(topK(result, 6).values);
        else expect(ritz.values).toEqual(bottomK(result, 6).values);
        // Every Ritz value, converged or not, is within its bound of an eigenvalue.
        for (let i = 0; i < result.steps; i++) {
          expect(distanceToSpectrum(t.eigenvalues, result.ritzValues[i]!)).toBeLessThanOrEqual(
            result.ritzResiduals[i]! + 1e-10 * scale,
          );
        }
        for (const v of ritz.vectors) backend.free(v);
      }
      expect(backend.liveVectors).toBe(0);
    });
  }

  it('stops at an invariant subspace: 4 distinct eigenvalues → 4 steps, exact values and weights', async () => {
    const n = 40;
    const d = Array.from({ length: n }, (_, i) => [-3, 1, 2, 7][i % 4]!);
    const op = denseMatrixOperator(diagonalMatrix(d), n);
    const result = await lanczos(op, { steps: 20 });
    expect(result.breakdown).toBe(true);
    expect(result.steps).toBe(4);
    expect(result.finalBeta).toBeLessThan(1e-10 * 7);
    const values = Array.from(result.ritzValues);
    [-3, 1, 2, 7].forEach((v, i) => expect(Math.abs(values[i]! - v)).toBeLessThan(1e-12));
    // A Rademacher start puts mass 1/4 on each eigenspace (10 of 40 unit entries each).
    for (const w of result.ritzWeights) expect(Math.abs(w - 0.25)).toBeLessThan(1e-12);
    expect(op.backend instanceof Float64Backend && op.backend.liveVectors).toBe(0);
  });

  it('takes a given starting vector without modifying it, and reports its norm', async () => {
    const t = rotatedCase(40, 3);
    const { op, backend } = operatorOf(t);
    const start = backend.create();
    backend.write(start, Array.from({ length: 40 }, (_, i) => (i === 0 ? 3 : 0)));
    const result = await lanczos(op, { start, steps: 40 });
    expect(Array.from(await backend.read(start))[0]).toBe(3);
    expect(result.startNorm).toBe(3);
    expect(result.alpha[0]).toBeCloseTo(t.A[0]!, 12);
    // A full run on a generic start reproduces the whole spectrum.
    for (let i = 0; i < 40; i++) expect(Math.abs(result.ritzValues[i]! - t.eigenvalues[i]!)).toBeLessThan(1e-10);
    backend.free(start);
    expect(backend.liveVectors).toBe(0);
    await expect(lanczos(op, { start: backend.create() })).rejects.toThrow(/norm 0/);
  });

  it('caps steps at the size when reorthogonalizing', async () => {
    const t = rotatedCase(12, 4);
    const { op } = operatorOf(t);
    const result = await lanczos(op, { steps: 50 });
    expect(result.steps).toBeLessThanOrEqual(12);
  });

  it('shows ghosts without reorthogonalization and none with it', async () => {
    // Three well-separated large eigenvalues above a cluster in [0, 1]; 80 steps is far more than
    // the outliers need to converge, after which plain Lanczos loses orthogonality and repeats them.
    const n = 100;
    const d = [100, 90, 80, ...Array.from({ length: n - 3 }, (_, i) => i / (n - 4))];
    const op = denseMatrixOperator(diagonalMatrix(d), n);
    const copies = (values: Float64Array, lambda: number) =>
      Array.from(values).filter((theta) => Math.abs(theta - lambda) <= 1e-6 * Math.abs(lambda)).length;

    const plain = await lanczos(op, { steps: 80, reorthogonalize: false });
    expect(plain.steps).toBe(80);
    expect(copies(plain.ritzValues, 100)).toBeGreaterThanOrEqual(2);
    expect(copies(plain.ritzValues, 90)).toBeGreaterThanOrEqual(2);

    const full = await lanczos(op, { steps: 80, reorthogonalize: true });
    for (const lambda of [100, 90, 80]) expect(copies(full.ritzValues, lambda)).toBe(1);
    // Nor any near-duplicates anywhere: distinct Ritz values of a matrix with simple eigenvalues.
    for (let i = 1; i < full.steps; i++) {
      expect(full.ritzValues[i]! - full.ritzValues[i - 1]!).toBeGreaterThan(1e-6);
    }
    // Without reorthogonalization more steps than the size are allowed (and still ghosts).
    const long = await lanczos(op, { steps: 130, reorthogonalize: false });
    expect(long.steps).toBe(130);
    expect((op.backend as Float64Backend).liveVectors).toBe(0);
  });

  it('is cancelled by an AbortSignal, before or during the run, and frees its vectors', async () => {
    const t = rotatedCase(60, 6);
    const { op, backend } = operatorOf(t);
    await expect(lanczos(op, { signal: AbortSignal.abort() })).rejects.toSatisfy(isAbortError);

    const controller = new AbortController();
    let lastStep = 0;
    const run = lanczos(op, {
      steps: 50,
      ritzVectors: 2,
      signal: controller.signal,
      onProgress: (done) => {
        lastStep = done;
        if (done === 5) controller.abort();
      },
    });
    await expect(run).rejects.toSatisfy(isAbortError);
    expect(lastStep).toBe(5);
    expect(op.applications).toBe(5);

    // A custom Error reason comes through as is; a string reason as an AbortError.
    const custom = new AbortController();
    custom.abort(new Error('user pressed stop'));
    await expect(lanczos(op, { signal: custom.signal })).rejects.toThrow('user pressed stop');
    const text = new AbortController();
    text.abort('tab closed');
    await expect(lanczos(op, { signal: text.signal })).rejects.toSatisfy(
      (e: unknown) => isAbortError(e) && (e as Error).message === 'tab closed',
    );
    expect(backend.liveVectors).toBe(0);
  });

  it('reports progress up to the number of steps', async () => {
    const { op } = operatorOf(rotatedCase(30, 8));
    const seen: [number, number][] = [];
    await lanczos(op, { steps: 10, onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => [i + 1, 10]));
  });

  it('queues steps ahead of their read-back (lookahead) with the same coefficients, breakdown and abort as one step at a time', async () => {
    const t = rotatedCase(50, 9);
    for (const lookahead of [1, 3]) {
      const { op, backend } = operatorOf(t);
      const one = await lanczos(op, { steps: 30, seed: 4, ritzVectors: 2, lookahead: 0 });
      const ahead = await lanczos(op, { steps: 30, seed: 4, ritzVectors: 2, lookahead });
      expect(Array.from(ahead.alpha)).toEqual(Array.from(one.alpha));
      expect(Array.from(ahead.beta)).toEqual(Array.from(one.beta));
      expect(ahead.finalBeta).toBe(one.finalBeta);
      expect(ahead.roundingLevel).toBe(one.roundingLevel);
      for (let i = 0; i < 2; i++) {
        expect(Array.from(await backend.read(ahead.ritzVectors!.vectors[i]!))).toEqual(Array.from(await backend.read(one.ritzVectors!.vectors[i]!)));
      }
      for (const v of [...one.ritzVectors!.vectors, ...ahead.ritzVectors!.vectors]) backend.free(v);
      // 30 products, and the queue runs dry at the end instead of running past it.
      expect(op.applications).toBe(60);
      expect(backend.liveVectors).toBe(0);
    }

    // A breakdown read back while later steps are queued: those are discarded with their vectors.
    const d = Array.from({ length: 40 }, (_, i) => [-3, 1, 2, 7][i % 4]!);
    const op = denseMatrixOperator(diagonalMatrix(d), 40);
    const result = await lanczos(op, { steps: 20, ritzVectors: 4, lookahead: 3 });
    expect(result.breakdown).toBe(true);
    expect(result.steps).toBe(4);
    expect(op.applications).toBeLessThanOrEqual(4 + 3);
    [-3, 1, 2, 7].forEach((v, i) => expect(Math.abs(result.ritzValues[i]! - v)).toBeLessThan(1e-12));
    for (const v of result.ritzVectors!.vectors) {
      const y = await op.backend.read(v);
      expect(Math.abs(Math.hypot(...y) - 1)).toBeLessThan(1e-12);
      op.backend.free(v);
    }
    expect((op.backend as Float64Backend).liveVectors).toBe(0);

    // An abort stops queuing at once; what was queued is waited for, then freed.
    const { op: aborted, backend } = operatorOf(t);
    const controller = new AbortController();
    const run = lanczos(aborted, { steps: 30, lookahead: 3, signal: controller.signal, onProgress: (done) => done === 5 && controller.abort() });
    await expect(run).rejects.toSatisfy(isAbortError);
    expect(aborted.applications).toBeLessThanOrEqual(5 + 3);
    expect(backend.liveVectors).toBe(0);
  });
});
