import { describe, expect, it } from 'vitest';
import { symmetricEigenvalues } from '../math/eigen.ts';
import { createTestFunction } from '../models/test-functions.ts';
import { engineFactory } from './engine-factory.ts';
import { racerLabels, racerSpec } from './race.ts';
import { RaceTurns } from './race-turns.ts';
import { parseResult, type ExperimentResult } from './result.ts';
import { ExperimentRunner, runExperiment, type RunnerEvent } from './runner.ts';
import { OPTIMIZERS, parseSpec, type ExperimentSpec } from './spec.ts';

function spec(input: unknown): ExperimentSpec {
  const parsed = parseSpec(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.spec;
}

async function run(s: ExperimentSpec, events: RunnerEvent[] = []): Promise<ExperimentResult> {
  const result = await runExperiment(s, engineFactory({ kind: 'cpu' }), {
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'error') throw new Error(e.message);
    },
  });
  if (!result) throw new Error(`the run failed: ${JSON.stringify(events.find((e) => e.type === 'error'))}`);
  return result;
}

const ROSENBROCK_RACE = {
  problem: { name: 'rosenbrock' },
  train: { steps: 200, lr: 0.001 },
  race: [{ optimizer: 'gd' }, { optimizer: 'momentum', lr: 0.0005 }, { optimizer: 'adam', lr: 0.2 }],
};

describe('race on a test function (float64)', () => {
  it('each racer equals the single run of its racerSpec, step by step', async () => {
    const s = spec(ROSENBROCK_RACE);
    const race = (await run(s)).race!;
    expect(race.fStar).toBe(0);
    expect(race.racers.map((r) => r.label)).toEqual(['gd', 'momentum lr=0.0005', 'adam lr=0.2']);
    for (let i = 0; i < 3; i++) {
      const single = await run(racerSpec(s, i));
      const racer = race.racers[i]!;
      expect(racer.history.map((h) => h.loss)).toEqual(single.history.map((h) => h.loss));
      expect(racer.params).toEqual(single.params.values);
      expect(racer.history.length).toBe(201);
    }
  });

  it('records f − f*, ‖∇f‖ and the 2-D point at every step, exactly', async () => {
    const result = await run(spec(ROSENBROCK_RACE));
    const fn = createTestFunction({ name: 'rosenbrock', dim: 2 });
    for (const racer of result.race!.racers) {
      for (const h of racer.history) {
        expect(h.point).toHaveLength(2);
        const g = new Float64Array(2);
        expect(fn.gradient(h.point!, g)).toBe(h.loss);
        expect(h.gap).toBe(h.loss);
        expect(h.gradNorm).toBeCloseTo(Math.hypot(g[0]!, g[1]!), 10);
      }
      expect(racer.history[0]!.point).toEqual([-1.2, 1]);
      expect(racer.history[0]!.loss).toBeCloseTo(24.2, 12);
    }
  });

  it('counts exactly one gradient per gd or adam iteration, and nothing else', async () => {
    const result = await run(spec(ROSENBROCK_RACE));
    for (const racer of result.race!.racers) {
      racer.history.forEach((h, t) => expect(h.products).toEqual({ gradients: t, hvps: 0, evaluations: 0 }));
      // Time only grows, and the lab's own measurements (‖g‖, the loss) are not in it.
      for (let t = 1; t < racer.history.length; t++) expect(racer.history[t]!.timeMs!).toBeGreaterThanOrEqual(racer.history[t - 1]!.timeMs!);
      expect(racer.trainingMs).toBe(racer.history.at(-1)!.timeMs);
    }
  });

  it('on Rosenbrock from (−1.2, 1), Adam (lr 0.2) ends 20× lower than gd (lr 0.001) after 200 steps', async () => {
    const [gd, , adam] = (await run(spec(ROSENBROCK_RACE))).race!.racers;
    const gdEnd = gd!.history.at(-1)!.loss;
    const adamEnd = adam!.history.at(-1)!.loss;
    // gd creeps along the valley floor (f = 3.462); Adam's sign-like steps run down it (f = 0.173).
    expect(gdEnd).toBeCloseTo(3.462, 3);
    expect(adamEnd).toBeCloseTo(0.1733, 4);
    expect(adamEnd).toBeLessThan(0.06 * gdEnd);
  });

  it('interleaves the racers: one update each per round, in order', async () => {
    const events: RunnerEvent[] = [];
    await run(spec({ ...ROSENBROCK_RACE, train: { steps: 3, lr: 0.001 } }), events);
    const order = events.flatMap((e) => (e.type === 'race-step' ? [`${e.racer}@${e.entry.step}`] : []));
    expect(order).toEqual(['0@0', '1@0', '2@0', '0@1', '1@1', '2@1', '0@2', '1@2', '2@2', '0@3', '1@3', '2@3']);
  });

  it('a racer that diverges stops; the others finish', async () => {
    const s = spec({ problem: { name: 'quadratic', condition: 10 }, train: { steps: 60, lr: 0.1 }, race: [{ lr: 0.15 }, { lr: 5 }] });
    const [stable, unstable] = (await run(s)).race!.racers;
    // lr 5 > 2/λmax = 0.2: |1 − 5·10| = 49 per step along the stiff direction.
    expect(unstable!.diverged).toBeDefined();
    expect(unstable!.history.length).toBeLessThan(20);
    expect(stable!.diverged).toBeUndefined();
    expect(stable!.history.length).toBe(61);
    // lr 0.15 < 2/10: the slowest direction (λ = 1) contracts by 0.85 per step.
    expect(stable!.history.at(-1)!.loss).toBeLessThan(1e-6 * stable!.history[0]!.loss);
  });

  it('the result JSON round-trips through parseResult, and a racer count mismatch is reported', async () => {
    const result = await run(spec({ ...ROSENBROCK_RACE, train: { steps: 5, lr: 0.001 } }));
    const parsed = parseResult(JSON.stringify(result));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.result.race).toEqual(result.race);
    expect(result.params.layout).toEqual([{ name: 'x', shape: [2] }]);
    expect(result.params.values).toEqual([-1.2, 1]);
    const broken = { ...result, race: { ...result.race!, racers: result.race!.racers.slice(1) } };
    const bad = parseResult(JSON.stringify(broken));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors).toContainEqual({ path: 'race.racers', message: 'must have 3 racers (spec.race), got 2' });
  });
});

