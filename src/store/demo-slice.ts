/** A teaching demo being run: its variants' results as they finish, then the demo's analysis. */
import type { StateCreator } from 'zustand/vanilla';
import type { DemoAnalysis } from '../demos/demo.ts';
import type { ExperimentResult } from '../experiment/result.ts';
import type { LabState } from './lab-store.ts';

export type DemoRunStatus = 'idle' | 'running' | 'analyzing' | 'done' | 'failed';

export interface DemoRun {
  readonly demoId: string | null;
  readonly status: DemoRunStatus;
  /** The variant running now. */
  readonly variant: number | null;
  /** Finished variants' results, in variant order. */
  readonly results: readonly ExperimentResult[];
  readonly analysis: DemoAnalysis | null;
  /** Why the demo stopped before its analysis, with what to do. */
  readonly error: string | null;
}

export interface DemoSlice {
  demoRun: DemoRun;
  setDemoRun(update: Partial<DemoRun>): void;
}

export function idleDemoRun(): DemoRun {
  return { demoId: null, status: 'idle', variant: null, results: [], analysis: null, error: null };
}

export const createDemoSlice: StateCreator<LabState, [], [], DemoSlice> = (set) => ({
  demoRun: idleDemoRun(),
  setDemoRun: (update) => set((s) => ({ demoRun: { ...s.demoRun, ...update } })),
});
