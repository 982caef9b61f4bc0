import { describe, expect, it } from 'vitest';
import { fractionOfEdge, stabilityEdge } from './stability-edge.ts';

describe('stabilityEdge', () => {
  it('is 2/η', () => {
    expect(stabilityEdge(0.5)).toBe(4);
    expect(stabilityEdge(0.3)).toBeCloseTo(6.666666666666667, 14);
  });

  it('matches where GD on a 1-D quadratic stops converging', () => {
    const lr = 0.25;
    const iterate = (lambda: number) => {
      let x = 1;
      for (let i = 0; i < 200; i++) x -= lr * lambda * x;
      return Math.abs(x);
    };
    expect(iterate(0.99 * stabilityEdge(lr))).toBeLessThan(1);
    expect(iterate(1.01 * stabilityEdge(lr))).toBeGreaterThan(1);
  });

  it('refuses a learning rate that is not positive', () => {
    expect(() => stabilityEdge(0)).toThrow(/positive/);
  });
});

describe('fractionOfEdge', () => {
  it('divides a curvature by 2/η', () => {
    expect(fractionOfEdge(3, 0.5)).toBe(0.75);
    expect(fractionOfEdge(4.4, 0.5)).toBeCloseTo(1.1, 14);
  });
});
