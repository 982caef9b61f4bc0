/**
 * Settled values of a quantity probed during training: the median over the last part of the run.
 * The median, not the mean, because at the edge of stability a probe now and then lands on a loss
 * spike (a catapult) whose sharpness says nothing about where the run hovers.
 */

/** The median of the finite values; NaN when there are none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The values probed at steps from (1 − tail)·totalSteps on (steps and values in the same order). */
export function tailValues(steps: readonly number[], values: readonly number[], totalSteps: number, tail: number): number[] {
  if (steps.length !== values.length) throw new Error(`tailValues: ${steps.length} steps but ${values.length} values`);
  const from = totalSteps * (1 - tail);
  return values.filter((_, i) => steps[i]! >= from);
}

/** Median of the values probed over the last `tail` fraction of the run. */
export function tailMedian(steps: readonly number[], values: readonly number[], totalSteps: number, tail: number): number {
  return median(tailValues(steps, values, totalSteps, tail));
}

/** How many times the series went up from one entry to the next (a monotone descent has none). */
export function countRises(values: readonly number[]): number {
  let rises = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[i - 1]!) rises++;
  return rises;
}
