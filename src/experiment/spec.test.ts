import { describe, expect, it } from 'vitest';
import {
  defaultSpec,
  ExperimentSpecSchema,
  formatSpecErrors,
  MAX_PARAMETERS,
  OPTIMIZERS,
  parseSpec,
  specAt,
  type ExperimentSpec,
  type SpecError,
  type SpecParseResult,
} from './spec.ts';

const EXAMPLE = {
  version: 1,
  seed: 7,
  model: { layers: [2, 16, 16, 3], activation: 'tanh' },
  loss: 'cross-entropy',
  data: { name: 'spirals', n: 300, classes: 3, noise: 0.1 },
  train: { optimizer: 'gd', lr: 0.1, steps: 200 },
  probes: { every: 50, eigenvalues: { k: 5 }, trace: { samples: 200 }, density: { probes: 4, steps: 60 } },
};

const DEFAULT_TRAIN = { optimizer: 'gd', lr: 0.1, steps: 200, batchSize: null, momentum: 0.9, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 };
const DEFAULT_PROBES = {
  every: 50,
  operator: 'hessian',
  samples: null,
  eigenvalues: { k: 5, method: 'lanczos', steps: 30, reorthogonalize: true },
  trace: { samples: 100, tolerance: 0.01, perLayer: true, method: 'hutchinson' },
  density: { probes: 4, steps: 60, gridSize: 200, sigma: null },
};
const DEFAULT_SPEC = {
  version: 1,
  seed: 0,
  model: { layers: [2, 16, 16, 3], activation: 'tanh' },
  loss: 'cross-entropy',
  data: { name: 'spirals', n: 300, classes: 3, noise: 0.1, testFraction: 0.2 },
  train: DEFAULT_TRAIN,
  probes: DEFAULT_PROBES,
  changes: [],
  landscape: null,
  problem: null,
  race: null,
  view: {},
};

function ok(result: SpecParseResult): { spec: ExperimentSpec; warnings: string[] } {
  if (!result.ok) throw new Error(`expected a valid spec, got:\n${formatSpecErrors(result.errors)}`);
  return result;
}

function errorsOf(input: unknown): SpecError[] {
  const result = parseSpec(input);
  if (result.ok) throw new Error(`expected errors for ${JSON.stringify(input)}`);
  return result.errors;
}

