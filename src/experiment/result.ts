/**
 * The result JSON of a run: the spec it came from, the engine, the final parameters, the probe
 * samples, the loss history and the curvature probes. Written by the CLI and the UI's export,
 * read back (validated) by the UI's import. NaN (accuracy of a regression, the standard error of
 * a single sample) is written as null, which is what JSON makes of it anyway.
 */
import * as z from 'zod';
import type { Dataset } from '../data/dataset.ts';
import { parameterLayout } from '../models/mlp.ts';
import type { StepDiagnostics } from '../optim/index.ts';
import type { EngineInfo } from './engine-factory.ts';
import type { LandscapeResult } from './landscape.ts';
import { formatPath, type SpecError } from './spec-errors.ts';
import { LANDSCAPE_DIRECTIONS, parseSpec, PROBE_OPERATORS, type ChangeSpec, type ExperimentSpec } from './spec.ts';

export interface HistoryEntry {
  readonly step: number;
  /** Mean loss over the whole training set at θ after `step` updates. */
  readonly loss: number;
  /** Fraction correct on the training set; null for regression. */
  readonly accuracy: number | null;
  readonly testLoss?: number;
  readonly testAccuracy?: number | null;
  /** Races: f − f* at θ_step, when the problem's minimum f* is known. */
  readonly gap?: number;
  /** Races: ‖∇L(θ_step)‖ on the whole training set (measured outside the optimizer's budget). */
  readonly gradNorm?: number;
  /** Races: what the optimizer computed to get from θ_0 to θ_step (see ProductCounts). */
  readonly products?: ProductCounts;
  /** Races: wall-clock milliseconds of the optimizer's updates from θ_0 to θ_step (measurements excluded). */
  readonly timeMs?: number;
  /** Races on 2-D problems: θ_step itself, the trajectory over the contour. */
  readonly point?: number[];
  /** What the optimizer reported about the update into this step (Sophia's win rate, λ, CG iterations ...). */
  readonly update?: StepDiagnostics;
}

/**
 * Work done by an optimizer, counted at the engine in full-batch equivalents (a gradient on a
 * mini-batch of b of n samples counts b/n): gradients, curvature-operator applications (Hessian,
 * Gauss-Newton or Fisher vector products) and loss evaluations. Probes and the lab's own
 * measurements (the loss and ‖g‖ recorded at each step) are not counted.
 */
export interface ProductCounts {
  readonly gradients: number;
  readonly hvps: number;
  readonly evaluations: number;
}

/** One optimizer of a race: its settings, its history (with the race fields) and where it ended. */
export interface RacerResult {
  /** "adam lr=0.05": the optimizer and the fields its patch sets. */
  readonly label: string;
  /** The racer's patch over spec.train, as in spec.race. */
  readonly train: Record<string, unknown>;
  readonly history: HistoryEntry[];
  /** θ after the racer's last step. */
  readonly params: number[];
  readonly diverged?: DivergenceInfo;
  readonly trainingMs: number;
}

