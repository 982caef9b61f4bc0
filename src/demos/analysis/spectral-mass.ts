/**
 * Mass of a spectral density estimated by stochastic Lanczos quadrature (SLQ): each probe vector
 * gives a Gauss rule (nodes θ_i, weights w_i summing to 1), and the fraction of eigenvalues in an
 * interval is estimated by the mean over probes of the weights whose nodes fall inside it.
 */

export interface QuadratureRules {
  /** Nodes (Ritz values) per probe. */
  readonly nodes: readonly (readonly number[])[];
  /** Weights per probe, one per node; each row sums to 1. */
  readonly weights: readonly (readonly number[])[];
}

/** Estimated fraction of eigenvalues λ with lo ≤ λ ≤ hi. */
export function massInInterval(rules: QuadratureRules, lo: number, hi: number): number {
  const probes = rules.nodes.length;
  if (probes === 0) return Number.NaN;
  let mass = 0;
  for (let p = 0; p < probes; p++) {
    const nodes = rules.nodes[p]!;
    const weights = rules.weights[p]!;
    if (nodes.length !== weights.length) throw new Error(`massInInterval: probe ${p} has ${nodes.length} nodes but ${weights.length} weights`);
    for (let i = 0; i < nodes.length; i++) if (nodes[i]! >= lo && nodes[i]! <= hi) mass += weights[i]!;
  }
  return mass / probes;
}

/** Estimated fraction of eigenvalues within ±halfWidth of zero: the mass of a bulk concentrated at zero. */
export function massNearZero(rules: QuadratureRules, halfWidth: number): number {
  return massInInterval(rules, -halfWidth, halfWidth);
}
