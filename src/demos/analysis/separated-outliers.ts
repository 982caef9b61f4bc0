/**
 * How many of the top eigenvalues stand apart from the bulk. The rule: sort the top eigenvalues
 * (largest first), raise each to a floor of `floorFraction`·λ1, and cut where the ratio of one
 * value to the next is largest; the values above the cut are the outliers. Ratios, not
 * differences, because outliers spread over a decade themselves (λ1 = 10, λ2 = 3, λ3 = 1 above
 * a bulk at 0.05 is three outliers, not one). The floor keeps the bulk's own tiny values
 * (0.001 / 0.0001 is a ratio of 10 too) from posing as a gap. A largest ratio below `minGapRatio`
 * means no cut at all: the spectrum has no outliers.
 */

export interface OutlierSeparation {
  /** Number of eigenvalues above the cut (0 when no ratio reaches minGapRatio). */
  readonly count: number;
  /** The largest ratio λ_i / λ_{i+1} (after the floor): how clearly the outliers stand apart. */
  readonly gapRatio: number;
  /** The largest eigenvalue below the cut: the top of the bulk as far as the given values show it. */
  readonly bulkEdge: number;
}

export interface OutlierRule {
  /** Values below floorFraction·λ1 count as this floor, i.e. as bulk; default 0.01. */
  readonly floorFraction?: number;
  /** The cut needs at least this ratio; default 2. */
  readonly minGapRatio?: number;
}

export function separatedOutliers(eigenvalues: readonly number[], rule: OutlierRule = {}): OutlierSeparation {
  const floorFraction = rule.floorFraction ?? 0.01;
  const minGapRatio = rule.minGapRatio ?? 2;
  const sorted = eigenvalues.filter(Number.isFinite).sort((a, b) => b - a);
  if (sorted.length < 2 || !(sorted[0]! > 0)) return { count: 0, gapRatio: 1, bulkEdge: sorted[0] ?? Number.NaN };
  const floor = floorFraction * sorted[0]!;
  const lifted = sorted.map((v) => Math.max(v, floor));
  let best = 0;
  let bestRatio = 1;
  for (let i = 0; i + 1 < lifted.length; i++) {
    const ratio = lifted[i]! / lifted[i + 1]!;
    if (ratio > bestRatio) {
      bestRatio = ratio;
      best = i + 1;
    }
  }
  if (bestRatio < minGapRatio) return { count: 0, gapRatio: bestRatio, bulkEdge: sorted[0]! };
  return { count: best, gapRatio: bestRatio, bulkEdge: sorted[best]! };
}
