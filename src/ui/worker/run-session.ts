/**
 * One run at a time inside the worker: picks the engine (WebGPU when there is an adapter, the
 * float64 twin otherwise, and says which), drives an ExperimentRunner, and forwards its events
 * plus what the panels need besides them (training data, parameter snapshots, the exact operator).
 */
import { exactSpectrum } from '../../curvature/index.ts';
import { acquireBrowserGpu } from '../../engine/device-browser.ts';
import type { GpuContext } from '../../engine/gpu-context.ts';
import { runSelfCheck } from '../../engine/self-check.ts';
import { createEngine, engineFactory, type PreparedExperiment } from '../../experiment/engine-factory.ts';
import { shownSamples } from '../../experiment/experiment-data.ts';
import { warmUpSpec } from '../../experiment/warm-up-spec.ts';
import { createYielder, withHold } from '../../experiment/yield.ts';
import { computeLandscape, type TrajectorySnapshot } from '../../experiment/landscape.ts';
import { ExperimentRunner } from '../../experiment/runner.ts';
import type { ExperimentResult } from '../../experiment/result.ts';
import type { ExperimentSpec, LandscapeSpec } from '../../experiment/spec.ts';
import type { ModelEngine } from '../../models/model-engine.ts';
import { Hold } from './hold.ts';
import type { EnginePreference, FromWorker, ToWorker } from './protocol.ts';

/** Largest model whose exact operator is computed (one product per parameter, then an eigen-solve). */
export const EXACT_MAX_PARAMETERS = 2000;
/** The float64 engine runs in JavaScript: beyond this many parameters × samples it would take minutes a step. */
export const CPU_MAX_WORK = 5e7;
/** Parameters are copied back every step up to this size, so a lost device loses no completed step. */
const SNAPSHOT_EVERY_STEP_MAX = 200_000;
/** The page's drawing holds the run at most this long, so a page that never says "idle" cannot stall it. */
export const UI_HOLD_MAX_MS = 1000;
/** The exact operator's products hand the thread back at least this often (as the runner does). */
const EXACT_YIELD_MS = 10;

export class RunSession {
  private runner: ExperimentRunner | null = null;
  private gpu: Promise<GpuContext | null> | null = null;
  private engine: ModelEngine<unknown> | null = null;
  private lastSnapshot: { step: number; values: number[] } | null = null;
  /** What a landscape after the run needs: its data, final parameters and recorded trajectory. */
  private finished: { prepared: PreparedExperiment; result: ExperimentResult; trajectory: readonly TrajectorySnapshot[] } | null = null;
  private readonly uiHold = new Hold(UI_HOLD_MAX_MS);
  /** The warm-up run, if one was asked for (it never rejects); a real run cancels it and waits for it to stop. */
  private warmingUp: Promise<void> = Promise.resolve();
  private warmUpRunner: ExperimentRunner | null = null;
  /** Set by the first real run: a warm-up not yet begun is not needed any more. */
  private runRequested = false;
  /**
   * Counts starts and cancels: a start that is still waiting (for the warm-up to stop, or for the
   * device) when a newer start or a cancel arrives must not begin, or it would run unseen.
   */
  private startsAsked = 0;
  /** The exact operator of a finished run is being computed (it holds for the page too). */
  private computingExact = false;

  /**
   * @param firstAdapter an adapter request made as the worker started (run-worker.ts), used by the
   *   first acquisition; a device lost later is replaced from a new request.
   */
  constructor(
    private readonly post: (message: FromWorker) => void,
    private firstAdapter?: Promise<GPUAdapter | null>,
  ) {}

  handle(message: ToWorker): void {
    switch (message.type) {
      case 'start':
        void this.start(message.spec, message.engine, message.startFrom, message.paused ?? false, message.steps ?? 0);
        break;
      case 'prepare':
        this.warmingUp = this.warmUp(message.spec, message.engine);
        break;
      case 'pause':
        this.runner?.pause();
        break;
      case 'resume':
        this.runner?.resume();
        break;
      case 'step':
        this.runner?.step();
        break;
      case 'cancel':
        this.startsAsked++;
        this.runner?.cancel();
        break;
      case 'change':
        this.runner?.addChange(message.change);
        break;
      case 'landscape':
        if (!this.runner?.requestLandscape(message.settings)) void this.landscapeAfterRun(message.settings);
        break;
      case 'ui-busy':
        this.uiHold.set(message.busy);
        if (message.busy && message.id !== undefined) void this.reportQuiet(message.id);
        break;
      case 'simulate-device-loss':
        void this.gpu?.then((ctx) => ctx?.device.destroy());
        break;
    }
  }

