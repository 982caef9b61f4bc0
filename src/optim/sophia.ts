/**
 * Sophia (Liu et al. 2023): momentum divided by an EMA h of a diagonal curvature estimate, clipped
 * element-wise to ±1 so that no coordinate moves by more than lr per step. Every `hessianEvery`
 * steps (first at the first step) h ← β₂h + (1−β₂)ĥ with
 * - sophia-h: ĥ = u ⊙ Hu, u Rademacher (Hutchinson);
 * - sophia-g: ĥ = B·ĝ ⊙ ĝ, ĝ the mini-batch gradient with labels sampled from the model's own
 *   predictive distribution (Gauss-Newton-Bartlett), B the batch size.
 * Reports the win rate: the fraction of coordinates whose step was not clipped, counted on the
 * engine (an indicator vector and a dot product) without reading θ back.
 */
import { hutchinsonSample } from './adahessian.ts';
import { stepStream, VectorPool, type Optimizer, type OptimizerEngine, type StepContext, type StepReport } from './optimizer.ts';
import { resolveOptimizerSettings, type OptimizerSettings } from './settings.ts';

export function createSophia<V>(settings: OptimizerSettings, engine: OptimizerEngine<V>): Optimizer<V> {
  const { backend } = engine;
  const variant = settings.optimizer;
  if (variant !== 'sophia-h' && variant !== 'sophia-g') throw new Error(`createSophia: not a Sophia variant: ${variant}`);
  if (variant === 'sophia-g' && !engine.sampledLabelGradient) {
    throw new Error('sophia-g needs gradients with labels sampled from the model, which this engine cannot compute; use sophia-h');
  }
  const pool = new VectorPool(backend);
  const [m, h, a, b, unclipped] = [pool.create(), pool.create(), pool.create(), pool.create(), pool.create()];
  let current = resolveOptimizerSettings(settings);
  let count = 0;

  /** ĥ into h's EMA; returns the work it took. */
  async function refresh(ctx: StepContext<V>): Promise<{ gradients: number; products: number }> {
    const beta = current.beta2;
    if (variant === 'sophia-h') {
      await hutchinsonSample(engine, ctx.indices, a, b, ctx.seed, stepStream(ctx.step, 0));
      engine.updates.emaProduct(h, a, b, { beta, scale: 1 });
      return { gradients: 0, products: 1 };
    }
    const samples = await engine.sampledLabelGradient!(a, ctx.indices, ctx.seed, stepStream(ctx.step, 1));
    engine.updates.emaProduct(h, a, a, { beta, scale: samples });
    return { gradients: 1, products: 0 };
  }

  return {
    name: variant,
    usesGradient: true,
    async step(ctx: StepContext<V>): Promise<StepReport> {
      const work = count % Math.max(1, Math.round(current.hessianEvery)) === 0 ? await refresh(ctx) : { gradients: 0, products: 0 };
      count++;
      const { lr, beta1, rho, eps, weightDecay } = current;
      engine.updates.sophiaStep({ params: engine.params, grad: ctx.grad, m, h, unclipped }, { lr, beta1, rho, eps, weightDecay });
      const winRate = (await backend.dot(unclipped, unclipped)) / backend.size;
      return { ...work, evaluations: 0, diagnostics: { winRate } };
    },
    updateSettings(next: OptimizerSettings): void {
      current = resolveOptimizerSettings(next);
    },
    dispose(): void {
      pool.dispose();
    },
  };
}
