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
  type SpectralDensity,
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
  /**
   * The probe so far, as its quantities come in (eigenvalues, then the density probe by probe):
   * the page draws a first spectrum from them. `density` says how many SLQ probes it holds.
   */
  readonly onPartial?: (partial: ProbeResult, density: { readonly done: number; readonly total: number } | null) => void;
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

function densityResult(d: SpectralDensity): DensityResult {
  return { nodes: d.nodes, weights: d.weights, grid: d.grid, values: d.values };
}

async function density<V>(
  operator: LinearOperator<V>,
  spec: DensitySpec,
  request: ProbeRequest<V>,
  onPartial: (partial: DensityResult, done: number, total: number) => void,
): Promise<DensityResult> {
  const d = await stochasticLanczosQuadrature(operator, {
    probes: spec.probes,
    steps: spec.steps,
    gridSize: spec.gridSize,
    sigma: spec.sigma ?? undefined,
    seed: runSeed(request.specSeed, 'density'),
    signal: request.signal,
    onProgress: (done, total) => request.onProgress('density', done, total),
    onPartialDensity: (partial, done, total) => onPartial(densityResult(partial), done, total),
  });
  return densityResult(d);
}

export async function runProbe<V>(request: ProbeRequest<V>): Promise<ProbeResult> {
  const { engine, settings, indices } = request;
  const operator = request.wrapOperator(engine.curvatureOperator(settings.operator, indices));
  const { loss } = await engine.evaluate('train', indices);
  const eig = settings.eigenvalues ? await eigenvalues(operator, settings.eigenvalues, request) : undefined;
  const assemble = (dens: DensityResult | null, tr: { total: TraceResult; layers: LayerTrace[] } | undefined): ProbeResult => ({
    step: request.step,
    operator: settings.operator,
    loss,
    eigenvalues: eig?.values ?? [],
    ...(eig ? { eigenvalueResiduals: eig.residuals } : {}),
    trace: tr?.total ?? null,
    layerTraces: tr?.layers ?? [],
    density: dens,
  });
  const { onPartial } = request;
  // The density comes before the trace: it is what the page waits longest for, and each quantity
  // has its own random stream, so the order changes no number.
  if (eig && onPartial && (settings.density || settings.trace)) onPartial(assemble(null, undefined), null);
  const dens = settings.density
    ? await density(operator, settings.density, request, (partial, done, total) => onPartial?.(assemble(partial, undefined), { done, total }))
    : null;
  if (dens && settings.trace && onPartial) onPartial(assemble(dens, undefined), { done: settings.density!.probes, total: settings.density!.probes });
  const tr = settings.trace ? await trace(operator, settings.trace, request) : undefined;
  return assemble(dens, tr);
}
