/**
 * The exact Hessian of a tiny model: one operator application per unit vector, read back into a
 * dense float64 matrix and decomposed. The ground truth the stochastic estimators are judged by.
 */
import { symmetricEigen, symmetricEigenvalues } from '../math/eigen.ts';
import type { LinearOperator } from './operator.ts';
import { throwIfAborted, type RunControl } from './progress.ts';

/** n² float64 = 128 MB at 4000, and n applications plus an O(n³) solve: beyond that, use Lanczos. */
export const MAX_DENSE_PARAMETERS = 4000;

export interface ExactSpectrumOptions extends RunControl {
  /** Also compute eigenvectors (several times slower than values alone); default false. */
  vectors?: boolean;
}

export interface ExactSpectrum {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** n×n row-major, column j the eigenvector of values[j]; only when asked for. */
  vectors?: Float64Array;
  /** The symmetrized dense matrix. */
  matrix: Float64Array;
  /**
   * max |A_ij − A_ji| / max |A_ij| of the operator before symmetrization: ~1e-16 for a float64
   * Hessian, ~1e-7 for f32; much larger means the operator is not symmetric (a bug in the HVP).
   */
  asymmetry: number;
}

async function readColumns<V>(operator: LinearOperator<V>, control: RunControl): Promise<Float64Array> {
  const backend = operator.backend;
  const n = backend.size;
  if (n > MAX_DENSE_PARAMETERS) {
    throw new Error(
      `denseMatrixOf: ${n} parameters is above the limit of ${MAX_DENSE_PARAMETERS} for a dense matrix; ` +
        'use lanczos or stochasticLanczosQuadrature instead',
    );
  }
  const A = new Float64Array(n * n);
  const unit = new Float64Array(n);
  const x = backend.create();
  const y = backend.create();
  try {
    for (let j = 0; j < n; j++) {
      throwIfAborted(control.signal);
      unit[j] = 1;
      backend.write(x, unit);
      unit[j] = 0;
      await operator.apply(x, y);
      const column = await backend.read(y);
      for (let i = 0; i < n; i++) A[i * n + j] = column[i]!;
      control.onProgress?.(j + 1, n);
    }
  } finally {
    backend.free(x);
    backend.free(y);
  }
  return A;
}

function asymmetryOf(A: Float64Array, n: number): number {
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      scale = Math.max(scale, Math.abs(A[i * n + j]!));
      if (j > i) worst = Math.max(worst, Math.abs(A[i * n + j]! - A[j * n + i]!));
    }
  }
  return scale === 0 ? 0 : worst / scale;
}

/** (A + Aᵀ)/2 in place: the operator is symmetric up to rounding, the eigen-solver needs it exactly. */
function symmetrizeInPlace(A: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (A[i * n + j]! + A[j * n + i]!);
      A[i * n + j] = v;
      A[j * n + i] = v;
    }
  }
  return A;
}

/** The operator as a dense, symmetrized n×n row-major float64 matrix (n ≤ MAX_DENSE_PARAMETERS). */
export async function denseMatrixOf<V>(
  operator: LinearOperator<V>,
  options: RunControl = {},
): Promise<Float64Array> {
  return symmetrizeInPlace(await readColumns(operator, options), operator.backend.size);
}

export async function exactSpectrum<V>(
  operator: LinearOperator<V>,
  options: ExactSpectrumOptions = {},
): Promise<ExactSpectrum> {
  const n = operator.backend.size;
  const raw = await readColumns(operator, options);
  const asymmetry = asymmetryOf(raw, n);
  const matrix = symmetrizeInPlace(raw, n);
  throwIfAborted(options.signal);
  if (options.vectors === true) {
    const { values, vectors } = symmetricEigen(matrix, n);
    return { values, vectors, matrix, asymmetry };
  }
  return { values: symmetricEigenvalues(matrix, n), matrix, asymmetry };
}
