/**
 * The samples an experiment trains and tests on, from its spec alone: the dataset, its split and
 * the standardization fitted on the training part. Every engine starts from these (see
 * engine-factory.ts); the page also builds them, to draw 2-D samples before a run sends any.
 */
import { makeDataset, applyStandardization, standardize, trainTestSplit, type Dataset, type DatasetSpec } from '../data/index.ts';
import { splitSizes, type DataSpec, type ExperimentSpec } from './spec.ts';

export interface ExperimentData {
  /** Standardized (except MNIST, whose pixels are already in [0, 1]). */
  readonly train: Dataset;
  /** Absent when the spec holds no samples out (testFraction 0, or too few samples). */
  readonly test?: Dataset;
  /** The per-feature mean and standard deviation applied to train and test inputs, if any. */
  readonly standardization?: { readonly mean: Float64Array; readonly std: Float64Array };
}

/** Samples drawn under a 2-D plot: the first two inputs and the first target of each. */
export interface ShownSamples {
  readonly x: number[][];
  readonly y: number[];
}

/** Most samples a page draws: more are slow to draw and hide each other anyway. */
const MAX_SHOWN = 2000;

function datasetSpecOf(data: DataSpec, seed: number): DatasetSpec {
  const spec: Record<string, unknown> = { name: data.name, n: data.n, seed };
  for (const key of ['classes', 'noise', 'inputDim', 'teacherLayers', 'downsample'] as const) {
    if (data[key] !== undefined) spec[key] = data[key];
  }
  return spec as unknown as DatasetSpec;
}

export async function experimentData(spec: ExperimentSpec): Promise<ExperimentData> {
  const all = await makeDataset(datasetSpecOf(spec.data, spec.seed));
  // The spec's checks (batch size ≤ training samples ...) use splitSizes; a split that rounds to
  // no test samples must leave the training set whole to agree with them.
  const wantsTest = splitSizes(all.n, spec.data.testFraction).test > 0;
  const split = wantsTest ? trainTestSplit(all, spec.data.testFraction, spec.seed) : undefined;
  const train = split?.train ?? all;
  const test = split?.test;
  if (spec.data.name === 'mnist') return { train, ...(test ? { test } : {}) };
  // Statistics of the training part only: the test set must not leak into the inputs' scaling.
  const s = standardize(train);
  return {
    train: s.dataset,
    ...(test ? { test: applyStandardization(test, s.mean, s.std) } : {}),
    standardization: { mean: s.mean, std: s.std },
  };
}

export function shownSamples(train: Dataset): ShownSamples {
  const d = train.inputDim;
  const shown = Math.min(train.n, MAX_SHOWN);
  return {
    x: Array.from({ length: shown }, (_, i) => Array.from(train.x.subarray(i * d, i * d + Math.min(d, 2)))),
    y: Array.from({ length: shown }, (_, i) => train.y[i * train.targetDim]!),
  };
}
