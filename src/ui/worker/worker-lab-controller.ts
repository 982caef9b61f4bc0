/**
 * The LabController of the page: starts runs in the worker and turns its messages into store
 * updates. Per-step history is buffered and flushed a few times a second, so that a fast run
 * costs the main thread a few plot updates per second rather than one per step.
 */
import { parseResult, type ExperimentResult } from '../../experiment/result.ts';
import { landscapeDefaults, parseSpec, formatSpecErrors, type ChangeSpec, type ExperimentSpec, type ProbesPatch, type TrainPatch } from '../../experiment/spec.ts';
import type { LabController } from '../../store/lab-controller.ts';
import type { LabStore } from '../../store/lab-store.ts';
import type { HistoryPoint, RacePoint } from '../../store/results-slice.ts';
import type { RunProgress } from '../../store/run-slice.ts';
import type { EnginePreference, FromWorker, ToWorker } from './protocol.ts';
import { Hold } from './hold.ts';

const FLUSH_MS = 500;

export interface WorkerLike {
  postMessage(message: ToWorker): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  terminate(): void;
}

export function describeChange(change: ChangeSpec): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(change.train ?? {})) parts.push(`${k} = ${v}`);
  for (const [k, v] of Object.entries(change.probes ?? {})) parts.push(`probes.${k} = ${JSON.stringify(v)}`);
  return parts.join(', ');
}

export class WorkerLabController implements LabController {
  private pending: HistoryPoint[] = [];
  private pendingRace: RacePoint[] = [];
  /** Progress arrives every step and every Lanczos step; the bar is redrawn with the next flush. */
  private pendingProgress: RunProgress | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private lostParams: { step: number; params: number[] } | null = null;
  /** The worker's pipeline counts as reported (diagnostics for the console and the e2e tests). */
  readonly pipelineCounts: { after: 'warm-up' | 'run'; count: number }[] = [];
  /** Id of the latest busy message; held until the worker's 'quiet' answer to it (or not-busy). */
  private busyId = 0;
  private readonly answerPending = new Hold(1000);

  constructor(
    private readonly store: LabStore,
    private readonly worker: WorkerLike,
    private readonly engine: () => EnginePreference = () => 'auto',
  ) {
    worker.onmessage = (event) => this.receive(event.data);
  }

  /** Lets the worker acquire its device and compile the current spec's kernels before Run is pressed. */
  prepare(): void {
    this.worker.postMessage({ type: 'prepare', spec: this.store.getState().spec, engine: this.engine() });
  }

  run(): void {
    this.start(this.store.getState().spec, undefined);
  }

  /** The page is drawing: on a software GPU the run's kernels would take the CPU the drawing needs. */
  setPageBusy(busy: boolean): void {
    if (!busy) {
      this.worker.postMessage({ type: 'ui-busy', busy });
      this.answerPending.set(false);
      return;
    }
    this.worker.postMessage({ type: 'ui-busy', busy, id: ++this.busyId });
    this.answerPending.set(true);
  }

  /**
   * Resolves when the worker has answered the latest busy message (its compute stands still and
   * the GPU's queue is empty), or after `maxMs`, whichever comes first.
   */
  quiet(maxMs: number): Promise<void> {
    return this.answerPending.wait(maxMs);
  }

  pause(): void {
    this.worker.postMessage({ type: 'pause' });
    if (this.store.getState().status === 'running') this.store.getState().setStatus('paused');
  }

  resume(): void {
    this.worker.postMessage({ type: 'resume' });
    if (this.store.getState().status === 'paused') this.store.getState().setStatus('running');
  }

  step(): void {
    const { status } = this.store.getState();
    if (status === 'paused') this.worker.postMessage({ type: 'step' });
    else if (status !== 'running') {
      // From idle: begin paused at the initial point, then take the one step asked for.
      this.start(this.store.getState().spec, undefined, true, false, 1);
    }
  }

  reset(): void {
    this.worker.postMessage({ type: 'cancel' });
    this.flush();
    const state = this.store.getState();
    state.clearResults();
    state.setStatus('idle');
    state.setProgress({ step: 0, steps: state.spec.train.steps });
    state.setResumableStep(null);
  }

