import { describe, expect, it } from 'vitest';
import { engineFactory } from './engine-factory.ts';
import { parseResult, type ExperimentResult } from './result.ts';
import { runExperiment } from './runner.ts';
import { parseSpec } from './spec.ts';

async function tinyResult(patch: Record<string, unknown> = {}): Promise<ExperimentResult> {
  const parsed = parseSpec({
    seed: 2,
    model: { layers: [2, 3, 3] },
    data: { name: 'spirals', n: 30 },
    train: { steps: 4, lr: 0.5 },
    probes: { every: 2, samples: 10, eigenvalues: { k: 2, steps: 10 }, trace: { samples: 4 }, density: { probes: 2, steps: 5, gridSize: 12 } },
    changes: [{ step: 2, train: { lr: 0.1 } }],
    ...patch,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const result = await runExperiment(parsed.spec, engineFactory({ kind: 'cpu' }));
  if (!result) throw new Error('the run failed');
  return result;
}

describe('the result JSON', () => {
  it('has every documented field and survives a JSON round trip through parseResult', async () => {
    const result = await tinyResult();
    expect(Object.keys(result).sort()).toEqual(['changes', 'data', 'engine', 'history', 'params', 'probes', 'spec', 'timing']);
    expect(result.engine).toEqual({ kind: 'cpu', label: 'float64 CPU' });
    expect(result.params.layout).toEqual([
      { name: 'W1', shape: [3, 2] },
      { name: 'b1', shape: [3] },
      { name: 'W2', shape: [3, 3] },
      { name: 'b2', shape: [3] },
    ]);
    expect(result.params.values).toHaveLength(21);
    expect(result.data.x).toHaveLength(10);
    expect(result.data.x[0]).toHaveLength(2);
    expect(result.data.y.every((c) => Number.isInteger(c) && (c as number) >= 0 && (c as number) < 3)).toBe(true);
    expect(Object.keys(result.history[0]!).sort()).toEqual(['accuracy', 'loss', 'step', 'testAccuracy', 'testLoss']);
    const probe = result.probes[0]!;
    expect(Object.keys(probe).sort()).toEqual(['density', 'eigenvalueResiduals', 'eigenvalues', 'layerTraces', 'loss', 'operator', 'step', 'trace']);
    expect(probe.eigenvalues[0]).toBeGreaterThanOrEqual(probe.eigenvalues[1]!);
    expect(Object.keys(probe.trace!).sort()).toEqual(['estimate', 'samples', 'stderr']);
    expect(Object.keys(probe.layerTraces[0]!).sort()).toEqual(['estimate', 'layer', 'stderr']);
    expect(Object.keys(probe.density!).sort()).toEqual(['grid', 'nodes', 'values', 'weights']);
    expect(probe.density!.nodes).toHaveLength(2);
    expect(result.changes).toEqual([{ step: 2, train: { lr: 0.1 } }]);
    expect(Object.keys(result.timing).sort()).toEqual(['probesMs', 'totalMs', 'trainingMs']);

    const parsed = parseResult(JSON.stringify(result));
    expect(parsed).toEqual({ ok: true, result });
  });

  it('writes null for the accuracy of a regression (JSON has no NaN)', async () => {
    const result = await tinyResult({ model: { layers: [1, 3, 1] }, loss: 'mse', data: { name: 'sine', n: 30 }, changes: [] });
    expect(result.history[0]!.accuracy).toBeNull();
    expect(parseResult(JSON.parse(JSON.stringify(result)))).toEqual({ ok: true, result });
  });

  it('rejects a broken import with the path of the problem', async () => {
    const result = JSON.parse(JSON.stringify(await tinyResult())) as Record<string, unknown>;
    const errorsOf = (value: unknown) => {
      const parsed = parseResult(value);
      return parsed.ok ? [] : parsed.errors.map((e) => `${e.path}: ${e.message}`);
    };
    expect(errorsOf('{"spec": ')[0]).toMatch(/^: the file is not valid JSON/);
    expect(errorsOf([1, 2])[0]).toMatch(/must be a result object/);
    const { history: _history, ...noHistory } = result;
    expect(errorsOf(noHistory)[0]).toMatch(/^history: /);
    const badLoss = { ...result, history: [{ step: 0, loss: 'high', accuracy: 0.5 }] };
    expect(errorsOf(badLoss)[0]).toMatch(/^history\[0\]\.loss: /);
    const badSpec = { ...result, spec: { ...(result.spec as object), train: { lr: -1 } } };
    expect(errorsOf(badSpec)[0]).toMatch(/^spec\.train\.lr: must be a positive learning rate/);
    const params = result.params as { layout: unknown; values: number[] };
    expect(errorsOf({ ...result, params: { ...params, values: params.values.slice(1) } })[0]).toMatch(/^params\.values: must hold 21 numbers/);
  });
});
