/**
 * landscapeBatched: a 51×51 loss landscape of the default experiment's model and data at its
 * initial parameters (filter-normalized random directions, as the lab draws them), by the batched
 * grid kernel against one point at a time (setParams + the ordinary loss kernel per point). Both
 * paths come from src/experiment/landscape-eval.ts; their losses are checked equal first.
 */
import type { GpuContext } from '../src/engine/gpu-context.ts';
import { createEngine, prepareExperiment } from '../src/experiment/engine-factory.ts';
import { evaluateLandscapeGrid, type GridPath } from '../src/experiment/landscape-eval.ts';
import { runSeed } from '../src/experiment/run-streams.ts';
import { formatSpecErrors, parseSpec } from '../src/experiment/spec.ts';
import { linspace, randomDirection } from '../src/math/landscape.ts';
import { alternate, assertSameResult, medianOfPairedRatios, wallMs, type Clock } from './stats.ts';

/** The batched kernel sums each point's samples in another order than the per-point loss kernel. */
export const LANDSCAPE_TOLERANCE = 1e-5;

export interface LandscapeBatchedEntry {
  readonly case: string;
  readonly resolution: number;
  readonly clock: Clock;
  readonly relativeError: number;
  readonly tolerance: number;
  readonly batchedMs: number[];
  readonly pointwiseMs: number[];
  /** Median over the alternated repeats of batchedMs[i] / pointwiseMs[i]: the target is ≤ 0.1 (10× faster). */
  readonly ratio: number;
}

export async function measureLandscape(ctx: GpuContext, options: { resolution: number; repeats: number }): Promise<LandscapeBatchedEntry> {
  const parsed = parseSpec({});
  if (!parsed.ok) throw new Error(formatSpecErrors(parsed.errors));
  const prepared = await prepareExperiment(parsed.spec);
  const engine = await createEngine(prepared, { kind: 'webgpu', ctx });
  try {
    const center = prepared.initialParams;
    const layers = parsed.spec.model.layers;
    const seed = runSeed(parsed.spec.seed, 'landscape');
    const d1 = randomDirection(center, layers, 'filter', false, seed, 1);
    const d2 = randomDirection(center, layers, 'filter', false, seed, 2);
    const gridOf = (resolution: number) => {
      const axis = linspace(-1, 1, resolution);
      return { center, d1, d2, alphas: axis, betas: axis };
    };
    const grid = gridOf(options.resolution);
    // Warm-up: a 5×5 grid on each path compiles its pipelines.
    for (const path of ['batched', 'pointwise'] as const) await evaluateLandscapeGrid(engine, gridOf(5), { path });
    // Every timed grid's losses are kept; the first pair is checked equal before any time is reported.
    const losses: Record<GridPath, Float64Array | null> = { auto: null, batched: null, pointwise: null };
    const timed = (path: GridPath) => () =>
      wallMs(async () => {
        const { loss } = await evaluateLandscapeGrid(engine, grid, { path });
        losses[path] ??= loss;
      });
    const times = await alternate({ batched: timed('batched'), pointwise: timed('pointwise') }, options.repeats, { warmUp: false });
    const relativeError = assertSameResult('landscape: batched vs one point at a time', losses.batched!, losses.pointwise!, LANDSCAPE_TOLERANCE);
    return {
      case: `[${layers.join(',')}] ${parsed.spec.model.activation} × ${prepared.train.n} ${parsed.spec.data.name} (default experiment)`,
      resolution: options.resolution,
      // Pointwise is thousands of submits and read-backs, which only the wall clock sees.
      clock: 'wall',
      relativeError,
      tolerance: LANDSCAPE_TOLERANCE,
      batchedMs: times.batched,
      pointwiseMs: times.pointwise,
      ratio: medianOfPairedRatios(times.batched, times.pointwise),
    };
  } finally {
    engine.dispose();
  }
}
