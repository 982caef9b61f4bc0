/**
 * One runner for the browser and Node: prepares the data, creates the engine through a factory,
 * trains and probes as the spec says, and streams events. Pause, single steps and cancellation
 * work the same everywhere; the run never rejects: failures arrive as `error` events.
 */
import type { AdapterReport } from '../engine/adapter-report.ts';
import { isAbortError, throwIfAborted } from '../curvature/index.ts';
import type { ModelEngine } from '../models/model-engine.ts';
import { engineInfo, prepareExperiment, type PreparedExperiment } from './engine-factory.ts';
import { runRace } from './race.ts';
import { buildResult, type ExperimentResult } from './result.ts';
import type { RunnerEvent } from './runner-events.ts';
import type { TrajectorySnapshot } from './landscape.ts';
import { formatSpecErrors, parseSpec, specAt, type ChangeSpec, type ExperimentSpec, type LandscapeSpec } from './spec.ts';
import { runTraining } from './training-loop.ts';
import { createYielder, macrotask, withHold } from './yield.ts';

export type { RunnerEvent } from './runner-events.ts';

export type EngineFactory = (prepared: PreparedExperiment) => ModelEngine<unknown> | Promise<ModelEngine<unknown>>;

export interface StartFrom {
  /** The step these parameters belong to; the run continues from it with specAt(spec, step). Default 0. */
  readonly step?: number;
  /** Parameters in the layout of src/models/mlp.ts. Optimizer state (momentum, Adam moments) starts fresh. */
  readonly params: ArrayLike<number>;
}

export interface RunnerOptions {
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: RunnerEvent) => void;
  readonly startFrom?: StartFrom;
  /** Recorded in the result's engine section (the WebGPU adapter the engine runs on). */
  readonly adapter?: AdapterReport;
  /** Begin paused: nothing is updated until resume() or step(). */
  readonly paused?: boolean;
  /** Longest stretch of work between yields to the event loop; default 10 ms. */
  readonly yieldEveryMs?: number;
  /**
   * Awaited at every yield: a page holds the compute here while it draws, because on a software
   * GPU the run's kernels and the page's main thread share the same few CPU cores.
   */
  readonly holdAtYield?: () => Promise<void>;
}

export type AddChangeResult = { readonly ok: true; readonly change: ChangeSpec } | { readonly ok: false; readonly message: string };

export type RunnerStatus = 'idle' | 'running' | 'paused' | 'done' | 'diverged' | 'cancelled' | 'failed';

const DEFAULT_YIELD_MS = 10;

export class ExperimentRunner {
  private readonly controller = new AbortController();
  private currentStatus: RunnerStatus = 'idle';
  private isPaused: boolean;
  private allowedSteps = 0;
  private wake: (() => void) | undefined;
  private lastStep = -1;
  private started = false;
  /** The spec being run: the given one plus every change added so far (what the result records). */
  private spec: ExperimentSpec;
  /** Changes added while a step was under way, recorded at the next step the loop begins. */
  private pending: ChangeSpec[] = [];
  /** A landscape asked for by requestLandscape, drawn before the next update. */
  private landscapeWanted: LandscapeSpec | null = null;
  private recorded: readonly TrajectorySnapshot[] = [];

  constructor(
    spec: ExperimentSpec,
    private readonly engineFactory: EngineFactory,
    private readonly options: RunnerOptions = {},
  ) {
    this.spec = spec;
    this.isPaused = options.paused ?? false;
    const outer = options.signal;
    if (outer?.aborted) this.controller.abort(outer.reason);
    else outer?.addEventListener('abort', () => this.cancel(outer.reason), { once: true });
  }

  get status(): RunnerStatus {
    return this.currentStatus === 'running' && this.isPaused ? 'paused' : this.currentStatus;
  }

