/**
 * The experiment spec: one plain, versioned JSON object that drives the UI, the URL, the
 * headless runner and exported results. Every field has a default so that a link can stay
 * short and `{}` is a runnable experiment; every field is checked so that a mistyped link
 * fails with a message naming the field instead of a NaN three panels later.
 */
import * as z from 'zod';
import { ACTIVATIONS, LOSSES, parameterCount } from '../models/mlp.ts';
import { OPTIMIZER_FIELDS, OPTIMIZER_NAMES, optimizerDefaults, type OptimizerHyperParameter } from '../optim/settings.ts';
import { defaultStart, MAX_TEST_FUNCTION_DIM, QUADRATIC_DEFAULTS, TEST_FUNCTIONS, TEST_FUNCTION_NAMES } from '../models/test-functions.ts';
import {
  DATASETS,
  DATASET_NAMES,
  DATA_OPTIONS,
  datasetInputWidth,
  datasetTargetWidth,
  datasetTask,
  TEACHER_HIDDEN,
  splitSizes,
  type DataSettings,
} from './datasets.ts';
import { migrate, SPEC_VERSION } from './migrations.ts';
import { closestName, formatPath, pathShape, show, unknownFieldMessage, type SpecError } from './spec-errors.ts';

export { formatSpecErrors, type SpecError } from './spec-errors.ts';
export { SPEC_VERSION } from './migrations.ts';
export { DATASETS, DATASET_NAMES, datasetInputWidth, datasetTargetWidth, datasetTask, splitSizes, type DatasetName } from './datasets.ts';

/** Extend these lists (not the schema) to add a method: the schema, messages and UI pick it up. */
export const OPTIMIZERS = OPTIMIZER_NAMES;
export type Optimizer = (typeof OPTIMIZERS)[number];
export const PROBE_OPERATORS = ['hessian', 'ggn', 'fisher'] as const;
export const EIGEN_METHODS = ['lanczos', 'power'] as const;
export const TRACE_METHODS = ['hutchinson', 'hutch++'] as const;
export const LANDSCAPE_DIRECTIONS = ['random', 'filter', 'layer', 'hessian', 'pca', 'interpolate'] as const;

/**
 * WebGPU's default maxStorageBufferBindingSize is 128 MiB, i.e. 2^25 f32 values: the largest
 * parameter vector that binds as one buffer on every adapter.
 */
export const MAX_PARAMETERS = 2 ** 25;

/** Lanczos needs well over k steps for the top k to converge; 30 suffices for the default k = 5. */
export function defaultEigenSteps(k: number): number {
  return Math.max(30, 2 * k);
}

// ---------------------------------------------------------------------------------------------
// Field builders: each attaches one "what is allowed" text to the type and to every bound, so
// any failure of the field reads "must be <allowed>, got <value>".

type RawIssue = z.core.$ZodRawIssue;

function expected(allowed: string, names?: readonly string[]) {
  return (issue: RawIssue): string | undefined => {
    if (issue.code === 'unrecognized_keys') return undefined; // split per key in issuesToErrors
    if (issue.input === undefined) return `is missing; must be ${allowed}`;
    const guess = names && typeof issue.input === 'string' ? closestName(issue.input, names) : undefined;
    return `must be ${allowed}, got ${show(issue.input)}${guess ? ` (did you mean "${guess}"?)` : ''}`;
  };
}

function integer(min: number, max: number, allowed = `an integer from ${min} to ${max}`) {
  const error = expected(allowed);
  return z.int({ error }).min(min, { error }).max(max, { error });
}

function real(allowed: string, bounds: { min?: number; gt?: number; max?: number; lt?: number } = {}) {
  const error = expected(allowed);
  let schema = z.number({ error });
  if (bounds.min !== undefined) schema = schema.gte(bounds.min, { error });
  if (bounds.gt !== undefined) schema = schema.gt(bounds.gt, { error });
  if (bounds.max !== undefined) schema = schema.lte(bounds.max, { error });
  if (bounds.lt !== undefined) schema = schema.lt(bounds.lt, { error });
  return schema;
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: expected(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, values) });
}

function flag() {
  return z.boolean({ error: expected('true or false') });
}

function object<const S extends z.core.$ZodLooseShape>(shape: S, allowed: string) {
  return z.strictObject(shape, { error: expected(allowed) });
}

function list<T extends z.ZodType>(item: T, min: number, max: number, allowed: string) {
  const error = expected(allowed);
  return z.array(item, { error }).min(min, { error }).max(max, { error });
}

// ---------------------------------------------------------------------------------------------
// Sections. The `*Fields` records hold the bare field schemas: the full sections add defaults,
// the patches in `changes` use them without defaults so that a patch only sets what it names.

const layerWidth = integer(1, 4096, 'a layer width: an integer from 1 to 4096');

const ModelSchema = object(
  {
    layers: list(layerWidth, 2, 64, 'an array of 2 to 64 layer widths, input first and output last, e.g. [2, 16, 16, 3]').default(
      () => [2, 16, 16, 3],
    ),
    activation: oneOf(ACTIVATIONS).default('tanh'),
  },
  'an object { layers, activation }',
);

const DataObject = object(
  {
    name: oneOf(DATASET_NAMES).default('spirals'),
    n: integer(1, 60_000, 'a number of samples from 1 to 60000').optional(),
    classes: integer(2, 100, 'a number of classes from 2 to 100').optional(),
    noise: real('a noise level from 0 to 5', { min: 0, max: 5 }).optional(),
    inputDim: integer(1, 4096, 'an input width from 1 to 4096').optional(),
    teacherLayers: list(layerWidth, 2, 16, 'an array of 2 to 16 teacher widths from input to output, e.g. [2, 16, 1]').optional(),
    downsample: flag().optional(),
    testFraction: real('a fraction from 0 to 0.9 of the samples held out for testing', { min: 0, max: 0.9 }).default(0.2),
  },
  'an object { name, n, testFraction, ... }',
);
type DataInput = z.output<typeof DataObject>;