/** Deep-merges `patch` into the default spec's input so that one field at a time can be broken. */
function withField(path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  const root: Record<string, unknown> = {};
  let node = root;
  keys.slice(0, -1).forEach((key) => {
    node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
  node[keys[keys.length - 1]!] = value;
  return root;
}

describe('parseSpec: valid specs and defaults', () => {
  it('parses the example spec and fills every default', () => {
    const { spec, warnings } = ok(parseSpec(EXAMPLE));
    expect(spec).toEqual({
      ...DEFAULT_SPEC,
      seed: 7,
      probes: { ...DEFAULT_PROBES, trace: { ...DEFAULT_PROBES.trace, samples: 200 } },
    });
    expect(warnings).toEqual([]);
  });

  it('reads {} and {"version":1} as the default experiment', () => {
    expect(ok(parseSpec({})).spec).toEqual(DEFAULT_SPEC);
    expect(ok(parseSpec({ version: 1 })).spec).toEqual(DEFAULT_SPEC);
    expect(defaultSpec()).toEqual(DEFAULT_SPEC);
  });

  it('returns a fresh default each time', () => {
    const a = defaultSpec();
    a.model.layers.push(99);
    a.train.lr = 5;
    expect(defaultSpec().model.layers).toEqual([2, 16, 16, 3]);
    expect(defaultSpec().train.lr).toBe(0.1);
  });

  it('is idempotent: a parsed spec parses to itself', () => {
    const { spec } = ok(parseSpec(EXAMPLE));
    expect(ok(parseSpec(JSON.parse(JSON.stringify(spec)))).spec).toEqual(spec);
  });

  it('null turns a probe off, and eigenvalue steps default to max(30, 2k)', () => {
    const { spec } = ok(parseSpec({ probes: { eigenvalues: { k: 20 }, trace: null, density: null } }));
    expect(spec.probes.eigenvalues).toEqual({ k: 20, method: 'lanczos', steps: 40, reorthogonalize: true });
    expect(spec.probes.trace).toBeNull();
    expect(spec.probes.density).toBeNull();
  });

  it('fills dataset-specific defaults', () => {
    expect(ok(parseSpec({ data: { name: 'moons' }, model: { layers: [2, 8, 2] } })).spec.data).toEqual({
      name: 'moons',
      n: 300,
      classes: 2,
      noise: 0.1,
      testFraction: 0.2,
    });
    expect(ok(parseSpec({ data: { name: 'iris' }, model: { layers: [4, 8, 3] } })).spec.data).toEqual({
      name: 'iris',
      n: 150,
      classes: 3,
      testFraction: 0.2,
    });
    expect(ok(parseSpec({ data: { name: 'mnist', downsample: true }, model: { layers: [196, 32, 10] } })).spec.data).toEqual({
      name: 'mnist',
      n: 1000,
      classes: 10,
      downsample: true,
      testFraction: 0.2,
    });
    expect(ok(parseSpec({ data: { name: 'sine' }, loss: 'mse', model: { layers: [1, 16, 1] } })).spec.data).toEqual({
      name: 'sine',
      n: 300,
      noise: 0.1,
      testFraction: 0.2,
    });
    expect(ok(parseSpec({ data: { name: 'teacher', inputDim: 5 }, loss: 'mse', model: { layers: [5, 16, 1] } })).spec.data).toEqual({
      name: 'teacher',
      n: 300,
      noise: 0,
      inputDim: 5,
      teacherLayers: [5, 16, 1],
      testFraction: 0.2,
    });
    expect(
      ok(parseSpec({ data: { name: 'teacher', classes: 4 }, loss: 'cross-entropy', model: { layers: [2, 16, 4] } })).spec.data,
    ).toEqual({ name: 'teacher', n: 300, classes: 4, noise: 0, inputDim: 2, teacherLayers: [2, 16, 4], testFraction: 0.2 });
  });

  it('fills landscape defaults when a landscape is asked for, and keeps view state', () => {
    const { spec } = ok(parseSpec({ landscape: {}, view: { panels: ['loss', 'spectrum'], zoom: { x: [0, 1] } } }));
    expect(spec.landscape).toEqual({ directions: 'filter', resolution: 21, range: 1, dims: 2, keepBiases: false, every: null, curvatureMap: null });
    expect(spec.view).toEqual({ panels: ['loss', 'spectrum'], zoom: { x: [0, 1] } });
  });

  it('accepts every loss with a matching output width', () => {
    ok(parseSpec({ loss: 'mse' })); // one-hot targets, one output per class
    ok(parseSpec({ loss: 'logistic', data: { name: 'moons' }, model: { layers: [2, 8, 1] } }));
    ok(parseSpec({ loss: 'logistic', data: { name: 'spirals', classes: 2 }, model: { layers: [2, 8, 1] } }));
  });

  it('is what the exported schema itself produces', () => {
    const direct = ExperimentSpecSchema.safeParse(EXAMPLE);
    expect(direct.success).toBe(true);
    expect(direct.data).toEqual(ok(parseSpec(EXAMPLE)).spec);
  });
});

describe('parseSpec: each invalid field is named with what is allowed', () => {
  const cases: [path: string, value: unknown, expectedPath: string, fragment: string][] = [
    ['version', '1', 'version', 'got "1"'],
    ['version', 1.5, 'version', 'must be 1'],
    ['seed', -1, 'seed', 'got -1'],
    ['seed', 1.5, 'seed', 'an integer from 0 to 4294967295'],
    ['seed', 2 ** 32, 'seed', 'got 4294967296'],
    ['seed', 'seven', 'seed', 'got "seven"'],
    ['model', 5, 'model', 'must be an object { layers, activation }, got 5'],
    ['model.layers', [2], 'model.layers', 'got an array of 1 item'],
    ['model.layers', 'wide', 'model.layers', 'an array of 2 to 64 layer widths'],
    ['model.layers', [2, 0, 3], 'model.layers[1]', 'an integer from 1 to 4096, got 0'],
    ['model.layers', [2, 16, 5000, 3], 'model.layers[2]', 'got 5000'],
    ['model.layers', [2, 2.5, 3], 'model.layers[1]', 'got 2.5'],
    ['model.activation', 'softmax', 'model.activation', 'one of "tanh", "relu", "gelu", "sigmoid", "identity", got "softmax"'],
    ['model.activation', 'tahn', 'model.activation', 'did you mean "tanh"?'],
    ['loss', 'hinge', 'loss', 'one of "cross-entropy", "mse", "logistic"'],
    ['data.name', 'cifar', 'data.name', '"spirals", "moons"'],
    ['data.n', 0, 'data.n', 'from 1 to 60000, got 0'],
    ['data.n', 70_000, 'data.n', 'got 70000'],
    ['data.noise', -0.1, 'data.noise', 'from 0 to 5, got -0.1'],
    ['data.noise', 6, 'data.noise', 'got 6'],
    ['data.classes', 1, 'data.classes', 'from 2 to 100, got 1'],
    ['data.testFraction', 0.95, 'data.testFraction', 'from 0 to 0.9'],
    ['data.testFraction', null, 'data.testFraction', 'got null'],
    ['train.optimizer', 'rmsprop', 'train.optimizer', '"gd", "sgd", "momentum", "nesterov", "adam", "adamw", "adahessian", "sophia-h", "sophia-g", "newton-cg", "regularized-newton", "gns", "mfac", "lbfgs", "cbo", "zo", got "rmsprop"'],
    ['train.lr', -1, 'train.lr', 'must be a positive learning rate, e.g. 0.1, got -1'],
    ['train.lr', 0, 'train.lr', 'got 0'],
    ['train.lr', 'fast', 'train.lr', 'got "fast"'],
    ['train.steps', -1, 'train.steps', 'from 0 to 1000000, got -1'],
    ['train.steps', 10.5, 'train.steps', 'got 10.5'],
    ['train.steps', 2e6, 'train.steps', 'got 2000000'],
    ['train.batchSize', 0, 'train.batchSize', 'or null for the full batch, got 0'],
    ['train.batchSize', 'all', 'train.batchSize', 'got "all"'],
    ['train.momentum', 1, 'train.momentum', 'from 0 up to (not including) 1'],
    ['train.beta1', -0.1, 'train.beta1', 'got -0.1'],
    ['train.beta2', 1, 'train.beta2', 'got 1'],
    ['train.eps', 0, 'train.eps', 'a small positive number'],
    ['train.weightDecay', -1, 'train.weightDecay', 'a number ≥ 0'],
    ['probes.every', 0, 'probes.every', 'from 1 to 1000000 steps, got 0'],
    ['probes.operator', 'jacobian', 'probes.operator', '"hessian", "ggn", "fisher"'],
    ['probes.samples', 0, 'probes.samples', 'or null for all of them, got 0'],
    ['probes.eigenvalues', 5, 'probes.eigenvalues', 'or null to turn the eigenvalues off, got 5'],
    ['probes.eigenvalues.k', 0, 'probes.eigenvalues.k', 'from 1 to 50, got 0'],
    ['probes.eigenvalues.k', 51, 'probes.eigenvalues.k', 'got 51'],
    ['probes.eigenvalues.method', 'arnoldi', 'probes.eigenvalues.method', '"lanczos", "power"'],
    ['probes.eigenvalues.steps', 0, 'probes.eigenvalues.steps', 'from 1 to 1000'],
    ['probes.eigenvalues.reorthogonalize', 'yes', 'probes.eigenvalues.reorthogonalize', 'true or false, got "yes"'],
    ['probes.trace', [], 'probes.trace', 'or null to turn the trace off, got an empty array'],
    ['probes.trace.samples', 0, 'probes.trace.samples', 'from 1 to 100000'],
    ['probes.trace.tolerance', 1, 'probes.trace.tolerance', 'up to (not including) 1'],
    ['probes.trace.perLayer', 1, 'probes.trace.perLayer', 'true or false, got 1'],
    ['probes.trace.method', 'hutch', 'probes.trace.method', '"hutchinson", "hutch++"'],
    ['probes.density.probes', 0, 'probes.density.probes', 'from 1 to 100'],
    ['probes.density.steps', 1001, 'probes.density.steps', 'got 1001'],
    ['probes.density.gridSize', 5, 'probes.density.gridSize', 'from 10 to 10000'],
    ['probes.density.sigma', 0, 'probes.density.sigma', 'or null to choose it from the spectrum, got 0'],
    ['changes', 'later', 'changes', 'an array of up to 1000 changes'],
    ['landscape', true, 'landscape', 'or null for no landscape, got true'],
    ['landscape.directions', 'eigen', 'landscape.directions', '"random", "filter", "layer", "hessian", "pca", "interpolate"'],
    ['landscape.resolution', 2, 'landscape.resolution', 'from 3 to 101, got 2'],
    ['landscape.resolution', 102, 'landscape.resolution', 'got 102'],
    ['landscape.range', 0, 'landscape.range', 'a positive half-width'],
    ['landscape.dims', 3, 'landscape.dims', '1 or 2 (a line or a surface), got 3'],
    ['landscape.every', 0, 'landscape.every', 'or null for only after the last step, got 0'],
    ['landscape.curvatureMap', 22, 'landscape.curvatureMap', 'from 3 to 21, or null for no map, got 22'],
    ['landscape.keepBiases', 'no', 'landscape.keepBiases', 'true or false'],
    ['view', 5, 'view', 'must be an object of UI settings'],
    ['view', [1], 'view', 'got an array of 1 item'],
    ['view.panels', 'loss', 'view.panels', 'an array of up to 64 panel names, got "loss"'],
  ];

  it.each(cases)('%s = %j', (path, value, expectedPath, fragment) => {
    const errors = errorsOf(withField(path, value));
    const error = errors.find((e) => e.path === expectedPath);
    expect(error, formatSpecErrors(errors)).toBeDefined();
    expect(error!.message).toContain(fragment);
  });

  it('says "missing" for the one required field, a change\'s step', () => {
    expect(errorsOf({ changes: [{ train: { lr: 0.5 } }] })).toEqual([
      { path: 'changes[0].step', message: 'is missing; must be the step the change applies from: an integer from 0 to 1000000' },
    ]);
  });

  it('checks fields inside changes with the same rules', () => {
    const errors = errorsOf({ changes: [{ step: 10, train: { lr: -2 }, probes: { eigenvalues: { k: 0 }, trace: { method: 'x' } } }] });
    expect(errors.map((e) => e.path)).toEqual(['changes[0].train.lr', 'changes[0].probes.eigenvalues.k', 'changes[0].probes.trace.method']);
    expect(errors[0]!.message).toBe('must be a positive learning rate, e.g. 0.1, got -2');
  });

  it('reports several problems at once, one line each', () => {
    const errors = errorsOf({ seed: -1, train: { lr: -1 }, model: { activation: 'x' } });
    expect(formatSpecErrors(errors).split('\n')).toEqual([
      'seed: must be an integer from 0 to 4294967295 (a 32-bit seed), got -1',
      'model.activation: must be one of "tanh", "relu", "gelu", "sigmoid", "identity", got "x"',
      'train.lr: must be a positive learning rate, e.g. 0.1, got -1',
    ]);
  });

  it('rejects too few samples for the default class count, which the filled-in spec would state', () => {
    expect(errorsOf({ model: { layers: [2, 4, 1] }, loss: 'logistic', data: { name: 'xor', n: 1 } })).toEqual([
      { path: 'data.n', message: 'must be at least 2, the number of classes of xor (every class needs a sample), got 1' },
    ]);
    const parsed = parseSpec({ model: { layers: [2, 4, 1] }, loss: 'logistic', data: { name: 'xor', n: 2 } });
    expect(parsed.ok && parseSpec(JSON.parse(JSON.stringify(parsed.spec))).ok).toBe(true);
  });

  it('rejects a spec that is not an object', () => {
    for (const input of [null, 3, 'spec', [], true]) {
      const errors = errorsOf(input);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.path).toBe('');
      expect(errors[0]!.message).toMatch(/^must be a JSON object \(an experiment spec\), got /);
    }
  });

  it('rejects view values that are not plain JSON or nest too deeply', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = { a: deep };
    expect(errorsOf({ view: { deep } })[0]!.message).toContain('nested too deeply');
    expect(errorsOf({ view: { f: () => 1 } })).toEqual([{ path: 'view.f', message: 'must be JSON (a string, number, boolean, null, array or object), got a function' }]);
    expect(errorsOf({ view: { x: Infinity } })[0]!.path).toBe('view.x');
  });
});

