/** Dense float64 references for the optimizer tests. */

/** δI + (1/m) Σ gᵢgᵢᵀ, dense. */
export function dampedFisher(window: readonly Float64Array[], damping: number, n: number): Float64Array {
  const F = new Float64Array(n * n);
  for (let i = 0; i < n; i++) F[i * n + i] = damping;
  for (const g of window) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) F[i * n + j] = F[i * n + j]! + (g[i]! * g[j]!) / window.length;
  return F;
}

/** A⁻¹b by Gaussian elimination with partial pivoting (float64). */
export function denseSolve(A: ArrayLike<number>, n: number, b: ArrayLike<number>): Float64Array {
  const M = Float64Array.from(A);
  const x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r * n + c]!) > Math.abs(M[p * n + c]!)) p = r;
    for (let j = 0; j < n; j++) [M[c * n + j], M[p * n + j]] = [M[p * n + j]!, M[c * n + j]!];
    [x[c], x[p]] = [x[p]!, x[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = M[r * n + c]! / M[c * n + c]!;
      for (let j = c; j < n; j++) M[r * n + j] = M[r * n + j]! - f * M[c * n + j]!;
      x[r] = x[r]! - f * x[c]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r]!;
    for (let j = r + 1; j < n; j++) s -= M[r * n + j]! * x[j]!;
    x[r] = s / M[r * n + r]!;
  }
  return x;
}
