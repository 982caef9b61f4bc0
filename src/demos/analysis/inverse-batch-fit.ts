/**
 * Fits of the mini-batch Hessian's top eigenvalue λ(b) against the batch size b, given the
 * full-batch value λ_full of n samples.
 *
 * Perturbation law: λ(b) ≈ λ_full + c·(1/b − 1/n). A mean over b of n samples drawn without
 * replacement has a variance ∝ (1/b − 1/n), and a perturbation of that size shifts an isolated top
 * eigenvalue by about its square over the eigenvalue gap (Granziol et al.: λ + Pσ²/(bλ)); the
 * factor vanishes at b = n, where the batch is the full set. c comes from least squares through
 * the origin on x = 1/b − 1/n, y = λ(b) − λ_full.
 *
 * Exponent: the slope of log(λ(b) − λ_full) against log b, −1 for the law above, −½ when the
 * batch noise swamps the curvature and λ(b) tracks the edge of the noise's own spectrum (∝ 1/√b).
 */

export interface InverseBatchFit {
  /** The coefficient c of (1/b − 1/n). */
  readonly c: number;
  /** 1 − residual / total sum of squares of the excess y; 1 is a perfect fit. */
  readonly r2: number;
}

export function fitInverseBatch(batchSizes: readonly number[], lambdas: readonly number[], lambdaFull: number, n: number): InverseBatchFit {
  if (batchSizes.length !== lambdas.length || batchSizes.length === 0) {
    throw new Error(`fitInverseBatch: need as many λ as batch sizes (got ${lambdas.length} and ${batchSizes.length}), at least one`);
  }
  const xs = batchSizes.map((b) => 1 / b - 1 / n);
  const ys = lambdas.map((l) => l - lambdaFull);
  let xy = 0;
  let xx = 0;
  for (let i = 0; i < xs.length; i++) {
    xy += xs[i]! * ys[i]!;
    xx += xs[i]! * xs[i]!;
  }
  const c = xx > 0 ? xy / xx : Number.NaN;
  const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < xs.length; i++) {
    residual += (ys[i]! - c * xs[i]!) ** 2;
    total += (ys[i]! - mean) ** 2;
  }
  return { c, r2: total > 0 ? 1 - residual / total : Number.NaN };
}

/** Least-squares slope of log(λ(b) − λ_full) on log b over the sizes with a positive excess; NaN with fewer than two. */
export function excessExponent(batchSizes: readonly number[], lambdas: readonly number[], lambdaFull: number): number {
  const points = batchSizes
    .map((b, i) => [Math.log(b), lambdas[i]! - lambdaFull] as const)
    .filter(([, excess]) => excess > 0)
    .map(([x, excess]) => [x, Math.log(excess)] as const);
  if (points.length < 2) return Number.NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / points.length;
  const my = points.reduce((s, [, y]) => s + y, 0) / points.length;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : Number.NaN;
}
