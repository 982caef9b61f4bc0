/**
 * Symmetric eigenproblems in float64: the tridiagonal solve behind Lanczos and SLQ, and the dense
 * solve behind the exact spectrum of tiny models.
 *
 * Method: Householder reduction to tridiagonal form, then implicit QL with a Wilkinson-type shift.
 * Eigenvectors are accumulated as ROWS of a row-major work array, so that each Givens rotation of
 * the QL sweep touches two contiguous rows; they are transposed into columns at the end.
 */

export interface EigenDecomposition {
  /** Eigenvalues in ascending order. */
  readonly values: Float64Array;
  /** n×n row-major; column j is the unit eigenvector of values[j]. */
  readonly vectors: Float64Array;
}

/**
 * QL needs 1–3 sweeps per eigenvalue on average (LAPACK allows 30 per eigenvalue in total, as
 * here); far more means NaN/Inf input.
 */
const QL_SWEEPS_PER_EIGENVALUE = 30;

/** sqrt(a² + b²) without overflow or underflow; cheaper than Math.hypot in the QL inner loop. */
function hypot2(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  const big = x > y ? x : y;
  if (big === 0) return 0;
  const t = (x > y ? y : x) / big;
  return big * Math.sqrt(1 + t * t);
}

/**
 * Implicit QL on the symmetric tridiagonal matrix with diagonal d and off-diagonal e
 * (e[i] couples i and i+1; e[n-1] is scratch). Overwrites d with the (unsorted) eigenvalues.
 * If zt is given (n×n row-major), the rotations are applied to its rows: starting from Qᵀ it ends
 * with the eigenvectors of Q T Qᵀ as rows.
 */
function implicitQL(d: Float64Array, e: Float64Array, zt: Float64Array | null, n: number): void {
  e[n - 1] = 0;
  // Work on T/‖T‖∞ so that "negligible" can be absolute (≤ ε): a coupling that small moves the
  // eigenvalues by at most ε‖T‖, no more than the Householder reduction already did. A test
  // relative to the neighbouring diagonal entries alone stalls on clusters of eigenvalues at
  // rounding level (the null space of a low-rank matrix), converging only linearly there.
  let norm = 0;
  for (let i = 0; i < n; i++) {
    norm = Math.max(norm, Math.abs(d[i]!) + Math.abs(e[i]!) + (i > 0 ? Math.abs(e[i - 1]!) : 0));
  }
  if (norm === 0) return;
  if (!Number.isFinite(norm)) throw new Error('implicit QL: the matrix has non-finite entries');
  for (let i = 0; i < n; i++) {
    d[i] = d[i]! / norm;
    e[i] = e[i]! / norm;
  }
  let sweepsLeft = QL_SWEEPS_PER_EIGENVALUE * n;
  for (let l = 0; l < n; l++) {
    for (;;) {
      // Split off a converged block: the first negligible coupling at or after l.
      let m = l;
      for (; m < n - 1; m++) {
        const em = Math.abs(e[m]!);
        if (em <= Number.EPSILON || em <= Number.EPSILON * (Math.abs(d[m]!) + Math.abs(d[m + 1]!))) break;
      }
      if (m === l) break;
      if (--sweepsLeft < 0) throw new Error(`implicit QL did not converge (at eigenvalue ${l} of ${n})`);
      // Shift: the eigenvalue of the leading 2×2 block closer to d[l].
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = hypot2(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let deflated = false;
      for (let i = m - 1; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = hypot2(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // The bulge vanished: the matrix split at i; restart on the smaller block.
          d[i + 1] = d[i + 1]! - p;
          e[m] = 0;
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        if (zt !== null) {
          const lo = i * n;
          const hi = lo + n;
          for (let k = 0; k < n; k++) {
            const zl = zt[lo + k]!;
            const zh = zt[hi + k]!;
            zt[hi + k] = s * zl + c * zh;
            zt[lo + k] = c * zl - s * zh;
          }
        }
      }
      if (deflated) continue;
      d[l] = d[l]! - p;
      e[l] = g;
      e[m] = 0;
    }
  }
  for (let i = 0; i < n; i++) d[i] = d[i]! * norm;
}

function ascendingOrder(values: Float64Array): Uint32Array {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => values[a]! - values[b]!);
  return order;
}

/** Sort the eigenvalues ascending and turn the eigenvector rows of zt into columns. */
function sortedDecomposition(d: Float64Array, zt: Float64Array, n: number): EigenDecomposition {
  const order = ascendingOrder(d);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const src = order[j]!;
    values[j] = d[src]!;
    const row = src * n;
    for (let k = 0; k < n; k++) vectors[k * n + j] = zt[row + k]!;
  }
  return { values, vectors };
}

function checkTridiagonal(alpha: ArrayLike<number>, beta: ArrayLike<number>): number {
  const m = alpha.length;
  if (m > 0 && beta.length < m - 1) {
    throw new Error(`tridiagonal eigen: need ${m - 1} off-diagonal entries, got ${beta.length}`);
  }
  return m;
}

