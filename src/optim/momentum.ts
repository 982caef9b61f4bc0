/**
 * Heavy-ball and Nesterov momentum in the form of torch.optim.SGD: b ← μ·b + (g + wd·θ), then
 * θ ← θ − lr·b (heavy ball) or θ ← θ − lr·(g + wd·θ + μ·b) (Nesterov). The buffer holds gradients,
 * not steps, so a learning-rate change takes effect at once.
 */
import { addWeightDecay, NO_EXTRA_WORK, type Optimizer, type OptimizerEngine, type StepContext, type StepReport } from './optimizer.ts';
import { resolveOptimizerSettings, type OptimizerSettings } from './settings.ts';

export function createMomentum<V>(settings: OptimizerSettings, engine: OptimizerEngine<V>): Optimizer<V> {
  const { backend, params } = engine;
  const nesterov = settings.optimizer === 'nesterov';
  const buffer = backend.create();
  let current = resolveOptimizerSettings(settings);
  let disposed = false;
  return {
    name: nesterov ? 'nesterov' : 'momentum',
    usesGradient: true,
    async step({ grad }: StepContext<V>): Promise<StepReport> {
      const { momentum, lr } = current;
      addWeightDecay(engine, current.weightDecay, grad);
      backend.scale(momentum, buffer);
      backend.axpy(1, grad, buffer);
      if (nesterov) {
        backend.axpy(momentum, buffer, grad);
        backend.axpy(-lr, grad, params);
      } else backend.axpy(-lr, buffer, params);
      return NO_EXTRA_WORK;
    },
    updateSettings(next: OptimizerSettings): void {
      current = resolveOptimizerSettings(next);
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      backend.free(buffer);
    },
  };
}
