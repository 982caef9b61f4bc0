import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../models/mlp.ts';
import {
  activationDerivative,
  activationSecondDerivative,
  activationValue,
  applyActivation,
  sigmoid,
} from './activations.ts';

// Central differences with h = 1e-5 have truncation error ~h²·|σ'''| ≈ 1e-10 and rounding ~1e-16/h ≈ 1e-11.
const H = 1e-5;
const FD_TOL = 1e-8;

/** Points in [-4, 4] that stay clear of relu's kink at 0 by more than h. */
const POINTS = Array.from({ length: 41 }, (_, i) => -4 + 0.2 * i + 0.0137);

describe('activations', () => {
  for (const act of ACTIVATIONS) {
    it(`${act}: σ' and σ'' match central differences within ${FD_TOL}`, () => {
      for (const z of POINTS) {
        const fd1 = (activationValue(act, z + H) - activationValue(act, z - H)) / (2 * H);
        const fd2 = (activationDerivative(act, z + H) - activationDerivative(act, z - H)) / (2 * H);
        expect(Math.abs(activationDerivative(act, z) - fd1)).toBeLessThan(FD_TOL);
        expect(Math.abs(activationSecondDerivative(act, z) - fd2)).toBeLessThan(FD_TOL);
      }
    });

    it(`${act}: the array form equals the scalar form exactly`, () => {
      const z = Float64Array.from(POINTS);
      const v = new Float64Array(z.length);
      const d1 = new Float64Array(z.length);
      const d2 = new Float64Array(z.length);
      applyActivation(act, z, z.length, v, d1, d2);
      for (let i = 0; i < z.length; i++) {
        expect(v[i]).toBe(activationValue(act, z[i]!));
        expect(d1[i]).toBe(activationDerivative(act, z[i]!));
        expect(d2[i]).toBe(activationSecondDerivative(act, z[i]!));
      }
    });
  }

  it('known values (1e-12)', () => {
    // GELU, tanh approximation, at z = 1: 0.5 (1 + tanh(√(2/π) · 1.044715)).
    expect(activationValue('gelu', 1)).toBeCloseTo(0.8411919906082768, 12);
    expect(activationValue('gelu', -1)).toBeCloseTo(-0.15880800939172324, 12);
    expect(activationValue('relu', -2)).toBe(0);
    expect(activationValue('relu', 2)).toBe(2);
    expect(activationDerivative('relu', 0)).toBe(0);
    expect(activationDerivative('relu', 1e-300)).toBe(1);
    expect(activationSecondDerivative('relu', 3)).toBe(0);
    expect(activationDerivative('identity', 7)).toBe(1);
    expect(activationSecondDerivative('identity', 7)).toBe(0);
    expect(Math.abs(activationSecondDerivative('tanh', 0))).toBe(0);
    expect(activationValue('sigmoid', 0)).toBe(0.5);
    expect(activationSecondDerivative('sigmoid', 0)).toBe(0);
  });

  it('sigmoid does not overflow at ±1000', () => {
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
    expect(Number.isFinite(activationSecondDerivative('sigmoid', -1000))).toBe(true);
    expect(Math.abs(activationSecondDerivative('gelu', 1000))).toBe(0);
  });
});
