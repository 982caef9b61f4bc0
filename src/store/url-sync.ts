/**
 * The URL is the experiment: the hash holds the spec. Edits push history entries (so back and
 * forward walk through them); navigating loads the spec of the entry. A bad link never breaks the
 * page: the lab starts from defaults and says what was wrong.
 */
import { defaultSpec, formatSpecErrors, type ExperimentSpec } from '../experiment/spec.ts';
import { decodeSpecFromHash, encodeSpecToHash } from '../experiment/url.ts';
import type { LabStore } from './lab-store.ts';

export interface LoadedSpec {
  readonly spec: ExperimentSpec;
  readonly warnings: readonly string[];
  /** Set when the link could not be used as it was. */
  readonly message: string | null;
}

export function specFromHash(hash: string): LoadedSpec {
  if (!hash || hash === '#') return { spec: defaultSpec(), warnings: [], message: null };
  const decoded = decodeSpecFromHash(hash);
  if (decoded.ok) return { spec: decoded.spec, warnings: decoded.warnings, message: null };
  return {
    spec: defaultSpec(),
    warnings: [],
    message: `This link's experiment could not be loaded, so the lab starts from defaults.\n${formatSpecErrors(decoded.errors)}`,
  };
}

export interface HistoryLike {
  readonly location: { readonly hash: string; readonly href: string };
  readonly history: { pushState(data: unknown, unused: string, url: string): void };
  addEventListener(type: 'popstate' | 'hashchange', listener: () => void): void;
  removeEventListener(type: 'popstate' | 'hashchange', listener: () => void): void;
}

export function connectUrl(store: LabStore, win: HistoryLike): () => void {
  let lastHash = encodeSpecToHash(store.getState().spec);
  if (win.location.hash !== lastHash && !store.getState().loadMessage) win.history.pushState(null, '', lastHash);

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.spec === previous.spec) return;
    const hash = encodeSpecToHash(state.spec);
    if (hash !== lastHash && hash !== win.location.hash) win.history.pushState(null, '', hash);
    lastHash = hash;
  });

  const onNavigate = () => {
    if (win.location.hash === lastHash) return;
    const loaded = specFromHash(win.location.hash);
    lastHash = loaded.message ? lastHash : win.location.hash;
    store.getState().setLoadMessage(loaded.message);
    store.getState().replaceSpec(loaded.spec, loaded.warnings);
  };
  win.addEventListener('popstate', onNavigate);
  win.addEventListener('hashchange', onNavigate);
  return () => {
    unsubscribe();
    win.removeEventListener('popstate', onNavigate);
    win.removeEventListener('hashchange', onNavigate);
  };
}