function checkDataOptions(data: DataInput, ctx: z.RefinementCtx<DataInput>): void {
  const fail = (path: PropertyKey[], message: string): void => ctx.addIssue({ code: 'custom', path, message });
  const info = DATASETS[data.name];
  const takes = ['n', 'testFraction', ...info.options].join(', ');
  for (const option of DATA_OPTIONS) {
    if (data[option] !== undefined && !info.options.includes(option)) {
      fail([option], `${data.name} has no ${option} setting; remove it (${data.name} takes: ${takes})`);
    }
  }
  const n = data.n ?? info.defaultN;
  if (n > info.maxN) fail(['n'], `must be from 1 to ${info.maxN}, the number of samples ${data.name} has, got ${n}`);
  if (data.classes !== undefined && info.classRange) {
    const [min, max] = info.classRange;
    if (data.classes < min || data.classes > max) {
      const allowed = min === max ? `${min}: ${data.name} always has ${min} classes` : `from ${min} to ${max} for ${data.name}`;
      fail(['classes'], `must be ${allowed}, got ${data.classes}`);
    } else if (data.classes > n) {
      fail(['classes'], `must be at most data.n = ${n}: every class needs a sample; got ${data.classes}`);
    }
  }
  // A default class count must fit n too: the filled-in spec states it, and its link must parse again.
  const defaultClasses = info.defaults.classes;
  if (data.classes === undefined && info.classRange && defaultClasses !== undefined && defaultClasses > n) {
    fail(['n'], `must be at least ${defaultClasses}, the number of classes of ${data.name} (every class needs a sample), got ${n}`);
  }
  if (data.name !== 'teacher') return;
  const layers = data.teacherLayers;
  if (layers && data.inputDim !== undefined && layers[0] !== data.inputDim) {
    fail(['teacherLayers', 0], `must be ${data.inputDim}, the data.inputDim (the first width is the input), got ${layers[0]}`);
  }
  const last = layers?.[layers.length - 1];
  if (layers && data.classes !== undefined && last !== data.classes) {
    const why = 'a classifying teacher has one output per class';
    fail(['teacherLayers', layers.length - 1], `must be ${data.classes}, the data.classes (${why}), got ${last}`);
  }
  if (data.classes !== undefined && data.noise !== undefined && data.noise > 1) {
    fail(['noise'], `must be at most 1: for a classifying teacher it is the probability of a random label; got ${data.noise}`);
  }
}

/** Dataset-specific defaults are filled in so that a spec states every number its run used. */
function fillDataDefaults(data: DataInput): DataSettings {
  const info = DATASETS[data.name];
  const d = info.defaults;
  const options: Omit<DataSettings, 'name' | 'n' | 'testFraction'> = {};
  if (data.classes !== undefined || d.classes !== undefined) options.classes = data.classes ?? d.classes;
  if (info.options.includes('noise')) options.noise = data.noise ?? d.noise ?? 0;
  if (data.name === 'teacher') {
    const inputDim = data.inputDim ?? data.teacherLayers?.[0] ?? d.inputDim ?? 2;
    options.inputDim = inputDim;
    options.teacherLayers = data.teacherLayers ? [...data.teacherLayers] : [inputDim, TEACHER_HIDDEN, data.classes ?? 1];
  }
  if (info.options.includes('downsample')) options.downsample = data.downsample ?? d.downsample ?? false;
  return { name: data.name, n: data.n ?? info.defaultN, ...options, testFraction: data.testFraction };
}

const DataSchema = DataObject.superRefine(checkDataOptions).transform(fillDataDefaults);

const trainFields = {
  optimizer: oneOf(OPTIMIZERS),
  lr: real('a positive learning rate, e.g. 0.1', { gt: 0 }),
  steps: integer(0, 1_000_000, 'a number of training steps from 0 to 1000000'),
  batchSize: integer(1, 60_000, 'a batch size of at least 1 sample, or null for the full batch').nullable(),
  momentum: real('a momentum from 0 up to (not including) 1, e.g. 0.9', { min: 0, lt: 1 }),
  beta1: real('a decay rate from 0 up to (not including) 1, e.g. 0.9', { min: 0, lt: 1 }),
  beta2: real('a decay rate from 0 up to (not including) 1, e.g. 0.999', { min: 0, lt: 1 }),
  eps: real('a small positive number, e.g. 1e-8', { gt: 0 }),
  weightDecay: real('a number ≥ 0 (0 turns weight decay off)', { min: 0 }),
  // The hyper-parameters of particular optimizers (src/optim/settings.ts has what each one means).
  hessianPower: real('a Hessian power from 0 to 1 (AdaHessian k), e.g. 1', { min: 0, max: 1 }),
  hessianEvery: integer(1, 1_000_000, 'a number of steps from 1 to 1000000 between curvature estimates, e.g. 10'),
  rho: real("a positive clipping scale (Sophia's rho), e.g. 0.01", { gt: 0 }),
  curvature: oneOf(PROBE_OPERATORS),
  damping: real('a positive damping, e.g. 1', { gt: 0 }),
  cgIterations: integer(1, 10_000, 'a number of CG iterations from 1 to 10000'),
  cgTolerance: real('a relative CG tolerance from 0 up to (not including) 1, e.g. 1e-4', { min: 0, lt: 1 }),
  hessianLipschitz: real('a number ≥ 0 (the Hessian Lipschitz constant of regularized Newton; 0 is plain Newton)', { min: 0 }),
  gamma0: real('a positive initial gamma, e.g. 1', { gt: 0 }),
  memory: integer(1, 1024, 'a history size from 1 to 1024'),
  particles: integer(1, 4096, 'a number of particles from 1 to 4096'),
  alpha: real('a number ≥ 0 (the consensus weight exponent), e.g. 30', { min: 0 }),
  sigma: real('a noise level ≥ 0, e.g. 0.8', { min: 0 }),
  spread: real('a spread ≥ 0 of the initial particles, e.g. 1', { min: 0 }),
  smoothing: real('a positive finite-difference radius, e.g. 1e-3', { gt: 0 }),
  directions: integer(1, 10_000, 'a number of random directions per step from 1 to 10000'),
};
const TRAIN_ALLOWED = 'an object { optimizer, lr, steps, batchSize, momentum, beta1, beta2, eps, weightDecay, ... }';

