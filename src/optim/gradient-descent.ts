/** Plain (stochastic) gradient descent: θ ← θ − lr·(g + wd·θ). gd and sgd differ only in their batches. */
import { addWeightDecay, type FirstOrderOptimizer, type OptimizerSettings, type OptimizerTarget } from './optimizer.ts';

export function createGradientDescent<V>(settings: OptimizerSettings, target: OptimizerTarget<V>): FirstOrderOptimizer<V> {
  let current = settings;
  return {
    name: settings.optimizer,
    step(grad: V): void {
      addWeightDecay(target, current.weightDecay, grad);
      target.backend.axpy(-current.lr, grad, target.params);
    },
    updateSettings(next: OptimizerSettings): void {
      current = next;
    },
    dispose(): void {},
  };
}
