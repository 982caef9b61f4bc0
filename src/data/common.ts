/**
 * What the dataset generators share: the RNG stream of each purpose and the Dataset constructors.
 * Each purpose has its own stream, so changing how one quantity is drawn never shifts another.
 */
import type { Dataset } from './dataset.ts';

export const DATA_STREAMS = {
  /** Positions along a curve, angles, quadrants: the "where" of a 2-D sample. */
  position: 0xda7a01,
  /** Gaussian jitter of inputs or targets. */
  noise: 0xda7a02,
  teacherWeights: 0xda7a03,
  teacherInputs: 0xda7a04,
  /** Label noise of a classification teacher (which labels flip, and to what). */
  labelNoise: 0xda7a05,
  /** Which samples of a fixed collection (MNIST, Iris) are taken, and in what order. */
  subset: 0xda7a06,
  split: 0xda7a07,
} as const;

export function classificationDataset(name: string, inputDim: number, x: Float32Array, labels: Float32Array, classes: number): Dataset {
  return { name, n: labels.length, inputDim, targetDim: 1, x, y: labels, classes };
}

export function regressionDataset(name: string, inputDim: number, targetDim: number, x: Float32Array, y: Float32Array): Dataset {
  return { name, n: x.length / inputDim, inputDim, targetDim, x, y };
}

/**
 * Class of sample i when n samples are shared by k classes: i mod k, so every prefix of the data
 * (a first mini-batch, a truncated run) is balanced too.
 */
export function balancedLabel(i: number, classes: number): number {
  return i % classes;
}
