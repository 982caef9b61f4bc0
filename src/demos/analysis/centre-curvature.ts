/**
 * Curvature of a plotted loss slice at its centre. Along a line L(α) = L(c + α·d) the central
 * second difference (L(h) − 2L(0) + L(−h)) / h² tends to dᵀHd as h → 0; divided by ‖d‖² it is
 * the curvature per unit distance in parameter space (the Rayleigh quotient of d), which is
 * what the plot's sharpness means once the scale of d is taken out.
 */
import { dot } from '../../math/vector.ts';

/** (v[c+1] − 2v[c] + v[c−1]) / h² at the middle entry c of an odd-length, evenly spaced line. */
export function centralSecondDifference(values: readonly number[], spacing: number): number {
  if (values.length < 3 || values.length % 2 === 0) {
    throw new Error(`centralSecondDifference: needs an odd number (≥ 3) of values with the centre in the middle, got ${values.length}`);
  }
  if (!(spacing > 0)) throw new Error(`centralSecondDifference: spacing must be positive, got ${spacing}`);
  const c = (values.length - 1) / 2;
  return (values[c + 1]! - 2 * values[c]! + values[c - 1]!) / (spacing * spacing);
}

export function squaredNorm(v: ArrayLike<number>): number {
  return dot(v, v);
}

/** vᵀw / ‖v‖²: with w = Hv, the curvature of the loss along v per unit distance. */
export function rayleighQuotient(v: ArrayLike<number>, hv: ArrayLike<number>): number {
  if (v.length !== hv.length) throw new Error(`rayleighQuotient: lengths differ (${v.length} and ${hv.length})`);
  return dot(v, hv) / squaredNorm(v);
}

/** The row through the centre (along d₁) and the column through the centre (along d₂) of a surface loss[j][i]. */
export function centreLines(loss: readonly (readonly number[])[]): { alongFirst: number[]; alongSecond: number[] } {
  const rows = loss.length;
  const cols = loss[0]?.length ?? 0;
  if (rows % 2 === 0 || cols % 2 === 0) throw new Error(`centreLines: needs an odd grid, got ${rows}×${cols}`);
  return { alongFirst: [...loss[(rows - 1) / 2]!], alongSecond: loss.map((row) => row[(cols - 1) / 2]!) };
}
