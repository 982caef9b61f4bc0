import { describe, expect, it } from 'vitest';
import { probeSteps, topEigenvalues, traceEstimates } from './probe-series.ts';

describe('probe series', () => {
  const run = {
    probes: [
      { step: 0, eigenvalues: [2, 1], trace: { estimate: 5, stderr: 0.1, samples: 10 } },
      { step: 50, eigenvalues: [], trace: null },
      { step: 100, eigenvalues: [3.5], trace: { estimate: 7.25, stderr: null, samples: 1 } },
    ],
  };

  it('reads steps, the largest eigenvalue and the trace, NaN where a quantity was off', () => {
    expect(probeSteps(run)).toEqual([0, 50, 100]);
    expect(topEigenvalues(run)).toEqual([2, Number.NaN, 3.5]);
    expect(traceEstimates(run)).toEqual([5, Number.NaN, 7.25]);
  });
});
