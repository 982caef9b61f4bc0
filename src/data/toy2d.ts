/**
 * Seeded 2-D classification sets: spirals with k arms, two moons, two circles, xor, Gaussian blobs.
 * Labels are class indices assigned as i mod k; noise is the standard deviation of Gaussian jitter.
 */
import { CounterRng } from '../math/rng.ts';
import { balancedLabel, classificationDataset, DATA_STREAMS } from './common.ts';
import type { Dataset } from './dataset.ts';
import { resolveSpecOf, type BlobsSpec, type SpiralsSpec, type TwoClassSpec } from './spec.ts';

/** Revolutions of each spiral arm from the center to radius 1. */
const SPIRAL_TURNS = 1;
/** The inner circle's radius; the outer one has radius 1. */
const CIRCLES_FACTOR = 0.5;
/** Blob centers sit on a circle of this radius. */
const BLOB_RADIUS = 2;

type Point = (label: number, classes: number, position: CounterRng) => [number, number];

function generate(name: string, n: number, classes: number, noise: number, seed: number, point: Point): Dataset {
  const position = new CounterRng(seed, DATA_STREAMS.position);
  const jitter = new CounterRng(seed, DATA_STREAMS.noise);
  const x = new Float32Array(2 * n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const label = balancedLabel(i, classes);
    const [px, py] = point(label, classes, position);
    x[2 * i] = px + noise * jitter.gaussian();
    x[2 * i + 1] = py + noise * jitter.gaussian();
    y[i] = label;
  }
  return classificationDataset(name, 2, x, y, classes);
}

export function spirals(options: Omit<SpiralsSpec, 'name'> = {}): Dataset {
  const s = resolveSpecOf('spirals', options);
  return generate('spirals', s.n, s.classes, s.noise, s.seed, (label, k, rng) => {
    const t = rng.uniform();
    const angle = (2 * Math.PI * label) / k + 2 * Math.PI * SPIRAL_TURNS * t;
    return [t * Math.cos(angle), t * Math.sin(angle)];
  });
}

export function moons(options: Omit<TwoClassSpec, 'name'> = {}): Dataset {
  const s = resolveSpecOf('moons', options);
  return generate('moons', s.n, 2, s.noise, s.seed, (label, _k, rng) => {
    const a = Math.PI * rng.uniform();
    // The upper moon, and the lower one shifted into its mouth; centered at the origin.
    return label === 0 ? [Math.cos(a) - 0.5, Math.sin(a) - 0.25] : [0.5 - Math.cos(a), 0.25 - Math.sin(a)];
  });
}

export function circles(options: Omit<TwoClassSpec, 'name'> = {}): Dataset {
  const s = resolveSpecOf('circles', options);
  return generate('circles', s.n, 2, s.noise, s.seed, (label, _k, rng) => {
    const a = 2 * Math.PI * rng.uniform();
    const r = label === 0 ? 1 : CIRCLES_FACTOR;
    return [r * Math.cos(a), r * Math.sin(a)];
  });
}

export function xor(options: Omit<TwoClassSpec, 'name'> = {}): Dataset {
  const s = resolveSpecOf('xor', options);
  return generate('xor', s.n, 2, s.noise, s.seed, (label, _k, rng) => {
    // Class 0 lives in the quadrants where the signs agree, class 1 where they differ.
    const sx = rng.uniform() < 0.5 ? -1 : 1;
    const sy = label === 0 ? sx : -sx;
    return [sx * rng.uniform(), sy * rng.uniform()];
  });
}

export function blobs(options: Omit<BlobsSpec, 'name'> = {}): Dataset {
  const s = resolveSpecOf('blobs', options);
  return generate('blobs', s.n, s.classes, s.noise, s.seed, (label, k) => {
    const a = (2 * Math.PI * label) / k;
    return [BLOB_RADIUS * Math.cos(a), BLOB_RADIUS * Math.sin(a)];
  });
}
