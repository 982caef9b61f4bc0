/**
 * A dataset uploaded once: inputs X [n, inputDim] and label rows Y [n, targetDim] in storage
 * buffers that every pass reads in place (full set) or through an index buffer (subsets).
 */
import type { Dataset } from '../../data/dataset.ts';
import type { LossName } from '../../models/mlp.ts';
import type { GpuContext } from '../gpu-context.ts';
import { checkBufferElements, type MlpLimits } from './limits.ts';

export class GpuDataset {
  readonly name: string;
  readonly n: number;
  readonly inputDim: number;
  readonly targetDim: number;
  readonly x: GPUBuffer;
  readonly y: GPUBuffer;

  /** Call checkDataset first: this allocates. */
  constructor(ctx: GpuContext, data: Dataset, role: string) {
    this.name = data.name;
    this.n = data.n;
    this.inputDim = data.inputDim;
    this.targetDim = data.targetDim;
    this.x = ctx.createStorage(data.n * data.inputDim, `${role} inputs`);
    this.y = ctx.createStorage(data.n * data.targetDim, `${role} labels`);
    ctx.writeF32(this.x, data.x.subarray(0, data.n * data.inputDim));
    ctx.writeF32(this.y, data.y.subarray(0, data.n * data.targetDim));
  }

  destroy(): void {
    this.x.destroy();
    this.y.destroy();
  }
}

/**
 * Everything that makes `data` unusable with this architecture and loss, as an exception, before
 * any upload: shapes, label values (the kernels trust them) and buffer sizes.
 */
export function checkDataset(data: Dataset, role: string, layers: readonly number[], loss: LossName, limits: MlpLimits): void {
  const inputs = layers[0]!;
  const out = layers[layers.length - 1]!;
  if (!Number.isInteger(data.n) || data.n < 1) throw new Error(`${role} set: needs at least one sample, has ${data.n}`);
  if (data.inputDim !== inputs) {
    throw new Error(`${role} set: inputDim ${data.inputDim} must equal the input width layers[0] = ${inputs}`);
  }
  if (data.x.length < data.n * data.inputDim) {
    throw new Error(`${role} set: x holds ${data.x.length} values, ${data.n} samples of ${data.inputDim} need ${data.n * data.inputDim}`);
  }
  if (data.y.length < data.n * data.targetDim) {
    throw new Error(`${role} set: y holds ${data.y.length} values, ${data.n} label rows of ${data.targetDim} need ${data.n * data.targetDim}`);
  }
  if (loss === 'mse' && data.targetDim !== out) {
    throw new Error(`mse: the output width ${out} must equal the ${role} set's targetDim ${data.targetDim}`);
  }
  if (loss !== 'mse' && data.targetDim !== 1) {
    throw new Error(`${loss}: needs one label per sample (targetDim 1), the ${role} set has targetDim ${data.targetDim}`);
  }
  if (loss === 'logistic' && out !== 1) throw new Error(`logistic: the output width must be 1, got ${out}`);
  if (loss !== 'mse') {
    for (let i = 0; i < data.n; i++) {
      const label = data.y[i]!;
      if (loss === 'cross-entropy' && !(Number.isInteger(label) && label >= 0 && label < out)) {
        throw new Error(`cross-entropy: label ${label} of ${role} sample ${i} is not a class index in [0, ${out})`);
      }
      if (loss === 'logistic' && !(label >= 0 && label <= 1)) {
        throw new Error(`logistic: label ${label} of ${role} sample ${i} is not in [0, 1]`);
      }
    }
  }
  const advice = 'Use fewer samples (a smaller n or a larger test fraction) or downsampled inputs.';
  checkBufferElements(limits, data.n * data.inputDim, `The ${role} inputs [${data.n} × ${data.inputDim}]`, advice);
  checkBufferElements(limits, data.n * data.targetDim, `The ${role} labels [${data.n} × ${data.targetDim}]`, advice);
}
