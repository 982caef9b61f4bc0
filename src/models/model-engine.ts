/**
 * What the runner, the optimizers and the probes need from a model, whichever engine computes it:
 * the WebGPU engine (f32 buffers) or the float64 twin (Float64Arrays). The same runner code drives
 * both, so the browser, the headless runner and `--cpu` share one training/probe loop.
 */
import type { LinearOperator, VectorBackend } from '../curvature/operator.ts';
import type { GridRunOptions, GridValues, LandscapeGrid } from './landscape-grid.ts';
import type { AdaHessianHyperParameters } from '../math/adahessian.ts';
import type { EmaProductParameters } from '../math/ema-product.ts';
import type { SophiaHyperParameters } from '../math/sophia.ts';

export type CurvatureOperatorKind = 'hessian' | 'ggn' | 'fisher';

export interface Evaluation {
  readonly loss: number;
  /** Fraction correct for classification; NaN for regression. */
  readonly accuracy: number;
}

export interface AdamHyperParameters {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** L2 added to the gradient (Adam) or decoupled decay (AdamW). */
  readonly weightDecay: number;
  readonly decoupled: boolean;
  /** 1-based step count for bias correction. */
  readonly step: number;
}

/** Element-wise updates that the vector backend's axpy/scale cannot express. */
export interface UpdateKernels<V> {
  /** m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − lr·m̂/(√v̂ + ε) (with weight decay as configured). */
  adamStep(params: V, grad: V, m: V, v: V, hp: AdamHyperParameters): void;
  /** target ← β·target + (1−β)·scale·(a ⊙ b) (src/math/ema-product.ts). */
  emaProduct(target: V, a: V, b: V, hp: EmaProductParameters): void;
  /** AdaHessian with the Hutchinson sample z, Hz (src/math/adahessian.ts). */
  adaHessianStep(vectors: { params: V; grad: V; m: V; v: V; z: V; hz: V }, hp: AdaHessianHyperParameters): void;
  /** Sophia's clipped step; `unclipped` ← 1 where |m/max(ρh, ε)| < 1, else 0 (src/math/sophia.ts). */
  sophiaStep(vectors: { params: V; grad: V; m: V; h: V; unclipped: V }, hp: SophiaHyperParameters): void;
}

export interface ModelEngine<V> {
  /** "WebGPU f32 (google / swiftshader ...)" or "float64 CPU". */
  readonly label: string;
  readonly kind: 'webgpu' | 'cpu';
  readonly backend: VectorBackend<V>;
  readonly updates: UpdateKernels<V>;
  readonly parameterCount: number;
  /** Where each dense layer's block (W then b) starts, plus the total at the end. */
  readonly layerOffsets: readonly number[];
  /** The current parameters θ, owned by the engine. */
  readonly params: V;
  setParams(values: ArrayLike<number>): void;
  readParams(): Promise<Float64Array>;
  /** Loss and accuracy at θ on the training set (optionally a subset of its indices) or the test set. */
  evaluate(set: 'train' | 'test', indices?: Uint32Array): Promise<Evaluation>;
  /** grad ← ∇L(θ) on the training samples `indices` (default all); resolves to the loss. */
  gradient(grad: V, indices?: Uint32Array): Promise<number>;
  /**
   * The Hessian, Gauss-Newton or empirical Fisher at the current θ over training samples `indices`
   * (default all). The operator reads θ when applied, so it follows training.
   */
  curvatureOperator(kind: CurvatureOperatorKind, indices?: Uint32Array): LinearOperator<V>;
  /**
   * grad ← ∇L(θ) on the samples `indices` (default all) with each label replaced by one drawn from
   * the model's own predictive distribution at θ (random stream (seed, stream), one draw per sample
   * position): the Gauss-Newton-Bartlett estimator of Sophia-G, E[ĝĝᵀ]·N = the Gauss-Newton matrix.
   * Cross-entropy draws a class from softmax(z); logistic a 0/1 label from sigmoid(z); mse the
   * target z + ξ, ξ ~ N(0, I) (½‖z − y‖² is the Gaussian likelihood with unit variance).
   * Resolves to the number of samples. Optional: engines without it cannot run sophia-g.
   */
  sampledLabelGradient?(grad: V, indices: Uint32Array | undefined, seed: number, stream: number): Promise<number>;
  /**
   * Training loss and accuracy at every point of a landscape grid in a few batched dispatches,
   * without touching θ. Engines without a batched kernel leave it out; src/experiment/landscape-eval.ts
   * then evaluates the points one at a time.
   */
  evaluateGrid?(grid: LandscapeGrid, options?: GridRunOptions): Promise<GridValues>;
  dispose(): void;
}
