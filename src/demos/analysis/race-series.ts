/** A racer's history as plain (step, value) columns, for fits, thresholds and charts. */
import type { HistoryEntry } from '../../experiment/result.ts';

export type RaceQuantity = 'loss' | 'gap' | 'gradNorm';

export interface Series {
  readonly x: number[];
  readonly y: number[];
}

/** The steps and one quantity of a history; entries without it (gap on a network) are left out. */
export function historySeries(history: readonly HistoryEntry[], quantity: RaceQuantity): Series {
  const x: number[] = [];
  const y: number[] = [];
  for (const entry of history) {
    const value = entry[quantity];
    if (value === undefined) continue;
    x.push(entry.step);
    y.push(value);
  }
  return { x, y };
}

/** The series divided by its first value: curves of different starts on one axis. */
export function relativeToStart(series: Series): Series {
  const first = series.y[0];
  if (first === undefined || first === 0) return series;
  return { x: series.x, y: series.y.map((v) => v / first) };
}

/** Mean of the last `count` values (all of them when there are fewer): a mini-batch run's end level without one step's noise. */
export function meanOfLast(values: readonly number[], count: number): number {
  const tail = values.slice(Math.max(0, values.length - count));
  return tail.length === 0 ? NaN : tail.reduce((a, b) => a + b, 0) / tail.length;
}
