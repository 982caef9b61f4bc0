/**
 * The optimizer interface. An optimizer updates the engine's parameters in place, on the engine's
 * own vectors (f32 GPU buffers or Float64Arrays), so one module serves every engine. The caller
 * (the training loop) computes the mini-batch gradient at θ; an optimizer may ask the engine for
 * more (curvature products, loss evaluations, gradients at trial points) and says how many.
 */
import { streamKey } from '../math/rng.ts';
import type { ModelEngine } from '../models/model-engine.ts';
import type { OptimizerName, OptimizerSettings } from './settings.ts';

export type { OptimizerName, OptimizerSettings } from './settings.ts';

export interface StepContext<V> {
  /** The mini-batch of this step (training-set indices), or undefined for the full batch. */
  readonly indices: Uint32Array | undefined;
  /** ∇L(θ) on the batch: scratch, the optimizer may overwrite it. Not computed when !usesGradient. */
  readonly grad: V;
  /** L(θ) on the batch; NaN when the optimizer does not use the gradient. */
  readonly loss: number;
  /** The step t (0 = the update from the initialization), which picks the random streams. */
  readonly step: number;
  /** The run's seed for optimizer randomness (run-streams 'optimizer'). */
  readonly seed: number;
}

/** What a step found, for the history (all optional; absent means "not applicable"). */
export interface StepDiagnostics {
  /** Sophia: fraction of coordinates whose step was not clipped. */
  readonly winRate?: number;
  /** Regularized Newton / gns: the regularization λ of the accepted step. */
  readonly lambda?: number;
  /** gns: γ after the step. */
  readonly gamma?: number;
  /** newton-cg: the Levenberg–Marquardt λ after the step. */
  readonly damping?: number;
  /** newton-cg: actual over predicted reduction. */
  readonly reductionRatio?: number;
  /** CG iterations of the step (all tries). */
  readonly cgIterations?: number;
  /** CG stopped on negative curvature. */
  readonly negativeCurvature?: boolean;
  /** False when the step was rejected and θ left unchanged. */
  readonly accepted?: boolean;
  /** gns: tries rejected before the accepted one. */
  readonly rejected?: number;
  /** lbfgs: the line search's step length. */
  readonly stepLength?: number;
}

export interface StepReport {
  /** Gradients computed beyond the one in the context. */
  readonly gradients: number;
  /** Curvature-operator applications (HVP, Gauss-Newton or Fisher products). */
  readonly products: number;
  /** Loss evaluations (line searches, acceptance tests, particles, finite differences). */
  readonly evaluations: number;
  readonly diagnostics?: StepDiagnostics;
}

export interface Optimizer<V> {
  readonly name: OptimizerName;
  /** False for the derivative-free ones: the caller then skips the gradient. */
  readonly usesGradient: boolean;
  /** θ ← θ + update. */
  step(ctx: StepContext<V>): Promise<StepReport>;
  /** New hyper-parameters (same optimizer); the state (moments, memory, particles) is kept. */
  updateSettings(settings: OptimizerSettings): void;
  /** Frees the state vectors. */
  dispose(): void;
}

/** What an optimizer may use of the engine. */
export type OptimizerEngine<V> = Pick<
  ModelEngine<V>,
  'backend' | 'params' | 'updates' | 'evaluate' | 'gradient' | 'curvatureOperator' | 'sampledLabelGradient'
>;

export const NO_EXTRA_WORK: StepReport = Object.freeze({ gradients: 0, products: 0, evaluations: 0 });

/** g ← g + wd·θ: L2 weight decay folded into the gradient. */
export function addWeightDecay<V>(engine: Pick<ModelEngine<V>, 'backend' | 'params'>, weightDecay: number, grad: V): void {
  if (weightDecay !== 0) engine.backend.axpy(weightDecay, engine.params, grad);
}

/** Stream of random vector `slot` (< 16) at step t: distinct for every (step, slot). */
export function stepStream(step: number, slot: number): number {
  if (!(slot >= 0 && slot < 16)) throw new Error(`stepStream: slot ${slot} is not in 0..15`);
  return (step * 16 + slot) >>> 0;
}

/**
 * A seed for the many random vectors of one step (zo's directions, cbo's particles): vector i is
 * stream i under it. Distinct for every (purpose, step) below 2^24 steps.
 */
export function stepSeed(seed: number, purpose: 'zo' | 'cbo-start' | 'cbo-noise', step: number): number {
  const code = { zo: 1, 'cbo-start': 2, 'cbo-noise': 3 }[purpose];
  return streamKey(seed, (code * 0x0100_0000 + step) >>> 0);
}

/** Vectors of one backend freed together, so that a dispose cannot forget one. */
export class VectorPool<V> {
  private readonly owned: V[] = [];
  constructor(private readonly backend: { create(): V; free(v: V): void }) {}
  create(): V {
    const v = this.backend.create();
    this.owned.push(v);
    return v;
  }
  release(v: V): void {
    const i = this.owned.indexOf(v);
    if (i < 0) throw new Error('VectorPool.release: not a vector of this pool');
    this.owned.splice(i, 1);
    this.backend.free(v);
  }
  dispose(): void {
    for (const v of this.owned.splice(0)) this.backend.free(v);
  }
}
