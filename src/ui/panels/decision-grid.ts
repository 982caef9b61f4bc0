/** The model's prediction on a grid over 2-D inputs, evaluated with the float64 twin. */
import { predict } from '../../math/mlp.ts';
import type { MlpArchitecture, LossName } from '../../models/mlp.ts';

export interface DecisionGrid {
  readonly xs: number[];
  readonly ys: number[];
  /** z[j][i]: predicted class (or probability for logistic) at (xs[i], ys[j]). */
  readonly z: number[][];
}

/** Grid coordinates over the samples' bounding box widened by a tenth on every side. */
export function gridAxes(points: readonly (readonly number[])[], resolution: number): { xs: number[]; ys: number[] } {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [a, b] of points) {
    x0 = Math.min(x0, a!);
    x1 = Math.max(x1, a!);
    y0 = Math.min(y0, b!);
    y1 = Math.max(y1, b!);
  }
  const padX = 0.1 * (x1 - x0 || 1);
  const padY = 0.1 * (y1 - y0 || 1);
  const xs = Array.from({ length: resolution }, (_, i) => x0 - padX + ((x1 - x0 + 2 * padX) * i) / (resolution - 1));
  const ys = Array.from({ length: resolution }, (_, j) => y0 - padY + ((y1 - y0 + 2 * padY) * j) / (resolution - 1));
  return { xs, ys };
}

/** The pixel rectangle a grid's image covers: each grid point at the center of its pixel. */
export function gridBounds({ xs, ys }: { xs: readonly number[]; ys: readonly number[] }): { left: number; right: number; bottom: number; top: number } {
  const dx = (xs[1]! - xs[0]!) / 2;
  const dy = (ys[1]! - ys[0]!) / 2;
  return { left: xs[0]! - dx, right: xs[xs.length - 1]! + dx, bottom: ys[0]! - dy, top: ys[ys.length - 1]! + dy };
}

/** The prediction at every point of the grid `axes` spans (gridAxes of the samples, computed once per dataset). */
export function decisionGrid(arch: MlpArchitecture, loss: LossName, theta: ArrayLike<number>, axes: { readonly xs: readonly number[]; readonly ys: readonly number[] }): DecisionGrid {
  const xs = [...axes.xs];
  const ys = [...axes.ys];
  const resolution = xs.length;
  if (ys.length !== resolution) throw new Error(`decision grid: ${xs.length} x values but ${ys.length} y values`);
  const input = new Float64Array(resolution * resolution * 2);
  ys.forEach((y, j) =>
    xs.forEach((x, i) => {
      input[2 * (j * resolution + i)] = x;
      input[2 * (j * resolution + i) + 1] = y;
    }),
  );
  const logits = predict(arch, theta, input, resolution * resolution);
  const out = arch.layers[arch.layers.length - 1]!;
  const z = ys.map((_, j) =>
    xs.map((_, i) => {
      const row = (j * resolution + i) * out;
      if (loss === 'logistic' || out === 1) return 1 / (1 + Math.exp(-logits[row]!));
      let best = 0;
      for (let c = 1; c < out; c++) if (logits[row + c]! > logits[row + best]!) best = c;
      return best;
    }),
  );
  return { xs, ys, z };
}
