import { describe, expect, it } from 'vitest';
import { Float64Backend } from './cpu-backend.ts';
import { gramSchmidtTwiceNow, normAfterSecondPass } from './gram-schmidt.ts';
import { fillRandom } from './rng.ts';
import { dot } from './vector.ts';

describe('Gram–Schmidt twice (float64 reference of the GPU step)', () => {
  it('leaves w orthogonal to the basis and next = w/‖w‖, with ‖w‖ from ww − Σc² matching the direct norm', () => {
    const n = 30;
    const backend = new Float64Backend(n);
    // An orthonormal basis of 6 vectors: unit coordinate vectors, permuted.
    const qs = [3, 7, 0, 12, 29, 18].map((i) => {
      const q = backend.create();
      q[i] = 1;
      return q;
    });
    const w = backend.create();
    backend.write(w, fillRandom('gaussian', 5, 1, n));
    const before = Float64Array.from(w);
    const next = backend.create();
    const { first, second, ww } = gramSchmidtTwiceNow(backend, qs, w, next);
    qs.forEach((q, i) => {
      expect(first[i]).toBe(dot(q, before));
      expect(Math.abs(dot(q, w))).toBeLessThan(1e-15);
    });
    // The first pass already removes everything in exact arithmetic; the second finds rounding only.
    for (const c of second) expect(Math.abs(c)).toBeLessThan(1e-15);
    const norm = Math.sqrt(dot(w, w));
    expect(Math.abs(normAfterSecondPass(ww, second) - norm)).toBeLessThan(1e-14 * norm);
    for (let i = 0; i < n; i++) expect(next[i]).toBeCloseTo(w[i]! / norm, 15);
  });

  it('computes ‖w‖ as √max(0, ww − Σc²), so a breakdown gives 0, not NaN', () => {
    expect(normAfterSecondPass(25, [3])).toBe(4);
    expect(normAfterSecondPass(1e-20, [1e-9])).toBe(0);
    expect(normAfterSecondPass(2, [])).toBe(Math.SQRT2);
  });
});
