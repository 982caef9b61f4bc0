/** Seeded 1-D regression: x uniform in [-π, π], y = sin x + Gaussian noise. */
import { CounterRng } from '../math/rng.ts';
import { DATA_STREAMS, regressionDataset } from './common.ts';
import type { Dataset } from './dataset.ts';
import { resolveSpecOf, type SineSpec } from './spec.ts';

export function sine(options: Omit<SineSpec, 'name'> = {}): Dataset {
  const s = resolveSpecOf('sine', options);
  const position = new CounterRng(s.seed, DATA_STREAMS.position);
  const jitter = new CounterRng(s.seed, DATA_STREAMS.noise);
  const x = new Float32Array(s.n);
  const y = new Float32Array(s.n);
  for (let i = 0; i < s.n; i++) {
    x[i] = Math.PI * (2 * position.uniform() - 1);
    // From the stored (f32) input, so that the clean target is exactly sin of what the model sees.
    y[i] = Math.sin(x[i]!) + s.noise * jitter.gaussian();
  }
  return regressionDataset('sine', 1, 1, x, y);
}
