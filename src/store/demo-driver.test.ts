import { describe, expect, it, vi } from 'vitest';
import type { Demo } from '../demos/demo.ts';
import { demoViewOf, variantSpec } from '../demos/demo-spec.ts';
import type { ExperimentResult } from '../experiment/result.ts';
import { defaultSpec } from '../experiment/spec.ts';
import type { LabController } from './lab-controller.ts';
import { createLabStore, type LabStore } from './lab-store.ts';
import { runDemo } from './demo-driver.ts';

const demo: Demo = {
  id: 'two-rates',
  title: 'Two rates',
  summary: 's',
  paper: 'p',
  look: 'l',
  meaning: 'm',
  variants: [
    { label: 'slow', spec: { train: { lr: 0.01, steps: 5 } } },
    { label: 'fast', spec: { train: { lr: 0.5, steps: 5 } } },
  ],
  analyze: (results) => ({
    findings: results.map((r, i) => ({ id: `lr.${i}`, label: 'lr', value: r.spec.train.lr })),
    charts: [],
    verdict: `${results.length} runs`,
  }),
  thumbnail: { lines: [] },
};

/** A controller whose runs end as `outcomes` say, in a later task, as the worker's would. */
function fakeController(store: LabStore, outcomes: ('done' | 'error' | 'diverged' | 'reset')[]): LabController & { runs: number[] } {
  const runs: number[] = [];
  const finish = (kind: (typeof outcomes)[number]): void => {
    const state = store.getState();
    const result = { spec: state.spec } as unknown as ExperimentResult;
    if (kind === 'done') {
      state.setResult(result);
      state.setStatus('finished');
    } else if (kind === 'diverged') {
      state.setStatus('failed', 'diverged at step 3');
      setTimeout(() => state.setResult(result), 10);
    } else if (kind === 'error') state.setStatus('failed', 'shader compilation failed');
    else state.setStatus('idle');
  };
  return {
    runs,
    run() {
      store.getState().clearResults();
      store.getState().setStatus('running');
      runs.push(store.getState().spec.train.lr);
      const kind = outcomes.shift() ?? 'done';
      setTimeout(() => finish(kind), 0);
    },
    pause: () => undefined,
    resume: () => undefined,
    step: () => undefined,
    reset: () => undefined,
    continueAfterLoss: () => undefined,
    tune: () => null,
    importResult: () => null,
    recomputeLandscape: () => undefined,
  };
}

describe('demo specs', () => {
  it('marks each variant with its demo and index, and reads them back', () => {
    const spec = variantSpec(demo, 1);
    expect(spec.train.lr).toBe(0.5);
    expect(demoViewOf(spec)).toEqual({ demo: 'two-rates', variant: 1 });
    expect(demoViewOf(defaultSpec())).toBeNull();
  });

  it('names the demo and variant of a spec that does not validate', () => {
    const bad: Demo = { ...demo, variants: [{ label: 'broken', spec: { train: { lr: -1 } } }] };
    expect(() => variantSpec(bad, 0)).toThrow(/two-rates, variant 0 \(broken\).*train\.lr/s);
  });
});

describe('runDemo', () => {
  it('runs every variant in turn as the lab experiment, then analyzes their results', async () => {
    const store = createLabStore(defaultSpec());
    const controller = fakeController(store, ['done', 'done']);
    await runDemo(store, controller, demo);
    expect(controller.runs).toEqual([0.01, 0.5]);
    const run = store.getState().demoRun;
    expect(run.status).toBe('done');
    expect(run.results.map((r) => r.spec.train.lr)).toEqual([0.01, 0.5]);
    expect(run.analysis?.findings.map((f) => f.value)).toEqual([0.01, 0.5]);
    // The last variant stays the lab's experiment (and its URL).
    expect(demoViewOf(store.getState().spec)).toEqual({ demo: 'two-rates', variant: 1 });
  });

  it('keeps a diverged variant (its result comes after the failure) and goes on', async () => {
    const store = createLabStore(defaultSpec());
    await runDemo(store, fakeController(store, ['diverged', 'done']), demo);
    expect(store.getState().demoRun.status).toBe('done');
    expect(store.getState().demoRun.results).toHaveLength(2);
  });

  it('stops with a message naming the variant when a run fails, keeping what finished', async () => {
    vi.useFakeTimers();
    const store = createLabStore(defaultSpec());
    const running = runDemo(store, fakeController(store, ['done', 'error']), demo);
    await vi.runAllTimersAsync();
    await running;
    vi.useRealTimers();
    const run = store.getState().demoRun;
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/Variant 2 \(fast\).*shader compilation failed/);
    expect(run.results).toHaveLength(1);
    expect(run.analysis).toBeNull();
  });

  it('stops when the user resets the lab mid-demo', async () => {
    const store = createLabStore(defaultSpec());
    await runDemo(store, fakeController(store, ['reset']), demo);
    expect(store.getState().demoRun).toMatchObject({ status: 'failed', results: [] });
    expect(store.getState().demoRun.error).toMatch(/stopped \(Reset\)/);
  });

  it('reports an analysis that throws', async () => {
    const store = createLabStore(defaultSpec());
    const broken: Demo = { ...demo, analyze: () => Promise.reject(new Error('no probes')) };
    await runDemo(store, fakeController(store, []), broken);
    expect(store.getState().demoRun).toMatchObject({ status: 'failed', error: expect.stringMatching(/analysis.*no probes/) });
  });
});
