/**
 * Teacher–student data: Gaussian inputs labelled by a random tanh MLP (the teacher). A student of
 * the same architecture can fit the data exactly, which makes the global minimum known.
 */
import { predict } from '../math/mlp.ts';
import { CounterRng } from '../math/rng.ts';
import { parameterCount, parameterLayout, type MlpArchitecture } from '../models/mlp.ts';
import { classificationDataset, DATA_STREAMS, regressionDataset } from './common.ts';
import type { Dataset } from './dataset.ts';
import { resolveSpecOf, type TeacherSpec } from './spec.ts';

/** Small biases so that the teacher is not an odd function of its input. */
const TEACHER_BIAS_STD = 0.1;

export function teacherArchitecture(teacherLayers: readonly number[]): MlpArchitecture {
  return { layers: teacherLayers, activation: 'tanh' };
}

/**
 * The teacher's parameters (layout of src/models/mlp.ts): W ~ N(0, 1/fan_in), so that every hidden
 * pre-activation has unit variance for unit-variance inputs and tanh works in its nonlinear range.
 */
export function teacherParameters(teacherLayers: readonly number[], seed: number): Float64Array {
  const theta = new Float64Array(parameterCount(teacherLayers));
  const rng = new CounterRng(seed, DATA_STREAMS.teacherWeights);
  for (const block of parameterLayout(teacherLayers)) {
    const std = block.kind === 'weight' ? 1 / Math.sqrt(block.shape[1]!) : TEACHER_BIAS_STD;
    for (let i = 0; i < block.size; i++) theta[block.offset + i] = std * rng.gaussian();
  }
  return theta;
}

export function teacher(options: Omit<TeacherSpec, 'name'> = {}): Dataset {
  const s = resolveSpecOf('teacher', options);
  const { n, inputDim, teacherLayers, noise, seed } = s;
  const inputs = new CounterRng(seed, DATA_STREAMS.teacherInputs);
  const x = new Float32Array(n * inputDim);
  for (let i = 0; i < x.length; i++) x[i] = inputs.gaussian();
  const theta = teacherParameters(teacherLayers, seed);
  const outputs = predict(teacherArchitecture(teacherLayers), theta, x, n);
  const out = teacherLayers[teacherLayers.length - 1]!;

  if (s.task === 'regression') {
    const jitter = new CounterRng(seed, DATA_STREAMS.noise);
    const y = new Float32Array(n * out);
    for (let i = 0; i < y.length; i++) y[i] = outputs[i]! + noise * jitter.gaussian();
    return regressionDataset('teacher', inputDim, out, x, y);
  }

  const flips = new CounterRng(seed, DATA_STREAMS.labelNoise);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let o = 1; o < out; o++) if (outputs[i * out + o]! > outputs[i * out + best]!) best = o;
    // Both draws are made for every sample, so raising the noise only adds random labels and leaves
    // the other samples as they were.
    const u = flips.uniform();
    const random = flips.int(out);
    y[i] = u < noise ? random : best;
  }
  return classificationDataset('teacher', inputDim, x, y, out);
}
