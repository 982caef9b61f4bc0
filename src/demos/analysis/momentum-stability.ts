/**
 * Heavy ball and Nesterov on a quadratic, exactly: along an eigenvector with eigenvalue λ both are
 * two-term linear recurrences, so convergence is the spectral radius of a 2×2 iteration matrix.
 *
 * The lab's (PyTorch's) forms, with a = lr·λ and the buffer b holding gradients:
 * - heavy ball: b ← μb + g, θ ← θ − lr·b, i.e. θₜ₊₁ = θₜ − aθₜ + μ(θₜ − θₜ₋₁):
 *   z² − (1 + μ − a) z + μ = 0, stable iff 0 < a < 2(1 + μ) (for 0 ≤ μ < 1);
 * - Nesterov: b ← μb + g, θ ← θ − lr·(g + μb), which is θₜ₊₁ = yₜ − a·yₜ with
 *   yₜ = θₜ + μ(θₜ − θₜ₋₁): z² − (1 + μ)(1 − a) z + μ(1 − a) = 0, stable iff
 *   0 < a < 2(1 + μ)/(1 + 2μ) — a narrower range than heavy ball's at the same (lr, μ).
 * Gradient descent is heavy ball with μ = 0: |1 − a|.
 */

export type MomentumForm = 'heavy-ball' | 'nesterov';

/** z² − p·z + q: the characteristic polynomial of the update on eigenvalue λ. */
export function characteristicPolynomial(form: MomentumForm, lr: number, momentum: number, lambda: number): { p: number; q: number } {
  const a = lr * lambda;
  return form === 'heavy-ball' ? { p: 1 + momentum - a, q: momentum } : { p: (1 + momentum) * (1 - a), q: momentum * (1 - a) };
}

/** Largest |z| over the roots of z² − p·z + q. */
export function largestRootModulus(p: number, q: number): number {
  const discriminant = p * p - 4 * q;
  if (discriminant >= 0) {
    const s = Math.sqrt(discriminant);
    return Math.max(Math.abs((p + s) / 2), Math.abs((p - s) / 2));
  }
  // Complex pair: |z|² = the product of the roots = q.
  return Math.sqrt(q);
}

/** Per-step contraction (< 1) or growth (> 1) of the error along eigenvalue λ, asymptotically. */
export function spectralRadius(form: MomentumForm, lr: number, momentum: number, lambda: number): number {
  const { p, q } = characteristicPolynomial(form, lr, momentum, lambda);
  return largestRootModulus(p, q);
}

/** The worst spectral radius over a Hessian's eigenvalues: the rate of the whole iteration. */
export function quadraticRate(form: MomentumForm, lr: number, momentum: number, eigenvalues: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < eigenvalues.length; i++) worst = Math.max(worst, spectralRadius(form, lr, momentum, eigenvalues[i]!));
  return worst;
}

/** The largest lr·λ for which the form is stable (0 ≤ μ < 1). */
export function stableStepLimit(form: MomentumForm, momentum: number): number {
  return form === 'heavy-ball' ? 2 * (1 + momentum) : (2 * (1 + momentum)) / (1 + 2 * momentum);
}

export interface TunedMomentum {
  readonly lr: number;
  readonly momentum: number;
  /** The rate the tuning guarantees on every quadratic with eigenvalues in [m, L]. */
  readonly rate: number;
}

/** Polyak (1964): lr = 4/(√L + √m)², μ = ((√κ − 1)/(√κ + 1))², rate (√κ − 1)/(√κ + 1). */
export function polyakHeavyBall(m: number, L: number): TunedMomentum {
  const sqrtKappa = Math.sqrt(L / m);
  const rate = (sqrtKappa - 1) / (sqrtKappa + 1);
  return { lr: 4 / (Math.sqrt(L) + Math.sqrt(m)) ** 2, momentum: rate * rate, rate };
}

/** Nesterov for m-strongly convex, L-smooth f: lr = 1/L, μ = (√κ − 1)/(√κ + 1), rate 1 − 1/√κ. */
export function nesterovStronglyConvex(m: number, L: number): TunedMomentum {
  const sqrtKappa = Math.sqrt(L / m);
  return { lr: 1 / L, momentum: (sqrtKappa - 1) / (sqrtKappa + 1), rate: 1 - 1 / sqrtKappa };
}
