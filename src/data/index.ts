/**
 * Building a dataset from a spec: `makeDataset({ name: 'spirals', n: 300, classes: 3, noise: 0.1, seed: 1 })`.
 * Async because MNIST is loaded lazily; every other dataset is also available synchronously.
 */
import type { Dataset } from './dataset.ts';
import { iris } from './iris.ts';
import { loadMnistDigits, mnistDataset } from './mnist.ts';
import { sine } from './sine.ts';
import { resolveDatasetSpec, type DatasetSpec, type MnistSpec } from './spec.ts';
import { teacher } from './teacher.ts';
import { blobs, circles, moons, spirals, xor } from './toy2d.ts';

export type { Dataset } from './dataset.ts';
export {
  DATASET_DEFAULTS,
  DATASET_FIELDS,
  DATASET_NAMES,
  datasetSpecProblems,
  resolveDatasetSpec,
  type DatasetName,
  type BlobsSpec,
  type DatasetSpec,
  type IrisSpec,
  type MnistSpec,
  type SineSpec,
  type SpiralsSpec,
  type TeacherSpec,
  type TwoClassSpec,
  type ResolvedDatasetSpec,
} from './spec.ts';
export { applyStandardization, standardize, subsetDataset, trainTestSplit, type Standardization, type TrainTestSplit } from './transforms.ts';
export { blobs, circles, iris, moons, sine, spirals, teacher, xor };
export { loadMnist, loadMnistDigits, mnistDataset, type MnistDigits } from './mnist.ts';
export { teacherArchitecture, teacherParameters } from './teacher.ts';

/** `spec` has been validated; each generator fills in the defaults itself. */
function build(spec: Exclude<DatasetSpec, MnistSpec>): Dataset {
  switch (spec.name) {
    case 'spirals':
      return spirals(spec);
    case 'moons':
      return moons(spec);
    case 'circles':
      return circles(spec);
    case 'xor':
      return xor(spec);
    case 'blobs':
      return blobs(spec);
    case 'sine':
      return sine(spec);
    case 'teacher':
      return teacher(spec);
    case 'iris':
      return iris(spec);
  }
}

/** Any dataset of DATASET_NAMES; throws an Error naming each bad field. */
export async function makeDataset(spec: DatasetSpec): Promise<Dataset> {
  resolveDatasetSpec(spec);
  if (spec.name === 'mnist') return mnistDataset(await loadMnistDigits(), spec);
  return build(spec);
}

/** Every dataset but MNIST, without waiting; MNIST throws here because its data loads asynchronously. */
export function makeDatasetSync(spec: DatasetSpec): Dataset {
  resolveDatasetSpec(spec);
  if (spec.name === 'mnist') throw new Error("name: 'mnist' loads asynchronously; use makeDataset (async) for it");
  return build(spec);
}
