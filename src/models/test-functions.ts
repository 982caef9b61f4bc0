/**
 * Classic optimization test functions with closed-form value, gradient and Hessian, in float64.
 * They are the "problems" of a race: small enough to plot (2-D) or to solve exactly, with a known
 * minimum f*, so that log(f − f*) shows how fast each optimizer converges. Pure math: no DOM, no GPU.
 *
 * Every Hessian here is derived by hand; src/models/test-functions.test.ts checks each one against
 * finite differences of the gradient, and each gradient against finite differences of the value.
 */
import { randomOrthogonal } from '../math/cpu-backend.ts';

export const TEST_FUNCTION_NAMES = ['quadratic', 'rosenbrock', 'beale', 'himmelblau', 'rastrigin', 'ackley'] as const;
export type TestFunctionName = (typeof TEST_FUNCTION_NAMES)[number];

/** A dense Hessian is formed per product; beyond a few hundred coordinates use an MLP instead. */
export const MAX_TEST_FUNCTION_DIM = 1000;

export interface TestFunctionInfo {
  readonly formula: string;
  /** The global minimum (every function here is shifted so that it is 0). */
  readonly fStar: number;
  readonly minDim: number;
  readonly maxDim: number;
}

export const TEST_FUNCTIONS: Readonly<Record<TestFunctionName, TestFunctionInfo>> = Object.freeze({
  quadratic: { formula: '½ (x − x*)ᵀ Q D Qᵀ (x − x*), x* = 0, D log-spaced from 1 to the condition number', fStar: 0, minDim: 1, maxDim: MAX_TEST_FUNCTION_DIM },
  rosenbrock: { formula: 'Σᵢ 100 (xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)²', fStar: 0, minDim: 2, maxDim: MAX_TEST_FUNCTION_DIM },
  beale: { formula: '(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²', fStar: 0, minDim: 2, maxDim: 2 },
  himmelblau: { formula: '(x² + y − 11)² + (x + y² − 7)²', fStar: 0, minDim: 2, maxDim: 2 },
  rastrigin: { formula: '10 d + Σᵢ xᵢ² − 10 cos(2π xᵢ)', fStar: 0, minDim: 1, maxDim: MAX_TEST_FUNCTION_DIM },
  ackley: { formula: '−20 exp(−0.2 √(‖x‖²/d)) − exp(Σᵢ cos(2π xᵢ)/d) + 20 + e', fStar: 0, minDim: 1, maxDim: MAX_TEST_FUNCTION_DIM },
});

/** What defines one instance of a test function (the spec's `problem` section, minus the start). */
export interface TestFunctionSettings {
  readonly name: TestFunctionName;
  readonly dim: number;
  /** quadratic: ratio of the largest to the smallest eigenvalue of the Hessian (≥ 1). */
  readonly condition?: number;
  /** quadratic, 2-D: rotation of the eigenvectors, in degrees. */
  readonly angle?: number;
  /** quadratic, d ≠ 2: seed of the random orthogonal eigenvector basis. */
  readonly seed?: number;
}

