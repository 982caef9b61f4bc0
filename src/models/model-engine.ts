/**
 * What the runner, the optimizers and the probes need from a model, whichever engine computes it:
 * the WebGPU engine (f32 buffers) or the float64 twin (Float64Arrays). The same runner code drives
 * both, so the browser, the headless runner and `--cpu` share one training/probe loop.
 */
import type { LinearOperator, VectorBackend } from '../curvature/operator.ts';

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
  dispose(): void;
}
