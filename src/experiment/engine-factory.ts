/**
 * From a spec to an engine: the datasets, architecture and initial parameters a run starts from
 * (identical for every engine), then the float64 twin or the WebGPU engine on top of them.
 */
import type { Dataset } from '../data/index.ts';
import type { AdapterReport } from '../engine/adapter-report.ts';
import type { GpuContext } from '../engine/gpu-context.ts';
import { createCpuMlpEngine } from '../models/cpu-mlp-engine.ts';
import { initParameters, type LossName, type MlpArchitecture } from '../models/mlp.ts';
import type { ModelEngine } from '../models/model-engine.ts';
import { createTestFunctionEngine } from '../models/test-function-engine.ts';
import { createTestFunction, type TestFunction } from '../models/test-functions.ts';
import { experimentData, type ExperimentData } from './experiment-data.ts';
import type { ExperimentSpec } from './spec.ts';

export interface PreparedExperiment extends ExperimentData {
  readonly spec: ExperimentSpec;
  readonly arch: MlpArchitecture;
  readonly loss: LossName;
  /** Rounded to f32, so that every engine starts from the same point (a test function: the exact start). */
  readonly initialParams: Float32Array | Float64Array;
  /** The test function when the spec has a `problem`; then `train` is empty and model/data are unused. */
  readonly problem?: TestFunction;
}

export type EngineChoice = { readonly kind: 'cpu' } | { readonly kind: 'webgpu'; readonly ctx: GpuContext };

export interface EngineInfo {
  readonly kind: 'webgpu' | 'cpu';
  readonly label: string;
  readonly adapter?: AdapterReport;
}

/** A test function has no samples: the loop sees an empty training set (full batch, no test set). */
function noSamples(name: string): Dataset {
  return { name, n: 0, inputDim: 0, targetDim: 1, x: new Float32Array(0), y: new Float32Array(0) };
}

/** Builds the datasets and the initial point of a validated spec; throws an Error naming what failed. */
export async function prepareExperiment(spec: ExperimentSpec): Promise<PreparedExperiment> {
  if (spec.problem) {
    const { name, dim, condition, angle } = spec.problem as { name: TestFunction['name']; dim: number; condition?: number; angle?: number };
    const problem = createTestFunction({ name, dim, seed: spec.seed, ...(condition !== undefined ? { condition } : {}), ...(angle !== undefined ? { angle } : {}) });
    const arch: MlpArchitecture = { layers: [...spec.model.layers], activation: spec.model.activation };
    return { spec, arch, loss: spec.loss, train: noSamples(`problem ${name}`), initialParams: Float64Array.from(spec.problem.start), problem };
  }
  const { train, test, standardization } = await experimentData(spec);
  const arch: MlpArchitecture = { layers: [...spec.model.layers], activation: spec.model.activation };
  return {
    spec,
    arch,
    loss: spec.loss,
    train,
    ...(test ? { test } : {}),
    initialParams: initParameters(arch, spec.seed),
    ...(standardization ? { standardization } : {}),
  };
}

/** A new engine at the prepared initial parameters; the caller disposes it. */
export async function createEngine(prepared: PreparedExperiment, choice: EngineChoice): Promise<ModelEngine<unknown>> {
  const { arch, loss, train, test, initialParams } = prepared;
  // Test functions always run in float64 on the CPU (see test-function-engine.ts), whatever the choice.
  if (prepared.problem) return createTestFunctionEngine({ fn: prepared.problem, start: initialParams }) as ModelEngine<unknown>;
  if (choice.kind === 'cpu') return createCpuMlpEngine({ arch, loss, train, ...(test ? { test } : {}), initialParams });
  // Loaded on demand so that the float64 path (CLI --cpu, browsers without WebGPU) never needs the GPU engine.
  const { createGpuMlpEngine } = await import('../models/gpu-mlp-engine.ts');
  return createGpuMlpEngine(choice.ctx, { arch, loss, train, ...(test ? { test } : {}), initialParams }) as ModelEngine<unknown>;
}

/** What a result records about the engine that produced it. */
export function engineInfo(engine: Pick<ModelEngine<unknown>, 'kind' | 'label'>, choice?: EngineChoice): EngineInfo {
  const adapter = choice?.kind === 'webgpu' ? choice.ctx.adapter : undefined;
  return { kind: engine.kind, label: engine.label, ...(adapter ? { adapter } : {}) };
}

/** The runner's engine factory for a choice of engine. */
export function engineFactory(choice: EngineChoice): (prepared: PreparedExperiment) => Promise<ModelEngine<unknown>> {
  return (prepared) => createEngine(prepared, choice);
}
