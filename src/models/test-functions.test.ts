import { describe, expect, it } from 'vitest';
import { symmetricEigenvalues } from '../math/eigen.ts';
import { CounterRng } from '../math/rng.ts';
import { createTestFunction, logSpacedEigenvalues, TEST_FUNCTION_NAMES, TEST_FUNCTIONS, type TestFunction, type TestFunctionName } from './test-functions.ts';

/** Dimensions each function is checked in: its smallest, 2-D where allowed, and a larger one. */
function dimsOf(name: TestFunctionName): number[] {
  const { minDim, maxDim } = TEST_FUNCTIONS[name];
  return [...new Set([minDim, Math.min(2, maxDim), Math.min(5, maxDim)])].filter((d) => d >= minDim);
}

/** Random points in a box around the interesting region, away from Ackley's kink at 0. */
function randomPoints(d: number, count: number, seed: number): Float64Array[] {
  const rng = new CounterRng(seed, 17);
  return Array.from({ length: count }, () => Float64Array.from({ length: d }, () => 0.2 + 2.3 * rng.gaussian() * 0.5));
}

/** Central differences of f along each coordinate; step h relative to the point's scale. */
function finiteDifferenceGradient(fn: TestFunction, x: Float64Array, h: number): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const plus = x.slice();
    const minus = x.slice();
    plus[i] = plus[i]! + h;
    minus[i] = minus[i]! - h;
    g[i] = (fn.value(plus) - fn.value(minus)) / (2 * h);
  }
  return g;
}

function finiteDifferenceHessian(fn: TestFunction, x: Float64Array, h: number): Float64Array {
  const d = x.length;
  const H = new Float64Array(d * d);
  const gp = new Float64Array(d);
  const gm = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const plus = x.slice();
    const minus = x.slice();
    plus[j] = plus[j]! + h;
    minus[j] = minus[j]! - h;
    fn.gradient(plus, gp);
    fn.gradient(minus, gm);
    for (let i = 0; i < d; i++) H[i * d + j] = (gp[i]! - gm[i]!) / (2 * h);
  }
  return H;
}

