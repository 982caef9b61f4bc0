import { expect, test } from '@playwright/test';
import { runDemo } from '../demo-helpers.ts';
import { finding, numericFinding } from '../../src/demos/demo.ts';

test('approximate newton: gns converges geometrically with the Hessian, Gauss-Newton and Fisher curvature', async ({ page }) => {
  test.setTimeout(150_000);
  const { results, analysis, seconds } = await runDemo(page, 'approximate-newton');
  console.log(`approximate-newton: ${seconds.toFixed(1)} s; ${analysis.verdict}`);
  const racers = results[0]!.race!.racers;
  expect(racers).toHaveLength(4);
  for (const racer of racers) expect(racer.diverged).toBeUndefined();

  for (const key of ['hessian', 'ggn', 'fisher']) {
    const rate = numericFinding(analysis, `rate.${key}`);
    expect(rate, key).toBeLessThan(0.6);
    expect(numericFinding(analysis, `r2.${key}`), key).toBeGreaterThan(0.95);
    expect(numericFinding(analysis, `fitPoints.${key}`), key).toBeGreaterThanOrEqual(3);
    // Every gns racer gets ‖g‖ below 1e-3 of its start.
    expect(numericFinding(analysis, `stepsToThreshold.${key}`), key).toBeLessThanOrEqual(9);
  }
  // The exact curvature is faster than the Fisher approximation, which is faster than GD.
  expect(numericFinding(analysis, 'rate.hessian')).toBeLessThan(numericFinding(analysis, 'rate.fisher'));
  expect(numericFinding(analysis, 'rate.fisher')).toBeLessThan(0.5 * numericFinding(analysis, 'rate.gd'));
  expect(numericFinding(analysis, 'rate.gd')).toBeLessThan(1);
  expect(finding(analysis, 'stepsToThreshold.gd').value).toBe('not within 9');
  // Gauss-Newton is the Hessian for logistic regression: up to float32 rounding, the same run.
  expect(numericFinding(analysis, 'ggnVsHessianLoss')).toBeLessThan(1e-4);
  expect(seconds).toBeLessThan(60);
});
