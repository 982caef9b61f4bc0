/**
 * Mini-batches and probe subsets as pure functions of the seed, so the same spec gives the same
 * batches in every engine and a resumed run can replay the schedule without the old process.
 */
import { CounterRng } from '../math/rng.ts';
import { runSeed } from './run-streams.ts';

/**
 * Walks through one seeded permutation of the training set per epoch. A batch never straddles two
 * epochs: when fewer than `size` samples are left, a new epoch starts, so every batch has exactly
 * `size` samples (the loss is a mean over equal-sized batches) and no sample repeats within an epoch.
 */
export class BatchSchedule {
  private readonly seed: number;
  private epoch = -1;
  private order: Uint32Array = new Uint32Array(0);
  private position = 0;

  constructor(
    specSeed: number,
    readonly samples: number,
  ) {
    this.seed = runSeed(specSeed, 'batches');
  }

  get currentEpoch(): number {
    return Math.max(0, this.epoch);
  }

  /** The next `size` sample indices, sorted (the order within a batch does not change its mean). */
  next(size: number): Uint32Array {
    if (!(Number.isInteger(size) && size >= 1 && size <= this.samples)) {
      throw new Error(`batch size must be an integer from 1 to ${this.samples} (the training samples), got ${size}`);
    }
    if (this.epoch < 0 || this.position + size > this.samples) {
      this.epoch++;
      this.order = new CounterRng(this.seed, this.epoch).permutation(this.samples);
      this.position = 0;
    }
    const batch = this.order.slice(this.position, this.position + size).sort();
    this.position += size;
    return batch;
  }
}

/**
 * The `count` training samples the probes use: a prefix of one seeded permutation, so a smaller
 * subset is always contained in a larger one. Undefined (all samples) when count is null or covers all.
 */
export function probeSubset(specSeed: number, samples: number, count: number | null): Uint32Array | undefined {
  if (count === null || count >= samples) return undefined;
  return new CounterRng(runSeed(specSeed, 'probeSubset'), 0).permutation(samples).slice(0, count).sort();
}