/** Fields whose default depends on the optimizer: filled from its defaults when left out. */
const SHARED_TRAIN_FIELDS = ['lr', 'momentum', 'beta1', 'beta2', 'eps', 'weightDecay'] as const;

/**
 * The optimizer's own defaults for the fields left out: the shared ones (lr, betas, ...) and the
 * ones it alone reads, so the spec states every number its run used. Fields of other optimizers
 * stay absent; a change that switches to one of those gets that optimizer's defaults for them.
 */
function fillTrainDefaults<T extends { optimizer: (typeof OPTIMIZER_NAMES)[number] }>(train: T) {
  const defaults = optimizerDefaults(train.optimizer);
  const given: Record<string, unknown> = { ...train };
  const own: readonly OptimizerHyperParameter[] = [...SHARED_TRAIN_FIELDS, ...OPTIMIZER_FIELDS[train.optimizer]];
  for (const key of own) if (given[key] === undefined) given[key] = defaults[key];
  // In the fields' own order, so that a filled-in spec parses to the same JSON (and the same link) again.
  const filled: Record<string, unknown> = {};
  for (const key of Object.keys(trainFields)) if (given[key] !== undefined) filled[key] = given[key];
  return filled as T & { [K in (typeof SHARED_TRAIN_FIELDS)[number]]: number };
}

const TrainSchema = object(
  {
    optimizer: trainFields.optimizer.default('gd'),
    lr: trainFields.lr.optional(),
    steps: trainFields.steps.default(200),
    batchSize: trainFields.batchSize.default(null),
    momentum: trainFields.momentum.optional(),
    beta1: trainFields.beta1.optional(),
    beta2: trainFields.beta2.optional(),
    eps: trainFields.eps.optional(),
    weightDecay: trainFields.weightDecay.optional(),
    hessianPower: trainFields.hessianPower.optional(),
    hessianEvery: trainFields.hessianEvery.optional(),
    rho: trainFields.rho.optional(),
    curvature: trainFields.curvature.optional(),
    damping: trainFields.damping.optional(),
    cgIterations: trainFields.cgIterations.optional(),
    cgTolerance: trainFields.cgTolerance.optional(),
    hessianLipschitz: trainFields.hessianLipschitz.optional(),
    gamma0: trainFields.gamma0.optional(),
    memory: trainFields.memory.optional(),
    particles: trainFields.particles.optional(),
    alpha: trainFields.alpha.optional(),
    sigma: trainFields.sigma.optional(),
    spread: trainFields.spread.optional(),
    smoothing: trainFields.smoothing.optional(),
    directions: trainFields.directions.optional(),
  },
  TRAIN_ALLOWED,
).transform(fillTrainDefaults);

const eigenFields = {
  k: integer(1, 50, 'a number of eigenvalues from 1 to 50'),
  method: oneOf(EIGEN_METHODS),
  steps: integer(1, 1000, 'a number of iterations from 1 to 1000 (Lanczos steps or power iterations)'),
  reorthogonalize: flag(),
};
const EIGEN_ALLOWED = 'an object { k, method, steps, reorthogonalize }, or null to turn the eigenvalues off';

const EigenSchema = object(
  {
    k: eigenFields.k.default(5),
    method: eigenFields.method.default('lanczos'),
    steps: eigenFields.steps.optional(),
    reorthogonalize: eigenFields.reorthogonalize.default(true),
  },
  EIGEN_ALLOWED,
).transform((e) => ({ k: e.k, method: e.method, steps: e.steps ?? defaultEigenSteps(e.k), reorthogonalize: e.reorthogonalize }));

const traceFields = {
  samples: integer(1, 100_000, 'a number of random probe vectors from 1 to 100000'),
  tolerance: real('a relative tolerance from 0 up to (not including) 1; 0 always uses every sample', { min: 0, lt: 1 }),
  perLayer: flag(),
  method: oneOf(TRACE_METHODS),
};
const TRACE_ALLOWED = 'an object { samples, tolerance, perLayer, method }, or null to turn the trace off';

const TraceSchema = object(
  {
    samples: traceFields.samples.default(100),
    tolerance: traceFields.tolerance.default(0.01),
    perLayer: traceFields.perLayer.default(true),
    method: traceFields.method.default('hutchinson'),
  },
  TRACE_ALLOWED,
);

const densityFields = {
  probes: integer(1, 100, 'a number of random starting vectors from 1 to 100'),
  steps: integer(1, 1000, 'a number of Lanczos steps per starting vector from 1 to 1000'),
  gridSize: integer(10, 10_000, 'a number of grid points from 10 to 10000'),
  sigma: real('a positive smoothing width, or null to choose it from the spectrum', { gt: 0 }).nullable(),
};
const DENSITY_ALLOWED = 'an object { probes, steps, gridSize, sigma }, or null to turn the density off';

