import { describe, expect, it } from 'vitest';
import { adamBiasCorrections, adamStepF64 } from './adam.ts';

const hp = { lr: 0.1, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0, decoupled: false, step: 1 };

describe('adamStepF64', () => {
  it('takes a first step of lr·sign(g) (bias correction makes m̂ = g and v̂ = g²)', () => {
    const theta = Float64Array.from([1, -2, 0.5]);
    const g = [0.3, -4, 1e-3];
    const m = new Float64Array(3);
    const v = new Float64Array(3);
    adamStepF64(theta, g, m, v, hp);
    for (let i = 0; i < 3; i++) {
      const expected = [1, -2, 0.5][i]! - (0.1 * g[i]!) / (Math.abs(g[i]!) + 1e-8);
      expect(theta[i]).toBeCloseTo(expected, 12);
    }
    m.forEach((x, i) => expect(x).toBeCloseTo((1 - 0.9) * g[i]!, 15));
    expect(v[1]).toBeCloseTo(0.01 * 16, 12);
  });

  it('matches the textbook recursion over several steps, with L2 (Adam) or decoupled (AdamW) decay', () => {
    for (const decoupled of [false, true]) {
      const theta = Float64Array.from([0.7, -0.2]);
      const m = new Float64Array(2);
      const v = new Float64Array(2);
      let p = [0.7, -0.2];
      let mm = [0, 0];
      let vv = [0, 0];
      const grads = [
        [0.5, -1],
        [0.25, 0.75],
        [-0.1, 0.3],
      ];
      grads.forEach((g, s) => {
        const h = { ...hp, weightDecay: 0.01, decoupled, step: s + 1 };
        adamStepF64(theta, g, m, v, h);
        const ge = g.map((x, i) => (decoupled ? x : x + 0.01 * p[i]!));
        mm = mm.map((x, i) => 0.9 * x + 0.1 * ge[i]!);
        vv = vv.map((x, i) => 0.99 * x + 0.01 * ge[i]! ** 2);
        const b1 = 1 - 0.9 ** (s + 1);
        const b2 = 1 - 0.99 ** (s + 1);
        p = p.map((x, i) => (decoupled ? x * (1 - 0.1 * 0.01) : x) - (0.1 * (mm[i]! / b1)) / (Math.sqrt(vv[i]! / b2) + 1e-8));
      });
      for (let i = 0; i < 2; i++) expect(theta[i]).toBeCloseTo(p[i]!, 14);
    }
  });

  it('rejects mismatched lengths and steps below 1', () => {
    expect(() => adamStepF64(new Float64Array(2), [1], new Float64Array(2), new Float64Array(2), hp)).toThrow(/equal lengths/);
    expect(() => adamBiasCorrections({ ...hp, step: 0 })).toThrow(/positive integer/);
  });
});
