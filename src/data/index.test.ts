import { describe, expect, it } from 'vitest';
import { DATASET_NAMES, datasetSpecProblems, makeDataset, makeDatasetSync, resolveDatasetSpec, type DatasetSpec } from './index.ts';

/** Specs that are wrong on purpose, typed loosely the way JSON from a URL arrives. */
function bad(spec: Record<string, unknown>): DatasetSpec {
  return spec as unknown as DatasetSpec;
}

describe('makeDataset', () => {
  it('builds every dataset of DATASET_NAMES with its defaults', async () => {
    const expected: Record<string, [number, number, number, number | undefined]> = {
      spirals: [300, 2, 1, 3],
      moons: [300, 2, 1, 2],
      circles: [300, 2, 1, 2],
      xor: [300, 2, 1, 2],
      blobs: [300, 2, 1, 3],
      sine: [300, 1, 1, undefined],
      teacher: [300, 2, 1, undefined],
      mnist: [1000, 784, 1, 10],
      iris: [150, 4, 1, 3],
    };
    expect([...DATASET_NAMES].sort()).toEqual(Object.keys(expected).sort());
    for (const name of DATASET_NAMES) {
      const d = await makeDataset({ name } as DatasetSpec);
      expect([d.n, d.inputDim, d.targetDim, d.classes], name).toEqual(expected[name]);
      expect(d.x).toHaveLength(d.n * d.inputDim);
      expect(d.y).toHaveLength(d.n * d.targetDim);
    }
  });

  it('the examples of the spec format', async () => {
    const spirals = await makeDataset({ name: 'spirals', n: 300, classes: 3, noise: 0.1, seed: 12 });
    expect([spirals.n, spirals.classes]).toEqual([300, 3]);
    expect(makeDatasetSync({ name: 'spirals', n: 300, classes: 3, noise: 0.1, seed: 12 }).x).toEqual(spirals.x);
    const mnist = await makeDataset({ name: 'mnist', n: 1000, downsample: true });
    expect([mnist.n, mnist.inputDim]).toEqual([1000, 196]);
    const teacher = await makeDataset({ name: 'teacher', n: 500, inputDim: 10, classes: 4, teacherLayers: [10, 8, 4] });
    expect([teacher.n, teacher.inputDim, teacher.classes]).toEqual([500, 10, 4]);
    const sine = await makeDataset({ name: 'sine', n: 100, noise: 0.1 });
    expect([sine.n, sine.targetDim, sine.classes]).toEqual([100, 1, undefined]);
    expect((await makeDataset({ name: 'iris' })).n).toBe(150);
  });

  it('resolveDatasetSpec fills the defaults', () => {
    expect(resolveDatasetSpec({ name: 'spirals' })).toEqual({ name: 'spirals', n: 300, classes: 3, noise: 0.1, seed: 0 });
    expect(resolveDatasetSpec({ name: 'teacher', inputDim: 5, classes: 3 })).toEqual({
      name: 'teacher',
      n: 300,
      inputDim: 5,
      task: 'classification',
      classes: 3,
      teacherLayers: [5, 16, 3],
      noise: 0,
      seed: 0,
    });
  });
});

describe('bad specs: the error names the field and what to do', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ name: 'cifar' }, /name: unknown dataset "cifar"; use one of spirals, moons/],
    [{ n: 10 }, /name: unknown dataset undefined/],
    [{ name: 'spirals', n: 0 }, /n: the number of samples must be an integer ≥ 1, got 0/],
    [{ name: 'spirals', n: 2.5 }, /n: .* got 2.5/],
    [{ name: 'spirals', classes: 1 }, /classes: classification needs an integer ≥ 2 classes, got 1/],
    [{ name: 'blobs', n: 3, classes: 4 }, /classes: 4 classes need at least as many samples; raise n/],
    [{ name: 'moons', classes: 3 }, /classes: moons has exactly 2 classes; remove the field or set it to 2/],
    [{ name: 'iris', classes: 4 }, /classes: iris has exactly 3 classes/],
    [{ name: 'sine', noise: -0.1 }, /noise: must be a finite number ≥ 0/],
    [{ name: 'sine', classes: 2 }, /classes: not a field of a 'sine' dataset spec; remove it \(fields: n, noise, seed\)/],
    [{ name: 'xor', nosie: 0.1 }, /nosie: not a field of a 'xor' dataset spec/],
    [{ name: 'mnist', n: 20000 }, /n: mnist has 10000 samples; ask for at most 10000/],
    [{ name: 'mnist', downsample: 'yes' }, /downsample: must be true or false/],
    [{ name: 'circles', seed: -1 }, /seed: must be an integer in \[0, 2\^32\)/],
    [{ name: 'teacher', inputDim: 10, teacherLayers: [8, 4] }, /teacherLayers: the first width 8 is the input width and must equal inputDim 10/],
    [{ name: 'teacher', classes: 3, teacherLayers: [2, 8, 4] }, /teacherLayers: the last width 4 is the number of outputs and must equal classes 3/],
    [{ name: 'teacher', teacherLayers: [2, 0, 1] }, /teacherLayers: must list every width from input to output/],
    [{ name: 'teacher', task: 'regression', classes: 3 }, /classes: a regression teacher has no classes/],
    [{ name: 'teacher', classes: 3, noise: 2 }, /noise: for a classification teacher it is the probability of a random label, so at most 1/],
    [{ name: 'teacher', task: 'ranking' }, /task: must be 'classification' or 'regression'/],
  ];
  for (const [spec, message] of cases) {
    it(JSON.stringify(spec), async () => {
      expect(() => makeDatasetSync(bad(spec))).toThrow(message);
      await expect(makeDataset(bad(spec))).rejects.toThrow(message);
    });
  }

  it('every problem is listed at once', () => {
    const problems = datasetSpecProblems({ name: 'spirals', n: -1, noise: 'high', colour: 'red' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/^colour: .*\nn: .*\nnoise: /);
    expect(datasetSpecProblems({ name: 'spirals' })).toEqual([]);
    expect(datasetSpecProblems(null)[0]).toMatch(/dataset spec: expected an object/);
  });

  it('makeDatasetSync refuses mnist and says what to use', () => {
    expect(() => makeDatasetSync({ name: 'mnist', n: 10 })).toThrow(/use makeDataset \(async\)/);
  });
});