const DensitySchema = object(
  {
    probes: densityFields.probes.default(4),
    steps: densityFields.steps.default(60),
    gridSize: densityFields.gridSize.default(200),
    sigma: densityFields.sigma.default(null),
  },
  DENSITY_ALLOWED,
);

const probeFields = {
  every: integer(1, 1_000_000, 'a probe interval from 1 to 1000000 steps'),
  operator: oneOf(PROBE_OPERATORS),
  samples: integer(1, 60_000, 'a number of training samples from 1 to 60000, or null for all of them').nullable(),
};
const PROBES_ALLOWED = 'an object { every, operator, samples, eigenvalues, trace, density }';

const ProbesSchema = object(
  {
    every: probeFields.every.default(50),
    operator: probeFields.operator.default('hessian'),
    samples: probeFields.samples.default(null),
    eigenvalues: EigenSchema.nullable().prefault({}),
    trace: TraceSchema.nullable().prefault({}),
    density: DensitySchema.nullable().prefault({}),
  },
  PROBES_ALLOWED,
);

const TrainPatchSchema = object(trainFields, `${TRAIN_ALLOWED}, with only the fields that change`).partial();
const ProbesPatchSchema = object(
  {
    ...probeFields,
    eigenvalues: object(eigenFields, EIGEN_ALLOWED).partial().nullable(),
    trace: object(traceFields, TRACE_ALLOWED).partial().nullable(),
    density: object(densityFields, DENSITY_ALLOWED).partial().nullable(),
  },
  `${PROBES_ALLOWED}, with only the fields that change`,
).partial();

const ChangeSchema = object(
  {
    step: integer(0, 1_000_000, 'the step the change applies from: an integer from 0 to 1000000'),
    train: TrainPatchSchema.optional(),
    probes: ProbesPatchSchema.optional(),
  },
  'an object { step, train?, probes? }',
);

const LandscapeSchema = object(
  {
    // Filter-normalized directions (Li et al. 2018) make plots of different networks comparable.
    directions: oneOf(LANDSCAPE_DIRECTIONS).default('filter'),
    resolution: integer(3, 101, 'a number of grid points per axis from 3 to 101').default(21),
    range: real('a positive half-width of the plotted region, up to 1000', { gt: 0, max: 1000 }).default(1),
    dims: z.literal([1, 2], { error: expected('1 or 2 (a line or a surface)') }).default(2),
    keepBiases: flag().default(false),
    // null: once, after the last step. The grid is evaluated at once on the GPU, so redrawing it
    // during training is affordable; the landscape (and trajectory) then follow the run.
    every: integer(1, 1_000_000, 'a number of steps between landscapes from 1 to 1000000, or null for only after the last step')
      .nullable()
      .default(null),
    // The top Hessian eigenvalue costs a Lanczos run per point, so its map has its own, coarse grid.
    curvatureMap: integer(3, 21, 'a number of points per axis of the top-eigenvalue map from 3 to 21, or null for no map')
      .nullable()
      .default(null),
  },
  'an object { directions, resolution, range, dims, keepBiases, every, curvatureMap }, or null for no landscape',
);

// A test function instead of the MLP on `data` (src/models/test-functions.ts). Only the
// quadratic takes options; the start defaults to the function's classic one and is filled in.
const ProblemObject = object(
  {
    name: oneOf(TEST_FUNCTION_NAMES),
    dim: integer(1, MAX_TEST_FUNCTION_DIM, `a dimension from 1 to ${MAX_TEST_FUNCTION_DIM}`).default(2),
    start: list(real('a finite coordinate, e.g. -1.2'), 1, MAX_TEST_FUNCTION_DIM, 'an array of dim coordinates, e.g. [-1.2, 1]').optional(),
    condition: real('a condition number from 1 to 1e12, e.g. 100', { min: 1, max: 1e12 }).optional(),
    angle: real('a rotation in degrees from -360 to 360, e.g. 30', { min: -360, max: 360 }).optional(),
  },
  'an object { name, dim, start, condition, angle }, e.g. { "name": "rosenbrock" }, or null to train the model on data',
);
type ProblemInput = z.output<typeof ProblemObject>;

function checkProblem(problem: ProblemInput, ctx: z.RefinementCtx<ProblemInput>): void {
  const fail = (path: PropertyKey[], message: string): void => ctx.addIssue({ code: 'custom', path, message });
  const { name, dim } = problem;
  const { minDim, maxDim } = TEST_FUNCTIONS[name];
  if (dim < minDim || dim > maxDim) {
    fail(['dim'], `must be ${minDim === maxDim ? `${minDim}: ${name} is defined in ${minDim}-D only` : `from ${minDim} to ${maxDim} for ${name}`}, got ${dim}`);
  }
  if (problem.start && problem.start.length !== dim) {
    fail(['start'], `must have ${dim} coordinates (problem.dim), got ${problem.start.length}`);
  }
  if (name !== 'quadratic') {
    for (const option of ['condition', 'angle'] as const) {
      if (problem[option] !== undefined) fail([option], `${name} has no ${option} setting; remove it (only quadratic takes condition and angle)`);
    }
  } else if (problem.angle !== undefined && dim !== 2) {
    fail(['angle'], `applies in 2-D only; in ${dim}-D the eigenvectors are a random orthogonal matrix drawn from seed; remove it`);
  }
}

/** Every number the problem runs with is stated: the start, and the quadratic's condition and angle. */
function fillProblemDefaults(problem: ProblemInput) {
  const { name, dim } = problem;
  const quadratic = name === 'quadratic' ? { condition: problem.condition ?? QUADRATIC_DEFAULTS.condition, ...(dim === 2 ? { angle: problem.angle ?? QUADRATIC_DEFAULTS.angle } : {}) } : {};
  return { name, dim, start: problem.start ? [...problem.start] : Array.from(defaultStart(name, dim)), ...quadratic };
}

