import { describe, expect, it } from 'vitest';
import { centralSecondDifference, centreLines, rayleighQuotient, squaredNorm } from './centre-curvature.ts';

describe('centralSecondDifference', () => {
  it('is exact for a quadratic with a linear term, at any spacing', () => {
    const h = 0.25;
    const line = [-2, -1, 0, 1, 2].map((i) => 3 * (i * h) ** 2 + 5 * i * h + 1);
    expect(centralSecondDifference(line, h)).toBeCloseTo(6, 12);
  });

  it('needs an odd line of at least three values', () => {
    expect(() => centralSecondDifference([1, 2], 1)).toThrow(/odd/);
    expect(() => centralSecondDifference([1, 2, 3, 4], 1)).toThrow(/odd/);
  });
});

describe('rayleighQuotient', () => {
  it('is vᵀHv/‖v‖²', () => {
    // H = diag(2, 8), v = (1, 1): (2 + 8) / 2 = 5
    expect(rayleighQuotient([1, 1], [2, 8])).toBe(5);
    expect(squaredNorm([3, 4])).toBe(25);
  });

  it('a quadratic slice along d has second difference dᵀHd, so the two agree after dividing by ‖d‖²', () => {
    const H = [
      [4, 1],
      [1, 2],
    ];
    const d = [3, -1];
    const hd = H.map((row) => row[0]! * d[0]! + row[1]! * d[1]!);
    const loss = (a: number) => 0.5 * a * a * (d[0]! * hd[0]! + d[1]! * hd[1]!);
    const h = 0.1;
    const second = centralSecondDifference([loss(-h), loss(0), loss(h)], h) / squaredNorm(d);
    expect(second).toBeCloseTo(rayleighQuotient(d, hd), 10);
  });
});

describe('centreLines', () => {
  it('returns the middle row and middle column of loss[j][i]', () => {
    const grid = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ];
    expect(centreLines(grid)).toEqual({ alongFirst: [4, 5, 6], alongSecond: [2, 5, 8] });
    expect(() => centreLines([[1, 2]])).toThrow(/odd/);
  });
});
