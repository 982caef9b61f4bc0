import { describe, expect, it } from 'vitest';
import { Float64Backend } from '../math/cpu-backend.ts';
import { symmetricEigen } from '../math/eigen.ts';
import { denseOperatorMatrix, evaluate, type MlpProblem } from '../math/mlp.ts';
import { parameterCount } from '../models/mlp.ts';
import type { ModelEngine } from '../models/model-engine.ts';
import { BatchSchedule, probeSubset } from './batches.ts';
import { createDivergenceWatch } from './divergence.ts';
import { createEngine, type PreparedExperiment } from './engine-factory.ts';
import { datasetFromResult, type ExperimentResult } from './result.ts';
import { ExperimentRunner, runExperiment, type RunnerEvent, type RunnerOptions } from './runner.ts';
import { parseSpec, type ExperimentSpec } from './spec.ts';

const NO_PROBES = { eigenvalues: null, trace: null, density: null };

/** A 2-3-3 tanh network (21 parameters) on 40 spirals: every run here takes milliseconds. */
function tinySpec(patch: Record<string, unknown> = {}): ExperimentSpec {
  const parsed = parseSpec({
    seed: 3,
    model: { layers: [2, 3, 3] },
    data: { name: 'spirals', n: 40 },
    train: { steps: 10, lr: 0.5 },
    probes: { every: 5, eigenvalues: { k: 3, steps: 21 }, trace: { samples: 8 }, density: { probes: 2, steps: 8, gridSize: 16 } },
    ...patch,
  });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return parsed.spec;
}

interface Recorded {
  result: ExperimentResult | null;
  events: RunnerEvent[];
  engines: ModelEngine<unknown>[];
}

const cpuFactory = (engines: ModelEngine<unknown>[]) => async (prepared: PreparedExperiment) => {
  const engine = await createEngine(prepared, { kind: 'cpu' });
  engines.push(engine);
  return engine;
};

async function record(spec: ExperimentSpec, options: RunnerOptions = {}): Promise<Recorded> {
  const events: RunnerEvent[] = [];
  const engines: ModelEngine<unknown>[] = [];
  const result = await runExperiment(spec, cpuFactory(engines), {
    ...options,
    onEvent: (e) => {
      events.push(e);
      options.onEvent?.(e);
    },
  });
  return { result, events, engines };
}

function withoutTiming(result: ExperimentResult | null): unknown {
  if (!result) return result;
  const { timing: _timing, ...rest } = result;
  return rest;
}

