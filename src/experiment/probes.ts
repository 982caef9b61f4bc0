/**
 * One curvature probe at the current parameters: top eigenvalues, trace (total and per layer) and
 * spectral density of the Hessian, Gauss-Newton or Fisher on the probe samples, as the spec's
 * `probes` section asks. Random vectors come from fixed seeds, so probes at different steps use
 * the same vectors: curves over training then show the change of the operator, not new noise.
 */
import {
  hutchinsonTrace,
  lanczos,
  powerIteration,
  stochasticLanczosQuadrature,
  topK,
  type LinearOperator,
} from '../curvature/index.ts';
import type { ModelEngine } from '../models/model-engine.ts';
import { finiteOrNull, type DensityResult, type LayerTrace, type ProbeResult, type TraceResult } from './result.ts';
import { runSeed } from './run-streams.ts';
import type { DensitySpec, EigenvaluesSpec, ProbesSpec, TraceSpec } from './spec.ts';

export type ProbeQuantity = 'eigenvalues' | 'trace' | 'density';

export interface ProbeRequest<V> {
  readonly engine: ModelEngine<V>;
  readonly settings: ProbesSpec;
  /** Training samples of the probe; undefined for all of them. */
  readonly indices: Uint32Array | undefined;
  readonly step: number;
  readonly specSeed: number;
  readonly signal?: AbortSignal;
  readonly onProgress: (what: ProbeQuantity, done: number, total: number) => void;
  /** Lets the caller interleave its own work (yielding to the page) between operator applications. */
  readonly wrapOperator: (operator: LinearOperator<V>) => LinearOperator<V>;
}

/** Whether a probe would compute anything at all. */
export function probesEnabled(settings: ProbesSpec): boolean {
  return settings.eigenvalues !== null || settings.trace !== null || settings.density !== null;
}

async function eigenvalues<V>(
  operator: LinearOperator<V>,
  spec: EigenvaluesSpec,
  request: ProbeRequest<V>,
): Promise<{ values: number[]; residuals: number[] }> {
  const seed = runSeed(request.specSeed, 'eigenvalues');
  const onProgress = (done: number, total: number): void => request.onProgress('eigenvalues', done, total);
  const { signal } = request;
  if (spec.method === 'power') {
    const run = await powerIteration(operator, { k: spec.k, maxIterations: spec.steps, seed, signal, onProgress });
    for (const v of run.vectors) operator.backend.free(v);
    return { values: run.values, residuals: run.residuals };
  }
  const run = await lanczos(operator, { steps: spec.steps, reorthogonalize: spec.reorthogonalize, seed, signal, onProgress });
  const top = topK(run, spec.k);
  return { values: top.values, residuals: top.residualBounds };
}

async function trace<V>(
  operator: LinearOperator<V>,
  spec: TraceSpec,
  request: ProbeRequest<V>,
): Promise<{ total: TraceResult; layers: LayerTrace[] }> {
  const estimate = await hutchinsonTrace(operator, {
    method: spec.method,
    maxSamples: spec.samples,
    tolerance: spec.tolerance,
    seed: runSeed(request.specSeed, 'trace'),
    segments: spec.perLayer ? request.engine.layerOffsets : undefined,
    signal: request.signal,
    onProgress: (done, total) => request.onProgress('trace', done, total),
  });
  const layers: LayerTrace[] = [];
  const traces = estimate.segmentTraces ?? [];
  for (let s = 0; s < traces.length; s++) {
    layers.push({ layer: s + 1, estimate: traces[s]!, stderr: finiteOrNull(estimate.segmentStandardErrors![s]!) });
  }
  return { total: { estimate: estimate.trace, stderr: finiteOrNull(estimate.standardError), samples: estimate.samples }, layers };
}

async function density<V>(operator: LinearOperator<V>, spec: DensitySpec, request: ProbeRequest<V>): Promise<DensityResult> {
  const d = await stochasticLanczosQuadrature(operator, {
    probes: spec.probes,
    steps: spec.steps,
    gridSize: spec.gridSize,
    sigma: spec.sigma ?? undefined,
    seed: runSeed(request.specSeed, 'density'),
    signal: request.signal,
    onProgress: (done, total) => request.onProgress('density', done, total),
  });
  return { nodes: d.nodes, weights: d.weights, grid: d.grid, values: d.values };
}

export async function runProbe<V>(request: ProbeRequest<V>): Promise<ProbeResult> {
  const { engine, settings, indices } = request;
  const operator = request.wrapOperator(engine.curvatureOperator(settings.operator, indices));
  const { loss } = await engine.evaluate('train', indices);
  const eig = settings.eigenvalues ? await eigenvalues(operator, settings.eigenvalues, request) : undefined;
  const tr = settings.trace ? await trace(operator, settings.trace, request) : undefined;
  const dens = settings.density ? await density(operator, settings.density, request) : null;
  return {
    step: request.step,
    operator: settings.operator,
    loss,
    eigenvalues: eig?.values ?? [],
    ...(eig ? { eigenvalueResiduals: eig.residuals } : {}),
    trace: tr?.total ?? null,
    layerTraces: tr?.layers ?? [],
    density: dens,
  };
}
