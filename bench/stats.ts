/**
 * The small pure pieces every benchmark shares: medians, ratios of medians, and the check that two
 * implementations computed the same numbers before their times are compared.
 */

/** The middle value (the lower middle one for an even count), so that it is always a measured time. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** median(numerator) / median(denominator). */
export function ratioOfMedians(numerator: readonly number[], denominator: readonly number[]): number {
  return median(numerator) / median(denominator);
}

/**
 * The median of the ratios of paired repeats, numerator[i] / denominator[i]. With alternated repeats
 * each pair saw the same machine load, so on a shared machine whose load drifts during the run this
 * is steadier than the ratio of the medians.
 */
export function medianOfPairedRatios(numerator: readonly number[], denominator: readonly number[]): number {
  if (numerator.length !== denominator.length) throw new Error(`paired ratios: ${numerator.length} vs ${denominator.length} repeats`);
  return median(numerator.map((x, i) => x / denominator[i]!));
}

/** ‖a − b‖₂ / ‖b‖₂ (‖a − b‖₂ when b is zero); throws when the lengths differ. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`relativeError: lengths differ (${a.length} vs ${b.length})`);
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    norm += b[i]! ** 2;
  }
  return norm > 0 ? Math.sqrt(diff / norm) : Math.sqrt(diff);
}

/**
 * Throws unless `a` equals the reference `b` within `tolerance` (relative, in the 2-norm), naming
 * what was compared: a benchmark must not report the speed of a wrong answer. Returns the error.
 */
export function assertSameResult(what: string, a: ArrayLike<number>, b: ArrayLike<number>, tolerance: number): number {
  const error = relativeError(a, b);
  if (!(error <= tolerance)) {
    throw new Error(`${what}: results differ (relative error ${error.toExponential(2)} > ${tolerance}); not comparing their times`);
  }
  return error;
}

/** Which clock a time came from: GPU timestamp queries (GPU execution only) or the wall clock. */
export type Clock = 'gpu-timestamps' | 'wall';

/**
 * Warms up every run once (unless the caller already did), then repeats them alternately
 * (a b c a b c ...), so that all see the same machine load; returns each run's times in milliseconds.
 */
export async function alternate<K extends string>(
  runs: Record<K, () => Promise<number>>,
  repeats: number,
  options: { warmUp?: boolean } = {},
): Promise<Record<K, number[]>> {
  const names = Object.keys(runs) as K[];
  if (options.warmUp ?? true) for (const name of names) await runs[name]();
  const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < repeats; r++) for (const name of names) times[name].push(await runs[name]());
  return times;
}

/** Times one call of `run` on the wall clock. */
export async function wallMs(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}
