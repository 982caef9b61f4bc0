import { describe, expect, it } from 'vitest';
import { matmulAbsF64, matmulF64 } from './matmul.ts';

/** C = A·B from nested arrays, written out longhand, to check the twin's index formulas. */
function naive(m: number, n: number, a: number[][], b: number[][]): number[] {
  const c: number[] = [];
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) c.push(a[i]!.reduce((s, x, p) => s + x * b[p]![j]!, 0));
  return c;
}

describe('matmulF64 (twin of shaders/linalg/matmul.wgsl)', () => {
  const m = 3;
  const n = 2;
  const k = 4;
  const A = Array.from({ length: m }, (_, i) => Array.from({ length: k }, (_, p) => i * 10 + p + 1));
  const B = Array.from({ length: k }, (_, p) => Array.from({ length: n }, (_, j) => (p - j) * 0.5));
  const reference = naive(m, n, A, B);

  it('reads transposed and non-transposed storage at element offsets', () => {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const a = [9, 9]; // offset 2
        if (transA) for (let p = 0; p < k; p++) for (let i = 0; i < m; i++) a.push(A[i]![p]!);
        else for (let i = 0; i < m; i++) a.push(...A[i]!);
        const b = [7]; // offset 1
        if (transB) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) b.push(B[p]![j]!);
        else for (let p = 0; p < k; p++) b.push(...B[p]!);
        const c = new Float64Array(3 + m * n).fill(5);
        matmulF64({ m, n, k, transA, transB, offsetA: 2, offsetB: 1, offsetC: 3 }, a, b, c);
        expect(Array.from(c.subarray(3))).toEqual(reference);
        expect(Array.from(c.subarray(0, 3))).toEqual([5, 5, 5]);
        matmulF64({ m, n, k, transA, transB, offsetA: 2, offsetB: 1, offsetC: 3, accumulate: true }, a, b, c);
        expect(Array.from(c.subarray(3))).toEqual(reference.map((x) => 2 * x));
      }
    }
  });

  it('bounds the rounding scale by Σ|a||b|, and refuses short arrays', () => {
    const a = [1, -2];
    const b = [3, 4];
    expect(Array.from(matmulAbsF64({ m: 1, n: 1, k: 2 }, a, b))).toEqual([11]);
    expect(() => matmulF64({ m: 2, n: 2, k: 2 }, [1], [1, 2, 3, 4], new Float64Array(4))).toThrow(/A holds 1 values/);
  });
});
