/**
 * Dataset specs: plain objects such as `{ name: 'spirals', n: 300, classes: 3, noise: 0.1, seed: 1 }`,
 * their defaults and their validation. Every problem message names the field and says what to do.
 */

export const DATASET_NAMES = ['spirals', 'moons', 'circles', 'xor', 'blobs', 'sine', 'teacher', 'mnist', 'iris'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

interface Seeded {
  /** Same seed, same data. Default 0. */
  seed?: number;
}

export interface SpiralsSpec extends Seeded {
  name: 'spirals';
  n?: number;
  /** Number of arms, one class each. */
  classes?: number;
  /** Standard deviation of the Gaussian jitter; the spirals reach radius 1. */
  noise?: number;
}
export interface BlobsSpec extends Seeded {
  name: 'blobs';
  n?: number;
  classes?: number;
  /** Standard deviation of each blob; the centers lie on a circle of radius 2. */
  noise?: number;
}
/** Two-class 2-D sets; `classes`, when given, must be 2. */
export interface TwoClassSpec extends Seeded {
  name: 'moons' | 'circles' | 'xor';
  n?: number;
  classes?: 2;
  noise?: number;
}
export interface SineSpec extends Seeded {
  name: 'sine';
  n?: number;
  /** Standard deviation of the noise on y = sin x. */
  noise?: number;
}
export interface TeacherSpec extends Seeded {
  name: 'teacher';
  n?: number;
  inputDim?: number;
  /** Classification with this many classes (argmax of the teacher's outputs). */
  classes?: number;
  /** Every width of the teacher from input to output, e.g. [10, 8, 4]; tanh hidden layers. */
  teacherLayers?: readonly number[];
  /** Default: classification when `classes` is given, else regression. */
  task?: 'classification' | 'regression';
  /** Regression: standard deviation of Gaussian noise on the targets. Classification: probability of a random label. */
  noise?: number;
}
export interface MnistSpec extends Seeded {
  name: 'mnist';
  /** Size of the seeded subset of the 10,000 digits of the `mnist` package. */
  n?: number;
  /** 2×2 average pooling to 14×14. */
  downsample?: boolean;
  classes?: 10;
}
export interface IrisSpec extends Seeded {
  name: 'iris';
  /** A seeded subset of the 150 flowers; default all of them, in the package's order. */
  n?: number;
  classes?: 3;
}

export type DatasetSpec = SpiralsSpec | BlobsSpec | TwoClassSpec | SineSpec | TeacherSpec | MnistSpec | IrisSpec;

export const MNIST_SIZE = 10_000;
export const IRIS_SIZE = 150;

/** Fields each dataset accepts, besides `name`. */
export const DATASET_FIELDS: { readonly [K in DatasetName]: readonly string[] } = {
  spirals: ['n', 'classes', 'noise', 'seed'],
  moons: ['n', 'classes', 'noise', 'seed'],
  circles: ['n', 'classes', 'noise', 'seed'],
  xor: ['n', 'classes', 'noise', 'seed'],
  blobs: ['n', 'classes', 'noise', 'seed'],
  sine: ['n', 'noise', 'seed'],
  teacher: ['n', 'inputDim', 'classes', 'teacherLayers', 'task', 'noise', 'seed'],
  mnist: ['n', 'downsample', 'classes', 'seed'],
  iris: ['n', 'classes', 'seed'],
};

export const DATASET_DEFAULTS = {
  n: { spirals: 300, moons: 300, circles: 300, xor: 300, blobs: 300, sine: 300, teacher: 300, mnist: 1000, iris: IRIS_SIZE },
  noise: { spirals: 0.1, moons: 0.1, circles: 0.1, xor: 0.1, blobs: 0.1, sine: 0.1, teacher: 0 },
  classes: { spirals: 3, blobs: 3 },
  teacherInputDim: 2,
  teacherHidden: 16,
} as const;

/** A spec with every default filled in and every value checked. */
type Toy2dName = 'spirals' | 'blobs' | 'moons' | 'circles' | 'xor';
type ResolvedToy2d = { [N in Toy2dName]: { name: N; n: number; classes: number; noise: number; seed: number } }[Toy2dName];

export type ResolvedDatasetSpec =
  | ResolvedToy2d
  | { name: 'sine'; n: number; noise: number; seed: number }
  | {
      name: 'teacher';
      n: number;
      inputDim: number;
      task: 'classification' | 'regression';
      /** Number of classes for classification; undefined for regression. */
      classes: number | undefined;
      teacherLayers: number[];
      noise: number;
      seed: number;
    }
  | { name: 'mnist'; n: number; downsample: boolean; seed: number }
  | { name: 'iris'; n: number; seed: number };

const FIXED_CLASSES: Readonly<Partial<Record<DatasetName, number>>> = { moons: 2, circles: 2, xor: 2, mnist: 10, iris: 3 };

function isInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `[${v.slice(0, 8).map(describe).join(', ')}${v.length > 8 ? ', …' : ''}]`;
  if (v !== null && typeof v === 'object') return 'an object';
  return String(v);
}

