/**
 * The float64 UpdateKernels: what a CPU engine (the MLP twin, a test-function engine) plugs into
 * ModelEngine.updates. Each entry is the twin of one shaders/optim kernel.
 */
import type { UpdateKernels } from '../models/model-engine.ts';
import { adamStepF64 } from './adam.ts';
import { adaHessianStepF64 } from './adahessian.ts';
import { emaProductF64 } from './ema-product.ts';
import { sophiaStepF64 } from './sophia.ts';

const kernels: UpdateKernels<Float64Array> = {
  adamStep: adamStepF64,
  emaProduct: emaProductF64,
  adaHessianStep: (v, hp) => adaHessianStepF64(v.params, v.grad, v.m, v.v, v.z, v.hz, hp),
  sophiaStep: (v, hp) => void sophiaStepF64(v.params, v.grad, v.m, v.h, v.unclipped, hp),
};

export const FLOAT64_UPDATE_KERNELS: UpdateKernels<Float64Array> = Object.freeze(kernels);
