/** What the UI asks of the lab beyond editing the spec; implemented over a run client and the store. */
import type { ProbesPatch, TrainPatch } from '../experiment/spec.ts';

export interface LabController {
  run(): void;
  pause(): void;
  resume(): void;
  step(): void;
  reset(): void;
  /** Continue after a lost GPU device from the last completed step. */
  continueAfterLoss(): void;
  /** A mid-run change of training or probe settings, applied from the next step and recorded in the spec. */
  tune(patch: { train?: TrainPatch; probes?: ProbesPatch }): string | null;
  importResult(text: string): string | null;
  /** Draw the spec's landscape (its defaults if the spec has none) now: during a run at its current step, after one at its end. */
  recomputeLandscape(): void;
}
