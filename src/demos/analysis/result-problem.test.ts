import { describe, expect, it } from 'vitest';
import { evaluate } from '../../math/mlp.ts';
import { parseSpec } from '../../experiment/spec.ts';
import { datasetFromResult } from '../../experiment/result.ts';
import { problemFromResult } from './result-problem.ts';

describe('datasetFromResult', () => {
  it('flattens class labels and inputs row-major', () => {
    const d = datasetFromResult({ data: { x: [[1, 2], [3, 4], [5, 6]], y: [0, 2, 1] } });
    expect(d.n).toBe(3);
    expect(d.inputDim).toBe(2);
    expect(d.targetDim).toBe(1);
    expect(Array.from(d.x)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(d.y)).toEqual([0, 2, 1]);
  });

  it('keeps regression target vectors', () => {
    const d = datasetFromResult({ data: { x: [[1], [2]], y: [[0.5, 1], [2, 3]] } });
    expect(d.targetDim).toBe(2);
    expect(Array.from(d.y)).toEqual([0.5, 1, 2, 3]);
  });
});

describe('problemFromResult', () => {
  it('evaluates the model of the spec on the result samples', () => {
    const parsed = parseSpec({ model: { layers: [2, 2], activation: 'identity' }, loss: 'cross-entropy', data: { name: 'moons' } });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const problem = problemFromResult({ spec: parsed.spec, data: { x: [[0.3, -2]], y: [1] } });
    // W = 0, b = 0: logits (0, 0), cross-entropy log 2.
    expect(evaluate(problem, [0, 0, 0, 0, 0, 0]).loss).toBeCloseTo(Math.log(2), 14);
  });
});
