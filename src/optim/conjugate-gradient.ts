/**
 * Conjugate gradients on (A + λI) x = b for a curvature operator A, on backend vectors: the
 * only scalars that cross to the CPU are dot products (no vector is read back). Used by the
 * Newton-type optimizers (Hessian-free, regularized Newton, gns).
 */
import type { LinearOperator } from '../curvature/operator.ts';
import type { CurvatureOperatorKind } from '../models/model-engine.ts';
import type { OptimizerEngine } from './optimizer.ts';

export interface CgOptions {
  /** λ ≥ 0 added to the operator. */
  readonly damping: number;
  readonly maxIterations: number;
  /** Stop when ‖r‖ ≤ tolerance·‖b‖. */
  readonly tolerance: number;
}

export interface CgResult {
  /** Operator applications. */
  readonly iterations: number;
  /** A direction with dᵀ(A + λI)d ≤ 0 was met: x is the iterate before it (truncated Newton). */
  readonly negativeCurvature: boolean;
  readonly residualNorm: number;
  /** xᵀ(A + λI)x, from the residual (xᵀ(A+λI)x = xᵀb − xᵀr with x₀ = 0), for the model's predicted reduction. */
  readonly curvatureAlongX: number;
  /** xᵀb. */
  readonly xDotB: number;
}

/** Scratch vectors of one solve, made once per optimizer. */
export interface CgWorkspace<V> {
  readonly r: V;
  readonly d: V;
  readonly ad: V;
}

/** x ← an approximate solution of (A + λI) x = b, starting from x = 0. */
export async function conjugateGradient<V>(
  operator: LinearOperator<V>,
  b: V,
  x: V,
  ws: CgWorkspace<V>,
  options: CgOptions,
): Promise<CgResult> {
  const backend = operator.backend;
  const { r, d, ad } = ws;
  const lambda = options.damping;
  backend.scale(0, x);
  backend.copy(b, r);
  backend.copy(b, d);
  let rr = await backend.dot(r, r);
  const bNorm = Math.sqrt(rr);
  const stop = options.tolerance * bNorm;
  let iterations = 0;
  let negativeCurvature = false;
  if (bNorm === 0 || !Number.isFinite(bNorm)) return { iterations, negativeCurvature, residualNorm: bNorm, curvatureAlongX: 0, xDotB: 0 };
  while (iterations < options.maxIterations) {
    await operator.apply(d, ad);
    iterations++;
    if (lambda !== 0) backend.axpy(lambda, d, ad);
    const dAd = await backend.dot(d, ad);
    if (!(dAd > 0)) {
      negativeCurvature = true;
      break;
    }
    const alpha = rr / dAd;
    backend.axpy(alpha, d, x);
    backend.axpy(-alpha, ad, r);
    const next = await backend.dot(r, r);
    const beta = next / rr;
    rr = next;
    if (Math.sqrt(rr) <= stop) break;
    backend.scale(beta, d);
    backend.axpy(1, r, d);
  }
  const [xb, xr] = await backend.dots([b, r], x);
  return { iterations, negativeCurvature, residualNorm: Math.sqrt(rr), curvatureAlongX: xb! - xr!, xDotB: xb! };
}

/** The engine's operator on a batch, freed after use where the engine's operators hold GPU buffers. */
export async function withOperator<V, T>(
  engine: OptimizerEngine<V>,
  kind: CurvatureOperatorKind,
  indices: Uint32Array | undefined,
  use: (operator: LinearOperator<V>) => Promise<T>,
): Promise<T> {
  const operator = engine.curvatureOperator(kind, indices) as LinearOperator<V> & { dispose?: () => void };
  try {
    return await use(operator);
  } finally {
    operator.dispose?.();
  }
}