describe('runExperiment on the float64 engine', () => {
  it('gd lowers the training loss on spirals, and frees every vector', async () => {
    const { result, events, engines } = await record(tinySpec({ model: { layers: [2, 8, 3] }, train: { steps: 60, lr: 0.5 }, probes: NO_PROBES }));
    expect(result).not.toBeNull();
    const losses = result!.history.map((h) => h.loss);
    expect(losses).toHaveLength(61);
    expect(losses.at(-1)!).toBeLessThan(0.9 * losses[0]!);
    expect(events[0]!.type).toBe('start');
    expect(events.at(-1)!.type).toBe('done');
    expect((engines[0]!.backend as Float64Backend).liveVectors).toBe(0);
  });

  for (const operator of ['hessian', 'ggn'] as const) {
    it(`probes the top ${operator} eigenvalues to 1e-6 of the dense eigen-solve at the final parameters`, async () => {
      const spec = tinySpec({
        probes: { every: 5, operator, samples: 20, eigenvalues: { k: 4, steps: 21 }, trace: { samples: 6, perLayer: true }, density: null },
      });
      const { result } = await record(spec);
      const last = result!.probes.at(-1)!;
      expect(last.step).toBe(10);
      expect(last.operator).toBe(operator);
      const P = parameterCount(spec.model.layers);
      const problem: MlpProblem = { arch: { layers: spec.model.layers, activation: spec.model.activation }, loss: spec.loss, data: datasetFromResult(result!) };
      expect(problem.data.n).toBe(20);
      const theta = Float64Array.from(result!.params.values);
      const exact = Array.from(symmetricEigen(denseOperatorMatrix(operator, problem, theta), P).values).reverse();
      expect(last.eigenvalues).toHaveLength(4);
      last.eigenvalues.forEach((value, i) => expect(Math.abs(value - exact[i]!)).toBeLessThanOrEqual(1e-6 * Math.abs(exact[i]!)));
      last.eigenvalueResiduals!.forEach((r) => expect(r).toBeLessThan(1e-8));
      expect(last.loss).toBeCloseTo(evaluate(problem, theta).loss, 12);
      // Per-layer traces come from the same products as the total, so they add up to it.
      const sum = last.layerTraces.reduce((s, l) => s + l.estimate, 0);
      expect(last.layerTraces.map((l) => l.layer)).toEqual([1, 2]);
      expect(sum).toBeCloseTo(last.trace!.estimate, 10);
    });
  }

  it('streams a probe as it is computed: eigenvalues, then the density probe by probe, then the whole probe', async () => {
    const { result, events } = await record(
      tinySpec({ train: { steps: 1, lr: 0.5 }, probes: { every: 5, eigenvalues: { k: 2, steps: 6 }, trace: { samples: 4 }, density: { probes: 3, steps: 5, gridSize: 40 } } }),
    );
    const firstProbe = events.findIndex((e) => e.type === 'probe');
    const partials = events.slice(0, firstProbe).filter((e) => e.type === 'probe-partial');
    expect(partials.map((e) => (e.type === 'probe-partial' ? [e.density?.done ?? 0, e.result.density === null, e.result.trace === null] : []))).toEqual([
      [0, true, true],
      [1, false, true],
      [2, false, true],
      [3, false, true],
    ]);
    const whole = result!.probes[0]!;
    for (const e of partials) if (e.type === 'probe-partial') expect(e.result.eigenvalues).toEqual(whole.eigenvalues);
    const last = partials.at(-1)!;
    if (last.type === 'probe-partial') expect(last.result.density).toEqual(whole.density);
    expect(whole.trace).not.toBeNull();
  });

  it('probes and tests at every `every` steps and after the last step', async () => {
    const { result, events } = await record(tinySpec({ train: { steps: 7, lr: 0.5 }, probes: { every: 3, eigenvalues: { k: 2, steps: 6 }, trace: null, density: null } }));
    expect(result!.probes.map((p) => p.step)).toEqual([0, 3, 6, 7]);
    expect(result!.history.map((h) => h.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(result!.history.filter((h) => h.testLoss !== undefined).map((h) => h.step)).toEqual([0, 3, 6, 7]);
    const progress = events.filter((e) => e.type === 'probe-progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((e) => e.type === 'probe-progress' && e.what === 'eigenvalues' && e.done <= e.total)).toBe(true);
  });

  it('a change of lr takes effect from its step: the run equals two runs split by hand', async () => {
    const train = { steps: 10, lr: 0.3 };
    const changed = await record(tinySpec({ train, probes: NO_PROBES, changes: [{ step: 4, train: { lr: 0.05 } }] }));
    const first = await record(tinySpec({ train: { steps: 4, lr: 0.3 }, probes: NO_PROBES }));
    const second = await record(tinySpec({ train: { steps: 6, lr: 0.05 }, probes: NO_PROBES }), {
      startFrom: { params: first.result!.params.values },
    });
    const plain = await record(tinySpec({ train, probes: NO_PROBES }));

    const losses = (r: Recorded) => r.result!.history.map((h) => h.loss);
    expect(losses(changed).slice(0, 5)).toEqual(losses(first));
    expect(losses(changed).slice(4)).toEqual(losses(second));
    expect(changed.result!.params.values).toEqual(second.result!.params.values);
    expect(losses(plain).slice(0, 5)).toEqual(losses(first));
    expect(losses(plain)[5]).not.toBe(losses(changed)[5]);
    expect(changed.events.filter((e) => e.type === 'change').map((e) => (e.type === 'change' ? e.step : -1))).toEqual([4]);
    expect(changed.result!.changes).toEqual([{ step: 4, train: { lr: 0.05 } }]);
  });

  it('switching optimizer mid-run starts the new one from the current parameters', async () => {
    const spec = tinySpec({ train: { steps: 8, lr: 0.1, optimizer: 'gd' }, probes: NO_PROBES, changes: [{ step: 3, train: { optimizer: 'adam', lr: 0.01 } }] });
    const whole = await record(spec);
    const head = await record(tinySpec({ train: { steps: 3, lr: 0.1 }, probes: NO_PROBES }));
    const tail = await record(tinySpec({ train: { steps: 5, lr: 0.01, optimizer: 'adam' }, probes: NO_PROBES }), {
      startFrom: { params: head.result!.params.values },
    });
    expect(whole.result!.params.values).toEqual(tail.result!.params.values);
    expect((whole.engines[0]!.backend as Float64Backend).liveVectors).toBe(0);
  });

  it('is deterministic: the same spec gives the same numbers, mini-batches included', async () => {
    const spec = tinySpec({ train: { steps: 12, lr: 0.2, optimizer: 'momentum', batchSize: 8 } });
    const a = await record(spec);
    const b = await record(spec);
    expect(withoutTiming(a.result)).toEqual(withoutTiming(b.result));
    expect(a.result!.probes).toHaveLength(4);
    const other = await record({ ...spec, seed: 4 });
    expect(other.result!.history[1]!.loss).not.toBe(a.result!.history[1]!.loss);
  });

  it('stops a diverging run with a message that suggests a smaller learning rate', async () => {
    for (const patch of [
      { train: { steps: 100, lr: 1e3 }, probes: NO_PROBES },
      { model: { layers: [1, 4, 1] }, loss: 'mse', data: { name: 'sine', n: 40 }, train: { steps: 100, lr: 1e3 }, probes: NO_PROBES },
    ]) {
      const { result, events } = await record(tinySpec(patch));
      const diverged = events.find((e) => e.type === 'diverged');
      expect(diverged).toBeDefined();
      expect(diverged!.type === 'diverged' && diverged!.message).toMatch(/smaller learning rate, e\.g\. 100/);
      expect(result!.diverged!.step).toBeLessThan(100);
      expect(result!.history.length).toBeLessThanOrEqual(result!.diverged!.step + 1);
      expect(events.at(-1)!.type).toBe('done');
    }
  });

  it('is cancelled by its AbortSignal, between steps or inside a probe', async () => {
    for (const when of ['step', 'probe-progress'] as const) {
      const controller = new AbortController();
      const { result, events, engines } = await record(tinySpec({ train: { steps: 10_000, lr: 0.1 } }), {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === when && (e.type !== 'step' || e.step === 3)) controller.abort();
        },
      });
      expect(result).toBeNull();
      expect(events.at(-1)!.type).toBe('cancelled');
      expect(events.some((e) => e.type === 'done')).toBe(false);
      expect((engines[0]!.backend as Float64Backend).liveVectors).toBe(0);
    }
  });

  it('reports a failing engine or an invalid spec as an error event', async () => {
    const events: RunnerEvent[] = [];
    const failing = await runExperiment(tinySpec(), () => Promise.reject(new Error('no engine today')), { onEvent: (e) => events.push(e) });
    expect(failing).toBeNull();
    expect(events).toEqual([expect.objectContaining({ type: 'error', message: 'no engine today' })]);
    const broken = { ...tinySpec(), train: { ...tinySpec().train, lr: -1 } };
    const invalid = await record(broken);
    expect(invalid.events.at(-1)).toMatchObject({ type: 'error', message: expect.stringMatching(/train\.lr: must be a positive learning rate/) });
  });
});

describe('ExperimentRunner controls', () => {
  function nextEvent(events: RunnerEvent[], predicate: (e: RunnerEvent) => boolean): Promise<RunnerEvent> {
    return new Promise((resolve) => {
      const poll = (): void => {
        const found = events.find(predicate);
        if (found) resolve(found);
        else setTimeout(poll, 1);
      };
      poll();
    });
  }

  it('pauses, steps one update at a time, takes a change mid-run and resumes', async () => {
    const events: RunnerEvent[] = [];
    const spec = tinySpec({ train: { steps: 6, lr: 0.3 }, probes: NO_PROBES });
    const runner = new ExperimentRunner(spec, cpuFactory([]), { paused: true, onEvent: (e) => events.push(e) });
    const finished = runner.run();
    await nextEvent(events, (e) => e.type === 'step' && e.step === 0);
    expect(runner.status).toBe('paused');
    await new Promise((r) => setTimeout(r, 20));
    expect(events.filter((e) => e.type === 'step')).toHaveLength(1);
    runner.step();
    await nextEvent(events, (e) => e.type === 'step' && e.step === 1);
    // Asked for step 0, which is past: it is recorded at the next step the run begins.
    const added = runner.addChange({ step: 0, train: { lr: 0.05 } });
    expect(added).toEqual({ ok: true, change: { step: 2, train: { lr: 0.05 } } });
    expect(runner.addChange({ step: 0, train: { lr: -2 } })).toMatchObject({ ok: false, message: expect.stringMatching(/train\.lr/) });
    runner.resume();
    const result = await finished;
    expect(runner.status).toBe('done');
    expect(result!.spec.changes).toEqual([{ step: 2, train: { lr: 0.05 } }]);
    expect(events.some((e) => e.type === 'change' && e.step === 2)).toBe(true);
    // The recorded spec reproduces the run.
    const replay = await record(result!.spec);
    expect(replay.result!.history).toEqual(result!.history);
  });

  it('can be cancelled while paused', async () => {
    const events: RunnerEvent[] = [];
    const runner = new ExperimentRunner(tinySpec({ probes: NO_PROBES }), cpuFactory([]), { paused: true, onEvent: (e) => events.push(e) });
    const finished = runner.run();
    await nextEvent(events, (e) => e.type === 'step');
    runner.cancel();
    expect(await finished).toBeNull();
    expect(runner.status).toBe('cancelled');
    expect(events.at(-1)).toEqual({ type: 'cancelled', step: 0 });
  });
});

describe('batches', () => {
  it('each epoch is a permutation, batches never straddle epochs, and the schedule depends only on the seed', () => {
    const a = new BatchSchedule(7, 10);
    const seen: number[] = [];
    for (let k = 0; k < 3; k++) seen.push(...a.next(3));
    expect(new Set(seen).size).toBe(9);
    expect(a.currentEpoch).toBe(0);
    a.next(3);
    expect(a.currentEpoch).toBe(1);
    const b = new BatchSchedule(7, 10);
    const again = new BatchSchedule(7, 10);
    const otherSeed = new BatchSchedule(8, 10);
    const first = Array.from(b.next(4));
    expect(Array.from(again.next(4))).toEqual(first);
    expect(Array.from(otherSeed.next(4))).not.toEqual(first);
    expect(() => b.next(11)).toThrow(/batch size must be an integer from 1 to 10/);
  });

  it('probe subsets are nested prefixes of one seeded permutation', () => {
    const small = probeSubset(1, 50, 10)!;
    const large = probeSubset(1, 50, 30)!;
    expect(small).toHaveLength(10);
    expect(Array.from(small).every((i) => large.includes(i))).toBe(true);
    expect(probeSubset(1, 50, null)).toBeUndefined();
    expect(probeSubset(1, 50, 50)).toBeUndefined();
  });
});

describe('createDivergenceWatch', () => {
  it('flags NaN and ∞ at once, a blow-up past 1e6× its start, and a loss stuck 10× above its start for 20 steps', () => {
    expect(createDivergenceWatch()(0, NaN, 0.1)?.message).toMatch(/at step 0: the training loss became NaN.*smaller learning rate, e\.g\. 0\.01/);
    expect(createDivergenceWatch()(3, Infinity, 1)?.step).toBe(3);
    const explode = createDivergenceWatch();
    expect(explode(0, 2, 1)).toBeUndefined();
    expect(explode(1, 3e6, 1)?.message).toMatch(/rose to 3\.00e\+6/);

    const spiky = createDivergenceWatch();
    const losses = [1.1, ...Array<number>(19).fill(50), 1.0, ...Array<number>(19).fill(50)];
    // 19 steps up there, one back down, 19 more: a long spike, never 20 in a row.
    expect(losses.map((loss, step) => spiky(step, loss, 1)).every((d) => d === undefined)).toBe(true);
    const stuck = createDivergenceWatch();
    const verdicts = [1.1, ...Array<number>(20).fill(50)].map((loss, step) => stuck(step, loss, 1));
    expect(verdicts.findIndex((d) => d !== undefined)).toBe(20);
  });
});
