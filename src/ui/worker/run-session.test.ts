import { describe, expect, it } from 'vitest';
import { parseSpec, type ExperimentSpec } from '../../experiment/spec.ts';
import type { FromWorker } from './protocol.ts';
import { RunSession } from './run-session.ts';

function tinySpec(): ExperimentSpec {
  const parsed = parseSpec({
    model: { layers: [2, 4, 3] },
    data: { name: 'spirals', n: 60, classes: 3 },
    train: { steps: 3 },
    probes: { every: 3, eigenvalues: { k: 1, steps: 3 }, trace: null, density: null },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.spec;
}

function session() {
  const posted: FromWorker[] = [];
  let finished = (): void => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const s = new RunSession((message) => {
    posted.push(message);
    if (message.type === 'runner' && message.event.type === 'done') finished();
  });
  return { session: s, posted, done };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('RunSession (float64 engine, no GPU needed)', () => {
  it('runs a started experiment to the end', async () => {
    const { session: s, posted, done } = session();
    s.handle({ type: 'start', spec: tinySpec(), engine: 'cpu' });
    await done;
    expect(posted.filter((m) => m.type === 'engine')).toHaveLength(1);
    expect(posted.some((m) => m.type === 'runner' && m.event.type === 'probe')).toBe(true);
  });

  it('reports its GPU device for the page: here (Node, no navigator.gpu) unavailable, saying why and what to do', async () => {
    const { session: s, posted } = session();
    s.acquireDevice();
    await settle();
    const statuses = posted.filter((m) => m.type === 'gpu-status');
    expect(statuses).toHaveLength(1);
    const status = statuses[0]!.status;
    expect(status.state).toBe('unavailable');
    expect(status.state === 'unavailable' && status.message).toMatch(/does not expose WebGPU.*--enable-unsafe-webgpu/);
  });

  it('does not begin a start that a cancel overtook while it waited', async () => {
    const { session: s, posted } = session();
    s.handle({ type: 'start', spec: tinySpec(), engine: 'cpu' });
    s.handle({ type: 'cancel' });
    await settle();
    expect(posted).toEqual([]);
  });

  it('begins only the newer of two starts sent together', async () => {
    const { session: s, posted, done } = session();
    s.handle({ type: 'start', spec: tinySpec(), engine: 'cpu' });
    s.handle({ type: 'start', spec: tinySpec(), engine: 'cpu' });
    await done;
    await settle();
    expect(posted.filter((m) => m.type === 'engine')).toHaveLength(1);
    expect(posted.filter((m) => m.type === 'runner' && m.event.type === 'done')).toHaveLength(1);
  });

  it('a Run pressed while the page draws begins once the drawing is done', async () => {
    const { session: s, posted, done } = session();
    s.handle({ type: 'ui-busy', busy: true, id: 1 });
    s.handle({ type: 'start', spec: tinySpec(), engine: 'cpu' });
    await settle();
    expect(posted.filter((m) => m.type === 'engine')).toEqual([]);
    s.handle({ type: 'ui-busy', busy: false });
    await done;
    expect(posted.filter((m) => m.type === 'engine')).toHaveLength(1);
  });

  it('answers a busy page with quiet at once when idle, and while a run computes only once it stands still', async () => {
    const { session: s, posted, done } = session();
    s.handle({ type: 'ui-busy', busy: true, id: 1 });
    await settle();
    expect(posted).toEqual([{ type: 'quiet', id: 1 }]);
    s.handle({ type: 'ui-busy', busy: false });
    const spec = tinySpec();
    s.handle({ type: 'start', spec: { ...spec, train: { ...spec.train, steps: 200 } }, engine: 'cpu' });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => posted.some((m) => m.type === 'runner' && m.event.type === 'step') && (clearInterval(poll), resolve()), 5);
    });
    s.handle({ type: 'ui-busy', busy: true, id: 2 });
    await settle();
    const quietAt = posted.findIndex((m) => m.type === 'quiet' && m.id === 2);
    expect(quietAt).toBeGreaterThan(0);
    // Held: no step after the answer while the page is busy.
    const before = posted.length;
    await settle();
    expect(posted.slice(quietAt + 1).filter((m) => m.type === 'runner' && m.event.type === 'step')).toEqual([]);
    expect(posted.length).toBe(before);
    s.handle({ type: 'ui-busy', busy: false });
    await done;
  });
});
