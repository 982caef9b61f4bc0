import { describe, expect, it, vi } from 'vitest';
import type { LandscapeResult } from '../../experiment/landscape.ts';
import { defaultSpec, landscapeDefaults } from '../../experiment/spec.ts';
import { createLabStore } from '../../store/lab-store.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { WorkerLabController, type WorkerLike } from './worker-lab-controller.ts';

function setup() {
  const sent: ToWorker[] = [];
  const worker: WorkerLike = { postMessage: (m) => void sent.push(m), onmessage: null, terminate: () => undefined };
  const store = createLabStore(defaultSpec());
  const controller = new WorkerLabController(store, worker);
  const receive = (data: FromWorker) => worker.onmessage!({ data } as MessageEvent<FromWorker>);
  return { sent, store, controller, receive };
}

describe('WorkerLabController', () => {
  it('starts a run with the spec and buffers per-step history into few store updates', () => {
    vi.useFakeTimers();
    const { sent, store, controller, receive } = setup();
    controller.run();
    expect(sent[0]).toMatchObject({ type: 'start', engine: 'auto' });
    expect(store.getState().status).toBe('running');
    let updates = 0;
    store.subscribe((s, p) => void (s.history !== p.history && updates++));
    for (let step = 0; step < 50; step++) receive({ type: 'runner', event: { type: 'step', step, loss: 1 / (step + 1), accuracy: 0.5 } });
    expect(store.getState().history).toHaveLength(0);
    vi.advanceTimersByTime(600);
    expect(store.getState().history).toHaveLength(50);
    expect(updates).toBe(1);
    expect(store.getState().progress.step).toBe(49);
    vi.useRealTimers();
  });

  it("shows the worker's GPU status in the store", () => {
    const { store, receive } = setup();
    expect(store.getState().gpuStatus).toEqual({ state: 'pending' });
    receive({ type: 'gpu-status', status: { state: 'unavailable', message: 'no adapter' } });
    expect(store.getState().gpuStatus).toEqual({ state: 'unavailable', message: 'no adapter' });
  });

  it('tunes a running run: the change goes to the worker and lands in the spec at the step the runner used', () => {
    const { sent, store, controller, receive } = setup();
    controller.run();
    receive({ type: 'runner', event: { type: 'step', step: 10, loss: 1, accuracy: 0.5 } });
    expect(controller.tune({ train: { lr: 0.05 } })).toBeNull();
    expect(sent.at(-1)).toEqual({ type: 'change', change: { step: 11, train: { lr: 0.05 } } });
    receive({ type: 'runner', event: { type: 'change', step: 13, change: { step: 13, train: { lr: 0.05 } } } });
    expect(store.getState().spec.changes).toEqual([{ step: 13, train: { lr: 0.05 } }]);
    expect(store.getState().appliedChanges).toEqual([{ step: 13, description: 'lr = 0.05' }]);
  });

  it('refuses an invalid live value with a message at the field and sends nothing', () => {
    const { sent, store, controller } = setup();
    controller.run();
    const count = sent.length;
    expect(controller.tune({ train: { lr: -3 } })).toMatch(/lr/);
    expect(sent).toHaveLength(count);
    expect(store.getState().fieldErrors['train.lr']).toMatch(/positive/);
  });

  it('a lost device keeps everything and offers to continue from the last completed step', () => {
    const { sent, store, controller, receive } = setup();
    controller.run();
    receive({ type: 'runner', event: { type: 'step', step: 4, loss: 1, accuracy: 0.5 } });
    receive({ type: 'device-lost', step: 4, message: 'destroyed: device destroyed', params: [1, 2, 3] });
    expect(store.getState().status).toBe('failed');
    expect(store.getState().message).toMatch(/lost.*Continue.*step 4/s);
    expect(store.getState().resumableStep).toBe(4);
    expect(store.getState().gpuStatus).toEqual({ state: 'lost', message: 'destroyed: device destroyed' });
    expect(store.getState().history).toHaveLength(1);
    controller.continueAfterLoss();
    expect(sent.at(-1)).toMatchObject({ type: 'start', startFrom: { step: 4, params: [1, 2, 3] } });
    expect(store.getState().history).toHaveLength(1);
  });

  it('shows a probe in progress as its partial results arrive, until the whole probe replaces it', () => {
    const { store, controller, receive } = setup();
    controller.run();
    const partial = { step: 0, operator: 'hessian' as const, loss: 1, eigenvalues: [3, 2], trace: null, layerTraces: [], density: null };
    receive({ type: 'runner', event: { type: 'probe-partial', result: partial, density: null } });
    expect(store.getState().partialProbe).toEqual({ result: partial, density: null });
    expect(store.getState().probes).toEqual([]);
    const whole = { ...partial, trace: { estimate: 5, stderr: 0.1, samples: 10 } };
    receive({ type: 'runner', event: { type: 'probe', result: whole } });
    expect(store.getState().partialProbe).toBeNull();
    expect(store.getState().probes).toEqual([whole]);
  });

  it('a diverging run stops with the runner message', () => {
    const { store, controller, receive } = setup();
    controller.run();
    receive({ type: 'runner', event: { type: 'diverged', step: 3, message: 'training diverged at step 3: try a smaller learning rate, e.g. 0.01.' } });
    expect(store.getState().status).toBe('failed');
    expect(store.getState().message).toMatch(/smaller learning rate/);
  });

  it('imports refuse non-JSON and non-results with clear messages, leaving the state as it was', () => {
    const { store, controller } = setup();
    store.getState().editSpec((d) => void (d.seed = 5));
    expect(controller.importResult('{"nope":')).toMatch(/not JSON/);
    expect(controller.importResult('{"spec": {}}')).toMatch(/not a valid result/);
    expect(store.getState().spec.seed).toBe(5);
  });
});

