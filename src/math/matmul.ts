/**
 * The float64 twin of shaders/linalg/matmul.wgsl: C = op(A)·op(B), or C += op(A)·op(B).
 * Storage conventions are the kernel's: op(A) is [m, k] (stored [k, m] when transposed), op(B) is
 * [k, n] (stored [n, k] when transposed), C is [m, n]; all row-major, offsets in elements.
 */
export interface MatmulShape {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transA?: boolean;
  readonly transB?: boolean;
  /** Add to C instead of overwriting it. */
  readonly accumulate?: boolean;
  readonly offsetA?: number;
  readonly offsetB?: number;
  readonly offsetC?: number;
}

export function matmulF64(shape: MatmulShape, a: ArrayLike<number>, b: ArrayLike<number>, c: Float64Array): void {
  const { m, n, k } = shape;
  const oa = shape.offsetA ?? 0;
  const ob = shape.offsetB ?? 0;
  const oc = shape.offsetC ?? 0;
  if (c.length < oc + m * n) throw new Error(`matmul: C holds ${c.length} values, needs ${oc + m * n}`);
  if (a.length < oa + m * k) throw new Error(`matmul: A holds ${a.length} values, needs ${oa + m * k}`);
  if (b.length < ob + k * n) throw new Error(`matmul: B holds ${b.length} values, needs ${ob + k * n}`);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const av = shape.transA ? a[oa + p * m + i]! : a[oa + i * k + p]!;
        const bv = shape.transB ? b[ob + j * k + p]! : b[ob + p * n + j]!;
        s += av * bv;
      }
      c[oc + i * n + j] = shape.accumulate ? c[oc + i * n + j]! + s : s;
    }
  }
}

/** Σ_p |op(A)_ip · op(B)_pj| for every (i, j): the scale that bounds the rounding error of C_ij. */
export function matmulAbsF64(shape: MatmulShape, a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const abs = (x: ArrayLike<number>) => Float64Array.from(x as ArrayLike<number>, Math.abs);
  const c = new Float64Array(shape.m * shape.n);
  matmulF64({ ...shape, accumulate: false, offsetC: 0 }, abs(a), abs(b), c);
  return c;
}