const ProblemSchema = ProblemObject.superRefine(checkProblem).transform(fillProblemDefaults);

/** The most racers in one race: each runs its own engine, and the plots need distinguishable lines. */
export const MAX_RACERS = 16;

/** A racer is a train patch applied on top of `train`, like the train part of a change. */
const RacerSchema = object(
  trainFields,
  `${TRAIN_ALLOWED}, with only the fields that differ from train, e.g. { "optimizer": "adam", "lr": 0.05 }`,
).partial();

/** The landscape settings `"landscape": {}` stands for. */
export function landscapeDefaults(): z.output<typeof LandscapeSchema> {
  return LandscapeSchema.parse({});
}

/** UI state is free-form but must stay plain JSON: it goes into URLs and result files. */
export interface ViewSpec {
  panels?: string[];
  [key: string]: unknown;
}

const VIEW_MAX_DEPTH = 8;
const VIEW_MAX_NODES = 10_000;
const VIEW_MAX_STRING = 10_000;
const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function checkView(view: unknown, ctx: z.RefinementCtx<unknown>): void {
  if (!isPlainObject(view)) {
    ctx.addIssue({ code: 'custom', message: `must be an object of UI settings, e.g. { "panels": ["loss", "spectrum"] }, got ${show(view)}` });
    return;
  }
  const panels = Object.hasOwn(view, 'panels') ? view.panels : undefined;
  if (panels !== undefined && !(Array.isArray(panels) && panels.length <= 64 && panels.every((p) => typeof p === 'string' && p.length <= 100))) {
    ctx.addIssue({ code: 'custom', path: ['panels'], message: `must be an array of up to 64 panel names, got ${show(panels)}` });
  }
  // Iterative walk: a hostile link may nest thousands of levels deep.
  const stack: { value: unknown; path: PropertyKey[]; depth: number }[] = [{ value: view, path: [], depth: 0 }];
  let nodes = 0;
  let problems = 0;
  const fail = (path: PropertyKey[], message: string): void => {
    ctx.addIssue({ code: 'custom', path, message });
    problems++;
  };
  while (stack.length > 0 && problems < 10) {
    const { value, path, depth } = stack.pop()!;
    if (++nodes > VIEW_MAX_NODES) {
      fail([], `is too large: at most ${VIEW_MAX_NODES} values are allowed`);
      break;
    }
    if (value === null || typeof value === 'boolean') continue;
    if (typeof value === 'string') {
      if (value.length > VIEW_MAX_STRING) fail(path, `must be a string of at most ${VIEW_MAX_STRING} characters, got ${value.length}`);
      continue;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) fail(path, `must be a finite number (JSON), got ${show(value)}`);
      continue;
    }
    if (Array.isArray(value) || isPlainObject(value)) {
      if (depth >= VIEW_MAX_DEPTH) {
        fail(path, `is nested too deeply: view allows at most ${VIEW_MAX_DEPTH} levels`);
        continue;
      }
      const entries: [PropertyKey, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
      for (const [key, child] of entries) {
        if (typeof key === 'string' && FORBIDDEN_KEYS.includes(key)) {
          fail([...path, key], 'is not allowed as a key (it could change object prototypes); rename it');
        } else stack.push({ value: child, path: [...path, key], depth: depth + 1 });
      }
      continue;
    }
    fail(path, `must be JSON (a string, number, boolean, null, array or object), got ${show(value)}`);
  }
}

const ViewSchema = z
  .unknown()
  .superRefine(checkView)
  .transform((v) => v as ViewSpec)
  .prefault({});

const specShape = {
  version: z.literal(SPEC_VERSION, { error: expected(`${SPEC_VERSION}, the spec version this lab writes`) }).default(SPEC_VERSION),
  seed: integer(0, 0xffff_ffff, 'an integer from 0 to 4294967295 (a 32-bit seed)').default(0),
  model: ModelSchema.prefault({}),
  loss: oneOf(LOSSES).default('cross-entropy'),
  data: DataSchema.prefault({}),
  train: TrainSchema.prefault({}),
  probes: ProbesSchema.prefault({}),
  changes: list(ChangeSchema, 0, 1000, 'an array of up to 1000 changes { step, train?, probes? }, sorted by step').default(() => []),
  landscape: LandscapeSchema.nullable().default(null),
  problem: ProblemSchema.nullable().default(null),
  race: list(
    RacerSchema,
    1,
    MAX_RACERS,
    `an array of 1 to ${MAX_RACERS} racers, each a train patch, e.g. [{ "optimizer": "gd" }, { "optimizer": "adam", "lr": 0.05 }], or null for a single run`,
  )
    .nullable()
    .default(null),
  view: ViewSchema,
};
const SpecObject = object(specShape, 'a JSON object (an experiment spec)');

export type ExperimentSpec = z.output<typeof SpecObject>;
export type ModelSpec = ExperimentSpec['model'];
export type DataSpec = ExperimentSpec['data'];
export type TrainSpec = ExperimentSpec['train'];
export type ProbesSpec = ExperimentSpec['probes'];
export type EigenvaluesSpec = NonNullable<ProbesSpec['eigenvalues']>;
export type TraceSpec = NonNullable<ProbesSpec['trace']>;
export type DensitySpec = NonNullable<ProbesSpec['density']>;
export type LandscapeSpec = NonNullable<ExperimentSpec['landscape']>;
export type ProblemSpec = NonNullable<ExperimentSpec['problem']>;
export type RacerSpec = NonNullable<ExperimentSpec['race']>[number];
export type ChangeSpec = ExperimentSpec['changes'][number];
export type TrainPatch = z.output<typeof TrainPatchSchema>;
export type ProbesPatch = z.output<typeof ProbesPatchSchema>;

