/**
 * Inputs that are zero in every training sample (MNIST's blank border pixels): the first-layer
 * weights reading them never get a gradient, so every optimizer leaves them where they started,
 * and per-coordinate statistics (such as Sophia's win rate) count them as if they took part.
 */

/** Indices of the input features that are exactly 0 in every row. */
export function alwaysZeroInputs(x: readonly (readonly number[])[]): number[] {
  const width = x[0]?.length ?? 0;
  const dead: number[] = [];
  for (let j = 0; j < width; j++) if (x.every((row) => row[j] === 0)) dead.push(j);
  return dead;
}

/**
 * Fraction of an MLP's parameters (widths `layers`, weights and biases) that are first-layer
 * weights from always-zero inputs: their gradient is exactly zero on every batch.
 */
export function frozenParameterFraction(layers: readonly number[], deadInputs: number): number {
  let total = 0;
  for (let l = 1; l < layers.length; l++) total += layers[l]! * (layers[l - 1]! + 1);
  if (total === 0 || layers.length < 2) return 0;
  return (layers[1]! * deadInputs) / total;
}

/**
 * A fraction over all coordinates, restricted to those that can move: the frozen ones count as
 * "in" (a zero gradient is never clipped), so they are taken out of both counts.
 */
export function fractionAmongLive(fractionOfAll: number, frozenFraction: number): number {
  if (frozenFraction >= 1) return NaN;
  return (fractionOfAll - frozenFraction) / (1 - frozenFraction);
}
