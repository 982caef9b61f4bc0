/**
 * Evaluating a landscape grid on any ModelEngine: the engine's batched kernel when it has one
 * (the WebGPU engine evaluates many grid points per dispatch), else one point at a time through
 * setParams/evaluate (the float64 engine, or any engine when asked, e.g. to benchmark the two).
 */
import { throwIfAborted } from '../curvature/progress.ts';
import { slicePoint } from '../math/landscape.ts';
import { checkGrid, gridCoordinates, type GridRunOptions, type GridValues, type LandscapeGrid } from '../models/landscape-grid.ts';
import type { ModelEngine } from '../models/model-engine.ts';

/** 'batched': the engine's grid kernel; 'pointwise': setParams + evaluate per point; 'auto': batched if available. */
export type GridPath = 'auto' | 'batched' | 'pointwise';

export interface GridEvaluationOptions extends GridRunOptions {
  readonly path?: GridPath;
  /** Called between points on the pointwise path, so that a long grid lets the page breathe. */
  readonly breathe?: () => Promise<void>;
}

export interface GridEvaluation extends GridValues {
  /** Which path computed the values (never 'auto'). */
  readonly path: 'batched' | 'pointwise';
}

export async function evaluateLandscapeGrid<V>(
  engine: ModelEngine<V>,
  grid: LandscapeGrid,
  options: GridEvaluationOptions = {},
): Promise<GridEvaluation> {
  const path = options.path ?? 'auto';
  if (path === 'batched' && !engine.evaluateGrid) {
    throw new Error(`landscape: the ${engine.label} engine has no batched grid kernel; use path 'pointwise' or 'auto'`);
  }
  if (path !== 'pointwise' && engine.evaluateGrid) {
    const values = await engine.evaluateGrid(grid, options);
    return { ...values, path: 'batched' };
  }
  return { ...(await evaluatePointwise(engine, grid, options)), path: 'pointwise' };
}

/** One point at a time; θ is restored afterwards, also when cancelled or failing. */
async function evaluatePointwise<V>(engine: ModelEngine<V>, grid: LandscapeGrid, options: GridEvaluationOptions): Promise<GridValues> {
  checkGrid(grid, engine.parameterCount);
  const coords = gridCoordinates(grid);
  const total = coords.length / 2;
  const loss = new Float64Array(total);
  const accuracy = new Float64Array(total);
  const saved = await engine.readParams();
  try {
    for (let g = 0; g < total; g++) {
      throwIfAborted(options.signal);
      engine.setParams(slicePoint(grid.center, grid.d1, coords[2 * g]!, grid.d2, coords[2 * g + 1]!));
      const e = await engine.evaluate('train');
      loss[g] = e.loss;
      accuracy[g] = e.accuracy;
      options.onProgress?.(g + 1, total);
      await options.breathe?.();
    }
  } finally {
    engine.setParams(saved);
  }
  return { loss, accuracy };
}