function tridiagonalWork(alpha: ArrayLike<number>, beta: ArrayLike<number>, m: number) {
  const d = Float64Array.from({ length: m }, (_, i) => alpha[i]!);
  const e = new Float64Array(m);
  for (let i = 0; i + 1 < m; i++) e[i] = beta[i]!;
  return { d, e };
}

/**
 * Eigen-decomposition of the symmetric tridiagonal matrix with diagonal alpha (length m) and
 * off-diagonal beta (its first m−1 entries are used, so a Lanczos β array with the trailing
 * residual coupling can be passed as is).
 */
export function symmetricTridiagonalEigen(
  alpha: ArrayLike<number>,
  beta: ArrayLike<number>,
): EigenDecomposition {
  const m = checkTridiagonal(alpha, beta);
  if (m === 0) return { values: new Float64Array(0), vectors: new Float64Array(0) };
  const { d, e } = tridiagonalWork(alpha, beta, m);
  const zt = new Float64Array(m * m);
  for (let i = 0; i < m; i++) zt[i * m + i] = 1;
  implicitQL(d, e, zt, m);
  return sortedDecomposition(d, zt, m);
}

/** Eigenvalues only (ascending) of a symmetric tridiagonal matrix: O(m²). */
export function symmetricTridiagonalEigenvalues(
  alpha: ArrayLike<number>,
  beta: ArrayLike<number>,
): Float64Array {
  const m = checkTridiagonal(alpha, beta);
  if (m === 0) return new Float64Array(0);
  const { d, e } = tridiagonalWork(alpha, beta, m);
  implicitQL(d, e, null, m);
  return d.sort();
}

interface Tridiagonalization {
  d: Float64Array;
  e: Float64Array;
  /** Householder scalars; reflector k is I − tau[k] v vᵀ with v stored in row k of the work matrix. */
  tau: Float64Array;
}

/**
 * Householder reduction of the symmetric matrix held in the UPPER triangle of a (n×n row-major,
 * overwritten). Only the upper triangle is read and updated, which halves the work of the rank-2
 * updates; reflector k zeroes row k beyond the superdiagonal, and its vector (with implicit
 * leading 1) is kept in that row for the later accumulation of Q.
 *
 * For n in the thousands the trailing block no longer fits in cache and the reduction is bound by
 * memory traffic, so the rank-2 update of step k is deferred and fused into the product B v of
 * step k+1: each row is read and written once per step instead of read twice.
 */