describe('parseSpec: unknown fields', () => {
  it('names an unknown top-level field and lists the allowed ones', () => {
    expect(errorsOf({ colour: 'red' })).toEqual([
      { path: 'colour', message: 'unknown field; allowed here: version, seed, model, loss, data, train, probes, changes, landscape, problem, race, view' },
    ]);
  });

  it('suggests the field that was probably meant', () => {
    const [error] = errorsOf({ train: { optimiser: 'sgd' } });
    expect(error).toEqual({
      path: 'train.optimiser',
      message: 'unknown field (did you mean "optimizer"?); allowed here: optimizer, lr, steps, batchSize, momentum, beta1, beta2, eps, weightDecay, hessianPower, hessianEvery, rho, curvature, damping, cgIterations, cgTolerance, hessianLipschitz, gamma0, memory, particles, alpha, sigma, spread, smoothing, directions',
    });
  });

  it('names unknown fields at any depth, one error per field', () => {
    const errors = errorsOf({
      model: { layers: [2, 16, 3], depth: 2 },
      probes: { eigenvalues: { kk: 3 }, trace: { foo: 1, bar: 2 } },
      landscape: { grid: 3 },
      changes: [{ step: 1, train: { speed: 1 } }, { step: 2, when: 3 }],
    });
    expect(errors.map((e) => e.path)).toEqual([
      'model.depth',
      'probes.eigenvalues.kk',
      'probes.trace.foo',
      'probes.trace.bar',
      'changes[0].train.speed',
      'changes[1].when',
      'landscape.grid',
    ]);
    expect(errors[1]!.message).toContain('allowed here: k, method, steps, reorthogonalize');
    expect(errors[5]!.message).toContain('allowed here: step, train, probes');
  });

  it('names prototype-pollution keys as unknown fields and pollutes nothing', () => {
    const input = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "train": {"__proto__": {"lr": -5}}}');
    const errors = errorsOf(input);
    expect(errors.map((e) => e.path)).toEqual(['train.__proto__', '__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(errorsOf({ view: JSON.parse('{"__proto__": {"polluted": 1}}') })).toEqual([
      { path: 'view.__proto__', message: 'is not allowed as a key (it could change object prototypes); rename it' },
    ]);
  });

  it('names dataset settings the chosen dataset does not take', () => {
    expect(errorsOf({ data: { name: 'iris', noise: 0.1 }, model: { layers: [4, 8, 3] } })).toEqual([
      { path: 'data.noise', message: 'iris has no noise setting; remove it (iris takes: n, testFraction, classes)' },
    ]);
    expect(errorsOf({ data: { downsample: true } })[0]!.path).toBe('data.downsample');
  });
});

