import { describe, expect, it } from 'vitest';
import { createEngine } from '../experiment/engine-factory.ts';
import { runExperiment } from '../experiment/runner.ts';
import { parseSpec, type ExperimentSpec } from '../experiment/spec.ts';
import type { ModelEngine } from '../models/model-engine.ts';
import { Float64Backend } from '../math/cpu-backend.ts';
import { OPTIMIZER_NAMES } from './settings.ts';

function spec(input: Record<string, unknown>): ExperimentSpec {
  const parsed = parseSpec({ seed: 4, data: { name: 'spirals', n: 60 }, probes: { every: 100, eigenvalues: null, trace: null, density: null }, ...input });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return parsed.spec;
}

async function run(s: ExperimentSpec) {
  const engines: ModelEngine<unknown>[] = [];
  const result = await runExperiment(s, async (prepared) => {
    const engine = await createEngine(prepared, { kind: 'cpu' });
    engines.push(engine);
    return engine;
  });
  return { result: result!, engines };
}

describe('every optimizer through the training loop, from its name alone', () => {
  for (const optimizer of OPTIMIZER_NAMES) {
    it(`${optimizer}: 15 steps lower the training loss, reproducibly, and free every vector`, async () => {
      const s = spec({ train: { optimizer, steps: 15, batchSize: optimizer === 'gd' ? null : 24 } });
      const first = await run(s);
      const { history, diverged } = first.result;
      expect(diverged).toBeUndefined();
      expect(history).toHaveLength(16);
      expect(history[15]!.loss).toBeLessThan(history[0]!.loss);
      if (optimizer.startsWith('sophia')) for (const entry of history.slice(1)) expect(entry.update!.winRate).toBeGreaterThanOrEqual(0);
      if (optimizer === 'newton-cg') expect(history[1]!.update!.cgIterations).toBeGreaterThan(0);
      // Same spec and seed, same numbers (random probes, labels, particles and directions included).
      const again = await run(s);
      expect(again.result.history.map((h) => h.loss)).toEqual(history.map((h) => h.loss));
      for (const engine of [...first.engines, ...again.engines]) expect((engine.backend as Float64Backend).liveVectors).toBe(0);
    });
  }

  it('switches optimizer mid-run, the new one starting from its own defaults for the fields the change leaves out', async () => {
    const s = spec({ train: { optimizer: 'sgd', steps: 12, lr: 0.2 }, changes: [{ step: 6, train: { optimizer: 'sophia-h', lr: 0.01 } }, { step: 9, train: { optimizer: 'lbfgs' } }] });
    const { result } = await run(s);
    expect(result.diverged).toBeUndefined();
    expect(result.history[5]!.update).toBeUndefined();
    expect(result.history[7]!.update!.winRate).toBeGreaterThanOrEqual(0);
    expect(result.history[10]!.update!.stepLength).toBeGreaterThan(0);
    expect(result.history[12]!.loss).toBeLessThan(result.history[0]!.loss);
  });
});
