/**
 * Ghosts of Lanczos without reorthogonalization (Paige): once a Ritz value converges, rounding
 * lets its eigenvector creep back into the basis and the same eigenvalue converges again, as a
 * spurious copy. Here: match each Ritz value to the exact eigenvalues and count the copies beyond
 * each eigenvalue's multiplicity.
 *
 * Exact eigenvalues closer than `tolerance` to each other form one cluster (single linkage: a
 * chain of gaps ≤ tolerance), whose multiplicity is its size, so a genuinely repeated or nearly
 * repeated eigenvalue is not mistaken for a ghost. A Ritz value belongs to the nearest cluster
 * when it lies within `tolerance` of one of the cluster's eigenvalues; otherwise it has not
 * converged to anything (unmatched). Ghosts = Σ over clusters of max(0, Ritz values in it − multiplicity).
 */

export interface RitzCluster {
  /** Smallest and largest exact eigenvalue of the cluster. */
  readonly lo: number;
  readonly hi: number;
  readonly multiplicity: number;
  /** Ritz values matched to the cluster. */
  readonly copies: number;
}

export interface GhostCount {
  /** Ritz values beyond the multiplicity of the eigenvalue they converged to. */
  readonly ghosts: number;
  /** Ritz values within tolerance of no exact eigenvalue (not converged). */
  readonly unmatched: number;
  /** Distinct clusters of exact eigenvalues that some Ritz value found. */
  readonly found: number;
  /** The clusters with more copies than their multiplicity, largest first. */
  readonly duplicated: readonly RitzCluster[];
}

function clustersOf(exact: readonly number[], tolerance: number): { lo: number; hi: number; multiplicity: number }[] {
  const sorted = [...exact].sort((a, b) => a - b);
  const clusters: { lo: number; hi: number; multiplicity: number }[] = [];
  for (const value of sorted) {
    const last = clusters.at(-1);
    if (last && value - last.hi <= tolerance) {
      last.hi = value;
      last.multiplicity++;
    } else clusters.push({ lo: value, hi: value, multiplicity: 1 });
  }
  return clusters;
}

function distanceTo(cluster: { lo: number; hi: number }, value: number): number {
  return value < cluster.lo ? cluster.lo - value : value > cluster.hi ? value - cluster.hi : 0;
}

export function countGhostRitzValues(ritz: readonly number[], exact: readonly number[], tolerance: number): GhostCount {
  if (!(tolerance >= 0)) throw new Error(`countGhostRitzValues: tolerance must be ≥ 0, got ${tolerance}`);
  const clusters = clustersOf(exact, tolerance);
  const copies = new Array<number>(clusters.length).fill(0);
  let unmatched = 0;
  for (const value of ritz) {
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    clusters.forEach((c, i) => {
      const d = distanceTo(c, value);
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    });
    if (best >= 0 && bestDistance <= tolerance) copies[best]!++;
    else unmatched++;
  }
  const duplicated = clusters
    .map((c, i) => ({ ...c, copies: copies[i]! }))
    .filter((c) => c.copies > c.multiplicity)
    .sort((a, b) => b.hi - a.hi);
  return {
    ghosts: duplicated.reduce((sum, c) => sum + c.copies - c.multiplicity, 0),
    unmatched,
    found: copies.filter((c) => c > 0).length,
    duplicated,
  };
}

/** max_i |ritz_i − exact_i| / max|exact| over the first `count` of two lists sorted largest first. */
export function topRelativeError(ritz: readonly number[], exact: readonly number[], count: number): number {
  const r = [...ritz].sort((a, b) => b - a);
  const e = [...exact].sort((a, b) => b - a);
  if (r.length < count || e.length < count) throw new Error(`topRelativeError: need ${count} values, got ${r.length} Ritz and ${e.length} exact`);
  const scale = Math.max(...e.map(Math.abs));
  let worst = 0;
  for (let i = 0; i < count; i++) worst = Math.max(worst, Math.abs(r[i]! - e[i]!));
  return scale > 0 ? worst / scale : worst;
}
