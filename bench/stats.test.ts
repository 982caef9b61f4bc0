import { describe, expect, it } from 'vitest';
import { alternate, assertSameResult, median, medianOfPairedRatios, ratioOfMedians, relativeError } from './stats.ts';

describe('benchmark statistics', () => {
  it('median is a measured value, the lower middle one for an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([5])).toBe(5);
    expect(() => median([])).toThrow(/no values/);
  });

  it('ratioOfMedians divides the medians', () => {
    expect(ratioOfMedians([10, 30, 20], [4, 5, 100])).toBe(4);
  });

  it('medianOfPairedRatios takes the ratio within each repeat first', () => {
    // Load doubled in the second repeat: both sides slowed down together.
    expect(medianOfPairedRatios([2, 4, 2], [1, 2, 1])).toBe(2);
    expect(() => medianOfPairedRatios([1], [1, 2])).toThrow(/repeats/);
  });

  it('relativeError is the 2-norm of the difference over the reference', () => {
    expect(relativeError([3, 4], [3, 4])).toBe(0);
    expect(relativeError([3, 5], [3, 4])).toBeCloseTo(1 / 5, 12);
    expect(relativeError([1, 0], [0, 0])).toBe(1);
    expect(() => relativeError([1], [1, 2])).toThrow(/lengths differ/);
  });

  it('assertSameResult refuses to compare the times of different answers', () => {
    expect(assertSameResult('x', [1, 2], [1, 2.000001], 1e-5)).toBeLessThan(1e-5);
    expect(() => assertSameResult('HVP vs TF.js', [1, 3], [1, 2], 1e-3)).toThrow(/HVP vs TF.js: results differ/);
    expect(() => assertSameResult('NaN', [NaN], [1], 1e-3)).toThrow(/results differ/);
  });

  it('alternate warms each run up once, then interleaves the repeats', async () => {
    const calls: string[] = [];
    const run = (name: string, ms: number) => async () => (calls.push(name), ms);
    const times = await alternate({ a: run('a', 1), b: run('b', 2) }, 2);
    expect(calls).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect(times).toEqual({ a: [1, 1], b: [2, 2] });
    calls.length = 0;
    await alternate({ a: run('a', 1), b: run('b', 2) }, 1, { warmUp: false });
    expect(calls).toEqual(['a', 'b']);
  });
});
