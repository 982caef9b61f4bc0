/**
 * AdaHessian (Yao et al. 2021): Adam with the squared gradient replaced by the squared Hutchinson
 * diagonal D = |z ⊙ Hz| of the mini-batch Hessian, one Rademacher z per step (the paper's
 * update_each = 1), fused into one kernel (src/math/adahessian.ts). Costs one HVP per step.
 */
import { withOperator } from './conjugate-gradient.ts';
import { stepStream, VectorPool, type Optimizer, type OptimizerEngine, type StepContext, type StepReport } from './optimizer.ts';
import { resolveOptimizerSettings, type OptimizerSettings } from './settings.ts';

/** z ← Rademacher(seed, stream); hz ← H z on the batch: one sample of Hutchinson's diagonal z ⊙ Hz. */
export async function hutchinsonSample<V>(
  engine: OptimizerEngine<V>,
  indices: Uint32Array | undefined,
  z: V,
  hz: V,
  seed: number,
  stream: number,
): Promise<void> {
  engine.backend.fill(z, 'rademacher', seed, stream);
  await withOperator(engine, 'hessian', indices, (operator) => operator.apply(z, hz));
}

export function createAdaHessian<V>(settings: OptimizerSettings, engine: OptimizerEngine<V>): Optimizer<V> {
  const pool = new VectorPool(engine.backend);
  const [m, v, z, hz] = [pool.create(), pool.create(), pool.create(), pool.create()];
  let current = resolveOptimizerSettings(settings);
  let count = 0;
  return {
    name: 'adahessian',
    usesGradient: true,
    async step(ctx: StepContext<V>): Promise<StepReport> {
      count++;
      await hutchinsonSample(engine, ctx.indices, z, hz, ctx.seed, stepStream(ctx.step, 0));
      const { lr, beta1, beta2, eps, hessianPower, weightDecay } = current;
      engine.updates.adaHessianStep({ params: engine.params, grad: ctx.grad, m, v, z, hz }, { lr, beta1, beta2, eps, hessianPower, weightDecay, step: count });
      return { gradients: 0, products: 1, evaluations: 0 };
    },
    updateSettings(next: OptimizerSettings): void {
      current = resolveOptimizerSettings(next);
    },
    dispose(): void {
      pool.dispose();
    },
  };
}
