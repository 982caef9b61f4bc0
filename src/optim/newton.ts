/**
 * Second-order steps solved by conjugate gradients on a curvature operator (never a dense matrix):
 * - newton-cg: Hessian-free (Martens 2010): (A + λI)p = −g, λ adapted Levenberg–Marquardt style
 *   from the ratio of actual to predicted reduction; CG stops on negative curvature.
 * - regularized-newton (Mishchenko 2021): p = −(A + λI)⁻¹g with λ = √(H_reg·‖g‖), always taken.
 * - gns (gradient-normalized smoothness, adaptive): λ = ‖g‖/γ; a step is accepted when
 *   f − f(θ+p) ≥ ‖∇f(θ+p)‖²/(8λ) (then γ ← 2γ), else γ ← γ/2 and the solve is retried.
 * Weight decay wd adds ½wd‖θ‖² to the objective: wd·θ to g, wd to λ, and the penalty to the
 * losses compared.
 */
import { conjugateGradient, withOperator, type CgResult, type CgWorkspace } from './conjugate-gradient.ts';
import { VectorPool, type Optimizer, type OptimizerEngine, type StepContext, type StepDiagnostics, type StepReport } from './optimizer.ts';
import { resolveOptimizerSettings, type OptimizerSettings, type ResolvedOptimizerSettings } from './settings.ts';

/** gns gives up a step after this many rejected tries (Algorithm 1 of the paper bounds them likewise). */
export const GNS_MAX_TRIES = 40;

export function createNewton<V>(settings: OptimizerSettings, engine: OptimizerEngine<V>): Optimizer<V> {
  const { backend, params } = engine;
  const kind = settings.optimizer;
  if (kind !== 'newton-cg' && kind !== 'regularized-newton' && kind !== 'gns') throw new Error(`createNewton: not a Newton method: ${kind}`);
  const pool = new VectorPool(backend);
  const ws: CgWorkspace<V> = { r: pool.create(), d: pool.create(), ad: pool.create() };
  const rhs = pool.create();
  const p = pool.create();
  const saved = pool.create();
  const trialGrad = pool.create();
  let current = resolveOptimizerSettings(settings);
  let damping = current.damping;
  let gamma = current.gamma0;

  const penalty = async (wd: number): Promise<number> => (wd === 0 ? 0 : 0.5 * wd * (await backend.dot(params, params)));

  const solve = (indices: Uint32Array | undefined, lambda: number): Promise<CgResult> =>
    withOperator(engine, current.curvature, indices, (operator) =>
      conjugateGradient(operator, rhs, p, ws, { damping: lambda, maxIterations: current.cgIterations, tolerance: current.cgTolerance }),
    );

  /** p ← −g/λ when CG met negative curvature at once (no iterate to return). */
  const fallBack = (result: CgResult, lambda: number): void => {
    if (result.negativeCurvature && result.xDotB === 0) {
      backend.copy(rhs, p);
      backend.scale(1 / Math.max(lambda, 1), p);
    }
  };

  async function hessianFree(ctx: StepContext<V>, s: ResolvedOptimizerSettings): Promise<StepReport> {
    const wd = s.weightDecay;
    const f0 = ctx.loss + (await penalty(wd));
    const result = await solve(ctx.indices, damping + wd);
    fallBack(result, damping + wd);
    const pp = await backend.dot(p, p);
    const [pg] = await backend.dots([rhs], p);
    // Model reduction q(p) = gᵀp + ½pᵀ(A + wd)p; the LM damping is not part of the model.
    const curvature = result.xDotB === 0 ? 0 : result.curvatureAlongX - damping * pp;
    const predicted = -pg! + 0.5 * curvature;
    backend.copy(params, saved);
    backend.axpy(1, p, params);
    const fNew = (await engine.evaluate('train', ctx.indices)).loss + (await penalty(wd));
    const ratio = (fNew - f0) / predicted;
    if (!(ratio >= 0.25)) damping *= 1.5;
    else if (ratio > 0.75) damping *= 2 / 3;
    const accepted = fNew < f0;
    if (!accepted) backend.copy(saved, params);
    const diagnostics: StepDiagnostics = {
      damping,
      reductionRatio: ratio,
      cgIterations: result.iterations,
      negativeCurvature: result.negativeCurvature,
      accepted,
    };
    return { gradients: 0, products: result.iterations, evaluations: 1, diagnostics };
  }

  async function regularized(ctx: StepContext<V>, s: ResolvedOptimizerSettings): Promise<StepReport> {
    const gNorm = Math.sqrt(await backend.dot(rhs, rhs));
    const lambda = Math.sqrt(s.hessianLipschitz * gNorm);
    const result = await solve(ctx.indices, lambda + s.weightDecay);
    fallBack(result, lambda + s.weightDecay);
    backend.axpy(1, p, params);
    return {
      gradients: 0,
      products: result.iterations,
      evaluations: 0,
      diagnostics: { lambda, cgIterations: result.iterations, negativeCurvature: result.negativeCurvature },
    };
  }

  async function normalizedSmoothness(ctx: StepContext<V>, s: ResolvedOptimizerSettings): Promise<StepReport> {
    const wd = s.weightDecay;
    const f0 = ctx.loss + (await penalty(wd));
    const gNorm = Math.sqrt(await backend.dot(rhs, rhs));
    backend.copy(params, saved);
    let products = 0;
    let cgIterations = 0;
    let rejected = 0;
    let lambda = NaN;
    for (let attempt = 0; attempt < GNS_MAX_TRIES; attempt++) {
      lambda = gNorm / gamma;
      const result = await solve(ctx.indices, lambda + wd);
      fallBack(result, lambda + wd);
      products += result.iterations;
      cgIterations += result.iterations;
      backend.axpy(1, p, params);
      let fNew = await engine.gradient(trialGrad, ctx.indices);
      if (wd !== 0) {
        backend.axpy(wd, params, trialGrad);
        fNew += await penalty(wd);
      }
      const gNew2 = await backend.dot(trialGrad, trialGrad);
      if (f0 - fNew >= gNew2 / (8 * lambda)) {
        gamma *= 2;
        return { gradients: attempt + 1, products, evaluations: 0, diagnostics: { lambda, gamma, cgIterations, rejected, accepted: true } };
      }
      backend.copy(saved, params);
      gamma /= 2;
      rejected++;
    }
    return { gradients: GNS_MAX_TRIES, products, evaluations: 0, diagnostics: { lambda, gamma, cgIterations, rejected, accepted: false } };
  }

  return {
    name: kind,
    usesGradient: true,
    async step(ctx: StepContext<V>): Promise<StepReport> {
      const s = current;
      if (s.weightDecay !== 0) backend.axpy(s.weightDecay, params, ctx.grad);
      backend.copy(ctx.grad, rhs);
      backend.scale(-1, rhs);
      if (kind === 'newton-cg') return hessianFree(ctx, s);
      if (kind === 'regularized-newton') return regularized(ctx, s);
      return normalizedSmoothness(ctx, s);
    },
    updateSettings(next: OptimizerSettings): void {
      const previous = current;
      current = resolveOptimizerSettings(next);
      // A new initial value restarts the adaptation; otherwise the adapted λ / γ carry on.
      if (current.damping !== previous.damping) damping = current.damping;
      if (current.gamma0 !== previous.gamma0) gamma = current.gamma0;
    },
    dispose(): void {
      pool.dispose();
    },
  };
}
