/**
 * The training/probe loop over any ModelEngine. Step t reports the state θ_t (after t updates):
 * the training loss and accuracy, the test numbers and a probe at the probe cadence and after the
 * last update; then it updates θ_t → θ_{t+1} with the settings in force at t (specAt).
 */
import { subsetDataset, type Dataset } from '../data/index.ts';
import { throwIfAborted, type LinearOperator } from '../curvature/index.ts';
import type { ModelEngine } from '../models/model-engine.ts';
import { createOptimizer, type Optimizer, type StepDiagnostics } from '../optim/index.ts';
import { BatchSchedule, probeSubset } from './batches.ts';
import { createDivergenceWatch, divergenceMessage } from './divergence.ts';
import { computeLandscape, type LandscapeResult, type TrajectorySnapshot } from './landscape.ts';
import { probesEnabled, runProbe } from './probes.ts';
import { runSeed } from './run-streams.ts';
import { finiteOrNull, type DivergenceInfo, type HistoryEntry, type ProbeResult } from './result.ts';
import type { RunnerEvent } from './runner-events.ts';
import { specAt, type ChangeSpec, type ExperimentSpec, type LandscapeSpec, type TrainSpec } from './spec.ts';
import { TrajectoryRecorder } from './trajectory.ts';

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
  /**
   * A landscape asked for now (the UI's Recompute), with its settings, or null; reading takes it.
   * `gate` also returns, without allowing an update, when one is waiting during a pause.
   */
  readonly takeLandscapeRequest?: () => LandscapeSpec | null;
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
  /** The last landscape drawn, if any. */
  readonly landscape?: LandscapeResult;
  /** The parameter snapshots recorded for landscapes, oldest first. */
  readonly trajectory: readonly TrajectorySnapshot[];
}

/** Whether the spec's landscape is drawn at step t: every `every` steps, and always after the last. */
export function landscapeDue(landscape: LandscapeSpec | null, t: number, steps: number): boolean {
  if (!landscape) return false;
  return t === steps || (landscape.every !== null && t % landscape.every === 0);
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
  let optimizer: Optimizer<V> = createOptimizer(settings.train, engine);
  // Diagnostics of the update t → t+1 go into the history entry of step t+1.
  let lastUpdate: StepDiagnostics | undefined;
  const grad = engine.backend.create();
  let largestProbe: number | null | undefined;
  let trainingMs = 0;
  let probesMs = 0;
  let diverged: DivergenceInfo | undefined;
  const watch = createDivergenceWatch();
  let t = ctx.startStep;
  const recorder = new TrajectoryRecorder(engine.parameterCount, ctx.startStep, steps);
  let landscape: LandscapeResult | undefined;
  const wrapOperator = (operator: LinearOperator<V>): LinearOperator<V> => ({
    backend: operator.backend,
    apply: async (x, y) => {
      throwIfAborted(signal);
      await ctx.breathe();
      await operator.apply(x, y);
    },
  });

  const drawLandscape = async (wanted: LandscapeSpec): Promise<void> => {
    const started = performance.now();
    await recorder.record(t, () => engine.readParams(), true);
    landscape = await computeLandscape({
      engine,
      settings: wanted,
      layers: spec.model.layers,
      specSeed: spec.seed,
      step: t,
      trajectory: recorder.snapshots,
      signal,
      onProgress: (phase, done, total) => emit({ type: 'landscape-progress', step: t, phase, done, total }),
      breathe: ctx.breathe,
      wrapOperator,
    });
    emit({ type: 'landscape', result: landscape });
    probesMs += performance.now() - started;
  };
  // Waits for the next update, drawing any landscape asked for meanwhile (also while paused).
  const gateServingLandscapes = async (): Promise<void> => {
    for (;;) {
      await ctx.gate();
      const asked = ctx.takeLandscapeRequest?.();
      if (!asked) return;
      await drawLandscape(asked);
    }
  };

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
        ...(lastUpdate ? { update: lastUpdate } : {}),
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
          onPartial: (partial, density) => emit({ type: 'probe-partial', result: partial, density }),
          wrapOperator,
        });
        probes.push(result);
        emit({ type: 'probe', result });
        probesMs += performance.now() - probeStarted;
      }
      await recorder.record(t, () => engine.readParams());
      if (landscapeDue(spec.landscape, t, steps)) await drawLandscape(spec.landscape!);
      if (t >= steps) break;

      await gateServingLandscapes();
      const updateStarted = performance.now();
      const size = batchSizeOf(settings.train, samples);
      const indices = size === undefined ? undefined : schedule.next(size);
      // Derivative-free optimizers (cbo, zo) get no gradient: computing one would misstate their cost.
      const batchLoss = optimizer.usesGradient ? await engine.gradient(grad, indices) : NaN;
      if (optimizer.usesGradient && !Number.isFinite(batchLoss)) {
        diverged = { step: t, message: divergenceMessage(t, `the mini-batch loss became ${batchLoss}`, settings.train.lr) };
        break;
      }
      const report = await optimizer.step({ indices, grad, loss: batchLoss, step: t, seed: runSeed(spec.seed, 'optimizer') });
      lastUpdate = report.diagnostics;
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
    ...(landscape ? { landscape } : {}),
    trajectory: recorder.snapshots,
  };
}
