/**
 * target ← β·target + (1 − β)·scale·(a ⊙ b), in float64: the twin of shaders/optim/ema_product.wgsl.
 * One kernel serves every curvature-diagonal estimate of the optimizers: Hutchinson's z ⊙ Hz
 * (Sophia-H, AdaHessian's diagnostics), the Gauss-Newton-Bartlett B·ĝ ⊙ ĝ (Sophia-G), and with
 * β = 0 a plain element-wise product.
 */
export interface EmaProductParameters {
  /** Weight of the old value, 0 ≤ β < 1 (0: overwrite). */
  readonly beta: number;
  /** Multiplies a ⊙ b (the batch size B of Sophia-G's estimator; 1 otherwise). */
  readonly scale: number;
}

export function emaProductF64(target: Float64Array, a: ArrayLike<number>, b: ArrayLike<number>, hp: EmaProductParameters): void {
  const n = target.length;
  if (a.length !== n || b.length !== n) throw new Error(`emaProduct: target, a and b must have equal lengths (${n}, ${a.length}, ${b.length})`);
  const { beta, scale } = hp;
  const w = (1 - beta) * scale;
  // β = 0 overwrites: 0·old would keep a NaN or ∞ left in the target.
  for (let i = 0; i < n; i++) target[i] = (beta === 0 ? 0 : beta * target[i]!) + w * a[i]! * b[i]!;
}
