/**
 * L-BFGS (Nocedal 1980; Liu & Nocedal 1989): the two-loop recursion over the last `memory` pairs
 * sₖ = θₖ₊₁ − θₖ, yₖ = gₖ₊₁ − gₖ, initial scaling γ = sᵀy/yᵀy, and an Armijo backtracking line
 * search from step length 1 on the batch loss. The new gradient of a pair is the one the caller
 * computes at the next step, so a step costs no gradient beyond it; with mini-batches the pairs
 * mix batches (plain stochastic L-BFGS). Pairs with sᵀy ≤ 1e-10·yᵀy (no positive curvature seen)
 * are skipped so that the implied inverse Hessian stays positive definite.
 */
import type { VectorBackend } from '../curvature/operator.ts';
import { addWeightDecay, VectorPool, type Optimizer, type OptimizerEngine, type StepContext, type StepReport } from './optimizer.ts';
import { resolveOptimizerSettings, type OptimizerSettings } from './settings.ts';

export const ARMIJO_C1 = 1e-4;
export const LINE_SEARCH_MAX_HALVINGS = 30;

interface Pair<V> {
  readonly s: V;
  readonly y: V;
  readonly rho: number;
}

/** r ← H⁻¹ q by the two-loop recursion (q is overwritten). */
async function twoLoop<V>(backend: VectorBackend<V>, pairs: readonly Pair<V>[], q: V): Promise<void> {
  const alphas: number[] = [];
  for (let i = pairs.length - 1; i >= 0; i--) {
    const { s, y, rho } = pairs[i]!;
    const alpha = rho * (await backend.dot(s, q));
    alphas[i] = alpha;
    backend.axpy(-alpha, y, q);
  }
  const last = pairs[pairs.length - 1];
  if (last) {
    const [sy, yy] = await backend.dots([last.s, last.y], last.y);
    backend.scale(sy! / yy!, q);
  }
  for (let i = 0; i < pairs.length; i++) {
    const { s, y, rho } = pairs[i]!;
    const beta = rho * (await backend.dot(y, q));
    backend.axpy(alphas[i]! - beta, s, q);
  }
}

export function createLbfgs<V>(settings: OptimizerSettings, engine: OptimizerEngine<V>): Optimizer<V> {
  const { backend, params } = engine;
  const pool = new VectorPool(backend);
  const direction = pool.create();
  const saved = pool.create();
  const previousGrad = pool.create();
  let pendingStep: V | null = null;
  let pairs: Pair<V>[] = [];
  let current = resolveOptimizerSettings(settings);
  const spare: V[] = [];
  const take = (): V => spare.pop() ?? pool.create();

  const forget = (): void => {
    for (const p of pairs) spare.push(p.s, p.y);
    pairs = [];
  };

  return {
    name: 'lbfgs',
    usesGradient: true,
    async step(ctx: StepContext<V>): Promise<StepReport> {
      const { grad } = ctx;
      const wd = current.weightDecay;
      addWeightDecay(engine, wd, grad);
      const memory = Math.max(1, Math.round(current.memory));
      if (pendingStep) {
        // y = g_new − g_old in previousGrad's place.
        const y = take();
        backend.copy(grad, y);
        backend.axpy(-1, previousGrad, y);
        const [sy, yy] = await backend.dots([pendingStep, y], y);
        if (sy! > 1e-10 * yy!) {
          pairs.push({ s: pendingStep, y, rho: 1 / sy! });
          while (pairs.length > memory) {
            const old = pairs.shift()!;
            spare.push(old.s, old.y);
          }
        } else spare.push(pendingStep, y);
        pendingStep = null;
      }
      backend.copy(grad, direction);
      await twoLoop(backend, pairs, direction);
      backend.scale(-1, direction);
      let slope = await backend.dot(grad, direction);
      const gNorm = Math.sqrt(await backend.dot(grad, grad));
      if (!(slope < 0)) {
        // Not a descent direction (stale pairs from other batches): restart from −g.
        forget();
        backend.copy(grad, direction);
        backend.scale(-1, direction);
        slope = -gNorm * gNorm;
      }
      // Without curvature pairs the first trial moves θ by at most 1 (as scipy's first step does).
      let t = pairs.length === 0 ? Math.min(1, 1 / Math.max(gNorm, 1e-300)) : 1;
      const penalty = async (): Promise<number> => (wd === 0 ? 0 : 0.5 * wd * (await backend.dot(params, params)));
      backend.copy(params, saved);
      const f0 = ctx.loss + (await penalty());
      let evaluations = 0;
      let accepted = false;
      for (let k = 0; k <= LINE_SEARCH_MAX_HALVINGS; k++, t /= 2) {
        backend.copy(saved, params);
        backend.axpy(t, direction, params);
        const f = (await engine.evaluate('train', ctx.indices)).loss + (await penalty());
        evaluations++;
        if (f <= f0 + ARMIJO_C1 * t * slope) {
          accepted = true;
          break;
        }
      }
      if (!accepted) {
        backend.copy(saved, params);
        forget();
        return { gradients: 0, products: 0, evaluations, diagnostics: { accepted, stepLength: 0 } };
      }
      const s = take();
      backend.copy(direction, s);
      backend.scale(t, s);
      pendingStep = s;
      backend.copy(grad, previousGrad);
      return { gradients: 0, products: 0, evaluations, diagnostics: { accepted, stepLength: t } };
    },
    updateSettings(next: OptimizerSettings): void {
      current = resolveOptimizerSettings(next);
    },
    dispose(): void {
      pool.dispose();
      pairs = [];
      pendingStep = null;
    },
  };
}
