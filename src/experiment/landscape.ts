/**
 * A loss landscape of the current model as the spec's `landscape` section asks: its directions
 * (random, layer- or filter-normalized random, top Hessian eigenvectors, trajectory PCA, or the
 * line from the initial to the current parameters), the grid evaluated on the engine (batched on
 * the GPU), and the training trajectory projected onto the slice.
 */
import { lanczos, type LinearOperator } from '../curvature/index.ts';
import { linspace, projectOntoSlice, randomDirection, slicePoint, trajectoryPca, type DirectionNormalization } from '../math/landscape.ts';
import type { ModelEngine } from '../models/model-engine.ts';
import { evaluateLandscapeGrid, type GridPath } from './landscape-eval.ts';
import { finiteOrNull } from './result.ts';
import { runSeed } from './run-streams.ts';
import type { LandscapeSpec } from './spec.ts';

export type LandscapeMethod = LandscapeSpec['directions'];

/** The parameters at one step of the run (a point of the trajectory). */
export interface TrajectorySnapshot {
  readonly step: number;
  readonly params: Float64Array;
}

/** Coordinates of a parameter vector in the slice: θ ≈ center + α·d₁ + β·d₂ (least squares). */
export interface SlicePosition {
  readonly step: number;
  readonly alpha: number;
  readonly beta: number;
}

/** The top Hessian eigenvalue over a coarse grid of the same slice (spec: landscape.curvatureMap). */
export interface CurvatureMap {
  readonly alphas: number[];
  /** Surfaces only. */
  readonly betas?: number[];
  /** Same layout as LandscapeResult.loss: [j][i] for a surface, [i] for a line; null if Lanczos failed there. */
  readonly topEigenvalue: (number | null)[][] | (number | null)[];
}

export interface LandscapeResult {
  /** The step whose parameters the landscape was drawn at. */
  readonly step: number;
  readonly method: LandscapeMethod;
  /** The center of the slice, flat in the parameter layout (for 'interpolate': the initial parameters). */
  readonly center: number[];
  /** One direction (a line) or two (a surface), flat in the parameter layout. */
  readonly directions: number[][];
  readonly alphas: number[];
  /** Surfaces only. */
  readonly betas?: number[];
  /**
   * Surface: loss[j][i] at center + alphas[i]·d₁ + betas[j]·d₂. Line: loss[i] at center + alphas[i]·d₁.
   * null where the loss is not finite.
   */
  readonly loss: (number | null)[][] | (number | null)[];
  /** Same shape as loss; null for regression. */
  readonly accuracy: (number | null)[][] | (number | null)[];
  /** The recorded training trajectory projected onto the slice (β = 0 for a line). */
  readonly trajectory: SlicePosition[];
  /** Where the parameters of `step` lie in the slice. */
  readonly current: SlicePosition;
  /** PCA: fraction of the trajectory's variance each direction explains. */
  readonly explainedVariance?: number[];
  /** Hessian: the eigenvalue of each direction. */
  readonly eigenvalues?: number[];
  /** Present when the spec asks for a curvature map. */
  readonly curvature?: CurvatureMap;
  /** How the grid was evaluated: the GPU's batched kernel or one point at a time. */
  readonly evaluation: 'batched' | 'pointwise';
  readonly ms: number;
  /** Set when the directions could not be what the spec asked (e.g. PCA of a too short trajectory). */
  readonly note?: string;
}

export type LandscapePhase = 'directions' | 'grid' | 'curvature';

