/**
 * The parameters along a run, kept for landscapes: trajectory PCA needs them, and every landscape
 * draws the path projected onto its plane. A bounded number of snapshots, evenly spaced in steps:
 * one every `stride` steps, plus the first and last, thinned (every other one dropped) when extra
 * snapshots push past the bound.
 */
import type { TrajectorySnapshot } from './landscape.ts';

/** Numbers kept over all snapshots: 4M float64 values, 32 MiB. */
const DEFAULT_BUDGET = 4 * 2 ** 20;
const MAX_SNAPSHOTS = 101;
const MIN_SNAPSHOTS = 3;

export class TrajectoryRecorder {
  private list: TrajectorySnapshot[] = [];
  private readonly stride: number;
  private readonly limit: number;

  constructor(
    parameterCount: number,
    private readonly firstStep: number,
    lastStep: number,
    budget = DEFAULT_BUDGET,
  ) {
    this.limit = Math.max(MIN_SNAPSHOTS, Math.min(MAX_SNAPSHOTS, Math.floor(budget / Math.max(1, parameterCount))));
    this.stride = Math.max(1, Math.ceil((lastStep - firstStep) / (this.limit - 1)));
  }

  get snapshots(): readonly TrajectorySnapshot[] {
    return this.list;
  }

  /** Whether `step` is on the recording cadence (the first step always is). */
  due(step: number): boolean {
    return (step - this.firstStep) % this.stride === 0;
  }

  /** Keeps θ at `step` if it is due or `force`d (a landscape or the last step needs it). */
  async record(step: number, read: () => Promise<Float64Array>, force = false): Promise<void> {
    if (!(force || this.due(step)) || this.list.at(-1)?.step === step) return;
    this.list.push({ step, params: await read() });
    if (this.list.length > this.limit) {
      // Keep the first and the newest; drop every other one between them.
      const last = this.list.length - 1;
      this.list = this.list.filter((_, i) => i === 0 || i === last || i % 2 === 0);
    }
  }
}
