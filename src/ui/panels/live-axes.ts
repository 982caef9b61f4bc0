/**
 * Axis ranges for plots that update while a run goes on. Plotly redraws an axis (ticks, labels,
 * grid) whenever its range changes, which on these machines is most of a redraw's cost; ranges
 * that change rarely leave it only the new data to draw.
 */

/** Steps span the whole planned run from the start (which also shows how far the run has come). */
export function stepAxis(steps: number) {
  const pad = Math.max(0.5, 0.02 * steps);
  return { title: { text: 'step' }, range: [-pad, steps + pad] };
}

/** Quarter decades: the range of a log axis moves only when the data crosses one. */
const LOG_STEP = 0.25;

/**
 * A log-axis range (in log10 units, as Plotly takes it) covering the positive finite values,
 * snapped outwards to quarter decades; undefined when there is none (Plotly then autoranges).
 */
export function logRange(values: Iterable<number | null | undefined>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo === Infinity) return undefined;
  const low = Math.floor(Math.log10(lo) / LOG_STEP) * LOG_STEP;
  const high = Math.ceil(Math.log10(hi) / LOG_STEP) * LOG_STEP;
  return high > low ? [low, high] : [low, low + LOG_STEP];
}
