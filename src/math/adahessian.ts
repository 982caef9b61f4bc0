/**
 * One AdaHessian step (Yao et al. 2021) in float64, in place: the twin of shaders/optim/adahessian.wgsl.
 * D = |z ⊙ Hz| (Hutchinson, Rademacher z);  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)D²;
 * θ ← θ − lr·(m̂ / ((√v̂)^k + ε) + wd·θ)  with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ);
 * weight decay is decoupled, as in the authors' code. D enters only squared, so |·| needs no kernel.
 */
export interface AdaHessianHyperParameters {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** k: 1 is AdaHessian, 0 momentum SGD, ½ in between. */
  readonly hessianPower: number;
  readonly weightDecay: number;
  /** 1-based step count for bias correction. */
  readonly step: number;
}

export function adaHessianBiasCorrections(hp: AdaHessianHyperParameters): { bc1: number; bc2: number } {
  if (!Number.isInteger(hp.step) || hp.step < 1) throw new Error(`adahessian: step must be a positive integer (1-based), got ${hp.step}`);
  return { bc1: 1 - hp.beta1 ** hp.step, bc2: 1 - hp.beta2 ** hp.step };
}

/** (√v̂)^k, with 0^k = 0 for every k ≥ 0 so that an unseen coordinate divides by ε alone. */
export function hessianDenominator(vHat: number, power: number): number {
  const root = Math.sqrt(vHat);
  if (power === 1) return root;
  return root === 0 ? (power === 0 ? 1 : 0) : root ** power;
}

export function adaHessianStepF64(
  params: Float64Array,
  grad: ArrayLike<number>,
  m: Float64Array,
  v: Float64Array,
  z: ArrayLike<number>,
  hz: ArrayLike<number>,
  hp: AdaHessianHyperParameters,
): void {
  const n = params.length;
  if (grad.length !== n || m.length !== n || v.length !== n || z.length !== n || hz.length !== n) {
    throw new Error(`adahessian: params, grad, m, v, z and Hz must have equal lengths (${n}, ${grad.length}, ${m.length}, ${v.length}, ${z.length}, ${hz.length})`);
  }
  const { bc1, bc2 } = adaHessianBiasCorrections(hp);
  const { lr, beta1, beta2, eps, hessianPower, weightDecay } = hp;
  for (let i = 0; i < n; i++) {
    const d = z[i]! * hz[i]!;
    const mi = beta1 * m[i]! + (1 - beta1) * grad[i]!;
    const vi = beta2 * v[i]! + (1 - beta2) * d * d;
    m[i] = mi;
    v[i] = vi;
    const p = params[i]!;
    params[i] = p - lr * (mi / bc1 / (hessianDenominator(vi / bc2, hessianPower) + eps) + weightDecay * p);
  }
}