/** Validates and fills defaults; `problems` collects one message per bad field. */
function resolve(spec: unknown, problems: string[]): ResolvedDatasetSpec | undefined {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    problems.push(`dataset spec: expected an object like { name: 'spirals', n: 300 }, got ${describe(spec)}`);
    return undefined;
  }
  const s = spec as Record<string, unknown>;
  const name = s.name;
  if (typeof name !== 'string' || !(DATASET_NAMES as readonly string[]).includes(name)) {
    problems.push(`name: unknown dataset ${describe(name)}; use one of ${DATASET_NAMES.join(', ')}`);
    return undefined;
  }
  const ds = name as DatasetName;
  const allowed = DATASET_FIELDS[ds];
  for (const key of Object.keys(s)) {
    if (key !== 'name' && !allowed.includes(key)) {
      problems.push(`${key}: not a field of a '${ds}' dataset spec; remove it (fields: ${allowed.join(', ')})`);
    }
  }

  const seed = s.seed ?? 0;
  if (!isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    problems.push(`seed: must be an integer in [0, 2^32), got ${describe(s.seed)}`);
  }
  const maxN = ds === 'mnist' ? MNIST_SIZE : ds === 'iris' ? IRIS_SIZE : Infinity;
  const n = s.n ?? DATASET_DEFAULTS.n[ds];
  if (!isInteger(n) || n < 1) problems.push(`n: the number of samples must be an integer ≥ 1, got ${describe(s.n)}`);
  else if (n > maxN) problems.push(`n: ${ds} has ${maxN} samples; ask for at most ${maxN}, got ${n}`);

  let noise = 0;
  if (ds !== 'mnist' && ds !== 'iris') {
    noise = (s.noise ?? DATASET_DEFAULTS.noise[ds]) as number;
    const isProbability = ds === 'teacher' && s.task !== 'regression' && (s.task === 'classification' || s.classes !== undefined);
    if (typeof noise !== 'number' || !Number.isFinite(noise) || noise < 0) {
      problems.push(`noise: must be a finite number ≥ 0, got ${describe(s.noise)}`);
    } else if (isProbability && noise > 1) {
      problems.push(`noise: for a classification teacher it is the probability of a random label, so at most 1; got ${noise}`);
    }
  }

  const fixed = FIXED_CLASSES[ds];
  if (fixed !== undefined && s.classes !== undefined && s.classes !== fixed) {
    problems.push(`classes: ${ds} has exactly ${fixed} classes; remove the field or set it to ${fixed}, got ${describe(s.classes)}`);
  }
  const checkClasses = (classes: unknown): classes is number => {
    if (!isInteger(classes) || classes < 2) {
      problems.push(`classes: classification needs an integer ≥ 2 classes, got ${describe(classes)}`);
      return false;
    }
    if (isInteger(n) && n >= 1 && classes > n) {
      problems.push(`classes: ${classes} classes need at least as many samples; raise n (${n}) or lower classes`);
      return false;
    }
    return true;
  };

  const ok = problems.length === 0;
  switch (ds) {
    case 'spirals':
    case 'blobs': {
      const classes = s.classes ?? DATASET_DEFAULTS.classes[ds];
      if (!checkClasses(classes) || !ok) return undefined;
      return { name: ds, n: n as number, classes, noise, seed: seed as number };
    }
    case 'moons':
    case 'circles':
    case 'xor':
      return ok ? { name: ds, n: n as number, classes: 2, noise, seed: seed as number } : undefined;
    case 'sine':
      return ok ? { name: ds, n: n as number, noise, seed: seed as number } : undefined;
    case 'mnist': {
      const downsample = s.downsample ?? false;
      if (typeof downsample !== 'boolean') problems.push(`downsample: must be true or false, got ${describe(s.downsample)}`);
      return problems.length === 0 ? { name: ds, n: n as number, downsample: downsample as boolean, seed: seed as number } : undefined;
    }
    case 'iris':
      return ok ? { name: ds, n: n as number, seed: seed as number } : undefined;
    case 'teacher':
      return resolveTeacher(s, n as number, noise, seed as number, problems, checkClasses);
  }
}