  /**
   * Posts 'quiet' once nothing computes: when a run (or the exact operator after it) is computing,
   * at its next hold point, and then when the GPU has finished the work queued before it.
   */
  private async reportQuiet(id: number): Promise<void> {
    if (this.runner?.status === 'running' || this.computingExact) await this.uiHold.reached();
    const ctx = this.gpu ? await this.gpu : null;
    if (ctx) await ctx.device.queue.onSubmittedWorkDone().catch(() => undefined);
    this.post({ type: 'quiet', id });
  }

  /**
   * Acquires the GPU device and reports it ('gpu-status'), so that a warm-up or run need not wait
   * for it. The worker calls this as it starts (run-worker.ts), not on a message from the page:
   * messages to a worker that is still loading are forwarded by the page's main thread, which is
   * busy compiling Plotly then, and arrived ~2 s late on a first visit.
   */
  acquireDevice(): Promise<GpuContext | null> {
    if (this.gpu) return this.gpu;
    // An adapter gives one device: the request made at start serves the first acquisition only.
    const adapter = this.firstAdapter;
    this.firstAdapter = undefined;
    this.gpu = acquireBrowserGpu(undefined, adapter).then(
      (ctx) => {
        ctx.onLost((loss) => {
          this.gpu = null; // the next run asks for a new device
          const snapshot = this.lastSnapshot;
          this.runner?.cancel();
          // The page's GPU panel shows this loss too ('device-lost' sets the store's GPU status).
          this.post({
            type: 'device-lost',
            step: snapshot?.step ?? 0,
            params: snapshot?.values ?? null,
            message: `${loss.reason}: ${loss.message}`.trim(),
          });
        });
        this.post({ type: 'gpu-status', status: { state: 'ready', adapter: ctx.adapter, check: null } });
        void this.selfCheck(ctx);
        return ctx;
      },
      (error: unknown) => {
        this.post({ type: 'gpu-status', status: { state: 'unavailable', message: error instanceof Error ? error.message : String(error) } });
        return null;
      },
    );
    return this.gpu;
  }

  /** The GPU panel's proof that kernels compute right here; its two kernels are ones a run uses anyway. */
  private async selfCheck(ctx: GpuContext): Promise<void> {
    const check = await runSelfCheck(ctx).catch(() => null);
    if (check && !ctx.isLost) this.post({ type: 'gpu-status', status: { state: 'ready', adapter: ctx.adapter, check } });
  }

  /**
   * A miniature run of the spec on the GPU, its events dropped: the device and the compiled kernels
   * stay in the context, so a first real run started after it computes at once (0.6 s instead of
   * 2.6 s to the first eigenvalues of the default experiment on SwiftShader).
   */
  private async warmUp(spec: ExperimentSpec, preference: EnginePreference): Promise<void> {
    const small = warmUpSpec(spec);
    if (preference === 'cpu' || !small) return;
    try {
      const ctx = await this.acquireDevice();
      await this.uiHold.wait();
      if (!ctx || this.runRequested) return;
      this.warmUpRunner = new ExperimentRunner(small, engineFactory({ kind: 'webgpu', ctx }), { adapter: ctx.adapter, onEvent: () => undefined });
      if (await this.warmUpRunner.run()) this.post({ type: 'pipelines', after: 'warm-up', count: ctx.pipelines.size });
    } catch {
      // Only a head start is lost: the real run acquires and compiles what it needs, and reports what fails.
    } finally {
      this.warmUpRunner = null;
    }
  }

  private async start(
    spec: ExperimentSpec,
    preference: EnginePreference,
    startFrom: { step: number; params: number[] } | undefined,
    paused: boolean,
    steps: number,
  ): Promise<void> {
    this.runner?.cancel();
    this.finished = null;
    const asked = ++this.startsAsked;
    // What the warm-up compiled so far stays compiled; the rest of its miniature run is not needed.
    this.runRequested = true;
    this.warmUpRunner?.cancel();
    await this.warmingUp;
    // A Run pressed while the page draws (its plots' first draws follow the page's load) starts
    // compiling after the burst: on a software GPU both would share the CPU and the draws run long.
    await this.uiHold.wait();
    const ctx = preference === 'cpu' ? null : await this.acquireDevice();
    if (asked !== this.startsAsked) return;
    let prepared: PreparedExperiment | null = null;
    const factory = async (ready: PreparedExperiment) => {
      prepared = ready;
      const work = ready.initialParams.length * ready.train.n;
      if (!ctx && work > CPU_MAX_WORK) {
        throw new Error(
          `No WebGPU here, and this model (${ready.initialParams.length} parameters × ${ready.train.n} samples) is too large for the float64 CPU engine. ` +
            'Use a browser with WebGPU, or fewer samples or a narrower model.',
        );
      }
      const engine = await createEngine(ready, ctx ? { kind: 'webgpu', ctx } : { kind: 'cpu' });
      this.engine = engine;
      this.post({
        type: 'engine',
        kind: engine.kind,
        label: engine.label,
        note: ctx ? null : preference === 'cpu' ? 'float64 CPU engine (chosen)' : 'No WebGPU adapter: running on the float64 CPU engine.',
      });
      this.post({ type: 'train-data', ...shownSamples(ready.train) });
      return engine;
    };
    const runner = new ExperimentRunner(spec, factory, {
      paused,
      holdAtYield: () => this.uiHold.wait(),
      ...(startFrom ? { startFrom } : {}),
      ...(ctx ? { adapter: ctx.adapter } : {}),
      onEvent: (event) => {
        if (event.type === 'error') this.post({ type: 'runner', event: { type: 'error', message: event.message } });
        else this.post({ type: 'runner', event });
        if (event.type === 'step') void this.snapshot(event.step, false);
        if (event.type === 'probe') void this.snapshot(event.result.step, true);
        if (event.type === 'done') {
          if (ctx) this.post({ type: 'pipelines', after: 'run', count: ctx.pipelines.size });
          if (prepared) this.finished = { prepared, result: event.result, trajectory: runner.trajectory };
          void this.exact(event.result, prepared);
        }
      },
    });
    this.runner = runner;
    for (let i = 0; i < steps; i++) runner.step();
    await runner.run();
  }

