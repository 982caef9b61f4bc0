/** Results streaming in from a run (or loaded from an imported result JSON). */
import type { StateCreator } from 'zustand/vanilla';
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
  /** P×P row-major, present for small models only. */
  readonly matrix?: readonly number[];
  readonly size: number;
}

/** The training samples the run uses (2-D inputs are drawn under the decision boundary). */
export interface TrainData {
  readonly x: readonly (readonly number[])[];
  readonly y: readonly number[];
}

export interface ResultsSlice {
  trainData: TrainData | null;
  setTrainData(data: TrainData | null): void;
  history: HistoryPoint[];
  probes: ProbePoint[];
  appliedChanges: AppliedChange[];
  params: ParamsSnapshot | null;
  exact: ExactSpectrum | null;
  /** The full result JSON of the last finished (or imported) run, for export. */
  result: unknown;
  imported: boolean;
  appendHistory(points: readonly HistoryPoint[]): void;
  addProbe(probe: ProbePoint): void;
  addAppliedChange(change: AppliedChange): void;
  setParams(snapshot: ParamsSnapshot): void;
  setExact(exact: ExactSpectrum | null): void;
  setResult(result: unknown): void;
  clearResults(): void;
}

/** Fresh empty results; a function so that no two states share an array. */
function emptyResults() {
  return { history: [], probes: [], appliedChanges: [], params: null, exact: null, result: null, imported: false, trainData: null };
}

export const createResultsSlice: StateCreator<LabState, [], [], ResultsSlice> = (set) => ({
  ...emptyResults(),
  // New arrays on every update so that subscribers comparing by reference see the change.
  appendHistory: (points) => set((s) => ({ history: [...s.history, ...points] })),
  addProbe: (probe) => set((s) => ({ probes: [...s.probes, probe] })),
  addAppliedChange: (change) => set((s) => ({ appliedChanges: [...s.appliedChanges, change] })),
  setParams: (params) => set({ params }),
  setExact: (exact) => set({ exact }),
  setResult: (result) => set({ result }),
  setTrainData: (trainData) => set({ trainData }),
  clearResults: () => set(emptyResults()),
});
