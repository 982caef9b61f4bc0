import { expect, test } from '@playwright/test';
import { numericFinding } from '../../src/demos/demo.ts';
import { runDemo } from '../demo-helpers.ts';

test('SGD stability: GD keeps λmax ≤ 2/η with a large trace; single-sample SGD settles at a much smaller trace, below 2/η', async ({ page }) => {
  test.setTimeout(150_000);
  const { results, analysis, seconds } = await runDemo(page, 'sgd-stability');
  console.log(`sgd-stability: ${seconds.toFixed(1)} s; ${analysis.verdict}`);
  expect(results.map((r) => [r.spec.train.optimizer, r.spec.train.batchSize])).toEqual([
    ['gd', null],
    ['sgd', 4],
    ['sgd', 1],
  ]);
  for (const result of results) expect(result.diverged).toBeUndefined();
  const gd = 0;
  const sgd1 = 2;
  // GD: the stability edge bounds only the top eigenvalue (allowing 15% above it) ...
  expect(numericFinding(analysis, `sharpnessOverTwoOverEta.${gd}`)).toBeLessThanOrEqual(1.15);
  // ... while its trace is free to exceed 2/η (measured 1.54×; 1.5× for seeds 1–3 in float64).
  expect(numericFinding(analysis, `traceOverTwoOverEta.${gd}`)).toBeGreaterThan(1.3);
  // Single-sample SGD: a much flatter minimum by the trace (measured 0.37× GD's, 0.35–0.49 over seeds 1–3)
  // and below 2/η (measured 0.56×),
  // with λmax below 2/η too.
  expect(numericFinding(analysis, `traceOverGd.${sgd1}`)).toBeLessThan(0.6);
  expect(numericFinding(analysis, `traceOverTwoOverEta.${sgd1}`)).toBeLessThan(1);
  expect(numericFinding(analysis, `sharpnessOverTwoOverEta.${sgd1}`)).toBeLessThan(1);
  expect(numericFinding(analysis, `sharpnessOverTwoOverEta.1`)).toBeLessThan(1);
  // Both fit the teacher: the comparison is between minima, not between a fit and a failure.
  // (SGD's loss jitters from step to step, by up to 10× at batch 1: measured 0.004 of the start.)
  for (const i of [0, 1, 2]) expect(numericFinding(analysis, `lossDrop.${i}`)).toBeLessThan(0.05);
  expect(seconds).toBeLessThan(60);
});
