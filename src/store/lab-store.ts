/**
 * The lab's one store: a zustand vanilla store with four slices. React panels subscribe to the
 * fields they draw (useLabStore(selector)), so results streaming in re-render only their panels.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ExperimentSpec } from '../experiment/spec.ts';
import { createDemoSlice, type DemoSlice } from './demo-slice.ts';
import { createResultsSlice, type ResultsSlice } from './results-slice.ts';
import { createRunSlice, type RunSlice } from './run-slice.ts';
import { createSpecSlice, type SpecSlice } from './spec-slice.ts';

export type LabState = SpecSlice & RunSlice & ResultsSlice & DemoSlice;
export type LabStore = StoreApi<LabState>;

export function createLabStore(initialSpec: ExperimentSpec): LabStore {
  return createStore<LabState>()((...a) => ({
    ...createSpecSlice(initialSpec)(...a),
    ...createRunSlice(...a),
    ...createResultsSlice(...a),
    ...createDemoSlice(...a),
  }));
}
