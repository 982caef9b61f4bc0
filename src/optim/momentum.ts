/**
 * Heavy-ball momentum in the form of torch.optim.SGD: b ← μ·b + (g + wd·θ); θ ← θ − lr·b.
 * The buffer holds gradients, not steps, so a learning-rate change takes effect at once.
 */
import { addWeightDecay, type FirstOrderOptimizer, type OptimizerSettings, type OptimizerTarget } from './optimizer.ts';

export function createMomentum<V>(settings: OptimizerSettings, target: OptimizerTarget<V>): FirstOrderOptimizer<V> {
  const { backend, params } = target;
  const buffer = backend.create();
  let current = settings;
  let disposed = false;
  return {
    name: 'momentum',
    step(grad: V): void {
      addWeightDecay(target, current.weightDecay, grad);
      backend.scale(current.momentum, buffer);
      backend.axpy(1, grad, buffer);
      backend.axpy(-current.lr, buffer, params);
    },
    updateSettings(next: OptimizerSettings): void {
      current = next;
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      backend.free(buffer);
    },
  };
}
