/**
 * The result JSON of a run: the spec it came from, the engine, the final parameters, the probe
 * samples, the loss history and the curvature probes. Written by the CLI and the UI's export,
 * read back (validated) by the UI's import. NaN (accuracy of a regression, the standard error of
 * a single sample) is written as null, which is what JSON makes of it anyway.
 */
import * as z from 'zod';
import type { Dataset } from '../data/dataset.ts';
import { parameterLayout } from '../models/mlp.ts';
import type { EngineInfo } from './engine-factory.ts';
import { formatPath, type SpecError } from './spec-errors.ts';
import { parseSpec, PROBE_OPERATORS, type ChangeSpec, type ExperimentSpec } from './spec.ts';

export interface HistoryEntry {
  readonly step: number;
  /** Mean loss over the whole training set at θ after `step` updates. */
  readonly loss: number;
  /** Fraction correct on the training set; null for regression. */
  readonly accuracy: number | null;
  readonly testLoss?: number;
  readonly testAccuracy?: number | null;
}

export interface TraceResult {
  readonly estimate: number;
  /** Standard error of the estimate; null with a single sample. */
  readonly stderr: number | null;
  readonly samples: number;
}

export interface LayerTrace {
  /** 1-based dense layer: layer 1 is the block W1, b1 of params.layout. */
  readonly layer: number;
  readonly estimate: number;
  readonly stderr: number | null;
}

export interface DensityResult {
  /** Ritz values per SLQ probe vector, ascending. */
  readonly nodes: number[][];
  /** Gauss quadrature weights per probe vector (each row sums to 1). */
  readonly weights: number[][];
  readonly grid: number[];
  readonly values: number[];
}

export interface ProbeResult {
  readonly step: number;
  readonly operator: (typeof PROBE_OPERATORS)[number];
  /** Mean loss over the probe samples. */
  readonly loss: number;
  /** Largest first; empty when eigenvalues are off. */
  readonly eigenvalues: number[];
  /** Bounds on |estimate − nearest eigenvalue|, one per eigenvalue. */
  readonly eigenvalueResiduals?: number[];
  readonly trace: TraceResult | null;
  /** Empty unless probes.trace.perLayer. */
  readonly layerTraces: LayerTrace[];
  readonly density: DensityResult | null;
}

export interface ParamsResult {
  readonly layout: { readonly name: string; readonly shape: number[] }[];
  readonly values: number[];
}

export interface DataResult {
  /** Inputs as the model saw them (standardized, except MNIST). */
  readonly x: number[][];
  /** Class indices (cross-entropy), 0/1 (logistic), or target vectors (mse; a number when 1-wide). */
  readonly y: (number | number[])[];
}

export interface DivergenceInfo {
  readonly step: number;
  readonly message: string;
}

export interface TimingResult {
  readonly totalMs: number;
  readonly trainingMs: number;
  readonly probesMs: number;
}

export interface ExperimentResult {
  readonly spec: ExperimentSpec;
  readonly engine: EngineInfo;
  readonly params: ParamsResult;
  readonly data: DataResult;
  readonly history: HistoryEntry[];
  readonly probes: ProbeResult[];
  /** The spec's changes that took effect, each with its step. */
  readonly changes: ChangeSpec[];
  readonly diverged?: DivergenceInfo;
  readonly timing: TimingResult;
}