function resolveTeacher(
  s: Record<string, unknown>,
  n: number,
  noise: number,
  seed: number,
  problems: string[],
  checkClasses: (c: unknown) => c is number,
): ResolvedDatasetSpec | undefined {
  const task = s.task ?? (s.classes !== undefined ? 'classification' : 'regression');
  if (task !== 'classification' && task !== 'regression') {
    problems.push(`task: must be 'classification' or 'regression', got ${describe(s.task)}`);
    return undefined;
  }
  const layers = s.teacherLayers;
  if (layers !== undefined) {
    if (!Array.isArray(layers) || layers.length < 2 || !layers.every((w) => isInteger(w) && w >= 1)) {
      problems.push(
        `teacherLayers: must list every width from input to output as positive integers, e.g. [10, 8, 4]; got ${describe(layers)}`,
      );
      return undefined;
    }
  }
  const given = layers as number[] | undefined;
  const inputDim = s.inputDim ?? given?.[0] ?? DATASET_DEFAULTS.teacherInputDim;
  if (!isInteger(inputDim) || inputDim < 1) {
    problems.push(`inputDim: must be an integer ≥ 1, got ${describe(s.inputDim)}`);
    return undefined;
  }
  if (given && given[0] !== inputDim) {
    problems.push(`teacherLayers: the first width ${given[0]} is the input width and must equal inputDim ${inputDim}`);
  }
  const last = given?.[given.length - 1];
  let classes: number | undefined;
  let outputs: number;
  if (task === 'classification') {
    const c = s.classes ?? last;
    if (c === undefined) {
      problems.push('classes: a classification teacher needs classes (or teacherLayers ending in the class count)');
      return undefined;
    }
    if (!checkClasses(c)) return undefined;
    if (last !== undefined && last !== c) {
      problems.push(`teacherLayers: the last width ${last} is the number of outputs and must equal classes ${c}`);
    }
    classes = c;
    outputs = c;
  } else {
    if (s.classes !== undefined) {
      problems.push("classes: a regression teacher has no classes; remove the field or set task: 'classification'");
    }
    outputs = last ?? 1;
  }
  if (problems.length > 0) return undefined;
  return {
    name: 'teacher',
    n,
    inputDim,
    task,
    classes,
    teacherLayers: given ? [...given] : [inputDim, DATASET_DEFAULTS.teacherHidden, outputs],
    noise,
    seed,
  };
}

/** Every problem with a spec, as messages that name the field; empty when the spec is usable. */
export function datasetSpecProblems(spec: unknown): string[] {
  const problems: string[] = [];
  resolve(spec, problems);
  return problems;
}

/** The spec with defaults filled in; throws an Error listing every problem. */
export function resolveDatasetSpec(spec: unknown): ResolvedDatasetSpec {
  const problems: string[] = [];
  const resolved = resolve(spec, problems);
  if (!resolved || problems.length > 0) throw new Error(`invalid dataset spec: ${problems.join('; ')}`);
  return resolved;
}

/** resolveDatasetSpec for a known dataset name, typed to that dataset's resolved spec. */
export function resolveSpecOf<N extends DatasetName>(name: N, options: object): Extract<ResolvedDatasetSpec, { name: N }> {
  return resolveDatasetSpec({ ...options, name }) as Extract<ResolvedDatasetSpec, { name: N }>;
}
