/**
 * Derivative-free baselines: they never ask for a gradient, only for losses.
 * - cbo, consensus-based optimization (Pinnau et al. 2017; anisotropic noise of Carrillo et al.
 *   2021): particles xᵢ drift toward the consensus m = Σ xᵢ e^{−α f(xᵢ)} / Σ e^{−α f(xᵢ)}
 *   (weights shifted by the smallest loss, i.e. log-sum-exp stabilized) with noise proportional to
 *   their distance from it: xᵢ ← xᵢ − λ·dt·(xᵢ − m) + σ√dt·(xᵢ − m) ⊙ ξᵢ, λ = 1, dt = lr.
 *   The parameters θ are set to the consensus point after each step. The particles start at θ
 *   (particle 0) and θ + spread·N(0, I) (the others) when the optimizer first steps.
 * - zo: two-point zeroth-order gradient estimate with Gaussian directions u (Nesterov & Spokoiny
 *   2017), ĝ = (1/q) Σ (f(θ + μu) − f(θ − μu)) / (2μ) · u, then θ ← θ − lr·(ĝ + wd·θ).
 */
import { stepSeed, VectorPool, type Optimizer, type OptimizerEngine, type StepContext, type StepReport } from './optimizer.ts';
import { resolveOptimizerSettings, type OptimizerSettings } from './settings.ts';

/** Normalized consensus weights e^{−α(fᵢ − min f)} / Σ; non-finite losses get weight 0. */
export function consensusWeights(losses: readonly number[], alpha: number): Float64Array {
  let best = Infinity;
  for (const f of losses) if (Number.isFinite(f) && f < best) best = f;
  const w = new Float64Array(losses.length);
  if (best === Infinity) return w.fill(1 / losses.length);
  let total = 0;
  losses.forEach((f, i) => {
    w[i] = Number.isFinite(f) ? Math.exp(-alpha * (f - best)) : 0;
    total += w[i]!;
  });
  for (let i = 0; i < w.length; i++) w[i] = w[i]! / total;
  return w;
}

export const MAX_PARTICLES = 4096;

export function createCbo<V>(settings: OptimizerSettings, engine: OptimizerEngine<V>): Optimizer<V> {
  const { backend, params } = engine;
  const pool = new VectorPool(backend);
  const consensus = pool.create();
  const diff = pool.create();
  const xi = pool.create();
  const noise = pool.create();
  let particles: V[] = [];
  let current = resolveOptimizerSettings(settings);

  const spawn = (ctx: StepContext<V>): void => {
    const count = Math.min(MAX_PARTICLES, Math.max(1, Math.round(current.particles)));
    for (let i = 0; i < count; i++) {
      const x = pool.create();
      // Particle 0 is θ itself, so the swarm never starts worse than the point it was given.
      if (i > 0) {
        backend.fill(x, 'gaussian', stepSeed(ctx.seed, 'cbo-start', ctx.step), i);
        backend.scale(current.spread, x);
      }
      backend.axpy(1, params, x);
      particles.push(x);
    }
  };

  return {
    name: 'cbo',
    usesGradient: false,
    async step(ctx: StepContext<V>): Promise<StepReport> {
      if (particles.length === 0) spawn(ctx);
      const losses: number[] = [];
      for (const x of particles) {
        backend.copy(x, params);
        losses.push((await engine.evaluate('train', ctx.indices)).loss);
      }
      const weights = consensusWeights(losses, current.alpha);
      backend.scale(0, consensus);
      particles.forEach((x, i) => {
        if (weights[i] !== 0) backend.axpy(weights[i]!, x, consensus);
      });
      const dt = current.lr;
      const drift = 1 * dt;
      const diffusion = current.sigma * Math.sqrt(dt);
      const noiseSeed = stepSeed(ctx.seed, 'cbo-noise', ctx.step);
      particles.forEach((x, i) => {
        backend.copy(x, diff);
        backend.axpy(-1, consensus, diff);
        backend.fill(xi, 'gaussian', noiseSeed, i);
        // noise ← diff ⊙ ξ (β = 0 overwrites).
        engine.updates.emaProduct(noise, diff, xi, { beta: 0, scale: 1 });
        backend.axpy(-drift, diff, x);
        backend.axpy(diffusion, noise, x);
      });
      backend.copy(consensus, params);
      return { gradients: 0, products: 0, evaluations: particles.length };
    },
    updateSettings(next: OptimizerSettings): void {
      // A new swarm size or spread takes effect with a fresh swarm around the current θ.
      const before = current;
      current = resolveOptimizerSettings(next);
      if (current.particles !== before.particles || current.spread !== before.spread) {
        for (const x of particles) pool.release(x);
        particles = [];
      }
    },
    dispose(): void {
      pool.dispose();
      particles = [];
    },
  };
}

export function createZerothOrder<V>(settings: OptimizerSettings, engine: OptimizerEngine<V>): Optimizer<V> {
  const { backend, params } = engine;
  const pool = new VectorPool(backend);
  const [u, estimate, saved] = [pool.create(), pool.create(), pool.create()];
  let current = resolveOptimizerSettings(settings);
  return {
    name: 'zo',
    usesGradient: false,
    async step(ctx: StepContext<V>): Promise<StepReport> {
      const mu = current.smoothing;
      const q = Math.max(1, Math.round(current.directions));
      const directionSeed = stepSeed(ctx.seed, 'zo', ctx.step);
      backend.copy(params, saved);
      backend.scale(0, estimate);
      for (let j = 0; j < q; j++) {
        backend.fill(u, 'gaussian', directionSeed, j);
        backend.axpy(mu, u, params);
        const plus = (await engine.evaluate('train', ctx.indices)).loss;
        backend.copy(saved, params);
        backend.axpy(-mu, u, params);
        const minus = (await engine.evaluate('train', ctx.indices)).loss;
        backend.copy(saved, params);
        backend.axpy((plus - minus) / (2 * mu * q), u, estimate);
      }
      if (current.weightDecay !== 0) backend.axpy(current.weightDecay, params, estimate);
      backend.axpy(-current.lr, estimate, params);
      return { gradients: 0, products: 0, evaluations: 2 * q };
    },
    updateSettings(next: OptimizerSettings): void {
      current = resolveOptimizerSettings(next);
    },
    dispose(): void {
      pool.dispose();
    },
  };
}