  /** Stop before the next update; the state reported so far stays. */
  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
    this.wakeUp();
  }

  /** While paused: perform one more update (and report the state it leads to). */
  step(): void {
    if (!this.isPaused) return;
    this.allowedSteps++;
    this.wakeUp();
  }

  /**
   * A mid-run change (new learning rate, optimizer, probe settings). It applies from its step, or
   * from the next step the run begins if that step is already under way or past; the spec in the
   * result records it at the step it took effect, so the result reproduces the run.
   */
  addChange(change: ChangeSpec): AddChangeResult {
    if (this.spec.race) return { ok: false, message: 'a race cannot be changed while it runs; edit spec.race and run it again' };
    if (this.started && this.currentStatus !== 'running') return { ok: false, message: `the run has ended (${this.currentStatus}); start a new one` };
    const stamped = { ...change, step: Math.max(change.step, this.lastStep + 1) };
    const changes = [...this.pending, stamped].reduce<ChangeSpec[]>((list, c) => insertByStep(list, c), [...this.spec.changes]);
    const parsed = parseSpec({ ...this.spec, changes });
    if (!parsed.ok) return { ok: false, message: formatSpecErrors(parsed.errors) };
    // Parsing keeps the order of the list, so the checked change sits where it was inserted.
    const accepted = parsed.spec.changes[changes.indexOf(stamped)]!;
    this.pending.push(accepted);
    return { ok: true, change: accepted };
  }

  /**
   * Draw a landscape with these settings at the current step, before the next update (at once
   * while paused); it arrives as a `landscape` event. False when the run is not going.
   */
  requestLandscape(settings: LandscapeSpec): boolean {
    if (this.currentStatus !== 'running') return false;
    // A race has no single θ to draw around, and its gate would never take the request.
    if (this.spec.race) return false;
    this.landscapeWanted = settings;
    this.wakeUp();
    return true;
  }

  /** The parameter snapshots the finished run recorded for landscapes (empty before it ends). */
  get trajectory(): readonly TrajectorySnapshot[] {
    return this.recorded;
  }

  cancel(reason?: unknown): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
    this.wakeUp();
  }

  /** Runs once; resolves to the result (also for a diverged run), or null when cancelled or failed. */
  async run(): Promise<ExperimentResult | null> {
    if (this.started) throw new Error('ExperimentRunner.run: a runner runs once; create a new one');
    this.started = true;
    this.currentStatus = 'running';
    const signal = this.controller.signal;
    const emit = (event: RunnerEvent): void => {
      if (event.type === 'step') this.lastStep = event.step;
      this.options.onEvent?.(event);
    };
    const began = performance.now();
    let engine: ModelEngine<unknown> | undefined;
    try {
      const parsed = parseSpec(this.spec);
      if (!parsed.ok) throw new Error(`the spec is invalid:\n${formatSpecErrors(parsed.errors)}`);
      const spec = parsed.spec;
      this.spec = spec;
      const startStep = this.options.startFrom?.step ?? 0;
      if (!(Number.isInteger(startStep) && startStep >= 0 && startStep <= spec.train.steps)) {
        throw new Error(`startFrom.step must be an integer from 0 to train.steps = ${spec.train.steps}, got ${startStep}`);
      }
      if (spec.race && this.options.startFrom) throw new Error('a race always starts every racer at the initial point; startFrom is not supported');
      const prepared = await prepareExperiment(spec);
      throwIfAborted(signal);
      engine = await this.engineFactory(prepared);
      throwIfAborted(signal);
      if (this.options.startFrom) engine.setParams(this.options.startFrom.params);
      const info = { ...engineInfo(engine), ...(this.options.adapter ? { adapter: this.options.adapter } : {}) };
      emit({
        type: 'start',
        spec,
        engine: info,
        parameterCount: engine.parameterCount,
        trainSamples: prepared.train.n,
        testSamples: prepared.test?.n ?? 0,
        startStep,
        steps: spec.train.steps,
        notes: [...parsed.warnings, ...runNotes(spec)],
      });
      if (spec.race) {
        const result = await this.runRace(spec, prepared, engine, info, began);
        this.currentStatus = 'done';
        emit({ type: 'done', result });
        return result;
      }
      const outcome = await runTraining({
        liveSpec: (step) => this.takePending(step),
        engine,
        train: prepared.train,
        hasTest: prepared.test !== undefined,
        startStep,
        signal,
        emit,
        gate: () => this.gate(),
        breathe: withHold(createYielder(this.options.yieldEveryMs ?? DEFAULT_YIELD_MS), this.options.holdAtYield),
        takeLandscapeRequest: () => {
          const wanted = this.landscapeWanted;
          this.landscapeWanted = null;
          return wanted;
        },
      });
      this.recorded = outcome.trajectory;
      const result = buildResult({
        spec: outcome.spec,
        engine: info,
        params: await engine.readParams(),
        probeData: outcome.probeData,
        history: outcome.history,
        probes: outcome.probes,
        changes: outcome.changes,
        ...(outcome.diverged ? { diverged: outcome.diverged } : {}),
        ...(outcome.landscape ? { landscape: outcome.landscape } : {}),
        timing: { totalMs: performance.now() - began, trainingMs: outcome.trainingMs, probesMs: outcome.probesMs },
      });
      if (outcome.diverged) emit({ type: 'diverged', ...outcome.diverged });
      this.currentStatus = outcome.diverged ? 'diverged' : 'done';
      emit({ type: 'done', result });
      return result;
    } catch (error) {
      if (isAbortError(error) || signal.aborted) {
        this.currentStatus = 'cancelled';
        this.options.onEvent?.({ type: 'cancelled', step: this.lastStep });
      } else {
        this.currentStatus = 'failed';
        this.options.onEvent?.({ type: 'error', message: error instanceof Error ? error.message : String(error), cause: error });
      }
      return null;
    } finally {
      engine?.dispose();
    }
  }

  /** Every racer on its own engine (the run's engine is racer 0's), interleaved; see race.ts. */
  private async runRace(
    spec: ExperimentSpec,
    prepared: PreparedExperiment,
    first: ModelEngine<unknown>,
    info: ReturnType<typeof engineInfo>,
    began: number,
  ): Promise<ExperimentResult> {
    const signal = this.controller.signal;
    const engines = [first];
    try {
      for (let i = 1; i < (spec.race?.length ?? 0); i++) {
        engines.push(await this.engineFactory(prepared));
        throwIfAborted(signal);
      }
      const outcome = await runRace({
        spec,
        engines,
        train: prepared.train,
        hasTest: prepared.test !== undefined,
        fStar: prepared.problem?.fStar ?? null,
        signal,
        emit: (event) => this.options.onEvent?.(event),
        gate: () => this.gate(),
        breathe: createYielder(this.options.yieldEveryMs ?? DEFAULT_YIELD_MS),
      });
      return buildResult({
        spec,
        engine: info,
        params: prepared.initialParams,
        probeData: prepared.train,
        history: [],
        probes: [],
        changes: [],
        timing: { totalMs: performance.now() - began, trainingMs: outcome.trainingMs, probesMs: 0 },
        race: outcome.race,
      });
    } finally {
      // The run's own engine (engines[0]) is disposed by run().
      for (const engine of engines.slice(1)) engine.dispose();
    }
  }

  private takePending(step: number): ExperimentSpec {
    if (this.pending.length === 0) return this.spec;
    let changes = this.spec.changes;
    for (const change of this.pending) changes = insertByStep(changes, { ...change, step: Math.max(change.step, step) });
    this.pending = [];
    this.spec = { ...this.spec, changes };
    return this.spec;
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async gate(): Promise<void> {
    const signal = this.controller.signal;
    while (this.isPaused && this.allowedSteps === 0 && !this.landscapeWanted) {
      throwIfAborted(signal);
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    throwIfAborted(signal);
    // A landscape request wakes a paused run without spending a step; the loop draws it and waits again.
    if (this.landscapeWanted) return;
    if (this.isPaused) this.allowedSteps--;
    // A page that pauses and steps quickly must still get to paint between steps.
    if (this.isPaused) await macrotask();
  }
}

/** `changes` stays sorted by step; a change joins the end of its step's group, after earlier arrivals. */
function insertByStep(changes: readonly ChangeSpec[], change: ChangeSpec): ChangeSpec[] {
  const at = changes.findIndex((c) => c.step > change.step);
  return at < 0 ? [...changes, change] : [...changes.slice(0, at), change, ...changes.slice(at)];
}

/** How this runner interprets parts of the spec that a reader could take otherwise. */
function runNotes(spec: ExperimentSpec): string[] {
  const notes: string[] = [];
  const inForce = [specAt(spec, 0), ...spec.changes.map((c) => specAt(spec, c.step))];
  const usesGdWithBatches = inForce.some(({ train }) => train.optimizer === 'gd' && train.batchSize !== null);
  if (usesGdWithBatches) notes.push('train.batchSize is ignored while the optimizer is gd (full batch); use sgd for mini-batches');
  if (spec.race) notes.push(`a race of ${spec.race.length}: probes and landscapes are off; ‖g‖ is measured by the lab and not counted as the optimizers' work`);
  if (spec.problem) notes.push(`problem ${spec.problem.name} in ${spec.problem.dim}-D: model, loss and data are not used`);
  return notes;
}

/** Runs a spec to the end (see ExperimentRunner for pause and single steps). */
export function runExperiment(
  spec: ExperimentSpec,
  engineFactory: EngineFactory,
  options: RunnerOptions = {},
): Promise<ExperimentResult | null> {
  return new ExperimentRunner(spec, engineFactory, options).run();
}