/** The region drawn for a 2-D function: x range, y range. */
export interface PlotBox {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

export interface TestFunction {
  readonly name: TestFunctionName;
  readonly dim: number;
  /** The global minimum value. */
  readonly fStar: number;
  /** Every global minimizer (Himmelblau has four). */
  readonly minimizers: readonly Float64Array[];
  readonly defaultStart: Float64Array;
  /** For 2-D functions: the region worth plotting. */
  readonly box?: PlotBox;
  value(x: ArrayLike<number>): number;
  /** out ← ∇f(x); returns f(x). */
  gradient(x: ArrayLike<number>, out: Float64Array): number;
  /** ∇²f(x) as a dense d×d row-major matrix. */
  hessian(x: ArrayLike<number>): Float64Array;
}

export const QUADRATIC_DEFAULTS = Object.freeze({ condition: 10, angle: 30 });

/** A d-vector repeating `pattern` (the classic starts of Rosenbrock & co. generalized to d dimensions). */
function repeated(d: number, pattern: readonly number[]): Float64Array {
  return Float64Array.from({ length: d }, (_, i) => pattern[i % pattern.length]!);
}

/**
 * Where a run starts unless the spec says otherwise: the classic starts (Rosenbrock's (−1.2, 1))
 * repeated over the coordinates, away from every minimizer. Cheap: the spec fills it in.
 */
export function defaultStart(name: TestFunctionName, dim: number): Float64Array {
  switch (name) {
    case 'quadratic':
      return dim === 2 ? Float64Array.of(-1.5, 1.2) : repeated(dim, [1]);
    case 'rosenbrock':
      return repeated(dim, [-1.2, 1]);
    case 'beale':
      return Float64Array.of(1, 1);
    case 'himmelblau':
      return Float64Array.of(0, 0);
    case 'rastrigin':
      return repeated(dim, [2.2, -1.7]);
    case 'ackley':
      return repeated(dim, [1.7, -2.3]);
  }
}

function checkDim(name: TestFunctionName, dim: number): void {
  const { minDim, maxDim } = TEST_FUNCTIONS[name];
  if (!(Number.isInteger(dim) && dim >= minDim && dim <= maxDim)) {
    const allowed = minDim === maxDim ? `${minDim}` : `an integer from ${minDim} to ${maxDim}`;
    throw new Error(`${name}: the dimension must be ${allowed}, got ${dim}`);
  }
}

/** Eigenvalues log-spaced from 1 to κ: the condition number is exactly κ and the spectrum has no cluster. */
export function logSpacedEigenvalues(dim: number, condition: number): Float64Array {
  return Float64Array.from({ length: dim }, (_, i) => (dim === 1 ? 1 : condition ** (i / (dim - 1))));
}

/** Rows of the eigenvector basis: a rotation by `angle` degrees in 2-D, a seeded orthogonal matrix otherwise. */
function eigenBasis(dim: number, angle: number, seed: number): Float64Array {
  if (dim !== 2) return randomOrthogonal(dim, seed);
  const a = (angle * Math.PI) / 180;
  return Float64Array.of(Math.cos(a), Math.sin(a), -Math.sin(a), Math.cos(a));
}

function quadratic(settings: TestFunctionSettings): TestFunction {
  const d = settings.dim;
  const condition = settings.condition ?? QUADRATIC_DEFAULTS.condition;
  if (!(condition >= 1 && Number.isFinite(condition))) throw new Error(`quadratic: the condition number must be ≥ 1, got ${condition}`);
  const eigs = logSpacedEigenvalues(d, condition);
  const Q = eigenBasis(d, settings.angle ?? QUADRATIC_DEFAULTS.angle, settings.seed ?? 0);
  // A = Σₖ λₖ qₖ qₖᵀ with qₖ the rows of Q.
  const A = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    for (let i = 0; i < d; i++) {
      const c = eigs[k]! * Q[k * d + i]!;
      for (let j = 0; j < d; j++) A[i * d + j] = A[i * d + j]! + c * Q[k * d + j]!;
    }
  }
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) A[j * d + i] = A[i * d + j]!;
  const gradient = (x: ArrayLike<number>, out: Float64Array): number => {
    let f = 0;
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += A[i * d + j]! * x[j]!;
      out[i] = s;
      f += 0.5 * x[i]! * s;
    }
    return f;
  };
  return {
    name: 'quadratic',
    dim: d,
    fStar: 0,
    minimizers: [new Float64Array(d)],
    defaultStart: defaultStart('quadratic', d),
    ...(d === 2 ? { box: { x: [-2, 2], y: [-2, 2] } as PlotBox } : {}),
    value: (x) => gradient(x, new Float64Array(d)),
    gradient,
    hessian: () => A.slice(),
  };
}

function rosenbrock(d: number): TestFunction {
  const gradient = (x: ArrayLike<number>, out: Float64Array): number => {
    out.fill(0);
    let f = 0;
    for (let i = 0; i + 1 < d; i++) {
      const u = x[i + 1]! - x[i]! * x[i]!;
      const w = 1 - x[i]!;
      f += 100 * u * u + w * w;
      out[i] = out[i]! - 400 * x[i]! * u - 2 * w;
      out[i + 1] = out[i + 1]! + 200 * u;
    }
    return f;
  };
  return {
    name: 'rosenbrock',
    dim: d,
    fStar: 0,
    minimizers: [repeated(d, [1])],
    defaultStart: defaultStart('rosenbrock', d),
    ...(d === 2 ? { box: { x: [-2, 2], y: [-1, 3] } as PlotBox } : {}),
    value: (x) => gradient(x, new Float64Array(d)),
    gradient,
    hessian(x) {
      // Tridiagonal: each term couples only xᵢ and xᵢ₊₁.
      const H = new Float64Array(d * d);
      for (let i = 0; i + 1 < d; i++) {
        const xi = x[i]!;
        H[i * d + i] = H[i * d + i]! + 1200 * xi * xi - 400 * x[i + 1]! + 2;
        H[i * d + i + 1] = -400 * xi;
        H[(i + 1) * d + i] = -400 * xi;
        H[(i + 1) * d + i + 1] = H[(i + 1) * d + i + 1]! + 200;
      }
      return H;
    },
  };
}

