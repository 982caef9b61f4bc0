/**
 * Adam with L2 weight decay (torch.optim.Adam) and AdamW with decoupled decay (torch.optim.AdamW),
 * through the engine's element-wise kernel. The step count for bias correction starts at 1 when
 * the optimizer is created, so switching to Adam mid-run starts with fresh moments, as a new torch
 * optimizer would.
 */
import { NO_EXTRA_WORK, type Optimizer, type OptimizerEngine, type StepContext, type StepReport } from './optimizer.ts';
import { resolveOptimizerSettings, type OptimizerSettings } from './settings.ts';

export function createAdam<V>(settings: OptimizerSettings, engine: OptimizerEngine<V>): Optimizer<V> {
  const { backend, params, updates } = engine;
  const decoupled = settings.optimizer === 'adamw';
  const m = backend.create();
  const v = backend.create();
  let current = resolveOptimizerSettings(settings);
  let count = 0;
  let disposed = false;
  return {
    name: decoupled ? 'adamw' : 'adam',
    usesGradient: true,
    async step({ grad }: StepContext<V>): Promise<StepReport> {
      count++;
      const { lr, beta1, beta2, eps, weightDecay } = current;
      updates.adamStep(params, grad, m, v, { lr, beta1, beta2, eps, weightDecay, decoupled, step: count });
      return NO_EXTRA_WORK;
    },
    updateSettings(next: OptimizerSettings): void {
      current = resolveOptimizerSettings(next);
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      backend.free(m);
      backend.free(v);
    },
  };
}