/** NaN → null, so that the object in memory equals its JSON round trip. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function rows(values: ArrayLike<number>, width: number, count: number): number[][] {
  return Array.from({ length: count }, (_, i) => Array.from({ length: width }, (_, j) => values[i * width + j]!));
}

export function dataResult(data: Dataset): DataResult {
  const y = data.targetDim === 1 ? Array.from(data.y) : rows(data.y, data.targetDim, data.n);
  return { x: rows(data.x, data.inputDim, data.n), y };
}

export interface ResultParts {
  readonly spec: ExperimentSpec;
  readonly engine: EngineInfo;
  readonly params: ArrayLike<number>;
  readonly probeData: Dataset;
  readonly history: readonly HistoryEntry[];
  readonly probes: readonly ProbeResult[];
  readonly changes: readonly ChangeSpec[];
  readonly diverged?: DivergenceInfo;
  readonly timing: TimingResult;
}

export function buildResult(parts: ResultParts): ExperimentResult {
  const layout = parameterLayout(parts.spec.model.layers).map((b) => ({ name: b.name, shape: [...b.shape] }));
  return {
    spec: parts.spec,
    engine: parts.engine,
    params: { layout, values: Array.from(parts.params) },
    data: dataResult(parts.probeData),
    history: [...parts.history],
    probes: [...parts.probes],
    changes: [...parts.changes],
    ...(parts.diverged ? { diverged: parts.diverged } : {}),
    timing: parts.timing,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading a result back

const num = z.number();
const maybe = num.nullable();
const step = z.int().min(0);

const AdapterSchema = z.looseObject({
  platform: z.enum(['browser', 'node']),
  vendor: z.string(),
  architecture: z.string(),
  device: z.string(),
  description: z.string(),
  isFallbackAdapter: z.boolean(),
  isSoftware: z.boolean(),
  features: z.array(z.string()),
  limits: z.record(z.string(), num),
  notes: z.array(z.string()),
});

const ResultSchema = z.looseObject({
  spec: z.unknown(),
  engine: z.looseObject({ kind: z.enum(['webgpu', 'cpu']), label: z.string(), adapter: AdapterSchema.optional() }),
  params: z.looseObject({
    layout: z.array(z.looseObject({ name: z.string(), shape: z.array(z.int().min(1)) })),
    values: z.array(num),
  }),
  data: z.looseObject({ x: z.array(z.array(num)), y: z.array(z.union([num, z.array(num)])) }),
  history: z.array(
    z.looseObject({ step, loss: num, accuracy: maybe, testLoss: num.optional(), testAccuracy: maybe.optional() }),
  ),
  probes: z.array(
    z.looseObject({
      step,
      operator: z.enum(PROBE_OPERATORS),
      loss: num,
      eigenvalues: z.array(num),
      eigenvalueResiduals: z.array(num).optional(),
      trace: z.looseObject({ estimate: num, stderr: maybe, samples: z.int().min(0) }).nullable(),
      layerTraces: z.array(z.looseObject({ layer: z.int().min(1), estimate: num, stderr: maybe })),
      density: z
        .looseObject({ nodes: z.array(z.array(num)), weights: z.array(z.array(num)), grid: z.array(num), values: z.array(num) })
        .nullable(),
    }),
  ),
  changes: z.array(z.looseObject({ step })),
  diverged: z.looseObject({ step, message: z.string() }).optional(),
  timing: z.looseObject({ totalMs: num, trainingMs: num, probesMs: num }),
});

export type ResultParseResult = { ok: true; result: ExperimentResult } | { ok: false; errors: SpecError[] };

const MAX_ERRORS = 20;

/** Cross-checks the parts of a structurally valid result against its own spec. */
function consistencyErrors(result: ExperimentResult): SpecError[] {
  const errors: SpecError[] = [];
  const expected = parameterLayout(result.spec.model.layers);
  const layout = result.params.layout;
  const sameLayout =
    layout.length === expected.length &&
    expected.every((b, i) => layout[i]!.name === b.name && layout[i]!.shape.join('x') === b.shape.join('x'));
  if (!sameLayout) {
    const want = expected.map((b) => `${b.name}[${b.shape.join(', ')}]`).join(' ');
    errors.push({ path: 'params.layout', message: `must be ${want}, the layout of spec.model.layers` });
  }
  const count = expected.reduce((sum, b) => sum + b.size, 0);
  if (result.params.values.length !== count) {
    errors.push({ path: 'params.values', message: `must hold ${count} numbers (the model's parameters), got ${result.params.values.length}` });
  }
  if (result.data.x.length !== result.data.y.length) {
    errors.push({ path: 'data', message: `x has ${result.data.x.length} samples but y has ${result.data.y.length}` });
  }
  const width = result.spec.model.layers[0];
  const bad = result.data.x.findIndex((row) => row.length !== width);
  if (bad >= 0) errors.push({ path: `data.x[${bad}]`, message: `must have ${width} inputs (spec.model.layers[0]), got ${result.data.x[bad]!.length}` });
  return errors;
}

/**
 * Reads an imported result (a JSON text or an already parsed value). Never throws: every problem
 * comes back with the path of the offending field.
 */
export function parseResult(input: unknown): ResultParseResult {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, errors: [{ path: '', message: `the file is not valid JSON (${reason.slice(0, 200)})` }] };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: [{ path: '', message: 'must be a result object { spec, engine, params, data, history, probes, ... }' }] };
  }
  const parsed = ResultSchema.safeParse(value);
  if (!parsed.success) {
    const errors = parsed.error.issues.slice(0, MAX_ERRORS).map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
    return { ok: false, errors };
  }
  const spec = parseSpec(parsed.data.spec);
  if (!spec.ok) return { ok: false, errors: spec.errors.map((e) => ({ path: e.path === '' ? 'spec' : `spec.${e.path}`, message: e.message })) };
  const changes = parsed.data.changes as ChangeSpec[];
  const result = { ...parsed.data, spec: spec.spec, changes } as unknown as ExperimentResult;
  const errors = consistencyErrors(result);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, result };
}
