/**
 * First-order optimizers over a ModelEngine: each updates the engine's parameters in place from a
 * gradient computed by the caller, on the engine's own vectors (f32 GPU buffers or Float64Arrays),
 * so one optimizer module serves both engines.
 */
import type { ModelEngine } from '../models/model-engine.ts';

export const FIRST_ORDER_OPTIMIZERS = ['gd', 'sgd', 'momentum', 'adam'] as const;
export type FirstOrderOptimizerName = (typeof FIRST_ORDER_OPTIMIZERS)[number];

/** The optimizer fields of the spec's `train` section (the spec's TrainSpec satisfies this). */
export interface OptimizerSettings {
  readonly optimizer: FirstOrderOptimizerName;
  readonly lr: number;
  readonly momentum: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** L2 penalty ½·wd·‖θ‖², i.e. wd·θ added to the gradient. */
  readonly weightDecay: number;
}

/** What an optimizer touches: the parameters, vector arithmetic and the element-wise kernels. */
export type OptimizerTarget<V> = Pick<ModelEngine<V>, 'backend' | 'params' | 'updates'>;

export interface FirstOrderOptimizer<V> {
  readonly name: FirstOrderOptimizerName;
  /** θ ← θ + update(grad). `grad` is scratch: it may be overwritten. */
  step(grad: V): void;
  /** New hyper-parameters (same optimizer); the state (momentum buffer, Adam moments) is kept. */
  updateSettings(settings: OptimizerSettings): void;
  /** Frees the state vectors. */
  dispose(): void;
}

/** g ← g + wd·θ: L2 weight decay folded into the gradient. */
export function addWeightDecay<V>(target: OptimizerTarget<V>, weightDecay: number, grad: V): void {
  if (weightDecay !== 0) target.backend.axpy(weightDecay, target.params, grad);
}
