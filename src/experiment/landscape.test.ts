import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { symmetricEigen } from '../math/eigen.ts';
import { normalizeDirection, gaussianDirection, slicePoint } from '../math/landscape.ts';
import { denseHessian, evaluate, type MlpProblem } from '../math/mlp.ts';
import type { GpuContext } from '../engine/gpu-context.ts';
import { acquireTestGpu } from '../engine/testing/node-gpu.ts';
import type { ModelEngine } from '../models/model-engine.ts';
import { createEngine, prepareExperiment, type EngineChoice, type PreparedExperiment } from './engine-factory.ts';
import type { LandscapeResult } from './landscape.ts';
import { evaluateLandscapeGrid } from './landscape-eval.ts';
import { parseResult, type ExperimentResult } from './result.ts';
import { ExperimentRunner, runExperiment, type RunnerEvent } from './runner.ts';
import { runSeed } from './run-streams.ts';
import { landscapeDefaults, parseSpec, type ExperimentSpec } from './spec.ts';

const NO_PROBES = { eigenvalues: null, trace: null, density: null };

/** A 2-4-3 tanh network (27 parameters) on 40 spirals, no curvature probes: runs take milliseconds. */
function specWith(landscape: Record<string, unknown>, patch: Record<string, unknown> = {}): ExperimentSpec {
  const parsed = parseSpec({
    seed: 5,
    model: { layers: [2, 4, 3] },
    data: { name: 'spirals', n: 40 },
    train: { steps: 12, lr: 0.5 },
    probes: { every: 4, ...NO_PROBES },
    landscape,
    ...patch,
  });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return parsed.spec;
}

interface Run {
  result: ExperimentResult;
  events: RunnerEvent[];
  prepared: PreparedExperiment;
}

async function run(spec: ExperimentSpec, choice: EngineChoice = { kind: 'cpu' }): Promise<Run> {
  const events: RunnerEvent[] = [];
  let prepared: PreparedExperiment | undefined;
  const result = await runExperiment(spec, async (p) => {
    prepared = p;
    return createEngine(p, choice);
  }, { onEvent: (e) => events.push(e) });
  const failure = events.find((e) => e.type === 'error');
  if (!result) throw new Error(`run failed: ${failure && 'message' in failure ? failure.message : 'cancelled'}`);
  return { result, events, prepared: prepared! };
}

function problemOf(prepared: PreparedExperiment): MlpProblem {
  return { arch: prepared.arch, loss: prepared.loss, data: prepared.train };
}

/** The float64 loss at a grid point of a landscape, from the landscape's own JSON (what anyone can check). */
function directLoss(problem: MlpProblem, l: LandscapeResult, i: number, j = 0): number {
  const d2 = l.directions[1];
  return evaluate(problem, slicePoint(l.center, l.directions[0]!, l.alphas[i]!, d2, d2 ? l.betas![j]! : 0)).loss;
}