/** Beale's residuals rₖ = cₖ − x + x yᵏ for k = 1, 2, 3; f = Σ rₖ². */
const BEALE_C = [1.5, 2.25, 2.625] as const;

function beale(): TestFunction {
  const gradient = (p: ArrayLike<number>, out: Float64Array): number => {
    const [x, y] = [p[0]!, p[1]!];
    let f = 0;
    let gx = 0;
    let gy = 0;
    for (let k = 1; k <= 3; k++) {
      const r = BEALE_C[k - 1]! - x + x * y ** k;
      f += r * r;
      gx += 2 * r * (y ** k - 1);
      gy += 2 * r * k * x * y ** (k - 1);
    }
    out[0] = gx;
    out[1] = gy;
    return f;
  };
  return {
    name: 'beale',
    dim: 2,
    fStar: 0,
    minimizers: [Float64Array.of(3, 0.5)],
    defaultStart: defaultStart('beale', 2),
    box: { x: [-4.5, 4.5], y: [-4.5, 4.5] },
    value: (x) => gradient(x, new Float64Array(2)),
    gradient,
    hessian(p) {
      // ∇²f = 2 Σ (Jₖ Jₖᵀ + rₖ ∇²rₖ), Jₖ = (yᵏ − 1, k x yᵏ⁻¹), ∇²rₖ = [[0, k yᵏ⁻¹], [k yᵏ⁻¹, k(k−1) x yᵏ⁻²]].
      const [x, y] = [p[0]!, p[1]!];
      let hxx = 0;
      let hxy = 0;
      let hyy = 0;
      for (let k = 1; k <= 3; k++) {
        const r = BEALE_C[k - 1]! - x + x * y ** k;
        const jx = y ** k - 1;
        const jy = k * x * y ** (k - 1);
        hxx += 2 * jx * jx;
        hxy += 2 * (jx * jy + r * k * y ** (k - 1));
        hyy += 2 * (jy * jy + r * k * (k - 1) * x * (k >= 2 ? y ** (k - 2) : 0));
      }
      return Float64Array.of(hxx, hxy, hxy, hyy);
    },
  };
}

function himmelblau(): TestFunction {
  const gradient = (p: ArrayLike<number>, out: Float64Array): number => {
    const [x, y] = [p[0]!, p[1]!];
    const a = x * x + y - 11;
    const b = x + y * y - 7;
    out[0] = 4 * a * x + 2 * b;
    out[1] = 2 * a + 4 * b * y;
    return a * a + b * b;
  };
  return {
    name: 'himmelblau',
    dim: 2,
    fStar: 0,
    // (3, 2) exactly; the other three refined by Newton's method to float64 precision.
    minimizers: [
      Float64Array.of(3, 2),
      Float64Array.of(-2.805118086952745, 3.131312518250573),
      Float64Array.of(-3.779310253377747, -3.2831859912861696),
      Float64Array.of(3.5844283403304917, -1.8481265269644034),
    ],
    defaultStart: defaultStart('himmelblau', 2),
    box: { x: [-5, 5], y: [-5, 5] },
    value: (x) => gradient(x, new Float64Array(2)),
    gradient,
    hessian(p) {
      // 2(∇a∇aᵀ + a∇²a) + 2(∇b∇bᵀ + b∇²b) with a = x² + y − 11, b = x + y² − 7, expanded.
      const [x, y] = [p[0]!, p[1]!];
      const hxy = 4 * x + 4 * y;
      return Float64Array.of(12 * x * x + 4 * y - 42, hxy, hxy, 12 * y * y + 4 * x - 26);
    },
  };
}

function rastrigin(d: number): TestFunction {
  const TWO_PI = 2 * Math.PI;
  const gradient = (x: ArrayLike<number>, out: Float64Array): number => {
    let f = 10 * d;
    for (let i = 0; i < d; i++) {
      const xi = x[i]!;
      f += xi * xi - 10 * Math.cos(TWO_PI * xi);
      out[i] = 2 * xi + 10 * TWO_PI * Math.sin(TWO_PI * xi);
    }
    return f;
  };
  return {
    name: 'rastrigin',
    dim: d,
    fStar: 0,
    minimizers: [new Float64Array(d)],
    defaultStart: defaultStart('rastrigin', d),
    ...(d === 2 ? { box: { x: [-5.12, 5.12], y: [-5.12, 5.12] } as PlotBox } : {}),
    value: (x) => gradient(x, new Float64Array(d)),
    gradient,
    hessian(x) {
      // Separable: diagonal 2 + 10 (2π)² cos(2π xᵢ).
      const H = new Float64Array(d * d);
      for (let i = 0; i < d; i++) H[i * d + i] = 2 + 10 * TWO_PI * TWO_PI * Math.cos(TWO_PI * x[i]!);
      return H;
    },
  };
}

