/** Optimizers by name; the runner creates them from the spec's `train` section. */
import { createAdam } from './adam.ts';
import { createGradientDescent } from './gradient-descent.ts';
import { createMomentum } from './momentum.ts';
import type { FirstOrderOptimizer, OptimizerSettings, OptimizerTarget } from './optimizer.ts';

export {
  FIRST_ORDER_OPTIMIZERS,
  type FirstOrderOptimizer,
  type FirstOrderOptimizerName,
  type OptimizerSettings,
  type OptimizerTarget,
} from './optimizer.ts';

/** A fresh optimizer (zero state) that updates `target.params` in place. */
export function createOptimizer<V>(settings: OptimizerSettings, target: OptimizerTarget<V>): FirstOrderOptimizer<V> {
  switch (settings.optimizer) {
    case 'gd':
    case 'sgd':
      return createGradientDescent(settings, target);
    case 'momentum':
      return createMomentum(settings, target);
    case 'adam':
      return createAdam(settings, target);
  }
}