describe('parseSpec: cross-field checks', () => {
  it('checks the input width against the dataset', () => {
    expect(errorsOf({ model: { layers: [3, 16, 3] } })).toEqual([
      { path: 'model.layers[0]', message: 'must be 2, the input width of spirals, got 3' },
    ]);
    expect(errorsOf({ data: { name: 'sine' }, loss: 'mse', model: { layers: [2, 8, 1] } })[0]!.message).toBe(
      'must be 1, the input width of sine, got 2',
    );
    expect(errorsOf({ data: { name: 'iris' }, model: { layers: [2, 8, 3] } })[0]!.message).toContain('must be 4');
    expect(errorsOf({ data: { name: 'mnist' }, model: { layers: [196, 8, 10] } })[0]!.message).toContain('must be 784');
    expect(errorsOf({ data: { name: 'mnist', downsample: true }, model: { layers: [784, 8, 10] } })[0]!.message).toContain('must be 196');
    expect(errorsOf({ data: { name: 'teacher', inputDim: 7 }, loss: 'mse', model: { layers: [2, 8, 1] } })[0]!.message).toContain('must be 7');
  });

  it('checks the output width against loss and classes', () => {
    expect(errorsOf({ model: { layers: [2, 16, 4] } })).toEqual([
      { path: 'model.layers[2]', message: 'must be 3, one cross-entropy output per class of spirals, got 4' },
    ]);
    expect(errorsOf({ data: { name: 'spirals', classes: 5 } })[0]).toEqual({
      path: 'model.layers[3]',
      message: 'must be 5, one cross-entropy output per class of spirals, got 3',
    });
    expect(errorsOf({ loss: 'logistic', data: { name: 'moons' }, model: { layers: [2, 8, 2] } })).toEqual([
      { path: 'model.layers[2]', message: 'must be 1: logistic loss has a single output (the log-odds), got 2' },
    ]);
    expect(errorsOf({ loss: 'logistic', model: { layers: [2, 8, 1] } })).toEqual([
      { path: 'loss', message: '"logistic" is a two-class loss but spirals has 3 classes; use "cross-entropy" or "mse", or set data.classes to 2' },
    ]);
    expect(errorsOf({ loss: 'logistic', data: { name: 'iris' }, model: { layers: [4, 8, 1] } })[0]!.message).not.toContain('data.classes');
    expect(errorsOf({ data: { name: 'sine' }, model: { layers: [1, 8, 1] } })).toEqual([
      { path: 'loss', message: 'must be "mse" for sine, whose targets are real numbers, not classes; got "cross-entropy"' },
    ]);
    expect(errorsOf({ data: { name: 'teacher', teacherLayers: [2, 8, 3] }, loss: 'mse', model: { layers: [2, 8, 1] } })[0]).toEqual({
      path: 'model.layers[2]',
      message: 'must be 3, the target width of teacher (the last of data.teacherLayers), got 1',
    });
  });

  it('checks dataset settings against each other', () => {
    expect(errorsOf({ data: { name: 'moons', classes: 3 }, model: { layers: [2, 8, 3] } })).toEqual([
      { path: 'data.classes', message: 'must be 2: moons always has 2 classes, got 3' },
    ]);
    expect(errorsOf({ data: { name: 'spirals', classes: 11 }, model: { layers: [2, 8, 11] } })[0]!.message).toBe(
      'must be from 2 to 10 for spirals, got 11',
    );
    expect(errorsOf({ data: { name: 'iris', n: 151 }, model: { layers: [4, 8, 3] } })).toEqual([
      { path: 'data.n', message: 'must be from 1 to 150, the number of samples iris has, got 151' },
    ]);
    expect(errorsOf({ data: { name: 'spirals', n: 4, classes: 5 }, model: { layers: [2, 8, 5] } })[0]!.path).toBe('data.classes');
    expect(
      errorsOf({ data: { name: 'teacher', inputDim: 3, teacherLayers: [2, 8, 1] }, loss: 'mse', model: { layers: [3, 8, 1] } })[0]!.path,
    ).toBe('data.teacherLayers[0]');
  });

  it('checks batch and probe sample counts against the training split', () => {
    // 300 samples, 20% held out: 240 train.
    ok(parseSpec({ train: { optimizer: 'sgd', batchSize: 240 } }));
    expect(errorsOf({ train: { batchSize: 241 } })).toEqual([
      {
        path: 'train.batchSize',
        message: 'must be at most 240, the number of training samples (data.n 300 minus 60 held out for testing), or null for the full batch; got 241',
      },
    ]);
    expect(errorsOf({ probes: { samples: 241 } })[0]!.path).toBe('probes.samples');
    ok(parseSpec({ data: { testFraction: 0 }, train: { batchSize: 300 } }));
  });

  it('checks eigenvalue, trace and parameter-count limits', () => {
    expect(errorsOf({ probes: { eigenvalues: { k: 40, steps: 30 } } })).toEqual([
      { path: 'probes.eigenvalues.steps', message: 'must be at least k = 40: Lanczos finds at most one eigenvalue per step; got 30' },
    ]);
    ok(parseSpec({ probes: { eigenvalues: { k: 40, steps: 30, method: 'power' } } }));
    // [1, 1] has 2 parameters: at most 2 eigenvalues exist.
    expect(errorsOf({ data: { name: 'sine' }, loss: 'mse', model: { layers: [1, 1] } })).toEqual([
      { path: 'probes.eigenvalues.k', message: 'must be at most 2, the number of model parameters, got 5' },
    ]);
    expect(errorsOf({ probes: { trace: { method: 'hutch++', samples: 2 } } })[0]!.path).toBe('probes.trace.samples');
    const huge = errorsOf({ model: { layers: [2, 4096, 4096, 4096, 3] } });
    expect(huge).toEqual([{ path: 'model.layers', message: expect.stringContaining(`at most ${MAX_PARAMETERS} parameters`) }]);
  });

  it('requires changes sorted by step and checks the settings each change leads to', () => {
    expect(errorsOf({ changes: [{ step: 100, train: { lr: 0.5 } }, { step: 50, train: { lr: 0.1 } }] })).toEqual([
      { path: 'changes[1].step', message: 'must be at least 100, the step of the change before it (changes are sorted by step), got 50' },
    ]);
    expect(errorsOf({ changes: [{ step: 100, train: { batchSize: 500 } }] })).toEqual([
      {
        path: 'changes[0].train.batchSize',
        message:
          'after this change (step 100): must be at most 240, the number of training samples (data.n 300 minus 60 held out for testing), or null for the full batch; got 500',
      },
    ]);
    // A problem already present before the change is reported once, where it starts.
    const errors = errorsOf({ train: { batchSize: 500 }, changes: [{ step: 100, train: { lr: 0.5 } }] });
    expect(errors.map((e) => e.path)).toEqual(['train.batchSize']);
  });
});

