/**
 * Multi-layer perceptrons: the architecture, the flat parameter layout shared by GPU and CPU,
 * and seeded initialization.
 *
 * Layout: for each dense layer l in order, W_l as [out, in] row-major, then b_l as [out].
 */
import { CounterRng } from '../math/rng.ts';

export const ACTIVATIONS = ['tanh', 'relu', 'gelu', 'sigmoid', 'identity'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const LOSSES = ['cross-entropy', 'mse', 'logistic'] as const;
export type LossName = (typeof LOSSES)[number];

export interface MlpArchitecture {
  /** Widths from input to output, e.g. [2, 16, 16, 3]. */
  readonly layers: readonly number[];
  /** Hidden activation; the output layer is linear (logits). */
  readonly activation: Activation;
}

export interface ParamBlock {
  /** "W1", "b1", "W2", ... (1-based, as in papers). */
  readonly name: string;
  readonly layer: number; // 0-based dense layer index
  readonly kind: 'weight' | 'bias';
  readonly shape: readonly number[];
  readonly offset: number;
  readonly size: number;
}

export function parameterLayout(layers: readonly number[]): ParamBlock[] {
  const blocks: ParamBlock[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const fanIn = layers[l]!;
    const fanOut = layers[l + 1]!;
    blocks.push({ name: `W${l + 1}`, layer: l, kind: 'weight', shape: [fanOut, fanIn], offset, size: fanOut * fanIn });
    offset += fanOut * fanIn;
    blocks.push({ name: `b${l + 1}`, layer: l, kind: 'bias', shape: [fanOut], offset, size: fanOut });
    offset += fanOut;
  }
  return blocks;
}

export function parameterCount(layers: readonly number[]): number {
  let count = 0;
  for (let l = 0; l + 1 < layers.length; l++) count += (layers[l]! + 1) * layers[l + 1]!;
  return count;
}

/** Offsets where each dense layer's block (W then b) starts, plus the total at the end. */
export function layerOffsets(layers: readonly number[]): number[] {
  const offsets = [0];
  for (let l = 0; l + 1 < layers.length; l++) offsets.push(offsets[l]! + (layers[l]! + 1) * layers[l + 1]!);
  return offsets;
}

/**
 * Xavier (Glorot) normal for tanh/sigmoid/identity, He normal for relu/gelu; biases zero.
 * Values are rounded to f32 so that the GPU and the float64 twin start from the same point.
 */
export function initParameters(arch: MlpArchitecture, seed: number): Float32Array {
  const theta = new Float32Array(parameterCount(arch.layers));
  const rng = new CounterRng(seed, 0x1a17);
  for (const block of parameterLayout(arch.layers)) {
    if (block.kind === 'bias') continue;
    const [fanOut, fanIn] = block.shape as [number, number];
    const std =
      arch.activation === 'relu' || arch.activation === 'gelu' ? Math.sqrt(2 / fanIn) : Math.sqrt(2 / (fanIn + fanOut));
    for (let i = 0; i < block.size; i++) theta[block.offset + i] = std * rng.gaussian();
  }
  return theta;
}

export function validateArchitecture(arch: MlpArchitecture): string[] {
  const problems: string[] = [];
  if (arch.layers.length < 2) problems.push('layers: need at least an input and an output width');
  arch.layers.forEach((w, i) => {
    if (!Number.isInteger(w) || w < 1) problems.push(`layers[${i}]: width must be a positive integer, got ${w}`);
  });
  return problems;
}
