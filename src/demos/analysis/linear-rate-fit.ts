/**
 * Linear convergence as a number: a least-squares line through ln y against x (iterations), so
 * y ≈ C·rateˣ. A rate below 1 is geometric decrease, above 1 geometric growth; r² says how well a
 * single geometric rate describes the points (oscillating or super-linear series fit worse).
 */

export interface LinearRateFit {
  /** e^slope: the factor y shrinks (< 1) or grows (> 1) by per unit of x. */
  readonly rate: number;
  /** Slope of ln y against x. */
  readonly slope: number;
  readonly intercept: number;
  /** Coefficient of determination of the line in log space (1: exactly geometric). */
  readonly r2: number;
  /** Points used: those with y finite and positive. */
  readonly points: number;
}

/** Fits ln y = intercept + slope·x; points where y is not finite and positive are skipped (log undefined). */
export function fitLinearRate(x: readonly number[], y: readonly number[]): LinearRateFit {
  if (x.length !== y.length) throw new Error(`fitLinearRate: ${x.length} x values but ${y.length} y values`);
  const xs: number[] = [];
  const ls: number[] = [];
  x.forEach((xi, i) => {
    const yi = y[i]!;
    if (Number.isFinite(xi) && Number.isFinite(yi) && yi > 0) {
      xs.push(xi);
      ls.push(Math.log(yi));
    }
  });
  const n = xs.length;
  if (n < 2) return { rate: NaN, slope: NaN, intercept: NaN, r2: NaN, points: n };
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const ml = ls.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxl = 0;
  let sll = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dl = ls[i]! - ml;
    sxx += dx * dx;
    sxl += dx * dl;
    sll += dl * dl;
  }
  if (sxx === 0) return { rate: NaN, slope: NaN, intercept: NaN, r2: NaN, points: n };
  const slope = sxl / sxx;
  // A flat series is fitted exactly by its horizontal line.
  const r2 = sll === 0 ? 1 : (sxl * sxl) / (sxx * sll);
  return { rate: Math.exp(slope), slope, intercept: ml - slope * mx, r2, points: n };
}

export interface SeriesWindow {
  readonly x: number[];
  readonly y: number[];
}

/**
 * The part of a decreasing series worth fitting: from `fromFraction` of its length on, and only
 * while y stays above `floor` (below it, rounding, not the method, sets the values).
 */
export function tailAboveFloor(x: readonly number[], y: readonly number[], fromFraction: number, floor: number): SeriesWindow {
  const start = Math.min(x.length, Math.max(0, Math.floor(x.length * fromFraction)));
  const out: SeriesWindow = { x: [], y: [] };
  for (let i = start; i < x.length; i++) {
    if (!(y[i]! > floor)) break;
    out.x.push(x[i]!);
    out.y.push(y[i]!);
  }
  return out;
}

/** The first x at which y drops below `threshold`, or null if it never does. */
export function firstBelow(x: readonly number[], y: readonly number[], threshold: number): number | null {
  for (let i = 0; i < x.length; i++) if (y[i]! < threshold) return x[i]!;
  return null;
}
