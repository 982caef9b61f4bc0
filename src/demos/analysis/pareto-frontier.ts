/**
 * The Pareto frontier of points with a cost and a value, both to be minimized (HAWQ-V2: model size
 * against the sensitivity Ω): the points that no other point beats in both, ordered by cost. Along
 * the frontier the cost rises and the value falls strictly.
 */

export interface CostValue {
  readonly cost: number;
  readonly value: number;
}

/** Indices into `points` of the frontier, cheapest first. Of points equal in both, the first one is kept. */
export function paretoFrontier(points: readonly CostValue[]): number[] {
  const order = points
    .map((_, i) => i)
    .sort((a, b) => points[a]!.cost - points[b]!.cost || points[a]!.value - points[b]!.value || a - b);
  const frontier: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  for (const i of order) {
    if (points[i]!.value < best) {
      frontier.push(i);
      best = points[i]!.value;
    }
  }
  return frontier;
}

/** Among the points whose cost is at most `budget`, the index of the one of least value; −1 if none fits. */
export function bestWithinBudget(points: readonly CostValue[], budget: number): number {
  let best = -1;
  points.forEach((p, i) => {
    if (p.cost <= budget && (best < 0 || p.value < points[best]!.value)) best = i;
  });
  return best;
}
