/**
 * A test function (Rosenbrock, Beale, ...) behind the ModelEngine interface, so that the training
 * loop, every optimizer and the probes run on it unchanged. The parameters θ are the point x.
 * It runs on the float64 CPU backend whatever engine the lab would otherwise pick: these problems
 * have a handful of coordinates, far too few for a GPU dispatch to pay off, and float64 lets
 * log(f − f*) go down to 1e-30 instead of stalling at f32 rounding.
 *
 * What the curvature operators are here (there are no samples and no network outputs):
 * - hessian: the exact ∇²f(θ), closed form.
 * - ggn: the Hessian projected onto the PSD cone, V max(Λ, 0) Vᵀ (eigen-decomposition of the dense
 *   d×d Hessian, cached per θ). It equals the Hessian where f is convex, and, like a Gauss-Newton
 *   matrix, never has negative curvature.
 * - fisher: g gᵀ with g = ∇f(θ): the empirical Fisher of a one-"sample" loss.
 * - sampledLabelGradient (Sophia-G): with no likelihood to sample labels from, the analogue of
 *   the Gauss-Newton-Bartlett gradient is ĝ = V √max(Λ, 0) z with z Rademacher, so that
 *   E[ĝ ĝᵀ] = the ggn above, as E[ĝ ĝᵀ]·B is the Gauss-Newton matrix for a network (B = 1 here).
 * Sample indices (mini-batches, probe subsets) are ignored: f has no samples.
 */
import type { LinearOperator } from '../curvature/operator.ts';
import { Float64Backend } from '../math/cpu-backend.ts';
import { symmetricEigen } from '../math/eigen.ts';
import { FLOAT64_UPDATE_KERNELS } from '../math/update-kernels.ts';
import type { CurvatureOperatorKind, Evaluation, ModelEngine } from './model-engine.ts';
import type { TestFunction } from './test-functions.ts';

export interface TestFunctionEngineOptions {
  readonly fn: TestFunction;
  /** The starting point x₀ (fn.dim values). */
  readonly start: ArrayLike<number>;
}

/** The engine's label: says what runs, on what, and why not on the GPU. */
export function testFunctionEngineLabel(fn: Pick<TestFunction, 'name' | 'dim'>): string {
  return `float64 CPU (test function ${fn.name}, ${fn.dim}-D; too small for the GPU)`;
}

/** V max(Λ, 0) Vᵀ of a symmetric d×d matrix (row-major). */
export function projectToPsd(H: Float64Array, d: number): Float64Array {
  const { values, vectors } = symmetricEigen(H, d);
  return psdFromEigen(values, vectors, d);
}

function psdFromEigen(values: Float64Array, vectors: Float64Array, d: number): Float64Array {
  const P = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const lambda = values[k]!;
    if (!(lambda > 0)) continue;
    // Column k of `vectors` is the eigenvector of values[k].
    for (let i = 0; i < d; i++) {
      const c = lambda * vectors[i * d + k]!;
      for (let j = 0; j < d; j++) P[i * d + j] = P[i * d + j]! + c * vectors[j * d + k]!;
    }
  }
  return P;
}

function multiply(A: Float64Array, x: Float64Array, y: Float64Array, d: number): void {
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += A[i * d + j]! * x[j]!;
    y[i] = s;
  }
}

export function createTestFunctionEngine(options: TestFunctionEngineOptions): ModelEngine<Float64Array> {
  const { fn } = options;
  const d = fn.dim;
  if (options.start.length !== d) throw new Error(`start: expected ${d} coordinates for ${fn.name} in ${d}-D, got ${options.start.length}`);
  const backend = new Float64Backend(d);
  const params = backend.create();
  backend.write(params, options.start);
  let disposed = false;
  // The PSD projection needs an eigen-decomposition: made once per point, reused by every product there.
  let psdCache: { at: Float64Array; matrix: Float64Array; values: Float64Array; vectors: Float64Array } | null = null;

  const alive = (): void => {
    if (disposed) throw new Error('the test-function engine was disposed; create a new one');
  };
  const psdPart = () => {
    if (!psdCache || psdCache.at.some((v, i) => v !== params[i])) {
      const { values, vectors } = symmetricEigen(fn.hessian(params), d);
      psdCache = { at: params.slice(), matrix: psdFromEigen(values, vectors, d), values, vectors };
    }
    return psdCache;
  };
  const psdHessian = (): Float64Array => psdPart().matrix;
  const products: Record<CurvatureOperatorKind, (x: Float64Array, y: Float64Array) => void> = {
    hessian: (x, y) => multiply(fn.hessian(params), x, y, d),
    ggn: (x, y) => multiply(psdHessian(), x, y, d),
    fisher: (x, y) => {
      const g = new Float64Array(d);
      fn.gradient(params, g);
      let gx = 0;
      for (let i = 0; i < d; i++) gx += g[i]! * x[i]!;
      for (let i = 0; i < d; i++) y[i] = gx * g[i]!;
    },
  };

  return {
    label: testFunctionEngineLabel(fn),
    kind: 'cpu',
    backend,
    updates: FLOAT64_UPDATE_KERNELS,
    parameterCount: d,
    layerOffsets: [0, d],
    params,
    setParams(values: ArrayLike<number>): void {
      alive();
      backend.write(params, values);
    },
    async readParams(): Promise<Float64Array> {
      alive();
      return backend.read(params);
    },
    async evaluate(set: 'train' | 'test'): Promise<Evaluation> {
      alive();
      if (set === 'test') throw new Error(`evaluate: the test function ${fn.name} has no test set`);
      return { loss: fn.value(params), accuracy: NaN };
    },
    async gradient(grad: Float64Array): Promise<number> {
      alive();
      backend.write(grad, new Float64Array(d));
      return fn.gradient(params, grad);
    },
    async sampledLabelGradient(grad: Float64Array, _indices: Uint32Array | undefined, seed: number, stream: number): Promise<number> {
      alive();
      const { values, vectors } = psdPart();
      const z = backend.create();
      try {
        backend.fill(z, 'rademacher', seed, stream);
        const out = new Float64Array(d);
        for (let k = 0; k < d; k++) {
          const c = Math.sqrt(Math.max(0, values[k]!)) * z[k]!;
          if (c === 0) continue;
          for (let i = 0; i < d; i++) out[i] = out[i]! + c * vectors[i * d + k]!;
        }
        backend.write(grad, out);
      } finally {
        backend.free(z);
      }
      return 1;
    },
    curvatureOperator(kind: CurvatureOperatorKind): LinearOperator<Float64Array> {
      const product = products[kind];
      return {
        backend,
        async apply(x: Float64Array, y: Float64Array): Promise<void> {
          alive();
          if (x === y) throw new Error(`${kind} operator: x and y must be distinct vectors`);
          // θ is read at each application, so an operator made once follows the optimizer.
          product(x, y);
        },
      };
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      backend.free(params);
    },
  };
}