describe('every optimizer races', () => {
  it('each optimizer the spec knows runs in a race given only its name; its work is counted, never decreasing', async () => {
    const s = spec({ problem: { name: 'quadratic', condition: 10 }, train: { steps: 12 }, race: OPTIMIZERS.map((optimizer) => ({ optimizer })) });
    const race = (await run(s)).race!;
    expect(race.racers.map((r) => r.label)).toEqual([...OPTIMIZERS]);
    for (const racer of race.racers) {
      expect(racer.history.length, racer.label).toBeGreaterThanOrEqual(2);
      for (let t = 1; t < racer.history.length; t++) {
        const [before, after] = [racer.history[t - 1]!.products!, racer.history[t]!.products!];
        for (const key of ['gradients', 'hvps', 'evaluations'] as const) expect(after[key], `${racer.label} ${key}`).toBeGreaterThanOrEqual(before[key]);
      }
    }
    const byName = new Map(race.racers.map((r) => [r.label, r]));
    // gd at its default lr 0.1 < 2/λmax = 0.2 converges on the quadratic, one gradient per step.
    byName.get('gd')!.history.forEach((h, t) => expect(h.products).toEqual({ gradients: t, hvps: 0, evaluations: 0 }));
    // The derivative-free ones compute no gradient at all; the Hessian-based ones compute products.
    for (const name of ['cbo', 'zo']) expect(byName.get(name)!.history.at(-1)!.products!.gradients).toBe(0);
    for (const name of ['adahessian', 'sophia-h', 'newton-cg']) expect(byName.get(name)!.history.at(-1)!.products!.hvps).toBeGreaterThan(0);
    // Newton-CG solves a 2-D quadratic in a step or two.
    expect(byName.get('newton-cg')!.history.at(-1)!.gap!).toBeLessThan(1e-12);
  });

  it('a racer that fails stops the race, and the error names it', async () => {
    const events: RunnerEvent[] = [];
    let made = 0;
    const factory = engineFactory({ kind: 'cpu' });
    const failingSecond = async (prepared: Parameters<typeof factory>[0]) => {
      const engine = await factory(prepared);
      if (++made !== 2) return engine;
      return new Proxy(engine, {
        get: (target, key) => (key === 'gradient' ? () => Promise.reject(new Error('boom')) : Reflect.get(target, key)),
      });
    };
    const s = spec({ problem: { name: 'beale' }, train: { steps: 5, lr: 0.01 }, race: [{ optimizer: 'gd' }, { optimizer: 'adam' }] });
    const result = await runExperiment(s, failingSecond, { onEvent: (e) => events.push(e) });
    expect(result).toBeNull();
    expect(events.find((e) => e.type === 'error')).toMatchObject({ message: 'racer 2 (adam): boom' });
  });
});

describe('pausing a race', () => {
  it('a paused race waits at the start; one step is one update of every racer', async () => {
    const events: RunnerEvent[] = [];
    const runner = new ExperimentRunner(spec({ ...ROSENBROCK_RACE, train: { steps: 4, lr: 0.001 } }), engineFactory({ kind: 'cpu' }), {
      paused: true,
      onEvent: (e) => events.push(e),
    });
    const done = runner.run();
    const reached = () => events.flatMap((e) => (e.type === 'race-step' ? [`${e.racer}@${e.entry.step}`] : []));
    const settle = async () => {
      for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 5));
    };
    await settle();
    expect(reached()).toEqual(['0@0', '1@0', '2@0']);
    runner.step();
    await settle();
    // Each racer's step-1 entry is recorded when it reaches its next gate, i.e. after the step.
    expect(reached()).toEqual(['0@0', '1@0', '2@0', '0@1', '1@1', '2@1']);
    expect(runner.status).toBe('paused');
    runner.resume();
    const result = await done;
    expect(result!.race!.racers.map((r) => r.history.length)).toEqual([5, 5, 5]);
  });
});

