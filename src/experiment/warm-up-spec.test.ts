import { describe, expect, it } from 'vitest';
import { defaultSpec, parseSpec } from './spec.ts';
import { warmUpSpec } from './warm-up-spec.ts';

describe('warmUpSpec', () => {
  it('keeps what selects the kernels (model, loss, data, optimizer, probe kinds and operator) and shrinks every count', () => {
    const spec = defaultSpec();
    spec.train.optimizer = 'adam';
    spec.probes.operator = 'ggn';
    spec.changes.push({ step: 50, train: { lr: 0.01 } });
    const small = warmUpSpec(spec)!;
    expect(small.model).toEqual(spec.model);
    expect(small.loss).toBe(spec.loss);
    expect(small.data).toEqual(spec.data);
    expect(small.seed).toBe(spec.seed);
    expect({ ...small.train, steps: spec.train.steps }).toEqual(spec.train);
    expect(small.train.steps).toBe(1);
    expect(small.probes.operator).toBe('ggn');
    expect(small.probes.every).toBe(1);
    expect(small.probes.eigenvalues).toEqual({ ...spec.probes.eigenvalues, k: 1, steps: 3 });
    expect(small.probes.density).toEqual({ ...spec.probes.density, probes: 1, steps: 3 });
    expect(small.probes.trace).toEqual({ ...spec.probes.trace, samples: 3 });
    expect(small.changes).toEqual([]);
    expect(parseSpec(small).ok).toBe(true);
  });

  it('shrinks a landscape to the coarsest grid, once, without its top-eigenvalue map', () => {
    const spec = defaultSpec();
    expect(warmUpSpec(spec)!.landscape).toBeNull();
    spec.landscape = { directions: 'filter', resolution: 41, range: 2, dims: 1, keepBiases: true, every: 10, curvatureMap: 7 };
    expect(warmUpSpec(spec)!.landscape).toEqual({ directions: 'filter', resolution: 3, range: 2, dims: 1, keepBiases: true, every: null, curvatureMap: null });
  });

  it('keeps a probe kind switched off switched off', () => {
    const spec = defaultSpec();
    spec.probes.density = null;
    spec.probes.trace = null;
    const small = warmUpSpec(spec)!;
    expect(small.probes.density).toBeNull();
    expect(small.probes.trace).toBeNull();
    expect(small.probes.eigenvalues?.steps).toBe(3);
  });

  it('warms nothing up for races and test functions', () => {
    const problem = parseSpec({ problem: { name: 'rosenbrock' } });
    expect(problem.ok).toBe(true);
    if (problem.ok) expect(warmUpSpec(problem.spec)).toBeNull();
  });
});