function gridValue(l: LandscapeResult, i: number, j = 0): number {
  return (l.betas ? (l.loss as number[][])[j]![i] : (l.loss as number[])[i])!;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

const SAMPLED: [number, number][] = [[0, 0], [2, 3], [4, 1], [3, 4], [2, 2]];

describe('landscapes in a run (float64 engine)', () => {
  it('filter directions: the result JSON holds the grid; every sampled point equals a direct loss evaluation', async () => {
    const spec = specWith({ directions: 'filter', resolution: 5, range: 0.8 });
    const { result, events, prepared } = await run(spec);
    const l = result.landscape!;
    expect(l.step).toBe(12);
    expect(l.evaluation).toBe('pointwise');
    expect(l.center).toEqual(result.params.values);
    expect(l.alphas).toEqual([-0.8, -0.4, 0, 0.4, 0.8]);
    expect(l.betas).toEqual(l.alphas);
    const problem = problemOf(prepared);
    for (const [i, j] of SAMPLED) expect(gridValue(l, i, j)).toBeCloseTo(directLoss(problem, l, i, j), 12);
    expect(gridValue(l, 2, 2)).toBeCloseTo(result.history.at(-1)!.loss, 12);
    // The directions are the spec's random draws, filter-normalized to the final parameters.
    for (const [k, d] of l.directions.entries()) {
      const want = normalizeDirection(gaussianDirection(d.length, runSeed(5, 'landscape'), k + 1), l.center, [2, 4, 3], 'filter', false);
      expect(d).toEqual(Array.from(want));
    }
    // The trajectory starts at the initial point and ends at the center.
    expect(l.trajectory[0]!.step).toBe(0);
    expect(l.trajectory.at(-1)).toEqual({ step: 12, alpha: 0, beta: 0 });
    expect(l.current).toEqual({ step: 12, alpha: 0, beta: 0 });
    expect(events.filter((e) => e.type === 'landscape')).toHaveLength(1);
    const progress = events.filter((e) => e.type === 'landscape-progress');
    expect(progress.at(-1)).toMatchObject({ phase: 'grid', done: 25, total: 25 });
  });

  it('round-trips through JSON and parseResult; a malformed landscape is rejected with its path', async () => {
    const { result } = await run(specWith({ directions: 'layer', resolution: 3, dims: 1 }));
    const text = JSON.stringify(result);
    const back = parseResult(text);
    expect(back.ok).toBe(true);
    if (back.ok) expect(back.result.landscape).toEqual(JSON.parse(text).landscape);
    expect(result.landscape!.directions).toHaveLength(1);
    expect(result.landscape!.betas).toBeUndefined();
    expect(result.landscape!.loss).toHaveLength(3);
    const broken = JSON.parse(text);
    broken.landscape.center.pop();
    broken.landscape.loss.push(1);
    const parsed = parseResult(broken);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors.map((e) => e.path)).toEqual(['landscape.center', 'landscape.loss']);
    }
    const wrongKind = JSON.parse(text);
    wrongKind.landscape.method = 'eigen';
    expect(parseResult(wrongKind).ok).toBe(false);
  });

  it('interpolation: α = 0 is the initial point and α = 1 the final one, with their losses', async () => {
    const { result, prepared } = await run(specWith({ directions: 'interpolate', resolution: 21, range: 1 }));
    const l = result.landscape!;
    expect(l.directions).toHaveLength(1);
    expect(l.alphas[0]).toBe(-0.5);
    expect(l.alphas[5]).toBe(0);
    expect(l.alphas[15]).toBe(1);
    expect(l.center).toEqual(Array.from(prepared.initialParams));
    const losses = l.loss as number[];
    expect(losses[5]).toBeCloseTo(result.history[0]!.loss, 12);
    expect(losses[15]).toBeCloseTo(result.history.at(-1)!.loss, 12);
    expect(l.current.alpha).toBeCloseTo(1, 12);
    expect(l.trajectory[0]).toEqual({ step: 0, alpha: 0, beta: 0 });
  });

  it('Hessian directions are the top two eigenvectors of the dense Hessian at the final point', async () => {
    const { result, prepared } = await run(specWith({ directions: 'hessian', resolution: 3 }));
    const l = result.landscape!;
    const P = l.center.length;
    const { values, vectors } = symmetricEigen(denseHessian(problemOf(prepared), l.center), P);
    for (let k = 0; k < 2; k++) {
      const u = Array.from({ length: P }, (_, r) => vectors[r * P + (P - 1 - k)]!);
      expect(l.eigenvalues![k]).toBeCloseTo(values[P - 1 - k]!, 8);
      expect(Math.abs(dot(u, l.directions[k]!))).toBeCloseTo(1, 8);
    }
    expect(dot(l.directions[0]!, l.directions[1]!)).toBeCloseTo(0, 10);
  });

  it('PCA directions are orthonormal principal axes of the recorded trajectory, with explained variance', async () => {
    const { result } = await run(specWith({ directions: 'pca', resolution: 3 }));
    const l = result.landscape!;
    const [d1, d2] = l.directions as [number[], number[]];
    expect(dot(d1, d1)).toBeCloseTo(1, 12);
    expect(dot(d2, d2)).toBeCloseTo(1, 12);
    expect(dot(d1, d2)).toBeCloseTo(0, 12);
    const [v1, v2] = l.explainedVariance!;
    expect(v1!).toBeGreaterThanOrEqual(v2!);
    expect(v1! + v2!).toBeLessThanOrEqual(1 + 1e-12);
    expect(l.trajectory.length).toBe(13); // 12 steps: every step recorded
    expect(l.note).toBeUndefined();
  });

  it('curvature map: λ_max of the dense Hessian at sampled points of a coarse grid; θ is restored', async () => {
    const { result, prepared } = await run(specWith({ directions: 'filter', resolution: 5, range: 0.5, curvatureMap: 3 }));
    const l = result.landscape!;
    const map = l.curvature!;
    expect(map.alphas).toEqual([-0.5, 0, 0.5]);
    expect(map.betas).toEqual([-0.5, 0, 0.5]);
    const problem = problemOf(prepared);
    const P = l.center.length;
    for (const [i, j] of [[0, 0], [1, 1], [2, 1]] as const) {
      const theta = slicePoint(l.center, l.directions[0]!, map.alphas[i]!, l.directions[1]!, map.betas![j]!);
      const { values } = symmetricEigen(denseHessian(problem, theta), P);
      const got = (map.topEigenvalue as number[][])[j]![i]!;
      // 20 Lanczos steps on 27 parameters: the top Ritz value is converged to rounding.
      expect(Math.abs(got - values[P - 1]!) / Math.abs(values[P - 1]!)).toBeLessThan(1e-8);
    }
    // The run's parameters were put back after the map: the result's final point is the center.
    expect(result.params.values).toEqual(l.center);
    expect(parseResult(JSON.parse(JSON.stringify(result))).ok).toBe(true);
  });

  it('every: a landscape every 4 steps and after the last; a paused run draws one on request', async () => {
    const { events, result } = await run(specWith({ directions: 'random', resolution: 3, every: 4 }));
    expect(events.filter((e) => e.type === 'landscape').map((e) => (e as { result: LandscapeResult }).result.step)).toEqual([0, 4, 8, 12]);
    expect(result.landscape!.step).toBe(12);

    const seen: RunnerEvent[] = [];
    const runner = new ExperimentRunner(specWith(null as unknown as Record<string, unknown>), (p) => createEngine(p, { kind: 'cpu' }), {
      paused: true,
      onEvent: (e) => {
        seen.push(e);
        if (e.type === 'step' && e.step === 0) setTimeout(() => runner.requestLandscape({ ...landscapeDefaults(), resolution: 3 }));
        if (e.type === 'landscape') runner.cancel();
      },
    });
    await runner.run();
    const drawn = seen.find((e) => e.type === 'landscape') as { result: LandscapeResult } | undefined;
    expect(drawn?.result.step).toBe(0);
    expect(seen.filter((e) => e.type === 'step')).toHaveLength(1); // the request spent no step
  });
});

