/**
 * One Adam / AdamW step in float64, in place: the twin of shaders/optim/adam.wgsl.
 * Adam:  g ← g + wd·θ;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − lr·m̂/(√v̂ + ε)
 * AdamW (decoupled): θ ← θ(1 − lr·wd) − lr·m̂/(√v̂ + ε) with the gradient left as it is (as in PyTorch).
 * m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ) with t = hp.step (1-based).
 */
import type { AdamHyperParameters } from '../models/model-engine.ts';

/** The bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ; the GPU kernel gets them from here. */
export function adamBiasCorrections(hp: AdamHyperParameters): { bc1: number; bc2: number } {
  if (!Number.isInteger(hp.step) || hp.step < 1) throw new Error(`adam: step must be a positive integer (1-based), got ${hp.step}`);
  return { bc1: 1 - hp.beta1 ** hp.step, bc2: 1 - hp.beta2 ** hp.step };
}

export function adamStepF64(params: Float64Array, grad: ArrayLike<number>, m: Float64Array, v: Float64Array, hp: AdamHyperParameters): void {
  const n = params.length;
  if (grad.length !== n || m.length !== n || v.length !== n) {
    throw new Error(`adam: params, grad, m and v must have equal lengths (${n}, ${grad.length}, ${m.length}, ${v.length})`);
  }
  const { bc1, bc2 } = adamBiasCorrections(hp);
  const { lr, beta1, beta2, eps, weightDecay } = hp;
  for (let i = 0; i < n; i++) {
    const p = params[i]!;
    const g = hp.decoupled ? grad[i]! : grad[i]! + weightDecay * p;
    const mi = beta1 * m[i]! + (1 - beta1) * g;
    const vi = beta2 * v[i]! + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    const step = (lr * (mi / bc1)) / (Math.sqrt(vi / bc2) + eps);
    params[i] = (hp.decoupled ? p * (1 - lr * weightDecay) : p) - step;
  }
}
