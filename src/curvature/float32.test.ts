/**
 * The algorithms at the precision they run at on the GPU: the same code on a backend that stores
 * f32 and rounds every operation (see Float32SimulationBackend), checked against float64 truth.
 */
import { describe, expect, it } from 'vitest';
import { diagonalMatrix } from '../math/cpu-backend.ts';
import { hutchinsonTrace } from './hutchinson.ts';
import { bottomK, lanczos, topK } from './lanczos.ts';
import { powerIteration } from './power-iteration.ts';
import { stochasticLanczosQuadrature } from './slq.ts';
import {
  float32Operator,
  maxAbs,
  residualNorm,
  rotatedCase,
  topByMagnitude,
  traceOf,
  wishartCase,
} from './test-fixtures.ts';

const cases = [rotatedCase(), wishartCase()];

describe('on f32 vectors', () => {
  for (const t of cases) {
    it(`${t.name}: Lanczos top/bottom-5 within 1e-3·max|λ|; residual bounds hold up to the rounding level`, async () => {
      const op = float32Operator(t.A, t.n);
      const scale = maxAbs(t.eigenvalues);
      const result = await lanczos(op, { steps: 80, seed: 1, ritzVectors: 4 });
      const top = topK(result, 5);
      const bottom = bottomK(result, 5);
      for (let i = 0; i < 5; i++) {
        expect(Math.abs(top.values[i]! - t.eigenvalues[t.n - 1 - i]!)).toBeLessThan(1e-3 * scale);
        expect(Math.abs(bottom.values[i]! - t.eigenvalues[i]!)).toBeLessThan(1e-3 * scale);
      }
      // f32 leaves ~1e-7·‖A‖ of noise that β_m|s_m| (an exact-arithmetic bound) cannot see.
      expect(result.roundingLevel).toBeGreaterThan(1e-9 * scale);
      expect(result.roundingLevel).toBeLessThan(1e-5 * scale);
      const ritz = result.ritzVectors!;
      for (let i = 0; i < 4; i++) {
        const y = await op.backend.read(ritz.vectors[i]!);
        const actual = residualNorm(t.A, t.n, y, ritz.values[i]!);
        expect(actual).toBeLessThanOrEqual(ritz.residualBounds[i]! + 10 * result.roundingLevel);
        expect(top.residualBounds[i]!).toBeGreaterThanOrEqual(result.roundingLevel);
        op.backend.free(ritz.vectors[i]!);
      }
      expect(op.backend.liveVectors).toBe(0);
    });

    it(`${t.name}: power iteration top-5 by magnitude within 1e-3·max|λ|, converging`, async () => {
      const op = float32Operator(t.A, t.n);
      const result = await powerIteration(op, { k: 5, maxIterations: 3000, seed: 1 });
      const expected = topByMagnitude(t.eigenvalues, 5);
      for (let i = 0; i < 5; i++) {
        expect(Math.abs(result.values[i]! - expected[i]!)).toBeLessThan(1e-3 * maxAbs(t.eigenvalues));
      }
      expect(result.converged.every(Boolean)).toBe(true);
      for (const v of result.vectors) op.backend.free(v);
      expect(op.backend.liveVectors).toBe(0);
    });

    it(`${t.name}: Hutchinson within 3 standard errors; SLQ weights sum to 1 and the density to 1`, async () => {
      const op = float32Operator(t.A, t.n);
      const est = await hutchinsonTrace(op, { maxSamples: 200, tolerance: 0, seed: 1 });
      expect(Math.abs(est.trace - traceOf(t.A, t.n))).toBeLessThanOrEqual(3 * est.standardError);
      const density = await stochasticLanczosQuadrature(op, { probes: 5, steps: 60 });
      for (const w of density.weights) expect(Math.abs(w.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-10);
      let integral = 0;
      for (let i = 1; i < density.grid.length; i++) {
        integral += 0.5 * (density.values[i]! + density.values[i - 1]!) * (density.grid[i]! - density.grid[i - 1]!);
      }
      expect(Math.abs(integral - 1)).toBeLessThan(1e-3);
      expect(op.backend.liveVectors).toBe(0);
    });
  }

  it('ghosts appear without reorthogonalization and not with it (twice) in f32 either', async () => {
    const n = 100;
    const d = [100, 90, 80, ...Array.from({ length: n - 3 }, (_, i) => i / (n - 4))];
    const op = float32Operator(diagonalMatrix(d), n);
    const copies = (values: Float64Array, lambda: number) =>
      Array.from(values).filter((theta) => Math.abs(theta - lambda) <= 1e-6 * lambda).length;
    const plain = await lanczos(op, { steps: 80, reorthogonalize: false });
    expect(copies(plain.ritzValues, 100)).toBeGreaterThanOrEqual(2);
    const full = await lanczos(op, { steps: 80 });
    for (const lambda of [100, 90, 80]) expect(copies(full.ritzValues, lambda)).toBe(1);
  });
});