/** The allowed fields of every object in the spec, by path shape, for "unknown field" messages. */
const OBJECT_FIELDS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  '': Object.keys(specShape),
  model: Object.keys(ModelSchema.shape),
  data: Object.keys(DataObject.shape),
  train: Object.keys(trainFields),
  probes: Object.keys(ProbesSchema.shape),
  'probes.eigenvalues': Object.keys(eigenFields),
  'probes.trace': Object.keys(traceFields),
  'probes.density': Object.keys(densityFields),
  landscape: Object.keys(LandscapeSchema.shape),
  problem: Object.keys(ProblemObject.shape),
  'race[]': Object.keys(trainFields),
  'changes[]': Object.keys(ChangeSchema.shape),
  'changes[].train': Object.keys(trainFields),
  'changes[].probes': Object.keys(ProbesSchema.shape),
  'changes[].probes.eigenvalues': Object.keys(eigenFields),
  'changes[].probes.trace': Object.keys(traceFields),
  'changes[].probes.density': Object.keys(densityFields),
});

// ---------------------------------------------------------------------------------------------
// Mid-run changes

/** The settings in force at one step: the spec's own, with every change at or before it applied. */
export interface EffectiveSettings {
  train: TrainSpec;
  probes: ProbesSpec;
}

/** A patch's fields that are actually set; `{ lr: undefined }` must not erase the current lr. */
function definedFields<T extends object>(patch: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  return out;
}

function mergeEigen(current: EigenvaluesSpec | null, patch: Partial<EigenvaluesSpec>): EigenvaluesSpec {
  const set = definedFields(patch);
  const k = set.k ?? current?.k ?? 5;
  const base: EigenvaluesSpec = current ?? { k, method: 'lanczos', steps: defaultEigenSteps(k), reorthogonalize: true };
  return { ...base, ...set };
}

const TRACE_DEFAULTS: Readonly<TraceSpec> = Object.freeze({ samples: 100, tolerance: 0.01, perLayer: true, method: 'hutchinson' });
const DENSITY_DEFAULTS: Readonly<DensitySpec> = Object.freeze({ probes: 4, steps: 60, gridSize: 200, sigma: null });

export function applyChange(settings: EffectiveSettings, change: Pick<ChangeSpec, 'train' | 'probes'>): EffectiveSettings {
  const train = change.train ? { ...settings.train, ...definedFields(change.train) } : settings.train;
  if (!change.probes) return { train, probes: settings.probes };
  const { eigenvalues, trace, density, ...flat } = change.probes;
  const probes: ProbesSpec = { ...settings.probes, ...definedFields(flat) };
  if (eigenvalues !== undefined) probes.eigenvalues = eigenvalues === null ? null : mergeEigen(probes.eigenvalues, eigenvalues);
  if (trace !== undefined) probes.trace = trace === null ? null : { ...(probes.trace ?? TRACE_DEFAULTS), ...definedFields(trace) };
  if (density !== undefined) probes.density = density === null ? null : { ...(probes.density ?? DENSITY_DEFAULTS), ...definedFields(density) };
  return { train, probes };
}

/**
 * The train settings racer `racer` runs with. A racer that keeps train's optimizer gets its patch
 * over `train`. A racer that names another optimizer starts from that optimizer's own defaults,
 * so that a racer given only a name runs with its defaults (newton-cg with lr 1, not gd's 0.1);
 * the fields of `train` that differ from its own optimizer's defaults are the user's choices for
 * every racer (steps, a learning rate set on purpose) and carry over; then the patch applies.
 */
export function racerTrain(train: TrainSpec, racer: RacerSpec): TrainSpec {
  const patch = definedFields(racer);
  if (racer.optimizer === undefined || racer.optimizer === train.optimizer) return { ...train, ...patch };
  const own: Record<string, unknown> = TrainSchema.parse({ optimizer: racer.optimizer });
  const trainDefaults: Record<string, unknown> = TrainSchema.parse({ optimizer: train.optimizer });
  const chosen = Object.entries(train).filter(([key, value]) => key !== 'optimizer' && value !== undefined && value !== trainDefaults[key]);
  return { ...own, ...Object.fromEntries(chosen), ...patch } as TrainSpec;
}

/** The effective train/probes settings at `step`: every change with change.step ≤ step applied in order. */
export function specAt(spec: ExperimentSpec, step: number): EffectiveSettings {
  let settings: EffectiveSettings = { train: spec.train, probes: spec.probes };
  for (const change of spec.changes) if (change.step <= step) settings = applyChange(settings, change);
  return settings;
}

// ---------------------------------------------------------------------------------------------
// Cross-field checks

interface Problem {
  path: PropertyKey[];
  message: string;
}

interface RunFacts {
  trainSamples: number;
  testSamples: number;
  n: number;
  parameters: number;
  /** Set when the spec runs a test function: there are no samples, so batches and probe subsets do not apply. */
  problem?: string;
}