/**
 * Ackley. With r = √(‖x‖²/d) and s = Σ cos(2π xᵢ)/d, f = −20 e^{−r/5} − e^{s} + 20 + e. The cone
 * term is not differentiable at x = 0 (the minimizer): there the gradient is the subgradient 0 and
 * the Hessian holds the smooth (cosine) term only; near 0 the cone's curvature grows like 1/r.
 */
function ackley(d: number): TestFunction {
  const TWO_PI = 2 * Math.PI;
  const parts = (x: ArrayLike<number>) => {
    let sq = 0;
    let cos = 0;
    for (let i = 0; i < d; i++) {
      sq += x[i]! * x[i]!;
      cos += Math.cos(TWO_PI * x[i]!);
    }
    const r = Math.sqrt(sq / d);
    const s = cos / d;
    return { r, es: Math.exp(s), er: Math.exp(-0.2 * r) };
  };
  const gradient = (x: ArrayLike<number>, out: Float64Array): number => {
    const { r, es, er } = parts(x);
    // ∇(−20 e^{−r/5}) = 4 e^{−r/5} ∇r with ∇r = x/(d r); ∇(−e^s) = (2π/d) e^s sin(2π x).
    const cone = r > 0 ? (4 * er) / (d * r) : 0;
    for (let i = 0; i < d; i++) out[i] = cone * x[i]! + (TWO_PI / d) * es * Math.sin(TWO_PI * x[i]!);
    return -20 * er - es + 20 + Math.E;
  };
  return {
    name: 'ackley',
    dim: d,
    fStar: 0,
    minimizers: [new Float64Array(d)],
    defaultStart: defaultStart('ackley', d),
    ...(d === 2 ? { box: { x: [-4, 4], y: [-4, 4] } as PlotBox } : {}),
    // f(0) in float64 is 4e-16, not 0: −20 − e + 20 + e does not cancel exactly; report the exact minimum there.
    value: (x) => {
      const { r, es, er } = parts(x);
      return r === 0 ? 0 : -20 * er - es + 20 + Math.E;
    },
    gradient: (x, out) => {
      const f = gradient(x, out);
      return parts(x).r === 0 ? 0 : f;
    },
    hessian(x) {
      const { r, es, er } = parts(x);
      const H = new Float64Array(d * d);
      // Cone: ∂/∂xⱼ (c(r) xᵢ) = c δᵢⱼ + c'(r) xᵢ xⱼ/(d r), c = 4 e^{−r/5}/(d r), c' = (4/d) e^{−r/5} (−0.2/r − 1/r²).
      if (r > 0) {
        const c = (4 * er) / (d * r);
        const cPrime = (4 / d) * er * (-0.2 / r - 1 / (r * r));
        for (let i = 0; i < d; i++) {
          H[i * d + i] = H[i * d + i]! + c;
          for (let j = 0; j < d; j++) H[i * d + j] = H[i * d + j]! + (cPrime * x[i]! * x[j]!) / (d * r);
        }
      }
      // Cosine: (2π/d) e^s [2π cos(2π xᵢ) δᵢⱼ − (2π/d) sin(2π xᵢ) sin(2π xⱼ)].
      const k = (TWO_PI / d) * es;
      for (let i = 0; i < d; i++) {
        const si = Math.sin(TWO_PI * x[i]!);
        H[i * d + i] = H[i * d + i]! + k * TWO_PI * Math.cos(TWO_PI * x[i]!);
        for (let j = 0; j < d; j++) H[i * d + j] = H[i * d + j]! - (k * TWO_PI * si * Math.sin(TWO_PI * x[j]!)) / d;
      }
      // The products above round differently in (i, j) and (j, i); the Hessian is symmetric by definition.
      for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) H[j * d + i] = H[i * d + j]!;
      return H;
    },
  };
}

/** One instance of a test function; throws an Error naming the setting that is out of range. */
export function createTestFunction(settings: TestFunctionSettings): TestFunction {
  checkDim(settings.name, settings.dim);
  switch (settings.name) {
    case 'quadratic':
      return quadratic(settings);
    case 'rosenbrock':
      return rosenbrock(settings.dim);
    case 'beale':
      return beale();
    case 'himmelblau':
      return himmelblau();
    case 'rastrigin':
      return rastrigin(settings.dim);
    case 'ackley':
      return ackley(settings.dim);
  }
}
