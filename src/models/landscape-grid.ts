/**
 * A landscape grid as engines evaluate it: the training loss and accuracy at
 * θ = center + α_i·d₁ + β_j·d₂ for every pair (α_i, β_j), or at center + α_i·d₁ for a line.
 * Vectors are in the flat parameter layout of src/models/mlp.ts.
 */
export interface LandscapeGrid {
  readonly center: ArrayLike<number>;
  readonly d1: ArrayLike<number>;
  /** Absent for a line (1-D slice). */
  readonly d2?: ArrayLike<number>;
  readonly alphas: readonly number[];
  /** Ignored without d2. */
  readonly betas?: readonly number[];
}

export interface GridRunOptions {
  readonly signal?: AbortSignal;
  /** Grid points done so far, of the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface GridValues {
  /** loss[j · alphas.length + i] at (alphas[i], betas[j]); a line has one row (j = 0). */
  readonly loss: Float64Array;
  /** Same layout; NaN for regression. */
  readonly accuracy: Float64Array;
}

/** The (α, β) pairs of a grid in evaluation order: α fastest, then β. */
export function gridCoordinates(grid: LandscapeGrid): Float64Array {
  const betas = grid.d2 ? (grid.betas ?? [0]) : [0];
  const coords = new Float64Array(2 * betas.length * grid.alphas.length);
  let k = 0;
  for (const beta of betas) {
    for (const alpha of grid.alphas) {
      coords[k++] = alpha;
      coords[k++] = beta;
    }
  }
  return coords;
}

export function checkGrid(grid: LandscapeGrid, parameterCount: number): void {
  const check = (name: string, v: ArrayLike<number> | undefined): void => {
    if (v !== undefined && v.length !== parameterCount) {
      throw new Error(`landscape grid: ${name} has ${v.length} values, the model has ${parameterCount} parameters`);
    }
  };
  check('center', grid.center);
  check('d1', grid.d1);
  check('d2', grid.d2);
  if (grid.alphas.length === 0 || (grid.d2 && grid.betas && grid.betas.length === 0)) {
    throw new Error('landscape grid: needs at least one α (and one β for a surface)');
  }
}