describe('parseSpec: warnings', () => {
  it('warns about changes that never apply or change nothing', () => {
    const { warnings } = ok(parseSpec({ changes: [{ step: 10 }, { step: 500, train: { lr: 0.01 } }] }));
    expect(warnings).toEqual([
      'changes[0]: changes nothing (it has neither train nor probes)',
      'changes[1]: step 500 comes after the last training step (200), so this change never applies',
    ]);
  });

  it('warns when Lanczos runs more steps than there are parameters, and about sgd on the full batch', () => {
    const { warnings } = ok(parseSpec({ data: { name: 'sine' }, loss: 'mse', model: { layers: [1, 3, 1] }, train: { optimizer: 'sgd' } }));
    expect(warnings).toEqual([
      'probes.eigenvalues.steps: 30 Lanczos steps on 10 parameters: Lanczos stops after 10',
      'probes.density.steps: 60 Lanczos steps on 10 parameters: each run stops after 10',
      'train.batchSize: sgd with batchSize null uses the full batch every step, which is plain gd; set batchSize for minibatches',
    ]);
  });
});

describe('optimizer hyper-parameters', () => {
  it("fills each optimizer's own defaults when only its name is given, and keeps the old ones for gd/sgd/momentum/adam", () => {
    expect(ok(parseSpec({ train: { optimizer: 'adam' } })).spec.train).toEqual({ ...DEFAULT_TRAIN, optimizer: 'adam' });
    const sophia = ok(parseSpec({ train: { optimizer: 'sophia-g' } })).spec.train;
    expect(sophia).toEqual({ ...DEFAULT_TRAIN, optimizer: 'sophia-g', lr: 0.01, beta1: 0.96, beta2: 0.99, eps: 1e-12, rho: 0.05, hessianEvery: 10 });
    const adahessian = ok(parseSpec({ train: { optimizer: 'adahessian', lr: 0.2 } })).spec.train;
    expect(adahessian).toMatchObject({ lr: 0.2, eps: 1e-4, hessianPower: 1 });
    expect(ok(parseSpec({ train: { optimizer: 'newton-cg' } })).spec.train).toMatchObject({ curvature: 'ggn', damping: 1, cgIterations: 50 });
    expect(ok(parseSpec({ train: { optimizer: 'cbo' } })).spec.train).toMatchObject({ particles: 50, alpha: 30, sigma: 0.8, spread: 0.5 });
    // Every optimizer runs from its name alone, and a parsed spec parses to itself.
    for (const optimizer of OPTIMIZERS) {
      const { spec } = ok(parseSpec({ train: { optimizer } }));
      expect(ok(parseSpec(JSON.parse(JSON.stringify(spec)))).spec).toEqual(spec);
    }
  });

  it('checks the new fields and names them in changes', () => {
    expect(errorsOf({ train: { optimizer: 'sophia-h', rho: 0 } }).map((e) => e.path)).toEqual(['train.rho']);
    expect(errorsOf({ train: { curvature: 'jacobian' } })[0]!.message).toContain('"hessian", "ggn", "fisher"');
    expect(errorsOf({ changes: [{ step: 5, train: { memory: 0 } }] }).map((e) => e.path)).toEqual(['changes[0].train.memory']);
    const { spec } = ok(parseSpec({ changes: [{ step: 5, train: { optimizer: 'gns', gamma0: 2 } }] }));
    expect(specAt(spec, 5).train).toMatchObject({ optimizer: 'gns', gamma0: 2, lr: 0.1 });
  });
});