/** Checks of train/probes settings that depend on the data and model; run at step 0 and after each change. */
function checkSettings(s: EffectiveSettings, facts: RunFacts, errors: Problem[], warnings: Problem[]): void {
  const fail = (path: PropertyKey[], message: string): void => void errors.push({ path, message });
  const warn = (path: PropertyKey[], message: string): void => void warnings.push({ path, message });
  const { train, probes } = s;
  const { trainSamples, parameters } = facts;
  const split = `the number of training samples (data.n ${facts.n} minus ${facts.testSamples} held out for testing)`;
  if (facts.problem !== undefined) {
    const ignored = `is ignored: the test function ${facts.problem} has no samples`;
    if (train.batchSize !== null) warn(['train', 'batchSize'], `${ignored}, so every step uses the exact gradient`);
    if (probes.samples !== null) warn(['probes', 'samples'], `${ignored}; probes use the exact Hessian`);
  } else if (train.batchSize !== null && train.batchSize > trainSamples) {
    fail(['train', 'batchSize'], `must be at most ${trainSamples}, ${split}, or null for the full batch; got ${train.batchSize}`);
  }
  if (facts.problem === undefined && probes.samples !== null && probes.samples > trainSamples) {
    fail(['probes', 'samples'], `must be at most ${trainSamples}, ${split}, or null for all of them; got ${probes.samples}`);
  }
  const eig = probes.eigenvalues;
  if (eig) {
    const at = (field: string): PropertyKey[] => ['probes', 'eigenvalues', field];
    if (eig.k > parameters && facts.problem !== undefined) {
      warn(at('k'), `${eig.k} eigenvalues asked of ${facts.problem} in ${parameters}-D: the probes report all ${parameters}`);
    } else if (eig.k > parameters) fail(at('k'), `must be at most ${parameters}, the number of model parameters, got ${eig.k}`);
    if (eig.method === 'lanczos' && eig.steps < eig.k) {
      fail(at('steps'), `must be at least k = ${eig.k}: Lanczos finds at most one eigenvalue per step; got ${eig.steps}`);
    }
    if (eig.method === 'lanczos' && eig.steps > parameters && facts.problem === undefined) {
      warn(at('steps'), `${eig.steps} Lanczos steps on ${parameters} parameters: Lanczos stops after ${parameters}`);
    }
    if (eig.method === 'lanczos' && !eig.reorthogonalize) {
      warn(at('reorthogonalize'), 'without reorthogonalization Lanczos in f32 reports spurious copies ("ghosts") of the top eigenvalues');
    }
  }
  if (probes.trace && probes.trace.method === 'hutch++' && probes.trace.samples < 3) {
    fail(['probes', 'trace', 'samples'], `must be at least 3 for hutch++, which splits its samples in three parts; got ${probes.trace.samples}`);
  }
  if (probes.density && probes.density.steps > parameters && facts.problem === undefined) {
    warn(['probes', 'density', 'steps'], `${probes.density.steps} Lanczos steps on ${parameters} parameters: each run stops after ${parameters}`);
  }
  if (train.optimizer === 'sgd' && train.batchSize === null && facts.problem === undefined) {
    warn(['train', 'batchSize'], 'sgd with batchSize null uses the full batch every step, which is plain gd; set batchSize for minibatches');
  }
}

function dataLabel(data: DataSpec): string {
  if (data.name === 'teacher') return 'teacher (data.inputDim)';
  if (data.name === 'mnist') return data.downsample ? 'mnist downsampled to 14x14' : 'mnist (28x28 pixels; data.downsample gives 196)';
  return data.name;
}

function checkArchitecture(spec: ExperimentSpec, errors: Problem[]): void {
  const fail = (path: PropertyKey[], message: string): void => void errors.push({ path, message });
  const { layers } = spec.model;
  const { data, loss } = spec;
  const last = layers.length - 1;
  const inputWidth = datasetInputWidth(data);
  if (layers[0] !== inputWidth) fail(['model', 'layers', 0], `must be ${inputWidth}, the input width of ${dataLabel(data)}, got ${layers[0]}`);
  const output = layers[last]!;
  const outputPath = ['model', 'layers', last];
  if (datasetTask(data) === 'regression') {
    const target = datasetTargetWidth(data);
    const teacher = data.name === 'teacher';
    if (loss !== 'mse') {
      const hint = teacher ? ' (or give data.classes for a classifying teacher)' : '';
      fail(['loss'], `must be "mse" for ${data.name}, whose targets are real numbers, not classes${hint}; got ${JSON.stringify(loss)}`);
    } else if (output !== target) {
      const source = teacher ? ' (the last of data.teacherLayers)' : '';
      fail(outputPath, `must be ${target}, the target width of ${data.name}${source}, got ${output}`);
    }
    return;
  }
  const classes = data.classes ?? datasetTargetWidth(data);
  if (loss === 'logistic') {
    const range = DATASETS[data.name].classRange;
    if (classes !== 2) {
      const orClasses = range && range[0] <= 2 && range[1] >= 2 ? ', or set data.classes to 2' : '';
      fail(['loss'], `"logistic" is a two-class loss but ${data.name} has ${classes} classes; use "cross-entropy" or "mse"${orClasses}`);
    } else if (output !== 1) {
      fail(outputPath, `must be 1: logistic loss has a single output (the log-odds), got ${output}`);
    }
  } else if (output !== classes) {
    fail(outputPath, `must be ${classes}, one ${loss} output per class of ${data.name}, got ${output}`);
  }
}

/**
 * Each racer's train settings (its patch over `train`) get the checks `train` gets; a problem the
 * base `train` already has is reported there, not once more per racer.
 */
function checkRace(spec: ExperimentSpec, facts: RunFacts, errors: Problem[], warnings: Problem[]): void {
  if (!spec.race) return;
  const base = { train: spec.train, probes: spec.probes };
  const baseErrors: Problem[] = [];
  const baseWarnings: Problem[] = [];
  checkSettings(base, facts, baseErrors, baseWarnings);
  const known = new Set([...baseErrors, ...baseWarnings].map((p) => p.message));
  spec.race.forEach((racer, i) => {
    const racerErrors: Problem[] = [];
    const racerWarnings: Problem[] = [];
    checkSettings({ train: racerTrain(spec.train, racer), probes: spec.probes }, facts, racerErrors, racerWarnings);
    for (const [found, out] of [[racerErrors, errors], [racerWarnings, warnings]] as const) {
      for (const p of found) {
        if (p.path[0] !== 'train' || known.has(p.message)) continue;
        out.push({ path: ['race', i, ...p.path.slice(1)], message: p.message });
      }
    }
  });
  if (spec.changes.length > 0) {
    warnings.push({ path: ['changes'], message: 'in a race every racer gets these changes, on top of its own settings' });
  }
}