describe('race on an MLP (float64 engine)', () => {
  const MLP_RACE = {
    seed: 4,
    model: { layers: [2, 6, 3] },
    data: { name: 'blobs', n: 60, classes: 3, testFraction: 0 },
    train: { steps: 8, lr: 0.2 },
    race: [{ optimizer: 'gd' }, { optimizer: 'sgd', batchSize: 15 }],
  };

  it('equals the single runs, and counts an sgd step as batch/n of a gradient', async () => {
    const s = spec(MLP_RACE);
    const race = (await run(s)).race!;
    expect(race.fStar).toBeNull();
    for (let i = 0; i < 2; i++) {
      const single = await run(racerSpec(s, i));
      expect(race.racers[i]!.history.map((h) => h.loss)).toEqual(single.history.map((h) => h.loss));
    }
    race.racers[0]!.history.forEach((h, t) => expect(h.products!.gradients).toBe(t));
    race.racers[1]!.history.forEach((h, t) => expect(h.products!.gradients).toBeCloseTo(t * 0.25, 12));
    for (const racer of race.racers) for (const h of racer.history) expect(h.point).toBeUndefined();
  });
});

describe('a single run on a test function', () => {
  it('probes the exact Hessian: the top eigenvalues equal those of ∇²f at the final point', async () => {
    const s = spec({
      problem: { name: 'quadratic', dim: 4, condition: 100 },
      train: { steps: 10, lr: 0.005 },
      probes: { every: 10, eigenvalues: { k: 4 }, trace: { samples: 50, tolerance: 0 }, density: null },
    });
    const result = await run(s);
    const probe = result.probes.at(-1)!;
    expect(result.engine.label).toContain('test function quadratic');
    expect(probe.eigenvalues.map((e) => Number(e.toPrecision(10)))).toEqual([100, Number((100 ** (2 / 3)).toPrecision(10)), Number((100 ** (1 / 3)).toPrecision(10)), 1]);
    const H = createTestFunction({ name: 'quadratic', dim: 4, condition: 100, seed: 0 }).hessian(result.params.values);
    expect(symmetricEigenvalues(H, 4)[3]).toBeCloseTo(probe.eigenvalues[0]!, 8);
    expect(result.data).toEqual({ x: [], y: [] });
  });
});

describe('racer settings', () => {
  it('racerSpec applies the patch over train and turns probes, landscape and race off', () => {
    const s = spec({ ...ROSENBROCK_RACE, probes: { every: 5 } });
    const r = racerSpec(s, 2);
    expect(r.train).toEqual({ ...s.train, optimizer: 'adam', lr: 0.2 });
    expect(r.race).toBeNull();
    expect([r.probes.eigenvalues, r.probes.trace, r.probes.density]).toEqual([null, null, null]);
    expect(parseSpec(r).ok).toBe(true);
  });

  it('labels name the optimizer and the fields set; repeats are numbered', () => {
    const s = spec({ race: [{ optimizer: 'adam', lr: 0.01 }, { lr: 0.3 }, { lr: 0.3 }, { optimizer: 'sgd', batchSize: null }] });
    expect(racerLabels(s)).toEqual(['adam lr=0.01', 'gd lr=0.3 #2', 'gd lr=0.3 #3', 'sgd batchSize=full']);
  });
});

describe('RaceTurns', () => {
  it('runs racers one at a time in order and calls beforeRound between rounds; a finished racer is skipped', async () => {
    const log: string[] = [];
    const turns = new RaceTurns(3, async () => void log.push('|'));
    const racer = async (i: number, rounds: number) => {
      await turns.wait(i);
      for (let r = 0; r < rounds; r++) {
        log.push(`${i}`);
        await turns.pass(i);
      }
      log.push(`${i}.`);
      turns.finish(i);
    };
    await Promise.all([racer(0, 2), racer(1, 1), racer(2, 3)]);
    expect(log.join(' ')).toBe('0 1 2 | 0 1. 2 | 0. 2 | 2.');
  });

  it('a failed round gate rejects every waiting racer', async () => {
    const turns = new RaceTurns(2, () => Promise.reject(new Error('cancelled')));
    await turns.wait(0);
    const second = turns.wait(1);
    const first = turns.pass(0);
    await second;
    await expect(turns.pass(1)).rejects.toThrow('cancelled');
    await expect(first).rejects.toThrow('cancelled');
  });
});
