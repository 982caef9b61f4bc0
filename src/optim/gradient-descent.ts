/** Plain (stochastic) gradient descent: θ ← θ − lr·(g + wd·θ). gd and sgd differ only in their batches. */
import { addWeightDecay, NO_EXTRA_WORK, type Optimizer, type OptimizerEngine, type StepContext, type StepReport } from './optimizer.ts';
import { resolveOptimizerSettings, type OptimizerSettings } from './settings.ts';

export function createGradientDescent<V>(settings: OptimizerSettings, engine: OptimizerEngine<V>): Optimizer<V> {
  let current = resolveOptimizerSettings(settings);
  return {
    name: settings.optimizer,
    usesGradient: true,
    async step({ grad }: StepContext<V>): Promise<StepReport> {
      addWeightDecay(engine, current.weightDecay, grad);
      engine.backend.axpy(-current.lr, grad, engine.params);
      return NO_EXTRA_WORK;
    },
    updateSettings(next: OptimizerSettings): void {
      current = resolveOptimizerSettings(next);
    },
    dispose(): void {},
  };
}
