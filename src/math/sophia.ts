/**
 * One Sophia step (Liu et al. 2023) in float64, in place: the twin of shaders/optim/sophia.wgsl.
 * m ← β₁m + (1−β₁)g;  r = m / max(ρ·h, ε);  θ ← θ − lr·wd·θ − lr·clip(r, −1, 1).
 * `unclipped` gets 1 where |r| < 1 and 0 elsewhere: its sum over the coordinates is the "win rate"
 * numerator, which the GPU gets as a dot product instead of reading the vector back.
 * A non-positive curvature estimate makes the denominator ε, so that coordinate moves by lr·sign(m).
 */
export interface SophiaHyperParameters {
  readonly lr: number;
  readonly beta1: number;
  /** ρ (γ in the paper): scales the curvature estimate h. */
  readonly rho: number;
  readonly eps: number;
  /** Decoupled: θ ← θ − lr·wd·θ. */
  readonly weightDecay: number;
}

/** Returns the number of unclipped coordinates. */
export function sophiaStepF64(
  params: Float64Array,
  grad: ArrayLike<number>,
  m: Float64Array,
  h: ArrayLike<number>,
  unclipped: Float64Array,
  hp: SophiaHyperParameters,
): number {
  const n = params.length;
  if (grad.length !== n || m.length !== n || h.length !== n || unclipped.length !== n) {
    throw new Error(`sophia: params, grad, m, h and unclipped must have equal lengths (${n}, ${grad.length}, ${m.length}, ${h.length}, ${unclipped.length})`);
  }
  const { lr, beta1, rho, eps, weightDecay } = hp;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const mi = beta1 * m[i]! + (1 - beta1) * grad[i]!;
    m[i] = mi;
    const ratio = mi / Math.max(rho * h[i]!, eps);
    const inside = Math.abs(ratio) < 1;
    unclipped[i] = inside ? 1 : 0;
    if (inside) count++;
    const p = params[i]!;
    params[i] = p - lr * weightDecay * p - lr * Math.min(1, Math.max(-1, ratio));
  }
  return count;
}
