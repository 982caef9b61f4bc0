import { describe, expect, it } from 'vitest';
import { countRises, median, tailMedian, tailValues } from './probe-tail.ts';

describe('median', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even one', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('ignores non-finite values and is NaN without any', () => {
    expect(median([Number.NaN, 5, Number.POSITIVE_INFINITY, 1])).toBe(3);
    expect(median([])).toBeNaN();
  });

  it('is not moved by one spike, unlike the mean', () => {
    expect(median([4, 4.1, 3.9, 40])).toBeCloseTo(4.05, 12);
  });
});

describe('tailValues and tailMedian', () => {
  const steps = [0, 100, 200, 300, 400];
  const values = [1, 2, 3, 4, 10];

  it('keeps the probes from (1 − tail)·steps on, boundary included', () => {
    expect(tailValues(steps, values, 400, 0.5)).toEqual([3, 4, 10]);
    expect(tailValues(steps, values, 400, 0.3)).toEqual([4, 10]);
    expect(tailValues(steps, values, 400, 1)).toEqual(values);
  });

  it('gives the median of the tail', () => {
    expect(tailMedian(steps, values, 400, 0.5)).toBe(4);
    expect(tailMedian(steps, values, 400, 0.3)).toBe(7);
  });

  it('refuses steps and values of different lengths', () => {
    expect(() => tailValues([0, 1], [1], 1, 0.5)).toThrow(/2 steps but 1 values/);
  });
});

describe('countRises', () => {
  it('counts strict increases between neighbours', () => {
    expect(countRises([1, 2, 1, 3, 3, 2.5, 4])).toBe(3);
    expect(countRises([5, 4, 3])).toBe(0);
    expect(countRises([])).toBe(0);
  });
});
