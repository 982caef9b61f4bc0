import { expect, test } from '@playwright/test';
import { runDemo } from '../demo-helpers.ts';
import { finding, numericFinding } from '../../src/demos/demo.ts';

test('rosenbrock race: Newton-type methods reach f − f* < 1e-8 in tens of iterations, first-order ones not in 300', async ({ page }) => {
  test.setTimeout(150_000);
  const { results, analysis, seconds } = await runDemo(page, 'rosenbrock-race');
  console.log(`rosenbrock-race: ${seconds.toFixed(1)} s; ${analysis.verdict}`);
  const racers = results[0]!.race!.racers;
  expect(racers.map((r) => r.label)).toEqual(['gd lr=0.0019', 'adam lr=1', 'adahessian lr=2', 'sophia-h lr=0.02', 'regularized-newton hessianLipschitz=0', 'regularized-newton hessianLipschitz=1']);
  for (const racer of racers) expect(racer.history[0]!.point).toEqual([-1.2, 1]);

  for (const key of ['newton', 'regularizedNewton']) {
    expect(numericFinding(analysis, `iterationsToTarget.${key}`), key).toBeLessThanOrEqual(50);
    expect(numericFinding(analysis, `finalGap.${key}`), key).toBeLessThan(1e-12);
  }
  expect(numericFinding(analysis, 'iterationsToTarget.newton')).toBeLessThan(numericFinding(analysis, 'iterationsToTarget.regularizedNewton'));
  for (const key of ['gd', 'adam', 'adahessian', 'sophia']) {
    expect(finding(analysis, `iterationsToTarget.${key}`).value, key).toBe('not within 300');
    expect(numericFinding(analysis, `finalGap.${key}`), key).toBeGreaterThan(1e-4);
  }
  expect(numericFinding(analysis, 'secondOrderReached')).toBe(2);
  expect(numericFinding(analysis, 'firstOrderReached')).toBe(0);
  // GD at its largest stable step is the slowest of all.
  expect(numericFinding(analysis, 'finalGap.gd')).toBeGreaterThan(1);
  expect(seconds).toBeLessThan(60);
});
