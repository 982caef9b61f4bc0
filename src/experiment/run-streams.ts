/**
 * The random streams of a run, derived from spec.seed. Each purpose has its own seed, so drawing
 * more of one (a larger batch, more trace samples) never shifts another, and every engine draws
 * the same numbers because the counter-based generator is shared by CPU and GPU.
 */
import { streamKey } from '../math/rng.ts';

const PURPOSES = {
  /** One stream per epoch: the order of the training samples in that epoch's mini-batches. */
  batches: 0xb47c0,
  /** The subset of training samples the probes use. */
  probeSubset: 0xb47c1,
  /** Start vector of Lanczos / power iteration. */
  eigenvalues: 0xb47c2,
  /** Hutchinson probe vectors. */
  trace: 0xb47c3,
  /** SLQ probe vectors. */
  density: 0xb47c4,
  /** Landscape directions: random direction i is stream i of this seed; also the Hessian directions' Lanczos start. */
  landscape: 0xb47c5,
  /** The optimizers' random vectors (Hutchinson probes, sampled labels, particles, directions), by step. */
  optimizer: 0xb47c5,
} as const;

export type RunStreamPurpose = keyof typeof PURPOSES;

export function runSeed(specSeed: number, purpose: RunStreamPurpose): number {
  return streamKey(specSeed, PURPOSES[purpose]);
}