export interface LandscapeRequest<V> {
  readonly engine: ModelEngine<V>;
  readonly settings: LandscapeSpec;
  /** Widths of the model, for per-layer and per-filter normalization. */
  readonly layers: readonly number[];
  readonly specSeed: number;
  readonly step: number;
  /** The snapshots recorded so far, oldest first; the first is the run's initial point. */
  readonly trajectory: readonly TrajectorySnapshot[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (phase: LandscapePhase, done: number, total: number) => void;
  readonly breathe?: () => Promise<void>;
  /** Lets the caller interleave its own work between Hessian products (Hessian directions). */
  readonly wrapOperator?: (operator: LinearOperator<V>) => LinearOperator<V>;
  readonly path?: GridPath;
}

/** Lanczos steps for the top two Hessian eigenvectors: plenty for the extreme pair of these spectra. */
const HESSIAN_LANCZOS_STEPS = 40;

const NORMALIZATION: Partial<Record<LandscapeMethod, DirectionNormalization>> = { random: 'none', layer: 'layer', filter: 'filter' };

interface Directions {
  readonly center: Float64Array;
  readonly directions: Float64Array[];
  readonly explainedVariance?: number[];
  readonly eigenvalues?: number[];
  readonly note?: string;
}

/** The i-th (1-based) filter-normalized random direction, also the stand-in when others cannot be had. */
function randomOf<V>(request: LandscapeRequest<V>, center: Float64Array, i: number, normalization: DirectionNormalization): Float64Array {
  return randomDirection(center, request.layers, normalization, request.settings.keepBiases, runSeed(request.specSeed, 'landscape'), i);
}

async function chooseDirections<V>(request: LandscapeRequest<V>, current: Float64Array): Promise<Directions> {
  const { settings, engine } = request;
  const dims = settings.directions === 'interpolate' ? 1 : settings.dims;
  const normalization = NORMALIZATION[settings.directions];
  if (normalization) {
    return { center: current, directions: Array.from({ length: dims }, (_, i) => randomOf(request, current, i + 1, normalization)) };
  }
  if (settings.directions === 'interpolate') {
    const initial = request.trajectory[0]?.params ?? current;
    return { center: initial, directions: [current.map((x, i) => x - initial[i]!)] };
  }
  if (settings.directions === 'hessian') {
    const raw = engine.curvatureOperator('hessian');
    const operator = request.wrapOperator ? request.wrapOperator(raw) : raw;
    const run = await lanczos(operator, {
      steps: Math.min(HESSIAN_LANCZOS_STEPS, engine.parameterCount),
      ritzVectors: dims,
      seed: runSeed(request.specSeed, 'landscape'),
      signal: request.signal,
      onProgress: (done, total) => request.onProgress?.('directions', done, total),
    });
    const ritz = run.ritzVectors!;
    try {
      const directions = await Promise.all(ritz.vectors.map((v) => engine.backend.read(v)));
      return { center: current, directions, eigenvalues: ritz.values };
    } finally {
      for (const v of ritz.vectors) engine.backend.free(v);
    }
  }
  // PCA of the trajectory θ_t − θ_now; what it cannot give (a short or straight trajectory) is
  // made up with filter-normalized random directions, and the result says so.
  const snapshots = request.trajectory.filter((s) => s.step !== request.step).map((s) => s.params);
  const pca = snapshots.length >= 1 ? trajectoryPca([...snapshots, current], current, dims) : { directions: [], explainedVariance: [] };
  const directions = [...pca.directions];
  let note: string | undefined;
  if (directions.length < dims) {
    const count = snapshots.length + 1;
    note = `the trajectory so far (${count} snapshot${count === 1 ? '' : 's'}) gives ${directions.length} of ${dims} principal directions; the rest are filter-normalized random directions`;
    for (let i = directions.length; i < dims; i++) directions.push(randomOf(request, current, i + 1, 'filter'));
  }
  return { center: current, directions, explainedVariance: pca.explainedVariance, ...(note ? { note } : {}) };
}

/** Lanczos steps per point of the curvature map: the top eigenvalue converges first. */
const CURVATURE_LANCZOS_STEPS = 20;

/**
 * λ_max of the Hessian at every point of a coarse grid over the slice: θ is moved to each point
 * (setParams) for a short Lanczos run, and restored afterwards, also when cancelled or failing.
 */
async function curvatureMap<V>(
  request: LandscapeRequest<V>,
  current: Float64Array,
  slice: { center: Float64Array; d1: Float64Array; d2: Float64Array | undefined; from: number; to: number },
  resolution: number,
): Promise<CurvatureMap> {
  const { engine } = request;
  const alphas = linspace(slice.from, slice.to, resolution);
  const betas = slice.d2 ? linspace(-request.settings.range, request.settings.range, resolution) : undefined;
  const raw = engine.curvatureOperator('hessian');
  const operator = request.wrapOperator ? request.wrapOperator(raw) : raw;
  const total = alphas.length * (betas?.length ?? 1);
  const rows: (number | null)[][] = [];
  try {
    for (const beta of betas ?? [0]) {
      const row: (number | null)[] = [];
      for (const alpha of alphas) {
        engine.setParams(slicePoint(slice.center, slice.d1, alpha, slice.d2, beta));
        const run = await lanczos(operator, {
          steps: Math.min(CURVATURE_LANCZOS_STEPS, engine.parameterCount),
          seed: runSeed(request.specSeed, 'landscape'),
          signal: request.signal,
        }).catch((error: unknown) => {
          if (request.signal?.aborted) throw error;
          return null; // e.g. non-finite products in a diverging corner: no value there
        });
        row.push(run ? run.ritzValues[run.ritzValues.length - 1]! : null);
        request.onProgress?.('curvature', rows.length * alphas.length + row.length, total);
      }
      rows.push(row);
    }
  } finally {
    engine.setParams(current);
  }
  return { alphas, ...(betas ? { betas, topEigenvalue: rows } : { topEigenvalue: rows[0]! }) };
}

/** Computes the landscape at the engine's current parameters. */
export async function computeLandscape<V>(request: LandscapeRequest<V>): Promise<LandscapeResult> {
  const started = performance.now();
  const { settings, engine } = request;
  const current = await engine.readParams();
  const chosen = await chooseDirections(request, current);
  const [d1, d2] = chosen.directions as [Float64Array, Float64Array | undefined];
  const { range, resolution } = settings;
  const interpolate = settings.directions === 'interpolate';
  // A line between checkpoints shows a margin on both sides: α from −range/2 to 1 + range/2.
  const alphas = interpolate ? linspace(-range / 2, 1 + range / 2, resolution) : linspace(-range, range, resolution);
  const betas = d2 ? linspace(-range, range, resolution) : undefined;
  const values = await evaluateLandscapeGrid(
    engine,
    { center: chosen.center, d1, ...(d2 ? { d2, betas } : {}), alphas },
    {
      ...(request.signal ? { signal: request.signal } : {}),
      ...(request.breathe ? { breathe: request.breathe } : {}),
      ...(request.path ? { path: request.path } : {}),
      onProgress: (done, total) => request.onProgress?.('grid', done, total),
    },
  );
  const curvature = settings.curvatureMap
    ? await curvatureMap(request, current, { center: chosen.center, d1, d2, from: alphas[0]!, to: alphas[alphas.length - 1]! }, settings.curvatureMap)
    : undefined;
  const n = alphas.length;
  const row = (source: Float64Array, j: number) => Array.from(source.subarray(j * n, (j + 1) * n), finiteOrNull);
  // Non-finite values (a diverging corner of the grid, the accuracy of a regression) are null, as in JSON.
  const loss = betas ? betas.map((_, j) => row(values.loss, j)) : row(values.loss, 0);
  const accuracy = betas ? betas.map((_, j) => row(values.accuracy, j)) : row(values.accuracy, 0);
  const position = (step: number, theta: ArrayLike<number>): SlicePosition => {
    const [alpha, beta] = projectOntoSlice(theta, chosen.center, d1, d2);
    return { step, alpha, beta };
  };
  const trajectory = request.trajectory.filter((s) => s.step < request.step).map((s) => position(s.step, s.params));
  const here = position(request.step, current);
  trajectory.push(here);
  return {
    step: request.step,
    method: settings.directions,
    center: Array.from(chosen.center),
    directions: chosen.directions.map((d) => Array.from(d)),
    alphas,
    ...(betas ? { betas } : {}),
    loss,
    accuracy,
    trajectory,
    current: here,
    ...(chosen.explainedVariance ? { explainedVariance: chosen.explainedVariance } : {}),
    ...(chosen.eigenvalues ? { eigenvalues: chosen.eigenvalues } : {}),
    ...(curvature ? { curvature } : {}),
    evaluation: values.path,
    ms: performance.now() - started,
    ...(chosen.note ? { note: chosen.note } : {}),
  };
}
