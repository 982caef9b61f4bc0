/** Optimizers by name; the runner creates them from the spec's `train` section. */
import { createAdaHessian } from './adahessian.ts';
import { createAdam } from './adam.ts';
import { createCbo, createZerothOrder } from './derivative-free.ts';
import { createGradientDescent } from './gradient-descent.ts';
import { createLbfgs } from './lbfgs.ts';
import { createMfac } from './mfac.ts';
import { createMomentum } from './momentum.ts';
import { createNewton } from './newton.ts';
import type { Optimizer, OptimizerEngine } from './optimizer.ts';
import type { OptimizerSettings } from './settings.ts';
import { createSophia } from './sophia.ts';

export {
  NO_EXTRA_WORK,
  type Optimizer,
  type OptimizerEngine,
  type StepContext,
  type StepDiagnostics,
  type StepReport,
} from './optimizer.ts';
export {
  OPTIMIZER_FIELDS,
  OPTIMIZER_NAMES,
  optimizerDefaults,
  resolveOptimizerSettings,
  type OptimizerHyperParameter,
  type OptimizerName,
  type OptimizerSettings,
  type ResolvedOptimizerSettings,
} from './settings.ts';

/** A fresh optimizer (zero state) that updates `engine.params` in place. */
export function createOptimizer<V>(settings: OptimizerSettings, engine: OptimizerEngine<V>): Optimizer<V> {
  switch (settings.optimizer) {
    case 'gd':
    case 'sgd':
      return createGradientDescent(settings, engine);
    case 'momentum':
    case 'nesterov':
      return createMomentum(settings, engine);
    case 'adam':
    case 'adamw':
      return createAdam(settings, engine);
    case 'adahessian':
      return createAdaHessian(settings, engine);
    case 'sophia-h':
    case 'sophia-g':
      return createSophia(settings, engine);
    case 'newton-cg':
    case 'regularized-newton':
    case 'gns':
      return createNewton(settings, engine);
    case 'mfac':
      return createMfac(settings, engine);
    case 'lbfgs':
      return createLbfgs(settings, engine);
    case 'cbo':
      return createCbo(settings, engine);
    case 'zo':
      return createZerothOrder(settings, engine);
  }
}
