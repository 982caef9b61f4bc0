/**
 * The float64 twin behind the ModelEngine interface: the runner drives it exactly like the WebGPU
 * engine, so `--cpu` runs and the tests check the training/probe loop against float64 numbers.
 */
import type { LinearOperator } from '../curvature/operator.ts';
import type { Dataset } from '../data/dataset.ts';
import { Float64Backend } from '../math/cpu-backend.ts';
import { sampledLabelGradient } from '../math/sampled-labels.ts';
import { FLOAT64_UPDATE_KERNELS } from '../math/update-kernels.ts';
import {
  evaluate,
  fisherVectorProduct,
  gaussNewtonVectorProduct,
  gradient,
  hessianVectorProduct,
  type MlpProblem,
} from '../math/mlp.ts';
import { layerOffsets, parameterCount, type LossName, type MlpArchitecture } from './mlp.ts';
import type { CurvatureOperatorKind, Evaluation, ModelEngine } from './model-engine.ts';

export interface CpuMlpEngineOptions {
  readonly arch: MlpArchitecture;
  readonly loss: LossName;
  readonly train: Dataset;
  readonly test?: Dataset;
  readonly initialParams: ArrayLike<number>;
}

const PRODUCTS = {
  hessian: hessianVectorProduct,
  ggn: gaussNewtonVectorProduct,
  fisher: fisherVectorProduct,
} as const;

export function createCpuMlpEngine(options: CpuMlpEngineOptions): ModelEngine<Float64Array> {
  const { arch, loss, train, test } = options;
  const size = parameterCount(arch.layers);
  if (options.initialParams.length !== size) {
    throw new Error(`initialParams: expected ${size} values for layers [${arch.layers.join(', ')}], got ${options.initialParams.length}`);
  }
  const backend = new Float64Backend(size);
  const params = backend.create();
  backend.write(params, options.initialParams);
  const trainProblem: MlpProblem = { arch, loss, data: train };
  const testProblem: MlpProblem | undefined = test && { arch, loss, data: test };
  let disposed = false;

  const alive = (): void => {
    if (disposed) throw new Error('the float64 engine was disposed; create a new one');
  };

  return {
    label: 'float64 CPU',
    kind: 'cpu',
    backend,
    updates: FLOAT64_UPDATE_KERNELS,
    parameterCount: size,
    layerOffsets: layerOffsets(arch.layers),
    params,
    setParams(values: ArrayLike<number>): void {
      alive();
      backend.write(params, values);
    },
    async readParams(): Promise<Float64Array> {
      alive();
      return backend.read(params);
    },
    async evaluate(set: 'train' | 'test', indices?: Uint32Array): Promise<Evaluation> {
      alive();
      const problem = set === 'train' ? trainProblem : testProblem;
      if (!problem) throw new Error('evaluate: this engine has no test set (testFraction is 0)');
      const { loss: value, accuracy } = evaluate(problem, params, indices);
      return { loss: value, accuracy };
    },
    async gradient(grad: Float64Array, indices?: Uint32Array): Promise<number> {
      alive();
      const result = gradient(trainProblem, params, indices);
      backend.write(grad, result.grad);
      return result.loss;
    },
    async sampledLabelGradient(grad: Float64Array, indices: Uint32Array | undefined, seed: number, stream: number): Promise<number> {
      alive();
      const result = sampledLabelGradient(trainProblem, params, indices, seed, stream);
      backend.write(grad, result.grad);
      return result.samples;
    },
    curvatureOperator(kind: CurvatureOperatorKind, indices?: Uint32Array): LinearOperator<Float64Array> {
      const product = PRODUCTS[kind];
      return {
        backend,
        async apply(x: Float64Array, y: Float64Array): Promise<void> {
          alive();
          if (x === y) throw new Error(`${kind} operator: x and y must be distinct vectors`);
          // θ is read at each application, so an operator made once keeps following training.
          backend.write(y, product(trainProblem, params, x, indices));
        },
      };
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      backend.free(params);
    },
  };
}
