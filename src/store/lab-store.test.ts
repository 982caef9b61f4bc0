import { describe, expect, it } from 'vitest';
import { defaultSpec } from '../experiment/spec.ts';
import { decodeSpecFromHash, encodeSpecToHash } from '../experiment/url.ts';
import { createLabStore } from './lab-store.ts';
import { connectUrl, specFromHash, type HistoryLike } from './url-sync.ts';

function fakeWindow(hash = ''): HistoryLike & { entries: string[]; navigate(hash: string): void } {
  const listeners = new Set<() => void>();
  const win = {
    entries: [] as string[],
    location: { hash, href: `http://localhost/${hash}` },
    history: {
      pushState(_: unknown, __: string, url: string) {
        win.entries.push(url);
        win.location.hash = url;
      },
    },
    addEventListener: (_: string, l: () => void) => listeners.add(l),
    removeEventListener: (_: string, l: () => void) => listeners.delete(l),
    navigate(next: string) {
      win.location.hash = next;
      for (const l of listeners) l();
    },
  };
  return win;
}

describe('spec slice', () => {
  it('applies a valid edit and rejects an invalid one with the field path, keeping the spec', () => {
    const store = createLabStore(defaultSpec());
    expect(store.getState().editSpec((d) => void (d.train.lr = 0.05))).toEqual([]);
    expect(store.getState().spec.train.lr).toBe(0.05);
    const errors = store.getState().editSpec((d) => void (d.train.lr = -1));
    expect(errors.map((e) => e.path)).toContain('train.lr');
    expect(store.getState().spec.train.lr).toBe(0.05);
    expect(store.getState().fieldErrors['train.lr']).toMatch(/positive/);
  });

  it('records mid-run changes sorted by step, merging changes at the same step', () => {
    const store = createLabStore(defaultSpec());
    store.getState().recordChange({ step: 120, train: { lr: 0.05 } });
    store.getState().recordChange({ step: 40, train: { lr: 0.2 } });
    store.getState().recordChange({ step: 120, train: { optimizer: 'adam' } });
    const changes = store.getState().spec.changes;
    expect(changes.map((c) => c.step)).toEqual([40, 120]);
    expect(changes[1]!.train).toMatchObject({ lr: 0.05, optimizer: 'adam' });
  });
});

describe('URL sync', () => {
  it('pushes a history entry per edit and loads the spec of the entry navigated to', () => {
    const win = fakeWindow();
    const store = createLabStore(defaultSpec());
    const disconnect = connectUrl(store, win);
    store.getState().editSpec((d) => void (d.train.lr = 0.03));
    store.getState().editSpec((d) => void (d.seed = 9));
    const last = win.entries.at(-1)!;
    const decoded = decodeSpecFromHash(last);
    expect(decoded.ok && decoded.spec.seed).toBe(9);
    expect(decoded.ok && decoded.spec.train.lr).toBe(0.03);

    const earlier = win.entries.at(-2)!;
    win.navigate(earlier); // the browser's back button
    expect(store.getState().spec.seed).toBe(0);
    expect(store.getState().spec.train.lr).toBe(0.03);
    disconnect();
  });

  it('a mangled link gives defaults and a message naming what was wrong', () => {
    const good = encodeSpecToHash(defaultSpec());
    const loaded = specFromHash(good.slice(0, good.length - 9));
    expect(loaded.message).toMatch(/could not be loaded/);
    expect(loaded.spec).toEqual(defaultSpec());

    const invalid = { ...defaultSpec(), train: { ...defaultSpec().train, lr: 'fast' } };
    const fromInvalid = specFromHash(`#spec=${encodeSpecToHash(invalid as never).slice('#spec='.length)}`);
    expect(fromInvalid.message).toMatch(/train\.lr/);
  });

  it('navigating to a bad link keeps the page alive and says why', () => {
    const win = fakeWindow();
    const store = createLabStore(defaultSpec());
    connectUrl(store, win);
    store.getState().editSpec((d) => void (d.seed = 3));
    win.navigate('#spec=@@@not-a-spec');
    expect(store.getState().loadMessage).toMatch(/could not be loaded/);
    expect(store.getState().spec.seed).toBe(0);
  });
});

describe('results slice', () => {
  it('clearResults empties what holds results and leaves what is empty already untouched', () => {
    const store = createLabStore(defaultSpec());
    const before = store.getState();
    before.clearResults();
    // Nothing to clear: the same arrays, so no panel's selector sees a change.
    expect(store.getState().history).toBe(before.history);
    expect(store.getState().probes).toBe(before.probes);
    expect(store.getState().raceHistories).toBe(before.raceHistories);
    before.appendHistory([{ step: 1, loss: 0.5 } as never]);
    before.setParams({ step: 1, values: [1, 2] });
    before.setTrainData({ x: [[0, 1]], y: [0] });
    const probes = store.getState().probes;
    before.clearResults();
    const after = store.getState();
    expect(after.history).toEqual([]);
    expect(after.params).toBeNull();
    expect(after.trainData).toBeNull();
    expect(after.probes).toBe(probes);
  });
});
