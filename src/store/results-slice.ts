/** Results streaming in from a run (or loaded from an imported result JSON). */
import type { StateCreator } from 'zustand/vanilla';
import type { LandscapePhase, LandscapeResult } from '../experiment/landscape.ts';
import type { HistoryEntry, ProbeResult } from '../experiment/result.ts';
import type { LabState } from './lab-store.ts';

/** History and probe entries are the result JSON's own, so an import fills the panels as a run does. */
export type HistoryPoint = HistoryEntry;
export type ProbePoint = ProbeResult;

export interface AppliedChange {
  readonly step: number;
  readonly description: string;
}

/** Parameters at a point of the run, for views that evaluate the model (decision boundary). */
export interface ParamsSnapshot {
  readonly step: number;
  readonly values: Float64Array | readonly number[];
}

export interface ExactSpectrum {
  readonly step: number;
  readonly values: readonly number[];
  /** P×P row-major, present for small models only; typed, so it crosses from the worker as one copy of its bytes. */
  readonly matrix?: Float64Array;
  readonly size: number;
}

/** The training samples the run uses (2-D inputs are drawn under the decision boundary). */
export interface TrainData {
  readonly x: readonly (readonly number[])[];
  readonly y: readonly number[];
}

/** A race step as it streams in: racer index and its history entry (with the race fields). */
export interface RacePoint {
  readonly racer: number;
  readonly entry: HistoryEntry;
}

/** A landscape being computed: its step, the phase (directions, then grid points) and how far. */
export interface LandscapeProgress {
  readonly step: number;
  readonly phase: LandscapePhase;
  readonly done: number;
  readonly total: number;
}

/** A probe still running: what it has so far (see the runner's 'probe-partial' event). */
export interface PartialProbe {
  readonly result: ProbePoint;
  /** SLQ probes in its density so far, of how many. */
  readonly density: { readonly done: number; readonly total: number } | null;
}

export interface ResultsSlice {
  trainData: TrainData | null;
  setTrainData(data: TrainData | null): void;
  history: HistoryPoint[];
  /** Races (spec.race): one history per racer, in spec.race order. */
  raceHistories: HistoryPoint[][];
  appendRaceSteps(points: readonly RacePoint[]): void;
  probes: ProbePoint[];
  /** Cleared when the probe's whole result arrives. */
  partialProbe: PartialProbe | null;
  appliedChanges: AppliedChange[];
  params: ParamsSnapshot | null;
  exact: ExactSpectrum | null;
  /** The latest loss landscape of the run (or of an imported result). */
  landscape: LandscapeResult | null;
  /** Set while a landscape is being computed. */
  landscapeProgress: LandscapeProgress | null;
  /** Why the last landscape asked for could not be drawn. */
  landscapeError: string | null;
  /** The full result JSON of the last finished (or imported) run, for export. */
  result: unknown;
  imported: boolean;
  appendHistory(points: readonly HistoryPoint[]): void;
  addProbe(probe: ProbePoint): void;
  setPartialProbe(partial: PartialProbe | null): void;
  addAppliedChange(change: AppliedChange): void;
  setParams(snapshot: ParamsSnapshot): void;
  setExact(exact: ExactSpectrum | null): void;
  setLandscape(landscape: LandscapeResult | null): void;
  setLandscapeProgress(progress: LandscapeProgress | null): void;
  setLandscapeError(message: string | null): void;
  setResult(result: unknown): void;
  clearResults(): void;
}

/** Fresh empty results; a function so that no two states share an array. */
function emptyResults() {
  return { raceHistories: [], history: [], probes: [], partialProbe: null, appliedChanges: [], params: null, exact: null, landscape: null, landscapeProgress: null, landscapeError: null, result: null, imported: false, trainData: null };
}

export const createResultsSlice: StateCreator<LabState, [], [], ResultsSlice> = (set) => ({
  ...emptyResults(),
  // New arrays on every update so that subscribers comparing by reference see the change.
  appendHistory: (points) => set((s) => ({ history: [...s.history, ...points] })),
  appendRaceSteps: (points) =>
    set((s) => {
      // A new array for each racer touched (subscribers compare by reference), copied once per batch.
      const raceHistories = [...s.raceHistories];
      const copied = new Set<number>();
      for (const { racer, entry } of points) {
        while (raceHistories.length <= racer) raceHistories.push([]);
        if (!copied.has(racer)) {
          raceHistories[racer] = [...raceHistories[racer]!];
          copied.add(racer);
        }
        raceHistories[racer]!.push(entry);
      }
      return { raceHistories };
    }),
  addProbe: (probe) => set((s) => ({ probes: [...s.probes, probe], partialProbe: null })),
  setPartialProbe: (partialProbe) => set({ partialProbe }),
  addAppliedChange: (change) => set((s) => ({ appliedChanges: [...s.appliedChanges, change] })),
  setParams: (params) => set({ params }),
  setExact: (exact) => set({ exact }),
  // A finished landscape ends its progress.
  setLandscape: (landscape) => set({ landscape, landscapeProgress: null, landscapeError: null }),
  setLandscapeProgress: (landscapeProgress) => set({ landscapeProgress, landscapeError: null }),
  setLandscapeError: (landscapeError) => set({ landscapeError, landscapeProgress: null }),
  setResult: (result) => set({ result }),
  setTrainData: (trainData) => set({ trainData }),
  // Only what is not empty already: a new [] where there was one re-rendered every panel, and
  // redrew every plot, on the click that starts a page's first run.
  clearResults: () =>
    set((s) => {
      const empty: Record<string, unknown> = emptyResults();
      const current = s as unknown as Record<string, unknown>;
      return Object.fromEntries(Object.entries(empty).filter(([key, value]) => !isEmptyLike(current[key], value)));
    }),
});

function isEmptyLike(current: unknown, empty: unknown): boolean {
  return current === empty || (Array.isArray(current) && Array.isArray(empty) && current.length === 0 && empty.length === 0);
}
