import { describe, expect, it } from 'vitest';
import { logRange, stepAxis } from './live-axes.ts';

describe('live axes', () => {
  it('spans the planned steps with a small margin', () => {
    expect(stepAxis(200).range).toEqual([-4, 204]);
    expect(stepAxis(0).range).toEqual([-0.5, 0.5]);
  });

  it('snaps a log range outwards to quarter decades, ignoring what a log axis cannot show', () => {
    expect(logRange([1.1, 0.3, null, NaN, 0, -1, Infinity])).toEqual([-0.75, 0.25]);
    expect(logRange([1, 1])).toEqual([0, 0.25]);
    expect(logRange([null, 0])).toBeUndefined();
    // The range holds while the loss falls within the same quarter decade.
    expect(logRange([1.1, 0.29])).toEqual(logRange([1.1, 0.25]));
  });
});