describe('WorkerLabController: landscapes', () => {
  const SURFACE = { step: 7, method: 'filter', center: [0], directions: [[1]], alphas: [0], loss: [1], accuracy: [null], trajectory: [], current: { step: 7, alpha: 0, beta: 0 }, evaluation: 'batched', ms: 1 } as LandscapeResult;

  it('Recompute asks the worker for the spec’s landscape (defaults when it has none); events fill the store', () => {
    const { sent, store, controller, receive } = setup();
    controller.recomputeLandscape();
    expect(sent.at(-1)).toEqual({ type: 'landscape', settings: landscapeDefaults() });
    expect(store.getState().landscapeProgress).not.toBeNull();
    receive({ type: 'runner', event: { type: 'landscape-progress', step: 7, phase: 'grid', done: 3, total: 6 } });
    expect(store.getState().landscapeProgress).toEqual({ step: 7, phase: 'grid', done: 3, total: 6 });
    store.setState({ status: 'finished', result: { spec: defaultSpec() } });
    receive({ type: 'runner', event: { type: 'landscape', result: SURFACE } });
    expect(store.getState().landscape).toBe(SURFACE);
    expect(store.getState().landscapeProgress).toBeNull();
    // After the run, the recomputed landscape becomes the exported result's.
    expect((store.getState().result as { landscape: unknown }).landscape).toBe(SURFACE);
  });

  it('a landscape that cannot be drawn ends the progress with the reason', () => {
    const { store, controller, receive } = setup();
    controller.recomputeLandscape();
    receive({ type: 'landscape-failed', message: 'Run the experiment first' });
    expect(store.getState().landscapeProgress).toBeNull();
    expect(store.getState().landscapeError).toBe('Run the experiment first');
  });

  it('waits for the worker to be quiet before a burst of draws: its answer to the latest busy message, or a time limit', async () => {
    vi.useFakeTimers();
    const { sent, controller, receive } = setup();
    controller.setPageBusy(true);
    expect(sent.at(-1)).toEqual({ type: 'ui-busy', busy: true, id: 1 });
    let quiet = 0;
    void controller.quiet(150).then(() => quiet++);
    await vi.advanceTimersByTimeAsync(10);
    expect(quiet).toBe(0);
    receive({ type: 'quiet', id: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(quiet).toBe(1);
    controller.setPageBusy(false);
    expect(sent.at(-1)).toEqual({ type: 'ui-busy', busy: false });
    controller.setPageBusy(true);
    void controller.quiet(150).then(() => quiet++);
    receive({ type: 'quiet', id: 1 }); // the answer to an older message
    await vi.advanceTimersByTimeAsync(149);
    expect(quiet).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(quiet).toBe(2);
    vi.useRealTimers();
  });
});
