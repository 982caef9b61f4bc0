import { describe, expect, it } from 'vitest';
import { migrate, SPEC_VERSION } from './migrations.ts';
import { formatSpecErrors, parseSpec } from './spec.ts';

const V0 = {
  seed: 3,
  dataset: 'moons',
  samples: 200,
  noise: 0.2,
  hidden: [8, 8],
  activation: 'relu',
  loss: 'logistic',
  optimizer: 'momentum',
  lr: 0.05,
  steps: 500,
  batchSize: 0,
  probeEvery: 25,
  topK: 3,
  traceSamples: 0,
};

describe('migrate', () => {
  it('upgrades a version-0 spec to version 1', () => {
    const before = JSON.stringify(V0);
    const result = migrate(V0);
    expect(result.from).toBe(0);
    expect(result.error).toBeUndefined();
    expect(result.value).toEqual({
      version: 1,
      seed: 3,
      loss: 'logistic',
      model: { layers: [2, 8, 8, 1], activation: 'relu' },
      data: { name: 'moons', n: 200, noise: 0.2 },
      train: { optimizer: 'momentum', lr: 0.05, steps: 500, batchSize: null },
      probes: { every: 25, eigenvalues: { k: 3 }, trace: null },
    });
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toMatch(/^upgraded a version-0 spec to version 1 \(hidden -> model\.layers/);
    expect(JSON.stringify(V0)).toBe(before); // the input is not modified
  });

  it('treats version 0 like a missing version', () => {
    expect(migrate({ ...V0, version: 0 }).value).toEqual(migrate(V0).value);
  });

  it('derives the layer widths from dataset, classes and loss', () => {
    const layers = (v0: object): unknown => (migrate(v0).value as { model: { layers: unknown } }).model.layers;
    expect(layers({ hidden: [16] })).toEqual([2, 16, 3]); // spirals, 3 classes, cross-entropy
    expect(layers({ hidden: [16], classes: 5 })).toEqual([2, 16, 5]);
    expect(layers({ hidden: [16, 4], dataset: 'sine', loss: 'mse' })).toEqual([1, 16, 4, 1]);
    expect(layers({ hidden: [], dataset: 'moons', loss: 'logistic' })).toEqual([2, 1]);
    expect(layers({ hidden: [32], dataset: 'mnist' })).toEqual([784, 32, 10]);
  });

  it('leaves a spec that is already current alone', () => {
    const spec = { version: SPEC_VERSION, seed: 1 };
    const result = migrate(spec);
    expect(result).toEqual({ value: spec, from: null, notes: [] });
    expect(result.value).toBe(spec);
  });

  it('reads a version-1 spec without a version field unchanged, without notes', () => {
    const spec = { seed: 7, model: { layers: [2, 4, 3] }, train: { lr: 0.2 } };
    expect(migrate(spec)).toEqual({ value: { version: 1, ...spec }, from: 0, notes: [] });
    expect(migrate({})).toEqual({ value: { version: 1 }, from: 0, notes: [] });
  });

  it('keeps the version-1 field when both old and new are present', () => {
    const result = migrate({ lr: 0.3, train: { lr: 0.2 }, hidden: [4], model: { layers: [2, 9, 3] } });
    expect(result.value).toEqual({ version: 1, train: { lr: 0.2 }, model: { layers: [2, 9, 3] } });
    expect(result.notes).toEqual([
      'ignored the old field "hidden" because "model.layers" is also set',
      'ignored the old field "lr" because "train.lr" is also set',
    ]);
  });

  it('leaves what it cannot convert for the schema to report', () => {
    const result = migrate({ hidden: [4], dataset: 'cifar' });
    expect(result.value).toEqual({ version: 1, hidden: [4], data: { name: 'cifar' } });
    expect(result.notes[1]).toContain('left "hidden" in place');
    const parsed = parseSpec({ hidden: [4], dataset: 'cifar' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => e.path)).toEqual(['data.name', 'hidden']);
  });

  it('rejects a spec from a newer lab with a clear message', () => {
    const result = migrate({ version: 2, seed: 1 });
    expect(result.from).toBeNull();
    expect(result.error).toBe(
      'this spec is version 2, made by a newer Curvature Lab; this lab reads versions 0 to 1. Open the link in the current lab (reload the page to update it).',
    );
    const parsed = parseSpec({ version: 7 });
    expect(parsed).toEqual({ ok: false, errors: [{ path: 'version', message: expect.stringContaining('version 7, made by a newer Curvature Lab') }] });
  });

  it('passes values that are not versions or not objects through untouched', () => {
    for (const input of [null, 5, 'x', [1], { version: 'x' }, { version: -1 }, { version: 1.5 }]) {
      expect(migrate(input)).toEqual({ value: input, from: null, notes: [] });
    }
  });

  it('never lets "__proto__" act as a prototype', () => {
    const input = JSON.parse('{"__proto__": {"lr": 5}, "hidden": [4]}');
    const value = migrate(input).value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect((value as { train?: unknown }).train).toBeUndefined();
  });
});

describe('parseSpec with migrations', () => {
  it('parses a version-0 spec and reports the upgrade as a warning', () => {
    const result = parseSpec(V0);
    if (!result.ok) throw new Error(formatSpecErrors(result.errors));
    expect(result.spec.model).toEqual({ layers: [2, 8, 8, 1], activation: 'relu' });
    expect(result.spec.train).toMatchObject({ optimizer: 'momentum', lr: 0.05, steps: 500, batchSize: null });
    expect(result.spec.data).toEqual({ name: 'moons', n: 200, classes: 2, noise: 0.2, testFraction: 0.2 });
    expect(result.spec.probes.every).toBe(25);
    expect(result.spec.probes.eigenvalues).toEqual({ k: 3, method: 'lanczos', steps: 30, reorthogonalize: true });
    expect(result.spec.probes.trace).toBeNull();
    expect(result.warnings[0]).toMatch(/^upgraded a version-0 spec to version 1/);
  });
});