/** Every cross-field error and warning of a structurally valid spec. */
function crossCheck(spec: ExperimentSpec): { errors: Problem[]; warnings: Problem[] } {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const { problem } = spec;
  // With a test function, model, loss and data are not used: nothing to check between them.
  if (!problem) checkArchitecture(spec, errors);
  const parameters = problem ? problem.dim : parameterCount(spec.model.layers);
  if (!problem && parameters > MAX_PARAMETERS) {
    const limit = `make a model with at most ${MAX_PARAMETERS} parameters (one 128 MiB WebGPU buffer of f32)`;
    errors.push({ path: ['model', 'layers'], message: `${limit}; these widths give ${parameters}` });
  }
  const split = splitSizes(spec.data.n, spec.data.testFraction);
  const facts: RunFacts = { trainSamples: split.train, testSamples: split.test, n: spec.data.n, parameters, ...(problem ? { problem: problem.name } : {}) };

  const key = (p: Problem): string => `${formatPath(p.path)}|${p.message}`;
  let settings: EffectiveSettings = { train: spec.train, probes: spec.probes };
  let seen = new Set<string>();
  const check = (prefix: PropertyKey[], changeLabel: string): void => {
    const now: Problem[] = [];
    const notes: Problem[] = [];
    checkSettings(settings, facts, now, notes);
    // Report a problem where it first appears: a change that leaves batchSize alone is not to blame for it.
    const next = new Set<string>();
    for (const [list, out] of [[now, errors], [notes, warnings]] as const) {
      for (const p of list) {
        next.add(key(p));
        if (!seen.has(key(p))) out.push({ path: [...prefix, ...p.path], message: changeLabel + p.message });
      }
    }
    seen = next;
  };
  check([], '');

  let previousStep = 0;
  spec.changes.forEach((change, i) => {
    if (change.step < previousStep) {
      const message = `must be at least ${previousStep}, the step of the change before it (changes are sorted by step), got ${change.step}`;
      errors.push({ path: ['changes', i, 'step'], message });
    }
    previousStep = Math.max(previousStep, change.step);
    if (change.step > spec.train.steps) {
      const message = `step ${change.step} comes after the last training step (${spec.train.steps}), so this change never applies`;
      warnings.push({ path: ['changes', i], message });
    }
    if (!change.train && !change.probes) {
      warnings.push({ path: ['changes', i], message: 'changes nothing (it has neither train nor probes)' });
    }
    settings = applyChange(settings, change);
    check(['changes', i], `after this change (step ${change.step}): `);
  });
  checkRace(spec, facts, errors, warnings);
  // A race runs no probes (race.ts): notes about their settings would only distract.
  if (spec.race) return { errors, warnings: warnings.filter((w) => w.path[0] !== 'probes') };
  return { errors, warnings };
}

export const ExperimentSpecSchema = SpecObject.superRefine((spec, ctx) => {
  for (const problem of crossCheck(spec).errors) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
});

// ---------------------------------------------------------------------------------------------
// Entry points

export type SpecParseResult = { ok: true; spec: ExperimentSpec; warnings: string[] } | { ok: false; errors: SpecError[] };

/** A flood of errors (a 10^6-element array of strings) helps nobody and costs memory. */
const MAX_ERRORS = 50;

function issuesToErrors(issues: readonly z.core.$ZodIssue[]): SpecError[] {
  const errors: SpecError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const shape = pathShape(issue.path);
      const allowed = Object.hasOwn(OBJECT_FIELDS, shape) ? OBJECT_FIELDS[shape] : undefined;
      for (const key of issue.keys) errors.push({ path: formatPath([...issue.path, key]), message: unknownFieldMessage(key, allowed) });
    } else {
      errors.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  if (errors.length <= MAX_ERRORS) return errors;
  return [...errors.slice(0, MAX_ERRORS), { path: '', message: `… and ${errors.length - MAX_ERRORS} more problems; fix the ones above first` }];
}

/**
 * Read any value as an experiment spec: migrate old versions, fill defaults, validate.
 * Never throws: a link is user input, and a crash would hide which field is wrong.
 */
export function parseSpec(input: unknown): SpecParseResult {
  try {
    const migration = migrate(input);
    if (migration.error !== undefined) return { ok: false, errors: [{ path: 'version', message: migration.error }] };
    const result = ExperimentSpecSchema.safeParse(migration.value);
    if (!result.success) return { ok: false, errors: issuesToErrors(result.error.issues) };
    const warnings = crossCheck(result.data).warnings.map((w) => `${formatPath(w.path)}: ${w.message}`);
    return { ok: true, spec: result.data, warnings: [...migration.notes, ...warnings] };
  } catch (error) {
    // Only reachable through a bug (or a stack overflow on absurd input); say so instead of crashing the page.
    const reason = error instanceof Error ? error.message : String(error);
    const message = `the spec could not be checked (${reason.slice(0, 200)}); please report this with the link`;
    return { ok: false, errors: [{ path: '', message }] };
  }
}

/** The default experiment: a fresh object each call, safe to edit. */
export function defaultSpec(): ExperimentSpec {
  return ExperimentSpecSchema.parse({});
}
