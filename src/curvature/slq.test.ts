import { describe, expect, it } from 'vitest';
import { denseMatrixOperator, diagonalMatrix, Float64Backend, matrixWithSpectrum } from '../math/cpu-backend.ts';
import { hutchinsonTrace } from './hutchinson.ts';
import { isAbortError } from './progress.ts';
import { densityFromQuadrature, DENSITY_FLOOR, stochasticLanczosQuadrature } from './slq.ts';
import { maxAbs, operatorOf, rotatedCase, wishartCase } from './test-fixtures.ts';

function trapezoid(grid: number[], values: number[]): number {
  let s = 0;
  for (let i = 1; i < grid.length; i++) s += 0.5 * (values[i]! + values[i - 1]!) * (grid[i]! - grid[i - 1]!);
  return s;
}

const cases = [rotatedCase(), wishartCase()];

describe('stochasticLanczosQuadrature', () => {
  for (const t of cases) {
    it(`${t.name}: weights sum to 1 per probe, density integrates to 1 (±1e-3)`, async () => {
      const { op, backend } = operatorOf(t);
      const density = await stochasticLanczosQuadrature(op, { probes: 20, steps: 60, seed: 3 });
      expect(density.nodes.length).toBe(20);
      expect(density.weights.length).toBe(20);
      for (let p = 0; p < 20; p++) {
        expect(density.nodes[p]!.length).toBe(60);
        expect(Math.abs(density.weights[p]!.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
        for (const w of density.weights[p]!) expect(w).toBeGreaterThanOrEqual(0);
      }
      expect(density.grid.length).toBe(512);
      expect(Math.abs(trapezoid(density.grid, density.values) - 1)).toBeLessThan(1e-3);
      expect(density.traceEstimate).toBeCloseTo(density.mean * t.n, 10);
      // The extreme nodes are the extreme eigenvalues (Lanczos converges there first).
      const scale = maxAbs(t.eigenvalues);
      const lo = Math.min(...density.nodes.map((n) => n[0]!));
      const hi = Math.max(...density.nodes.map((n) => n[n.length - 1]!));
      expect(Math.abs(lo - t.eigenvalues[0]!)).toBeLessThan(1e-6 * scale);
      expect(Math.abs(hi - t.eigenvalues[t.n - 1]!)).toBeLessThan(1e-6 * scale);
      expect(backend.liveVectors).toBe(0);
    });
  }

  it('has a mean within 2% of trace/P (positive definite, spectrum in [1, 3], 30 probes)', async () => {
    // The mean is a Hutchinson estimate, so its error is that of tr/P from n_v probes: with the
    // spread of this spectrum the relative standard error is ≈ 0.6%, and 2% is ≈ 3 of them.
    const n = 150;
    const eigs = Array.from({ length: n }, (_, i) => 1 + (2 * i) / (n - 1));
    const op = denseMatrixOperator(matrixWithSpectrum(eigs, 17), n);
    const density = await stochasticLanczosQuadrature(op, { probes: 30, steps: 40, seed: 2 });
    const exact = eigs.reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(density.mean - exact)).toBeLessThan(0.02 * exact);
    expect(Math.abs(trapezoid(density.grid, density.values) - 1)).toBeLessThan(1e-3);
  });

  it('has a mean equal to the Hutchinson estimate from the same probes (Σ w θ = α_1 = zᵀAz/P)', async () => {
    const t = rotatedCase(80, 9);
    const { op } = operatorOf(t);
    const density = await stochasticLanczosQuadrature(op, { probes: 7, steps: 20, seed: 11 });
    const hutch = await hutchinsonTrace(op, { maxSamples: 7, tolerance: 0, seed: 11 });
    expect(Math.abs(density.traceEstimate - hutch.trace)).toBeLessThan(1e-10 * maxAbs(t.eigenvalues) * t.n);
  });

  it('matches the exact eigenvalue distribution: |CDF_slq − CDF_exact| ≤ 0.06 across the bulk', async () => {
    const t = rotatedCase(200, 12);
    const { op } = operatorOf(t);
    const density = await stochasticLanczosQuadrature(op, { probes: 10, steps: 80, seed: 1 });
    for (const q of [0.1, 0.25, 0.5, 0.75, 0.9]) {
      const at = t.eigenvalues[Math.floor(q * t.n)]! + 1e-9;
      const exact = Array.from(t.eigenvalues).filter((v) => v <= at).length / t.n;
      let estimated = 0;
      density.nodes.forEach((nodes, p) =>
        nodes.forEach((theta, i) => {
          if (theta <= at) estimated += density.weights[p]![i]! / density.nodes.length;
        }),
      );
      expect(Math.abs(estimated - exact)).toBeLessThanOrEqual(0.06);
    }
  });

  it('uses σ = 1% of the node spread by default, or the σ given, and floors the density at 1e-12', async () => {
    const d = [-4, -4, 0, 1, 1, 1, 6, 6];
    const op = denseMatrixOperator(diagonalMatrix(d), d.length);
    const density = await stochasticLanczosQuadrature(op, { probes: 3, steps: 8 });
    // 4 distinct eigenvalues: every probe breaks down after 4 steps with exact nodes.
    expect(density.steps).toEqual([4, 4, 4]);
    expect(density.nodes[0]!.map((x) => Math.round(x * 1e9) / 1e9 + 0)).toEqual([-4, 0, 1, 6]);
    expect(density.sigma).toBeCloseTo(0.1, 12);
    expect(density.grid[0]).toBeCloseTo(-4 - 0.5, 12);
    expect(density.grid[density.grid.length - 1]).toBeCloseTo(6 + 0.5, 12);
    const wide = await stochasticLanczosQuadrature(op, { probes: 3, steps: 8, sigma: 0.05, pad: 10, gridSize: 4001 });
    expect(wide.sigma).toBe(0.05);
    expect(Math.abs(trapezoid(wide.grid, wide.values) - 1)).toBeLessThan(1e-3);
    // 10 units from every node, 200σ: the Gaussian is 0 in float64, and the floor shows instead.
    expect(wide.values[0]).toBe(DENSITY_FLOOR);
    expect(Math.min(...wide.values)).toBe(DENSITY_FLOOR);
    expect((op.backend as Float64Backend).liveVectors).toBe(0);
  });

  it('handles a one-point spectrum (A = 2I)', () => {
    const density = densityFromQuadrature([[2]], [[1]], 5);
    expect(density.sigma).toBeCloseTo(0.02, 12);
    expect(Math.abs(trapezoid(density.grid, density.values) - 1)).toBeLessThan(1e-3);
    expect(density.mean).toBe(2);
    expect(density.traceEstimate).toBe(10);
  });

  it('reports progress over probes × steps and is cancelled by an AbortSignal', async () => {
    const t = rotatedCase(30, 2);
    const { op, backend } = operatorOf(t);
    const seen: number[][] = [];
    await stochasticLanczosQuadrature(op, { probes: 2, steps: 3, onProgress: (d, total) => seen.push([d, total]) });
    expect(seen.map((s) => s[0])).toEqual([1, 2, 3, 3, 4, 5, 6, 6]);
    expect(seen.every((s) => s[1] === 6)).toBe(true);

    const controller = new AbortController();
    const run = stochasticLanczosQuadrature(op, {
      probes: 5,
      steps: 10,
      signal: controller.signal,
      onProgress: (done) => done === 15 && controller.abort(),
    });
    await expect(run).rejects.toSatisfy(isAbortError);
    expect(backend.liveVectors).toBe(0);
  });

  it('reports the density of the probes so far after each probe but the last, changing no number of the whole', async () => {
    const { op } = operatorOf(rotatedCase(30, 4));
    const partials: { density: ReturnType<typeof densityFromQuadrature>; done: number; total: number }[] = [];
    const options = { probes: 3, steps: 8, gridSize: 64, seed: 5 };
    const whole = await stochasticLanczosQuadrature(op, { ...options, onPartialDensity: (density, done, total) => partials.push({ density, done, total }) });
    expect(partials.map((p) => [p.done, p.total])).toEqual([[1, 3], [2, 3]]);
    // Each partial is exactly the density of the first probes' quadrature rules.
    partials.forEach(({ density, done }) => {
      const expected = densityFromQuadrature(whole.nodes.slice(0, done), whole.weights.slice(0, done), 30, whole.steps.slice(0, done), options);
      expect(density.nodes).toEqual(whole.nodes.slice(0, done));
      expect(density.values).toEqual(expected.values);
    });
    const plain = await stochasticLanczosQuadrature(op, options);
    expect(plain.values).toEqual(whole.values);
  });

  it('works with a spectrum with negative eigenvalues and matrixWithSpectrum', async () => {
    const eigs = Array.from({ length: 50 }, (_, i) => i - 30);
    const op = denseMatrixOperator(matrixWithSpectrum(eigs, 2), 50);
    const density = await stochasticLanczosQuadrature(op, { probes: 4, steps: 50 });
    // Full Krylov dimension: every node is an eigenvalue.
    for (const theta of density.nodes[0]!) expect(Math.abs(theta - Math.round(theta))).toBeLessThan(1e-8);
  });
});
