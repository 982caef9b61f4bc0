import { describe, expect, it, vi } from 'vitest';
import { engineFactory } from '../../experiment/engine-factory.ts';
import { runExperiment } from '../../experiment/runner.ts';
import { defaultSpec, parseSpec, type ExperimentSpec } from '../../experiment/spec.ts';
import { createLabStore } from '../../store/lab-store.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { WorkerLabController, type WorkerLike } from './worker-lab-controller.ts';

function raceSpec(): ExperimentSpec {
  const parsed = parseSpec({ problem: { name: 'himmelblau' }, train: { steps: 6, lr: 0.01 }, race: [{ optimizer: 'gd' }, { optimizer: 'adam', lr: 0.1 }] });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.spec;
}

function setup(spec: ExperimentSpec) {
  const sent: ToWorker[] = [];
  const worker: WorkerLike = { postMessage: (m) => void sent.push(m), onmessage: null, terminate: () => undefined };
  const store = createLabStore(spec);
  const controller = new WorkerLabController(store, worker);
  const receive = (data: FromWorker) => worker.onmessage!({ data } as MessageEvent<FromWorker>);
  return { sent, store, controller, receive };
}

describe('WorkerLabController in a race', () => {
  it('buffers race steps per racer into the store, in order, and follows the progress', async () => {
    const spec = raceSpec();
    const events: FromWorker[] = [];
    const result = await runExperiment(spec, engineFactory({ kind: 'cpu' }), {
      onEvent: (event) => void (event.type !== 'error' && events.push({ type: 'runner', event })),
    });
    vi.useFakeTimers();
    const { store, controller, receive } = setup(spec);
    controller.run();
    let updates = 0;
    store.subscribe((s, p) => void (s.raceHistories !== p.raceHistories && updates++));
    for (const event of events) receive(event);
    vi.advanceTimersByTime(600);
    vi.useRealTimers();
    const histories = store.getState().raceHistories;
    expect(histories).toHaveLength(2);
    expect(histories[0]).toEqual(result!.race!.racers[0]!.history);
    expect(histories[1]).toEqual(result!.race!.racers[1]!.history);
    expect(histories[1]!.map((h) => h.step)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // All race steps arrive before `done`, which flushes them in one update.
    expect(updates).toBe(1);
    expect(store.getState().progress.step).toBe(6);
    expect(store.getState().status).toBe('finished');
  });

  it('an imported race result fills the racers’ histories without running', async () => {
    const spec = raceSpec();
    const result = await runExperiment(spec, engineFactory({ kind: 'cpu' }));
    const { store, controller } = setup(defaultSpec());
    expect(controller.importResult(JSON.stringify(result))).toBeNull();
    expect(store.getState().spec.race).toEqual(spec.race);
    expect(store.getState().raceHistories.map((h) => h.length)).toEqual([7, 7]);
    expect(store.getState().raceHistories[0]![6]!.point).toEqual(result!.race!.racers[0]!.params);
  });
});