export interface RaceResult {
  /** The problem's minimum when known (test functions), else null (an MLP's loss). */
  readonly fStar: number | null;
  readonly racers: RacerResult[];
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
  /** The last loss landscape of the run (spec.landscape), when one was drawn. */
  readonly landscape?: LandscapeResult;
  /** Present for races (spec.race): one entry per racer; `history` and `probes` above are then empty. */
  readonly race?: RaceResult;
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

/** dataResult read back: the samples as a Dataset, so a result can be evaluated again in float64. */
export function datasetFromResult(result: Pick<ExperimentResult, 'data'>, name = 'result'): Dataset {
  const { x, y } = result.data;
  const n = x.length;
  const inputDim = n > 0 ? x[0]!.length : 0;
  const first = y[0];
  const targetDim = Array.isArray(first) ? first.length : 1;
  const flatX = new Float32Array(n * inputDim);
  x.forEach((row, i) => flatX.set(row, i * inputDim));
  const flatY = new Float32Array(n * targetDim);
  y.forEach((label, i) => {
    if (Array.isArray(label)) flatY.set(label, i * targetDim);
    else flatY[i] = label;
  });
  return { name, n, inputDim, x: flatX, y: flatY, targetDim };
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
  readonly landscape?: LandscapeResult;
  readonly race?: RaceResult;
}

/** The parameter blocks of a spec: the MLP's W1, b1, ... or, for a test function, the point x. */
export function specLayout(spec: ExperimentSpec): { name: string; shape: number[] }[] {
  if (spec.problem) return [{ name: 'x', shape: [spec.problem.dim] }];
  return parameterLayout(spec.model.layers).map((b) => ({ name: b.name, shape: [...b.shape] }));
}

export function buildResult(parts: ResultParts): ExperimentResult {
  const layout = specLayout(parts.spec);
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
    ...(parts.landscape ? { landscape: parts.landscape } : {}),
    ...(parts.race ? { race: parts.race } : {}),
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

const position = z.looseObject({ step, alpha: num, beta: num });
const LandscapeSchema = z.looseObject({
  step,
  method: z.enum(LANDSCAPE_DIRECTIONS),
  center: z.array(num),
  directions: z.array(z.array(num)).min(1).max(2),
  alphas: z.array(num).min(1),
  betas: z.array(num).min(1).optional(),
  loss: z.union([z.array(z.array(maybe)), z.array(maybe)]),
  accuracy: z.union([z.array(z.array(maybe)), z.array(maybe)]),
  trajectory: z.array(position),
  current: position,
  explainedVariance: z.array(num).optional(),
  eigenvalues: z.array(num).optional(),
  curvature: z
    .looseObject({
      alphas: z.array(num).min(1),
      betas: z.array(num).min(1).optional(),
      topEigenvalue: z.union([z.array(z.array(maybe)), z.array(maybe)]),
    })
    .optional(),
  evaluation: z.enum(['batched', 'pointwise']),
  ms: num,
  note: z.string().optional(),
});

const HistoryEntrySchema = z.looseObject({
  step,
  loss: num,
  accuracy: maybe,
  testLoss: num.optional(),
  testAccuracy: maybe.optional(),
  gap: num.optional(),
  gradNorm: num.optional(),
  products: z.looseObject({ gradients: num, hvps: num, evaluations: num }).optional(),
  timeMs: num.optional(),
  point: z.array(num).optional(),
});

const RaceSchema = z.looseObject({
  fStar: maybe,
  racers: z.array(
    z.looseObject({
      label: z.string(),
      train: z.record(z.string(), z.unknown()),
      history: z.array(HistoryEntrySchema),
      params: z.array(num),
      diverged: z.looseObject({ step, message: z.string() }).optional(),
      trainingMs: num,
    }),
  ),
});

const ResultSchema = z.looseObject({
  spec: z.unknown(),
  engine: z.looseObject({ kind: z.enum(['webgpu', 'cpu']), label: z.string(), adapter: AdapterSchema.optional() }),
  params: z.looseObject({
    layout: z.array(z.looseObject({ name: z.string(), shape: z.array(z.int().min(1)) })),
    values: z.array(num),
  }),
  data: z.looseObject({ x: z.array(z.array(num)), y: z.array(z.union([num, z.array(num)])) }),
  history: z.array(HistoryEntrySchema),
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
  landscape: LandscapeSchema.optional(),
  race: RaceSchema.optional(),
});

export type ResultParseResult = { ok: true; result: ExperimentResult } | { ok: false; errors: SpecError[] };

const MAX_ERRORS = 20;

/** Cross-checks the parts of a structurally valid result against its own spec. */
function consistencyErrors(result: ExperimentResult): SpecError[] {
  const errors: SpecError[] = [];
  const expected = specLayout(result.spec);
  const layout = result.params.layout;
  const sameLayout =
    layout.length === expected.length &&
    expected.every((b, i) => layout[i]!.name === b.name && layout[i]!.shape.join('x') === b.shape.join('x'));
  if (!sameLayout) {
    const want = expected.map((b) => `${b.name}[${b.shape.join(', ')}]`).join(' ');
    const source = result.spec.problem ? 'spec.problem.dim' : 'spec.model.layers';
    errors.push({ path: 'params.layout', message: `must be ${want}, the layout of ${source}` });
  }
  const count = expected.reduce((sum, b) => sum + b.shape.reduce((p, w) => p * w, 1), 0);
  errors.push(...raceErrors(result, count));
  if (result.params.values.length !== count) {
    errors.push({ path: 'params.values', message: `must hold ${count} numbers (the model's parameters), got ${result.params.values.length}` });
  }
  if (result.data.x.length !== result.data.y.length) {
    errors.push({ path: 'data', message: `x has ${result.data.x.length} samples but y has ${result.data.y.length}` });
  }
  // A test function has no samples: its result's data is empty.
  const width = result.spec.problem ? 0 : result.spec.model.layers[0];
  const bad = result.data.x.findIndex((row) => row.length !== width);
  if (bad >= 0) errors.push({ path: `data.x[${bad}]`, message: `must have ${width} inputs (spec.model.layers[0]), got ${result.data.x[bad]!.length}` });
  if (result.landscape) errors.push(...landscapeErrors(result.landscape, count));
  return errors;
}

/** A race result has one racer per entry of spec.race, each ending at a point of the problem's size. */
function raceErrors(result: ExperimentResult, count: number): SpecError[] {
  const racers = result.spec.race;
  if (!result.race) return racers ? [{ path: 'race', message: `is missing: spec.race has ${racers.length} racers` }] : [];
  if (!racers) return [{ path: 'race', message: 'must be absent: spec.race is null' }];
  if (result.race.racers.length !== racers.length) {
    return [{ path: 'race.racers', message: `must have ${racers.length} racers (spec.race), got ${result.race.racers.length}` }];
  }
  const errors: SpecError[] = [];
  result.race.racers.forEach((r, i) => {
    if (r.params.length !== count) errors.push({ path: `race.racers[${i}].params`, message: `must hold ${count} numbers, got ${r.params.length}` });
  });
  return errors;
}

/** The landscape must let anyone check a point: vectors of the model's length, a loss per grid point. */
function landscapeErrors(landscape: LandscapeResult, parameters: number): SpecError[] {
  const errors: SpecError[] = [];
  const vectors: [string, number[]][] = [['landscape.center', landscape.center], ...landscape.directions.map((d, i): [string, number[]] => [`landscape.directions[${i}]`, d])];
  for (const [path, v] of vectors) {
    if (v.length !== parameters) errors.push({ path, message: `must hold ${parameters} numbers (the model's parameters), got ${v.length}` });
  }
  const surface = landscape.directions.length === 2;
  const n = landscape.alphas.length;
  const shapeOk = (grid: unknown[]): boolean =>
    surface
      ? landscape.betas !== undefined && grid.length === landscape.betas.length && grid.every((row) => Array.isArray(row) && row.length === n)
      : grid.length === n && grid.every((x) => !Array.isArray(x));
  const want = surface ? `[betas.length][alphas.length] = [${landscape.betas?.length ?? '?'}][${n}]` : `one value per alpha (${n})`;
  if (surface && !landscape.betas) errors.push({ path: 'landscape.betas', message: 'is missing; a surface (two directions) needs betas' });
  if (!shapeOk(landscape.loss)) errors.push({ path: 'landscape.loss', message: `must have the shape ${want}` });
  if (!shapeOk(landscape.accuracy)) errors.push({ path: 'landscape.accuracy', message: `must have the shape ${want}` });
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