  continueAfterLoss(): void {
    const lost = this.lostParams;
    if (!lost) return;
    this.lostParams = null;
    this.store.getState().setResumableStep(null);
    this.start(this.store.getState().spec, { step: lost.step, params: lost.params }, false, true);
  }

  tune(patch: { train?: TrainPatch; probes?: ProbesPatch }): string | null {
    const state = this.store.getState();
    // The change applies from the step after the last one reported; the worker moves it later if
    // the run has already passed that step, and reports the step it really used.
    const change = { step: this.currentStep() + 1, ...patch } as ChangeSpec;
    const candidate = structuredClone(state.spec);
    candidate.changes.push(change);
    candidate.changes.sort((a, b) => a.step - b.step);
    const parsed = parseSpec(candidate);
    if (!parsed.ok) {
      const message = formatSpecErrors(parsed.errors);
      // Shown at the control that was edited: strip the changes[i]. prefix from the path.
      this.store.setState({ fieldErrors: Object.fromEntries(parsed.errors.map((e) => [e.path.replace(/^changes\[\d+\]\./, ''), e.message])) });
      return message;
    }
    this.store.setState({ fieldErrors: {} });
    this.worker.postMessage({ type: 'change', change });
    return null;
  }

  importResult(text: string): string | null {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return `This file is not JSON (${error instanceof Error ? error.message : String(error)}). Choose a result exported by the lab or the headless runner.`;
    }
    const parsed = parseResult(json);
    if (!parsed.ok) return `This is not a valid result file:\n${formatSpecErrors(parsed.errors)}`;
    const { result } = parsed;
    this.worker.postMessage({ type: 'cancel' });
    const state = this.store.getState();
    state.clearResults();
    state.replaceSpec(result.spec);
    state.appendHistory(result.history);
    if (result.race) state.appendRaceSteps(result.race.racers.flatMap((r, racer) => r.history.map((entry) => ({ racer, entry }))));
    for (const probe of result.probes) state.addProbe(probe);
    if (result.landscape) state.setLandscape(result.landscape);
    for (const change of result.changes) state.addAppliedChange({ step: change.step, description: describeChange(change) });
    state.setParams({ step: result.history.at(-1)?.step ?? 0, values: result.params.values });
    state.setTrainData({ x: result.data.x.map((row) => row.slice(0, 2)), y: result.data.y.map((v) => (Array.isArray(v) ? v[0]! : v)) });
    state.setResult(result);
    state.setEngineLabel(`${result.engine.label} (imported)`);
    state.setStatus('finished', null);
    this.store.setState({ imported: true });
    return null;
  }

  recomputeLandscape(): void {
    const state = this.store.getState();
    const settings = state.spec.landscape ?? landscapeDefaults();
    state.setLandscapeProgress({ step: this.currentStep(), phase: 'directions', done: 0, total: 1 });
    this.worker.postMessage({ type: 'landscape', settings });
  }

  private start(
    spec: ExperimentSpec,
    startFrom: { step: number; params: number[] } | undefined,
    paused = false,
    keepResults = false,
    steps = 0,
  ): void {
    const state = this.store.getState();
    if (!keepResults) state.clearResults();
    state.setStatus(paused ? 'paused' : 'running', null);
    this.pendingProgress = null;
    state.setProgress({ step: startFrom?.step ?? 0, steps: spec.train.steps });
    this.worker.postMessage({ type: 'start', spec, engine: this.engine(), ...(startFrom ? { startFrom } : {}), paused, steps });
  }

  /** The latest step the worker reported, including one whose progress is not drawn yet. */
  private currentStep(): number {
    return this.pendingProgress?.step ?? this.store.getState().progress.step;
  }

  private flush(): void {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pendingProgress) {
      this.store.getState().setProgress(this.pendingProgress);
      this.pendingProgress = null;
    }
    if (this.pending.length) {
      const points = this.pending;
      this.pending = [];
      this.store.getState().appendHistory(points);
    }
    if (this.pendingRace.length) {
      const points = this.pendingRace;
      this.pendingRace = [];
      this.store.getState().appendRaceSteps(points);
    }
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private receive(message: FromWorker): void {
    const state = this.store.getState();
    switch (message.type) {
      case 'gpu-status':
        state.setGpuStatus(message.status);
        return;
      case 'engine':
        state.setEngineLabel(message.note ? `${message.label} — ${message.note}` : message.label);
        return;
      case 'train-data':
        state.setTrainData({ x: message.x, y: message.y });
        return;
      case 'landscape-failed':
        state.setLandscapeError(message.message);
        return;
      case 'pipelines':
        this.pipelineCounts.push({ after: message.after, count: message.count });
        return;
      case 'quiet':
        // An answer to an older busy message says nothing about the work since.
        if (message.id === this.busyId) this.answerPending.set(false);
        return;
      case 'params':
        state.setParams({ step: message.step, values: message.values });
        return;
      case 'exact':
        state.setExact({ step: message.step, values: message.values, size: message.size, ...(message.matrix ? { matrix: message.matrix } : {}) });
        return;
      case 'device-lost':
        this.flush();
        this.lostParams = message.params ? { step: message.step, params: message.params } : null;
        state.setResumableStep(message.params ? message.step : null);
        state.setGpuStatus({ state: 'lost', message: message.message });
        state.setStatus(
          'failed',
          `The GPU device was lost (${message.message || 'no reason given'}). Your experiment and its results so far are kept. ` +
            (message.params ? `Press “Continue” to resume on a new device from step ${message.step}.` : 'Press Run to start again.'),
        );
        return;
      case 'runner':
        this.onRunnerEvent(message.event);
    }
  }

  private onRunnerEvent(event: Extract<FromWorker, { type: 'runner' }>['event']): void {
    const state = this.store.getState();
    switch (event.type) {
      case 'start':
        this.pendingProgress = null;
        state.setProgress({ step: event.startStep, steps: event.steps });
        return;
      case 'step':
        this.pending.push({ step: event.step, loss: event.loss, accuracy: event.accuracy, ...(event.testLoss !== undefined ? { testLoss: event.testLoss, testAccuracy: event.testAccuracy ?? null } : {}) });
        this.pendingProgress = { step: event.step, steps: state.progress.steps };
        this.scheduleFlush();
        return;
      case 'race-step':
        this.pendingRace.push({ racer: event.racer, entry: event.entry });
        if (event.entry.step > state.progress.step) state.setProgress({ step: event.entry.step, steps: state.progress.steps });
        this.scheduleFlush();
        return;
      case 'probe-progress':
        this.pendingProgress = { step: event.step, steps: state.progress.steps, probe: { what: event.what, done: event.done, total: event.total } };
        this.scheduleFlush();
        return;
      case 'landscape-progress':
        state.setLandscapeProgress({ step: event.step, phase: event.phase, done: event.done, total: event.total });
        return;
      case 'landscape': {
        this.flush();
        state.setLandscape(event.result);
        // After a run, a recomputed landscape becomes the exported result's, as the run's last one would.
        const result = state.result as ExperimentResult | null;
        if (result && state.status !== 'running' && state.status !== 'paused') state.setResult({ ...result, landscape: event.result });
        return;
      }
      case 'probe-partial':
        state.setPartialProbe({ result: event.result, density: event.density });
        return;
      case 'probe':
        this.flush();
        state.addProbe(event.result);
        state.setProgress({ step: state.progress.step, steps: state.progress.steps });
        return;
      case 'change':
        this.flush();
        state.recordChange(event.change);
        if (!state.appliedChanges.some((c) => c.step === event.step)) state.addAppliedChange({ step: event.step, description: describeChange(event.change) });
        return;
      case 'diverged':
        this.flush();
        state.setStatus('failed', event.message);
        return;
      case 'done':
        this.flush();
        state.setResult(event.result);
        if (state.status !== 'failed') state.setStatus('finished');
        // A Recompute that reached the run as it ended is not drawn by it: free the button.
        if (state.landscapeProgress) state.setLandscapeProgress(null);
        return;
      case 'cancelled':
        this.flush();
        if (state.landscapeProgress) state.setLandscapeProgress(null);
        return;
      case 'error':
        this.flush();
        state.setStatus('failed', event.message);
        if (state.landscapeProgress) state.setLandscapeProgress(null);
        return;
    }
  }
}
