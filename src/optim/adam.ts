/**
 * Adam with L2 weight decay (torch.optim.Adam), through the engine's element-wise kernel. The step
 * count for bias correction starts at 1 when the optimizer is created, so switching to Adam
 * mid-run starts with fresh moments, as a new torch optimizer would.
 */
import type { FirstOrderOptimizer, OptimizerSettings, OptimizerTarget } from './optimizer.ts';

export function createAdam<V>(settings: OptimizerSettings, target: OptimizerTarget<V>): FirstOrderOptimizer<V> {
  const { backend, params, updates } = target;
  const m = backend.create();
  const v = backend.create();
  let current = settings;
  let count = 0;
  let disposed = false;
  return {
    name: 'adam',
    step(grad: V): void {
      count++;
      const { lr, beta1, beta2, eps, weightDecay } = current;
      updates.adamStep(params, grad, m, v, { lr, beta1, beta2, eps, weightDecay, decoupled: false, step: count });
    },
    updateSettings(next: OptimizerSettings): void {
      current = next;
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      backend.free(m);
      backend.free(v);
    },
  };
}
