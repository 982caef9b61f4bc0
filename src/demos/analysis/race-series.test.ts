import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../experiment/result.ts';
import { historySeries, meanOfLast, relativeToStart } from './race-series.ts';

const history: HistoryEntry[] = [
  { step: 0, loss: 4, accuracy: null, gap: 3, gradNorm: 8 },
  { step: 1, loss: 2, accuracy: null, gap: 1, gradNorm: 2 },
  { step: 2, loss: 1.5, accuracy: null, gradNorm: 1 },
];

describe('historySeries', () => {
  it('reads one quantity per step and skips entries without it', () => {
    expect(historySeries(history, 'loss')).toEqual({ x: [0, 1, 2], y: [4, 2, 1.5] });
    expect(historySeries(history, 'gap')).toEqual({ x: [0, 1], y: [3, 1] });
  });

  it('scales by the first value', () => {
    expect(relativeToStart(historySeries(history, 'gradNorm')).y).toEqual([1, 0.25, 0.125]);
  });
});

describe('meanOfLast', () => {
  it('averages the tail, or everything when the series is short', () => {
    expect(meanOfLast([5, 1, 2, 3], 3)).toBe(2);
    expect(meanOfLast([4, 6], 5)).toBe(5);
    expect(meanOfLast([], 3)).toBeNaN();
  });
});
