import { describe, expect, it } from 'vitest';
import { largestRootModulus, nesterovStronglyConvex, polyakHeavyBall, quadraticRate, spectralRadius, stableStepLimit } from './momentum-stability.ts';

/** Iterates the lab's update (PyTorch form) on f = ½λθ² from θ = 1 and returns |θₜ| for t = 0 … steps. */
function simulate(form: 'heavy-ball' | 'nesterov', lr: number, mu: number, lambda: number, steps: number): number[] {
  let theta = 1;
  let b = 0;
  const out = [1];
  for (let t = 0; t < steps; t++) {
    const g = lambda * theta;
    b = mu * b + g;
    theta -= form === 'heavy-ball' ? lr * b : lr * (g + mu * b);
    out.push(Math.abs(theta));
  }
  return out;
}

/** Largest |θ| over ten steps from t: the envelope, which complex roots make |θ| oscillate under. */
const envelope = (path: number[], t: number): number => Math.max(...path.slice(t, t + 10));

describe('momentum spectral radius', () => {
  it('is |1 − lr·λ| for gradient descent (μ = 0)', () => {
    expect(spectralRadius('heavy-ball', 0.1, 0, 5)).toBeCloseTo(0.5, 14);
    expect(spectralRadius('heavy-ball', 0.3, 0, 5)).toBeCloseTo(0.5, 14);
    expect(spectralRadius('nesterov', 0.3, 0, 5)).toBeCloseTo(0.5, 14);
  });

  it('handles real and complex roots', () => {
    expect(largestRootModulus(1, 0.16)).toBeCloseTo(0.8, 14); // roots 0.8, 0.2
    expect(largestRootModulus(0, 0.25)).toBeCloseTo(0.5, 14); // ±0.5i
  });

  it("gives Polyak's heavy ball the rate (√κ − 1)/(√κ + 1) at both ends of the spectrum", () => {
    const tuned = polyakHeavyBall(1, 100);
    expect(tuned.rate).toBeCloseTo(9 / 11, 14);
    expect(tuned.lr).toBeCloseTo(4 / 121, 14);
    expect(spectralRadius('heavy-ball', tuned.lr, tuned.momentum, 1)).toBeCloseTo(9 / 11, 6);
    expect(spectralRadius('heavy-ball', tuned.lr, tuned.momentum, 100)).toBeCloseTo(9 / 11, 6);
    expect(quadraticRate('heavy-ball', tuned.lr, tuned.momentum, [1, 10, 100])).toBeCloseTo(9 / 11, 6);
  });

  it('gives tuned Nesterov the rate 1 − 1/√κ', () => {
    const tuned = nesterovStronglyConvex(1, 100);
    expect(tuned.rate).toBeCloseTo(0.9, 14);
    expect(quadraticRate('nesterov', tuned.lr, tuned.momentum, [1, 100])).toBeCloseTo(0.9, 6);
  });

  it('puts the stability limits at 2(1 + μ) for heavy ball and 2(1 + μ)/(1 + 2μ) for Nesterov', () => {
    const mu = 0.6;
    expect(stableStepLimit('heavy-ball', mu)).toBeCloseTo(3.2, 14);
    expect(stableStepLimit('nesterov', mu)).toBeCloseTo(3.2 / 2.2, 14);
    for (const form of ['heavy-ball', 'nesterov'] as const) {
      const limit = stableStepLimit(form, mu);
      expect(spectralRadius(form, 0.99 * limit, mu, 1)).toBeLessThan(1);
      expect(spectralRadius(form, 1.01 * limit, mu, 1)).toBeGreaterThan(1);
    }
  });

  it('matches the simulated update: the error shrinks or grows by the radius per step', () => {
    const cases = [['heavy-ball', 0.033, 0.67], ['nesterov', 0.01, 0.82], ['nesterov', 0.033, 0.67], ['heavy-ball', 0.045, 0.67]] as const;
    for (const [form, lr, mu] of cases) {
      for (const lambda of [1, 30, 70]) {
        const rho = spectralRadius(form, lr, mu, lambda);
        const path = simulate(form, lr, mu, lambda, 80);
        const measured = (envelope(path, 60) / envelope(path, 30)) ** (1 / 30);
        expect(Math.abs(measured - rho) / rho, `${form} lr ${lr} μ ${mu} λ ${lambda}`).toBeLessThan(0.03);
      }
    }
  });
});
