/** Dataset transforms: sample subsets, seeded train/test splits, per-feature standardization. */
import { CounterRng } from '../math/rng.ts';
import { DATA_STREAMS } from './common.ts';
import type { Dataset } from './dataset.ts';

/** The samples at `indices`, in that order (repeats allowed). */
export function subsetDataset(dataset: Dataset, indices: ArrayLike<number>, name = dataset.name): Dataset {
  const { inputDim, targetDim } = dataset;
  const m = indices.length;
  const x = new Float32Array(m * inputDim);
  const y = new Float32Array(m * targetDim);
  for (let k = 0; k < m; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= dataset.n) {
      throw new Error(`indices[${k}] = ${i}: must be an integer sample index in [0, ${dataset.n})`);
    }
    x.set(dataset.x.subarray(i * inputDim, (i + 1) * inputDim), k * inputDim);
    y.set(dataset.y.subarray(i * targetDim, (i + 1) * targetDim), k * targetDim);
  }
  return { ...dataset, name, n: m, x, y };
}

export interface TrainTestSplit {
  train: Dataset;
  test: Dataset;
  /** Indices into the original dataset, so that results can be traced back to samples. */
  trainIndices: Uint32Array;
  testIndices: Uint32Array;
}

/**
 * A seeded random split; the test part has floor(n · testFraction) samples (the rule of
 * src/experiment/datasets.ts splitSizes; the epsilon keeps 0.29 · 100 from flooring to 28), kept
 * within [1, n − 1] so that neither part is empty.
 */
export function trainTestSplit(dataset: Dataset, testFraction: number, seed: number): TrainTestSplit {
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new Error(`testFraction: must be strictly between 0 and 1, got ${testFraction}`);
  }
  if (dataset.n < 2) throw new Error(`dataset: a split needs at least 2 samples, '${dataset.name}' has ${dataset.n}`);
  const nTest = Math.min(dataset.n - 1, Math.max(1, Math.floor(dataset.n * testFraction + 1e-9)));
  const order = new CounterRng(seed, DATA_STREAMS.split).permutation(dataset.n);
  // Sorted so that each part keeps the original order of its samples.
  const testIndices = order.slice(0, nTest).sort();
  const trainIndices = order.slice(nTest).sort();
  return {
    train: subsetDataset(dataset, trainIndices, `${dataset.name}[train]`),
    test: subsetDataset(dataset, testIndices, `${dataset.name}[test]`),
    trainIndices,
    testIndices,
  };
}

export interface Standardization {
  dataset: Dataset;
  /** Per-feature mean and standard deviation of the input (population, divide by n). */
  mean: Float64Array;
  std: Float64Array;
}

/** (x − mean) / std per feature. A constant feature (std 0, like MNIST's border pixels) is only centered. */
export function applyStandardization(dataset: Dataset, mean: ArrayLike<number>, std: ArrayLike<number>): Dataset {
  const d = dataset.inputDim;
  if (mean.length !== d || std.length !== d) {
    throw new Error(`mean/std: expected ${d} values each (one per feature), got ${mean.length} and ${std.length}`);
  }
  const x = new Float32Array(dataset.x.length);
  for (let i = 0; i < dataset.n; i++) {
    for (let j = 0; j < d; j++) {
      const s = std[j]! > 0 ? std[j]! : 1;
      x[i * d + j] = (dataset.x[i * d + j]! - mean[j]!) / s;
    }
  }
  return { ...dataset, x };
}

/** Zero mean and unit variance per input feature; apply the returned mean/std to test data too. */
export function standardize(dataset: Dataset): Standardization {
  const { n, inputDim: d } = dataset;
  if (n < 1) throw new Error(`dataset: '${dataset.name}' has no samples to standardize`);
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = mean[j]! + dataset.x[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j] = mean[j]! / n;
  // Two passes: Σ(x − mean)² does not cancel catastrophically the way Σx² − n·mean² can.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const r = dataset.x[i * d + j]! - mean[j]!;
      std[j] = std[j]! + r * r;
    }
  }
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]! / n);
  return { dataset: applyStandardization(dataset, mean, std), mean, std };
}
