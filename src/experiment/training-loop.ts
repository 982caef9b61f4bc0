/**
 * The training/probe loop over any ModelEngine. Step t reports the state θ_t (after t updates):
 * the training loss and accuracy, the test numbers and a probe at the probe cadence and after the
 * last update; then it updates θ_t → θ_{t+1} with the settings in force at t (specAt).
 */
import { subsetDataset, type Dataset } from '../data/index.ts';
import { throwIfAborted, type LinearOperator } from '../curvature/index.ts';
import type { ModelEngine } from '../models/model-engine.ts';
import { createOptimizer, type FirstOrderOptimizer } from '../optim/index.ts';
import { BatchSchedule, probeSubset } from './batches.ts';
import { createDivergenceWatch, divergenceMessage } from './divergence.ts';
import { probesEnabled, runProbe } from './probes.ts';
import { finiteOrNull, type DivergenceInfo, type HistoryEntry, type ProbeResult } from './result.ts';
import type { RunnerEvent } from './runner-events.ts';
import { specAt, type ChangeSpec, type ExperimentSpec, type TrainSpec } from './spec.ts';

export interface LoopContext<V> {
  /**
   * The spec as of step `step`, with every change received so far; a change that arrived for a
   * step already under way is recorded at `step`. Read once at the top of each step.
   */
  readonly liveSpec: (step: number) => ExperimentSpec;
  readonly engine: ModelEngine<V>;
  readonly train: Dataset;
  readonly hasTest: boolean;
  readonly startStep: number;
  readonly signal: AbortSignal;
  readonly emit: (event: RunnerEvent) => void;
  /** Resolves when the next update may run (pause and single steps are handled here). */
  readonly gate: () => Promise<void>;
  /** Resolves at once, or after a macrotask when the thread has been busy for a while. */
  readonly breathe: () => Promise<void>;
}

export interface LoopOutcome {
  /** The spec with the changes received during the run. */
  readonly spec: ExperimentSpec;
  readonly history: HistoryEntry[];
  readonly probes: ProbeResult[];
  readonly changes: ChangeSpec[];
  readonly lastStep: number;
  readonly probeData: Dataset;
  readonly diverged?: DivergenceInfo;
  readonly trainingMs: number;
  readonly probesMs: number;
}

/** Sample count of the update at a step; undefined for the full batch. gd is full-batch by definition. */
export function batchSizeOf(train: TrainSpec, samples: number): number | undefined {
  if (train.optimizer === 'gd' || train.batchSize === null || train.batchSize >= samples) return undefined;
  return train.batchSize;
}

export async function runTraining<V>(ctx: LoopContext<V>): Promise<LoopOutcome> {
  const { engine, train, signal, emit } = ctx;
  let spec = ctx.liveSpec(ctx.startStep);
  const steps = spec.train.steps;
  const samples = train.n;
  const schedule = new BatchSchedule(spec.seed, samples);
  // Replaying the schedule makes a run started at step s draw the batches a full run would.
  for (let t = 0; t < ctx.startStep; t++) {
    const size = batchSizeOf(specAt(spec, t).train, samples);
    if (size !== undefined) schedule.next(size);
  }

  const history: HistoryEntry[] = [];
  const probes: ProbeResult[] = [];
  let settings = specAt(spec, ctx.startStep);
  let optimizer: FirstOrderOptimizer<V> = createOptimizer(settings.train, engine);
  const grad = engine.backend.create();
  let largestProbe: number | null | undefined;
  let trainingMs = 0;
  let probesMs = 0;
  let diverged: DivergenceInfo | undefined;
  const watch = createDivergenceWatch();
  let t = ctx.startStep;
  const wrapOperator = (operator: LinearOperator<V>): LinearOperator<V> => ({
    backend: operator.backend,
    apply: async (x, y) => {
      throwIfAborted(signal);
      await ctx.breathe();
      await operator.apply(x, y);
    },
  });

  try {
    for (; ; t++) {
      if (t > ctx.startStep) {
        spec = ctx.liveSpec(t);
        settings = specAt(spec, t);
      }
      for (const change of spec.changes) if (change.step === t) emit({ type: 'change', step: t, change });
      if (t > ctx.startStep && spec.changes.some((c) => c.step === t)) {
        if (settings.train.optimizer !== optimizer.name) {
          optimizer.dispose();
          optimizer = createOptimizer(settings.train, engine);
        } else optimizer.updateSettings(settings.train);
      }

      const started = performance.now();
      const current = await engine.evaluate('train');
      const onCadence = t % settings.probes.every === 0 || t === steps;
      const test = onCadence && ctx.hasTest ? await engine.evaluate('test') : undefined;
      trainingMs += performance.now() - started;
      diverged = watch(t, current.loss, settings.train.lr);
      // A NaN/∞ loss is no point of the history; a finite one that blew up is, as the last one.
      if (diverged && !Number.isFinite(current.loss)) break;
      const entry: HistoryEntry = {
        step: t,
        loss: current.loss,
        accuracy: finiteOrNull(current.accuracy),
        ...(test ? { testLoss: test.loss, testAccuracy: finiteOrNull(test.accuracy) } : {}),
      };
      history.push(entry);
      emit({ type: 'step', ...entry });
      if (diverged) break;

      if (onCadence && probesEnabled(settings.probes)) {
        const probeStarted = performance.now();
        const count = settings.probes.samples;
        largestProbe = largestProbe === null || count === null ? null : Math.max(largestProbe ?? 0, count);
        const result = await runProbe({
          engine,
          settings: settings.probes,
          indices: probeSubset(spec.seed, samples, count),
          step: t,
          specSeed: spec.seed,
          signal,
          onProgress: (what, done, total) => emit({ type: 'probe-progress', step: t, what, done, total }),
          wrapOperator,
        });
        probes.push(result);
        emit({ type: 'probe', result });
        probesMs += performance.now() - probeStarted;
      }
      if (t >= steps) break;

      await ctx.gate();
      const updateStarted = performance.now();
      const size = batchSizeOf(settings.train, samples);
      const batchLoss = await engine.gradient(grad, size === undefined ? undefined : schedule.next(size));
      if (!Number.isFinite(batchLoss)) {
        diverged = { step: t, message: divergenceMessage(t, `the mini-batch loss became ${batchLoss}`, settings.train.lr) };
        break;
      }
      optimizer.step(grad);
      trainingMs += performance.now() - updateStarted;
      throwIfAborted(signal);
      await ctx.breathe();
    }
  } finally {
    optimizer.dispose();
    engine.backend.free(grad);
  }

  const count = largestProbe === undefined ? settings.probes.samples : largestProbe;
  const subset = probeSubset(spec.seed, samples, count);
  return {
    spec,
    history,
    probes,
    changes: spec.changes.filter((c) => c.step <= t),
    lastStep: t,
    probeData: subset ? subsetDataset(train, subset) : train,
    ...(diverged ? { diverged } : {}),
    trainingMs,
    probesMs,
  };
}
