/**
 * A race: several optimizers on the same problem, from the same start with the same seed. Each
 * racer is exactly the single run of `racerSpec(spec, i)` (the same training loop, the same
 * optimizer code), so a racer's numbers equal that run's; the race only interleaves the racers
 * (one update each per round, see RaceTurns) and measures, per step:
 * - f (the loss) and f − f* when the problem's minimum is known;
 * - ‖∇f‖ on the whole training set, computed by the lab and not charged to the optimizer;
 * - the products the optimizer computed so far, counted at the engine (ProductCounts);
 * - the wall-clock time of its updates so far, without the lab's measurements;
 * - on 2-D problems the point itself.
 * Probes and landscapes are off during a race: they would cost far more than the updates raced.
 */
import type { Dataset } from '../data/dataset.ts';
import type { LinearOperator } from '../curvature/operator.ts';
import type { ModelEngine } from '../models/model-engine.ts';
import { RaceTurns } from './race-turns.ts';
import type { HistoryEntry, RaceResult, RacerResult } from './result.ts';
import type { RunnerEvent } from './runner-events.ts';
import { racerTrain, type ExperimentSpec } from './spec.ts';
import { runTraining } from './training-loop.ts';

/** The single run racer `i` is: its settings (racerTrain), no race, no probes, no landscape. */
export function racerSpec(spec: ExperimentSpec, i: number): ExperimentSpec {
  const racer = spec.race?.[i];
  if (!racer) throw new Error(`racerSpec: the spec has no racer ${i}`);
  const train = racerTrain(spec.train, racer);
  const probes = { ...spec.probes, eigenvalues: null, trace: null, density: null };
  return { ...spec, train, probes, landscape: null, race: null };
}