  /**
   * A landscape at the final parameters of the last run, on a new engine of the same kind (the
   * run's own engine is gone); it arrives as the runner's landscape events would.
   */
  private async landscapeAfterRun(settings: LandscapeSpec): Promise<void> {
    const finished = this.finished;
    if (!finished) {
      this.post({ type: 'landscape-failed', message: 'Run the experiment first: a landscape is drawn at the parameters of a run.' });
      return;
    }
    const { prepared, result, trajectory } = finished;
    const ctx = result.engine.kind === 'webgpu' ? await this.acquireDevice() : null;
    let engine: ModelEngine<unknown> | null = null;
    try {
      engine = await createEngine(prepared, ctx ? { kind: 'webgpu', ctx } : { kind: 'cpu' });
      engine.setParams(result.params.values);
      const step = result.history.at(-1)?.step ?? 0;
      const landscape = await computeLandscape({
        engine,
        settings,
        layers: prepared.arch.layers,
        specSeed: result.spec.seed,
        step,
        trajectory,
        onProgress: (phase, done, total) => this.post({ type: 'runner', event: { type: 'landscape-progress', step, phase, done, total } }),
      });
      this.post({ type: 'runner', event: { type: 'landscape', result: landscape } });
    } catch (error) {
      this.post({ type: 'landscape-failed', message: error instanceof Error ? error.message : String(error) });
    } finally {
      engine?.dispose();
    }
  }

  private async snapshot(step: number, always: boolean): Promise<void> {
    const engine = this.engine;
    if (!engine || (!always && engine.parameterCount > SNAPSHOT_EVERY_STEP_MAX)) return;
    try {
      const values = Array.from(await engine.readParams());
      this.lastSnapshot = { step, values };
      if (always) this.post({ type: 'params', step, values });
    } catch {
      // The engine was disposed or the device lost meanwhile; the previous snapshot stays.
    }
  }

  /**
   * The exact operator of a small model at the run's final parameters (taken from the result, so
   * no read-back can lag behind), computed on the CPU twin to keep float64.
   */
  private async exact(result: ExperimentResult, prepared: PreparedExperiment | null): Promise<void> {
    const theta = result.params.values;
    // A race ends at one point per racer; its result's params are the common start.
    if (!prepared || theta.length > EXACT_MAX_PARAMETERS || result.race) return;
    const step = result.history.at(-1)?.step ?? 0;
    const operator = result.probes.at(-1)?.operator ?? result.spec.probes.operator;
    const engine = await createEngine(prepared, { kind: 'cpu' });
    this.computingExact = true;
    try {
      engine.setParams(theta);
      // One product per parameter on this thread (about a second for the default model): between
      // products it lets messages in, and it stands still while the page draws the run's last results.
      const breathe = withHold(createYielder(EXACT_YIELD_MS), () => this.uiHold.wait());
      const products = engine.curvatureOperator(operator);
      const { values, matrix } = await exactSpectrum({
        backend: products.backend,
        apply: async (x, y) => {
          await breathe();
          await products.apply(x, y);
        },
      });
      // The matrix as a Float64Array: cloned as one block of bytes, where an array of 137k numbers
      // (a 371-parameter model) cost the page ~50 ms to receive.
      this.post({ type: 'exact', step, values: Array.from(values), matrix: Float64Array.from(matrix), size: theta.length });
    } finally {
      this.computingExact = false;
      engine.dispose();
    }
  }
}