describe('landscapes on the WebGPU engine', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await acquireTestGpu();
  });
  afterAll(() => ctx?.destroy());

  /**
   * f32 against float64 from the same JSON numbers: the GPU stores θ, d and (α, β) in f32
   * (relative rounding 6e-8 each, so the weights it forms differ by ~1e-7 relative from the float64
   * ones) and sums 32 per-sample losses in f32. 1e-5 relative (measured: under 1e-6).
   */
  const GPU_TOL = 1e-5;

  it('the batched grid equals direct float64 evaluations at sampled points, and the point-by-point GPU path', async () => {
    const spec = specWith({ directions: 'filter', resolution: 5, range: 1 });
    const { result, prepared } = await run(spec, { kind: 'webgpu', ctx });
    const l = result.landscape!;
    expect(result.engine.kind).toBe('webgpu');
    expect(l.evaluation).toBe('batched');
    const problem = problemOf(prepared);
    for (const [i, j] of SAMPLED) {
      const want = directLoss(problem, l, i, j);
      expect(Math.abs(gridValue(l, i, j) - want) / want).toBeLessThanOrEqual(GPU_TOL);
    }
    const engine = (await createEngine(prepared, { kind: 'webgpu', ctx })) as ModelEngine<unknown>;
    try {
      engine.setParams(l.center);
      const grid = { center: l.center, d1: l.directions[0]!, d2: l.directions[1]!, alphas: l.alphas, betas: l.betas! };
      const batched = await evaluateLandscapeGrid(engine, grid);
      const pointwise = await evaluateLandscapeGrid(engine, grid, { path: 'pointwise' });
      expect(batched.path).toBe('batched');
      expect(pointwise.path).toBe('pointwise');
      for (let g = 0; g < 25; g++) expect(Math.abs(batched.loss[g]! - pointwise.loss[g]!) / pointwise.loss[g]!).toBeLessThanOrEqual(GPU_TOL);
      // θ is left as it was.
      expect(Array.from(await engine.readParams())).toEqual(Array.from(Float32Array.from(l.center)));
    } finally {
      engine.dispose();
    }
  });

  it('the float64 engine has no batched kernel and says so when one is demanded', async () => {
    const prepared = await prepareExperiment(specWith({}));
    const engine = await createEngine(prepared, { kind: 'cpu' });
    try {
      const grid = { center: prepared.initialParams, d1: prepared.initialParams, alphas: [0] };
      await expect(evaluateLandscapeGrid(engine, grid, { path: 'batched' })).rejects.toThrow(/no batched grid kernel/);
    } finally {
      engine.dispose();
    }
  });
});
