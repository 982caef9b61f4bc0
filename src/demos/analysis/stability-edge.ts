/**
 * The step-size stability edge of gradient descent: on a quadratic with curvature λ, θ ← θ − ηλθ
 * converges iff λ < 2/η. Demos compare curvature (λmax for GD, the trace for SGD) with this edge.
 */

/** 2/η: the largest curvature gradient descent with learning rate η is stable on. */
export function stabilityEdge(lr: number): number {
  if (!(lr > 0)) throw new Error(`stabilityEdge: the learning rate must be positive, got ${lr}`);
  return 2 / lr;
}

/** A curvature as a fraction of 2/η (1: exactly at the edge; above 1: beyond it). */
export function fractionOfEdge(curvature: number, lr: number): number {
  return curvature / stabilityEdge(lr);
}
