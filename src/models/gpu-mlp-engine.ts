/**
 * The WebGPU engine behind the ModelEngine interface: f32 vectors in storage buffers
 * (GpuVectorBackend) and the batched MLP kernels of src/engine/mlp. The runner drives it exactly like
 * the float64 twin (cpu-mlp-engine.ts).
 */
import { GpuVectorBackend } from '../curvature/gpu-vector-backend.ts';
import type { LinearOperator } from '../curvature/operator.ts';
import type { Dataset } from '../data/dataset.ts';
import { adapterSummary } from '../engine/adapter-report.ts';
import { encodeAdamStep } from '../engine/adam-kernel.ts';
import type { GpuContext } from '../engine/gpu-context.ts';
import { LandscapeGpu } from '../engine/landscape/landscape-gpu.ts';
import { encodeAdaHessianStep, encodeEmaProduct, encodeSophiaStep } from '../engine/optim-kernels.ts';
import type { MlpLimits } from '../engine/mlp/limits.ts';
import { MlpGpu, type SampleSet } from '../engine/mlp/mlp-gpu.ts';
import type { GpuVector } from '../engine/vector-kernels.ts';
import { streamKey } from '../math/rng.ts';
import type { GridRunOptions, GridValues, LandscapeGrid } from './landscape-grid.ts';
import type { LossName, MlpArchitecture } from './mlp.ts';
import type { CurvatureOperatorKind, Evaluation, ModelEngine } from './model-engine.ts';

export interface GpuMlpEngineOptions {
  readonly arch: MlpArchitecture;
  readonly loss: LossName;
  readonly train: Dataset;
  readonly test?: Dataset;
  readonly initialParams: ArrayLike<number>;
  /** Samples per chunk of the batched passes; see MlpGpuOptions.maxBatch. */
  readonly maxBatch?: number;
  /** Limits lower than the device's; see MlpGpuOptions.limits. */
  readonly limits?: Partial<MlpLimits>;
}

/** A curvature operator of the GPU engine; `dispose` frees its sample indices early (else: with the engine). */
export interface GpuCurvatureOperator extends LinearOperator<GpuVector> {
  readonly kind: CurvatureOperatorKind;
  dispose(): void;
}

export interface GpuMlpEngine extends ModelEngine<GpuVector> {
  readonly backend: GpuVectorBackend;
  readonly mlp: MlpGpu;
  curvatureOperator(kind: CurvatureOperatorKind, indices?: Uint32Array): GpuCurvatureOperator;
}

/**
 * Uploads the datasets and θ and allocates the workspace once. Throws (GpuLimitError) before any
 * allocation when the model or data exceed the device's limits.
 */
export function createGpuMlpEngine(ctx: GpuContext, options: GpuMlpEngineOptions): GpuMlpEngine {
  const { arch, loss, train, test } = options;
  const mlp = new MlpGpu(ctx, {
    arch,
    loss,
    train,
    ...(test ? { test } : {}),
    ...(options.maxBatch !== undefined ? { maxBatch: options.maxBatch } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const size = mlp.parameterCount;
  if (options.initialParams.length !== size) {
    mlp.destroy();
    throw new Error(`initialParams: expected ${size} values for layers [${arch.layers.join(', ')}], got ${options.initialParams.length}`);
  }
  const backend = new GpuVectorBackend(ctx, size);
  const params = backend.create();
  backend.write(params, options.initialParams);
  // An operator made with indices owns an index buffer. The runner makes one per probe and drops it
  // without a dispose call (LinearOperator has none), so a collected operator frees its buffer, and
  // the engine frees those still alive when it is disposed.
  interface OperatorSamples {
    readonly samples: SampleSet;
    live: boolean;
  }
  const live = new Set<OperatorSamples>();
  const release = (record: OperatorSamples): void => {
    if (!record.live) return;
    record.live = false;
    record.samples.dispose();
    live.delete(record);
  };
  const collected = new FinalizationRegistry<OperatorSamples>(release);
  let disposed = false;
  // Created on the first grid: runs that draw no landscape never compile its kernels.
  let landscape: LandscapeGpu | null = null;

  const alive = (): void => {
    if (disposed) throw new Error('the WebGPU engine was disposed; create a new one');
  };

  return {
    label: `WebGPU f32 (${adapterSummary(ctx.adapter)})`,
    kind: 'webgpu',
    backend,
    mlp,
    updates: {
      adamStep(p: GpuVector, grad: GpuVector, m: GpuVector, v: GpuVector, hp): void {
        alive();
        const batch = ctx.batch('adam step');
        encodeAdamStep(batch, ctx, p, grad, m, v, hp);
        batch.submit();
      },
      emaProduct(target, a, b, hp): void {
        alive();
        const batch = ctx.batch('ema product');
        encodeEmaProduct(batch, ctx, target, a, b, hp);
        batch.submit();
      },
      adaHessianStep(vectors, hp): void {
        alive();
        const batch = ctx.batch('adahessian step');
        encodeAdaHessianStep(batch, ctx, vectors, hp);
        batch.submit();
      },
      sophiaStep(vectors, hp): void {
        alive();
        const batch = ctx.batch('sophia step');
        encodeSophiaStep(batch, ctx, vectors, hp);
        batch.submit();
      },
    },
    parameterCount: size,
    layerOffsets: mlp.layerOffsets,
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
      if (set === 'test' && !mlp.test) throw new Error('evaluate: this engine has no test set (testFraction is 0)');
      return mlp.evaluate(params, indices, set);
    },
    async gradient(grad: GpuVector, indices?: Uint32Array): Promise<number> {
      alive();
      return mlp.gradient(params, grad, indices);
    },
    async evaluateGrid(grid: LandscapeGrid, options?: GridRunOptions): Promise<GridValues> {
      alive();
      landscape ??= new LandscapeGpu(ctx, mlp);
      return landscape.evaluate(grid, options);
    },
    async sampledLabelGradient(grad: GpuVector, indices: Uint32Array | undefined, seed: number, stream: number): Promise<number> {
      alive();
      mlp.sampledGradient(params, grad, indices, streamKey(seed, stream));
      return indices?.length ?? mlp.train.n;
    },
    curvatureOperator(kind: CurvatureOperatorKind, indices?: Uint32Array): GpuCurvatureOperator {
      alive();
      // Indices go to the GPU once here, not at every application (Lanczos applies it many times).
      const record: OperatorSamples = { samples: mlp.samples(indices), live: true };
      live.add(record);
      const operator: GpuCurvatureOperator = {
        kind,
        backend,
        async apply(x: GpuVector, y: GpuVector): Promise<void> {
          alive();
          if (!record.live) throw new Error(`${kind} operator: used after dispose()`);
          if (x.buffer === y.buffer) throw new Error(`${kind} operator: x and y must be distinct vectors`);
          // θ is read at each application, so an operator made once keeps following training.
          mlp.product(kind, params, x, y, record.samples);
        },
        dispose(): void {
          collected.unregister(record);
          release(record);
        },
      };
      collected.register(operator, record, record);
      return operator;
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      for (const record of [...live]) {
        collected.unregister(record);
        release(record);
      }
      landscape?.destroy();
      backend.free(params);
      backend.destroy();
      mlp.destroy();
    },
  };
}