describe('specAt', () => {
  const { spec } = ok(
    parseSpec({
      probes: { eigenvalues: null },
      changes: [
        { step: 100, train: { lr: 0.05 } },
        { step: 150, probes: { eigenvalues: { k: 3 }, trace: null, every: 10 } },
        { step: 150, train: { optimizer: 'momentum' } },
        { step: 180, probes: { eigenvalues: { steps: 12 }, density: { gridSize: 50 } } },
      ],
    }),
  );

  it('applies every change at or before the step, in order', () => {
    expect(specAt(spec, 0)).toEqual({ train: spec.train, probes: spec.probes });
    expect(specAt(spec, 99).train.lr).toBe(0.1);
    expect(specAt(spec, 100).train).toEqual({ ...DEFAULT_TRAIN, lr: 0.05 });
    const at150 = specAt(spec, 150);
    expect(at150.train).toEqual({ ...DEFAULT_TRAIN, lr: 0.05, optimizer: 'momentum' });
    expect(at150.probes).toEqual({
      ...DEFAULT_PROBES,
      every: 10,
      eigenvalues: { k: 3, method: 'lanczos', steps: 30, reorthogonalize: true },
      trace: null,
    });
    const at999 = specAt(spec, 999);
    expect(at999.probes.eigenvalues).toEqual({ k: 3, method: 'lanczos', steps: 12, reorthogonalize: true });
    expect(at999.probes.density).toEqual({ probes: 4, steps: 60, gridSize: 50, sigma: null });
  });

  it('leaves the spec untouched', () => {
    const before = JSON.stringify(spec);
    specAt(spec, 1000);
    expect(JSON.stringify(spec)).toBe(before);
  });
});

describe('parseSpec never throws on hostile input', () => {
  it('handles deep nesting, huge arrays and odd values', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    let deepObject: unknown = 0;
    for (let i = 0; i < 100_000; i++) deepObject = { view: deepObject };
    const inputs: unknown[] = [
      deep,
      { model: deep },
      { view: deepObject },
      deepObject,
      { model: { layers: new Array(1_000_000).fill('x') } },
      { changes: new Array(5000).fill({ step: 1 }) },
      { train: { lr: Number.NaN } },
      { train: { lr: Infinity } },
      { seed: 10n },
      { seed: Symbol('s') },
      Object.create(null),
      new Date(),
      { data: { name: 'x'.repeat(1_000_000) } },
    ];
    for (const input of inputs) {
      const result = parseSpec(input);
      expect(typeof result.ok).toBe('boolean');
      if (!result.ok) {
        expect(result.errors.length).toBeGreaterThan(0);
        expect(result.errors.length).toBeLessThanOrEqual(51);
        for (const e of result.errors) expect(e.message.length).toBeLessThan(500);
      }
    }
    expect(errorsOf({ data: { name: 'x'.repeat(1_000_000) } })[0]!.message).toContain('(1000000 characters)');
  });
});