function tridiagonalize(a: Float64Array, n: number): Tridiagonalization {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const tau = new Float64Array(n);
  // The deferred update B ← B − pv wᵀ − w pvᵀ (global indices), owed by rows pendingFrom..n-1.
  const pv = new Float64Array(n);
  const pw = new Float64Array(n);
  let pendingFrom = n;
  const v = new Float64Array(n);
  const p = new Float64Array(n);

  const settleRow = (i: number): void => {
    const base = i * n;
    const vi = pv[i]!;
    const wi = pw[i]!;
    for (let j = i; j < n; j++) a[base + j] = a[base + j]! - vi * pw[j]! - wi * pv[j]!;
  };

  for (let k = 0; k + 2 < n; k++) {
    if (pendingFrom <= k) {
      settleRow(k);
      pendingFrom = k + 1;
    }
    const row = k * n;
    const x0 = a[row + k + 1]!;
    let tail = 0;
    for (let j = k + 2; j < n; j++) tail += a[row + j]! * a[row + j]!;
    if (tail === 0) {
      // Row k is already tridiagonal: the reflector is the identity.
      tau[k] = 0;
      e[k] = x0;
      continue;
    }
    const norm = Math.sqrt(x0 * x0 + tail);
    // The sign opposite to x0 avoids cancellation in x0 − beta.
    const beta = x0 >= 0 ? -norm : norm;
    const t = (beta - x0) / beta;
    const inv = 1 / (x0 - beta);
    tau[k] = t;
    e[k] = beta;
    // v over the trailing indices first..n-1, stored at offset 0..L-1.
    const first = k + 1;
    const L = n - first;
    v[0] = 1;
    a[row + first] = 1;
    for (let j = 1; j < L; j++) {
      const vj = a[row + first + j]! * inv;
      v[j] = vj;
      a[row + first + j] = vj;
    }
    // p = tau · B v with B the trailing block, read from its upper triangle only, settling each
    // row's deferred update on the way (pv = pw = 0 before the first reflector). Rows go in pairs
    // so that every load of v, p, pv, pw in the inner loop serves two rows.
    p.fill(0, 0, L);
    let i = 0;
    for (; i + 1 < L; i += 2) {
      const g0 = first + i;
      const g1 = g0 + 1;
      const base0 = g0 * n + first;
      const base1 = base0 + n;
      const u0 = pv[g0]!;
      const w0 = pw[g0]!;
      const u1 = pv[g1]!;
      const w1 = pw[g1]!;
      const v0 = v[i]!;
      const v1 = v[i + 1]!;
      // The 2×2 diagonal block: entries (i,i), (i,i+1), (i+1,i+1).
      const b00 = a[base0 + i]! - 2 * u0 * w0;
      const b01 = a[base0 + i + 1]! - u0 * w1 - w0 * u1;
      const b11 = a[base1 + i + 1]! - 2 * u1 * w1;
      a[base0 + i] = b00;
      a[base0 + i + 1] = b01;
      a[base1 + i + 1] = b11;
      let s0 = b00 * v0 + b01 * v1;
      let s1 = b01 * v0 + b11 * v1;
      for (let j = i + 2; j < L; j++) {
        const gj = first + j;
        const uj = pv[gj]!;
        const wj = pw[gj]!;
        const vj = v[j]!;
        const c0 = a[base0 + j]! - u0 * wj - w0 * uj;
        const c1 = a[base1 + j]! - u1 * wj - w1 * uj;
        a[base0 + j] = c0;
        a[base1 + j] = c1;
        s0 += c0 * vj;
        s1 += c1 * vj;
        p[j] = p[j]! + c0 * v0 + c1 * v1;
      }
      p[i] = p[i]! + s0;
      p[i + 1] = p[i + 1]! + s1;
    }
    if (i < L) {
      const gi = first + i;
      const b = a[gi * n + gi]! - 2 * pv[gi]! * pw[gi]!;
      a[gi * n + gi] = b;
      p[i] = p[i]! + b * v[i]!;
    }
    let vp = 0;
    for (let i = 0; i < L; i++) {
      p[i] = p[i]! * t;
      vp += v[i]! * p[i]!;
    }
    // w = p − (tau/2)(vᵀp) v turns H B H into B − v wᵀ − w vᵀ.
    const K = 0.5 * t * vp;
    pv.fill(0, 0, first);
    pw.fill(0, 0, first);
    for (let i = 0; i < L; i++) {
      pv[first + i] = v[i]!;
      pw[first + i] = p[i]! - K * v[i]!;
    }
    pendingFrom = first;
  }
  for (let i = pendingFrom; i < n; i++) settleRow(i);
  for (let i = 0; i < n; i++) d[i] = a[i * n + i]!;
  if (n >= 2) e[n - 2] = a[(n - 2) * n + n - 1]!;
  return { d, e, tau };
}

/**
 * Qᵀ = H_{n-3} ⋯ H_0 from the reflectors left in a by tridiagonalize. Applying them right to left
 * (backward accumulation) keeps every product confined to the trailing block, so this costs
 * (4/3)n³ rather than 2n³.
 */
function accumulateQTransposed(a: Float64Array, tau: Float64Array, n: number): Float64Array {
  const y = new Float64Array(n * n);
  for (let i = 0; i < n; i++) y[i * n + i] = 1;
  for (let k = n - 3; k >= 0; k--) {
    const t = tau[k]!;
    if (t === 0) continue;
    const first = k + 1;
    const vrow = k * n;
    for (let i = first; i < n; i++) {
      const yrow = i * n;
      let s = 0;
      for (let j = first; j < n; j++) s += y[yrow + j]! * a[vrow + j]!;
      s *= t;
      if (s === 0) continue;
      for (let j = first; j < n; j++) y[yrow + j] = y[yrow + j]! - s * a[vrow + j]!;
    }
  }
  return y;
}

function checkDense(A: Float64Array, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`symmetricEigen: bad size ${n}`);
  if (A.length !== n * n) {
    throw new Error(`symmetricEigen: matrix has ${A.length} entries, expected ${n}×${n}`);
  }
}

/**
 * Eigen-decomposition of a dense symmetric matrix (n×n row-major; only the upper triangle is
 * read). The vectors cost several times the values (measured on one core: n = 1000 in ~2.5 s,
 * n = 2000 in ~10 s); use symmetricEigenvalues when only values are needed.
 */
export function symmetricEigen(A: Float64Array, n: number): EigenDecomposition {
  checkDense(A, n);
  if (n === 0) return { values: new Float64Array(0), vectors: new Float64Array(0) };
  const a = A.slice();
  const { d, e, tau } = tridiagonalize(a, n);
  const zt = accumulateQTransposed(a, tau, n);
  implicitQL(d, e, zt, n);
  return sortedDecomposition(d, zt, n);
}

/**
 * Eigenvalues (ascending) of a dense symmetric matrix: (4/3)n³ flops for the reduction, O(n²)
 * after (n = 2000 in ~3 s on one core).
 */
export function symmetricEigenvalues(A: Float64Array, n: number): Float64Array {
  checkDense(A, n);
  if (n === 0) return new Float64Array(0);
  const a = A.slice();
  const { d, e } = tridiagonalize(a, n);
  implicitQL(d, e, null, n);
  return d.sort();
}