/** "adam lr=0.05": the optimizer and the fields the patch sets; repeated labels get " #i". */
export function racerLabels(spec: ExperimentSpec): string[] {
  const labels = (spec.race ?? []).map((racer) => {
    const { optimizer, ...rest } = racer;
    const fields = Object.entries(rest)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${v === null ? 'full' : String(v)}`);
    return [optimizer ?? spec.train.optimizer, ...fields].join(' ');
  });
  return labels.map((label, i) => (labels.filter((l) => l === label).length > 1 ? `${label} #${i + 1}` : label));
}

interface Tally {
  gradients: number;
  hvps: number;
  evaluations: number;
  /** Time of the lab's own loss evaluations and yields inside the update window, to subtract. */
  excludedMs: number;
  /** The latest whole-training-set evaluation of the window: the loop's own record of the step. */
  lastTrainEvaluation: { weight: number; ms: number } | null;
}

/**
 * The engine as the optimizer sees it, counting what is computed while `counting` is on. Work is
 * counted in full-batch equivalents (indices.length / n). A Proxy, so that engine methods added
 * later pass through unchanged (uncounted until listed here).
 */
function countingEngine<V>(engine: ModelEngine<V>, samples: number) {
  const tally: Tally = { gradients: 0, hvps: 0, evaluations: 0, excludedMs: 0, lastTrainEvaluation: null };
  const state = { counting: false };
  const weight = (indices: Uint32Array | undefined): number => (indices === undefined || samples === 0 ? 1 : indices.length / samples);
  const overrides: Partial<ModelEngine<V>> = {
    async gradient(grad: V, indices?: Uint32Array): Promise<number> {
      if (state.counting) tally.gradients += weight(indices);
      return engine.gradient(grad, indices);
    },
    async evaluate(set: 'train' | 'test', indices?: Uint32Array) {
      const started = performance.now();
      const result = await engine.evaluate(set, indices);
      if (!state.counting) return result;
      const ms = performance.now() - started;
      // The loop records the test loss at its cadence: the lab's measurement, never the optimizer's.
      if (set === 'test') tally.excludedMs += ms;
      else {
        tally.evaluations += weight(indices);
        tally.lastTrainEvaluation = indices === undefined ? { weight: 1, ms } : null;
      }
      return result;
    },
    // Sophia-G's gradient with sampled labels costs what a gradient costs.
    ...(engine.sampledLabelGradient
      ? {
          async sampledLabelGradient(grad: V, indices: Uint32Array | undefined, seed: number, stream: number): Promise<number> {
            if (state.counting) tally.gradients += weight(indices);
            return engine.sampledLabelGradient!(grad, indices, seed, stream);
          },
        }
      : {}),
    curvatureOperator(kind, indices): LinearOperator<V> {
      const operator = engine.curvatureOperator(kind, indices);
      return {
        backend: operator.backend,
        apply: async (x, y) => {
          if (state.counting) tally.hvps += weight(indices);
          await operator.apply(x, y);
        },
      };
    },
  };
  const proxy = new Proxy(engine, {
    get(target, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof ModelEngine<V>];
      // Read and call on the engine itself: a class-based engine keeps its own `this`.
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { engine: proxy, tally, state };
}

export interface RaceContext {
  readonly spec: ExperimentSpec;
  /** One fresh engine per racer, all at the same starting point; the caller disposes them. */
  readonly engines: readonly ModelEngine<unknown>[];
  readonly train: Dataset;
  readonly hasTest: boolean;
  /** The problem's minimum, when known. */
  readonly fStar: number | null;
  readonly signal: AbortSignal;
  readonly emit: (event: RunnerEvent) => void;
  /** The runner's pause/step gate, passed once per round. */
  readonly gate: () => Promise<void>;
  readonly breathe: () => Promise<void>;
}

export interface RaceOutcome {
  readonly race: RaceResult;
  readonly trainingMs: number;
}

export async function runRace(ctx: RaceContext): Promise<RaceOutcome> {
  const { spec, engines } = ctx;
  const count = spec.race?.length ?? 0;
  if (engines.length !== count) throw new Error(`runRace: ${count} racers need ${count} engines, got ${engines.length}`);
  const labels = racerLabels(spec);
  const turns = new RaceTurns(count, ctx.gate);
  const racers = await Promise.all(engines.map((engine, i) => runRacer(ctx, turns, engine, i, labels[i]!)));
  return { race: { fStar: ctx.fStar, racers }, trainingMs: racers.reduce((sum, r) => sum + r.trainingMs, 0) };
}

async function runRacer<V>(ctx: RaceContext, turns: RaceTurns, engine: ModelEngine<V>, i: number, label: string): Promise<RacerResult> {
  const spec = racerSpec(ctx.spec, i);
  const counted = countingEngine(engine, ctx.train.n);
  const { tally, state } = counted;
  const history: HistoryEntry[] = [];
  let pending: HistoryEntry | null = null;
  let timeMs = 0;
  let windowStart = 0;
  const scratch = engine.backend.create();

  // ‖g‖ and the point, on the raw engine: measurements of the lab, not charged to the racer.
  const record = async (): Promise<void> => {
    const entry = pending;
    if (!entry) return;
    pending = null;
    await engine.gradient(scratch);
    const gradNorm = Math.sqrt(await engine.backend.dot(scratch, scratch));
    const point = engine.parameterCount <= 2 ? Array.from(await engine.readParams()) : undefined;
    const full: HistoryEntry = {
      ...entry,
      ...(ctx.fStar !== null ? { gap: entry.loss - ctx.fStar } : {}),
      gradNorm,
      products: { gradients: tally.gradients, hvps: tally.hvps, evaluations: tally.evaluations },
      timeMs,
      ...(point ? { point } : {}),
    };
    history.push(full);
    ctx.emit({ type: 'race-step', racer: i, entry: full });
  };
  // The update window closes when the loop reports the next step: the loss it evaluated for that
  // report (the last whole-set evaluation) is the lab's, not the optimizer's.
  const closeWindow = (): void => {
    if (!state.counting) return;
    state.counting = false;
    const own = tally.lastTrainEvaluation;
    if (own) {
      tally.evaluations -= own.weight;
      tally.excludedMs += own.ms;
    }
    timeMs += performance.now() - windowStart - tally.excludedMs;
  };
  const openWindow = (): void => {
    tally.excludedMs = 0;
    tally.lastTrainEvaluation = null;
    state.counting = true;
    windowStart = performance.now();
  };

  await turns.wait(i);
  try {
    const outcome = await runTraining({
      liveSpec: () => spec,
      engine: counted.engine,
      train: ctx.train,
      hasTest: ctx.hasTest,
      startStep: 0,
      signal: ctx.signal,
      emit: (event) => {
        if (event.type !== 'step') return;
        closeWindow();
        const { type: _type, ...entry } = event;
        pending = entry;
      },
      gate: async () => {
        await record();
        await turns.pass(i);
        openWindow();
      },
      breathe: async () => {
        const started = performance.now();
        await ctx.breathe();
        if (state.counting) tally.excludedMs += performance.now() - started;
      },
    });
    closeWindow();
    await record();
    const params = Array.from(await engine.readParams());
    turns.finish(i);
    return { label, train: { ...ctx.spec.race![i]! }, history, params, ...(outcome.diverged ? { diverged: outcome.diverged } : {}), trainingMs: timeMs };
  } catch (error) {
    // Say which racer failed: "racer 3 (sophia-g): ...", unless the race was cancelled.
    const named = ctx.signal.aborted || !(error instanceof Error) ? error : new Error(`racer ${i + 1} (${label}): ${error.message}`, { cause: error });
    turns.fail(named);
    throw named;
  } finally {
    engine.backend.free(scratch);
  }
}
