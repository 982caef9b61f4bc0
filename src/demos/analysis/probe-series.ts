/** A run's probes as plain series (step, top eigenvalue, Hutchinson trace) for charts and statistics. */
import type { ProbeResult } from '../../experiment/result.ts';

type ProbedRun = { readonly probes: readonly Pick<ProbeResult, 'step' | 'eigenvalues' | 'trace'>[] };

export function probeSteps(run: ProbedRun): number[] {
  return run.probes.map((p) => p.step);
}

/** λmax at each probe; NaN where eigenvalues were off. */
export function topEigenvalues(run: ProbedRun): number[] {
  return run.probes.map((p) => p.eigenvalues[0] ?? Number.NaN);
}

/** The Hutchinson trace estimate at each probe; NaN where the trace was off. */
export function traceEstimates(run: ProbedRun): number[] {
  return run.probes.map((p) => p.trace?.estimate ?? Number.NaN);
}
