/** The run's lifecycle as the controls and status line see it. */
import type { StateCreator } from 'zustand/vanilla';
import type { GpuStatus } from './gpu-status.ts';
import type { LabState } from './lab-store.ts';

export type RunStatus = 'idle' | 'running' | 'paused' | 'finished' | 'failed';

export interface RunProgress {
  readonly step: number;
  readonly steps: number;
  /** A long probe in progress, e.g. "density 3/4". */
  readonly probe?: { readonly what: string; readonly done: number; readonly total: number };
}

export interface RunSlice {
  status: RunStatus;
  progress: RunProgress;
  /** Why the run stopped (failure, divergence, lost device), with what to do. */
  message: string | null;
  engineLabel: string | null;
  /** The last completed step whose parameters can be resumed from after a lost device. */
  resumableStep: number | null;
  gpuStatus: GpuStatus;
  setStatus(status: RunStatus, message?: string | null): void;
  setProgress(progress: RunProgress): void;
  setEngineLabel(label: string | null): void;
  setResumableStep(step: number | null): void;
  setGpuStatus(status: GpuStatus): void;
}

export const createRunSlice: StateCreator<LabState, [], [], RunSlice> = (set) => ({
  status: 'idle',
  progress: { step: 0, steps: 0 },
  message: null,
  engineLabel: null,
  resumableStep: null,
  gpuStatus: { state: 'pending' },
  setStatus: (status, message = null) => set({ status, message }),
  setProgress: (progress) => set({ progress }),
  setEngineLabel: (engineLabel) => set({ engineLabel }),
  setResumableStep: (resumableStep) => set({ resumableStep }),
  setGpuStatus: (gpuStatus) => set({ gpuStatus }),
});