/** max |a − b| / (1 + max |b|): relative to the size of the reference. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  let scale = 1;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst / scale;
}

describe('test functions: closed forms against finite differences (float64)', () => {
  for (const name of TEST_FUNCTION_NAMES) {
    for (const dim of dimsOf(name)) {
      it(`${name} in ${dim}-D: gradient and Hessian`, () => {
        const fn = createTestFunction({ name, dim, condition: 50, angle: 20, seed: 3 });
        for (const x of [fn.defaultStart, ...randomPoints(dim, 4, dim * 7 + name.length)]) {
          const g = new Float64Array(dim);
          const f = fn.gradient(x, g);
          expect(f).toBe(fn.value(x));
          // Central differences: error O(h²·f''') ≈ 1e-8 relative at h = 1e-4; rounding O(ε f / h) ≈ 1e-11.
          expect(relativeError(g, finiteDifferenceGradient(fn, x, 1e-4))).toBeLessThan(1e-6);
          const H = fn.hessian(x);
          expect(relativeError(H, finiteDifferenceHessian(fn, x, 1e-5))).toBeLessThan(1e-6);
          for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) expect(H[i * dim + j]).toBe(H[j * dim + i]);
        }
      });
    }
  }
});

describe('test functions: minima', () => {
  for (const name of TEST_FUNCTION_NAMES) {
    for (const dim of dimsOf(name)) {
      it(`${name} in ${dim}-D: f(x*) = f* and ∇f(x*) = 0 at every minimizer, f > f* at the start`, () => {
        const fn = createTestFunction({ name, dim });
        expect(fn.fStar).toBe(0);
        for (const x of fn.minimizers) {
          expect(x.length).toBe(dim);
          const g = new Float64Array(dim);
          expect(Math.abs(fn.gradient(x, g) - fn.fStar)).toBeLessThan(1e-24);
          for (const gi of g) expect(Math.abs(gi)).toBeLessThan(1e-11);
        }
        expect(fn.value(fn.defaultStart)).toBeGreaterThan(fn.fStar + 0.1);
      });
    }
  }

  it('classic values: Rosenbrock(−1.2, 1) = 24.2, Beale(1, 1) = 14.203125, Himmelblau(0, 0) = 170, Rastrigin(0.5) = 20.25', () => {
    expect(createTestFunction({ name: 'rosenbrock', dim: 2 }).value([-1.2, 1])).toBeCloseTo(24.2, 12);
    expect(createTestFunction({ name: 'beale', dim: 2 }).value([1, 1])).toBeCloseTo(1.5 ** 2 + 2.25 ** 2 + 2.625 ** 2, 12);
    expect(createTestFunction({ name: 'beale', dim: 2 }).value([1, 1])).toBeCloseTo(14.203125, 12);
    expect(createTestFunction({ name: 'himmelblau', dim: 2 }).value([0, 0])).toBe(170);
    expect(createTestFunction({ name: 'rastrigin', dim: 1 }).value([0.5])).toBeCloseTo(0.25 + 10 + 10, 12);
    // Ackley at (1, 1): −20 e^{−0.2} − e + 20 + e = 20 (1 − e^{−0.2}).
    expect(createTestFunction({ name: 'ackley', dim: 2 }).value([1, 1])).toBeCloseTo(20 * (1 - Math.exp(-0.2)), 12);
  });

  it('Ackley at its kink: f(0) = 0 exactly, gradient 0 (subgradient)', () => {
    const fn = createTestFunction({ name: 'ackley', dim: 3 });
    const g = new Float64Array(3).fill(7);
    expect(fn.gradient(new Float64Array(3), g)).toBe(0);
    expect(Array.from(g)).toEqual([0, 0, 0]);
  });
});

describe('quadratic: condition number and rotation', () => {
  it('eigenvalues of the Hessian are log-spaced from 1 to κ, in every dimension', () => {
    for (const dim of [1, 2, 3, 8]) {
      const fn = createTestFunction({ name: 'quadratic', dim, condition: 1000, seed: 5 });
      const eigs = symmetricEigenvalues(fn.hessian(fn.defaultStart), dim);
      const expected = logSpacedEigenvalues(dim, 1000);
      for (let i = 0; i < dim; i++) expect(eigs[i]).toBeCloseTo(expected[i]!, 10);
      expect(eigs[dim - 1]! / eigs[0]!).toBeCloseTo(dim === 1 ? 1 : 1000, 8);
    }
    expect(Array.from(logSpacedEigenvalues(3, 100))).toEqual([1, 10, 100]);
  });

  it('2-D: the eigenvector of the smallest eigenvalue points at `angle` degrees', () => {
    const fn = createTestFunction({ name: 'quadratic', dim: 2, condition: 4, angle: 30 });
    const H = fn.hessian([0, 0]);
    const q = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)];
    const Hq = [H[0]! * q[0]! + H[1]! * q[1]!, H[2]! * q[0]! + H[3]! * q[1]!];
    expect(Hq[0]).toBeCloseTo(q[0]!, 14);
    expect(Hq[1]).toBeCloseTo(q[1]!, 14);
    // Along the perpendicular, curvature 4; f = ½ xᵀHx.
    expect(fn.value([-q[1]!, q[0]!])).toBeCloseTo(2, 14);
  });

  it('d ≠ 2: the rotation is a seeded random orthogonal matrix (same seed, same function)', () => {
    const a = createTestFunction({ name: 'quadratic', dim: 4, seed: 1 }).hessian([0, 0, 0, 0]);
    const b = createTestFunction({ name: 'quadratic', dim: 4, seed: 1 }).hessian([0, 0, 0, 0]);
    const c = createTestFunction({ name: 'quadratic', dim: 4, seed: 2 }).hessian([0, 0, 0, 0]);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(relativeError(a, c)).toBeGreaterThan(0.01);
  });

  it('rejects dimensions a function is not defined in', () => {
    expect(() => createTestFunction({ name: 'beale', dim: 3 })).toThrow(/beale: the dimension must be 2, got 3/);
    expect(() => createTestFunction({ name: 'rosenbrock', dim: 1 })).toThrow(/from 2 to 1000/);
    expect(() => createTestFunction({ name: 'quadratic', dim: 2, condition: 0.5 })).toThrow(/condition number must be ≥ 1/);
  });
});
