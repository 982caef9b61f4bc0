import { expect, test } from '@playwright/test';
import { runDemo } from '../demo-helpers.ts';
import { finding, numericFinding } from '../../src/demos/demo.ts';

const STABLE = ['gd', 'heavyBallPolyak', 'nesterovTuned'];
const UNSTABLE = ['heavyBallTooLarge', 'nesterovAtPolyak'];

test('momentum: measured rates equal the spectral radii, and the racers past their stable step diverge', async ({ page }) => {
  test.setTimeout(150_000);
  const { results, analysis, seconds } = await runDemo(page, 'momentum');
  console.log(`momentum: ${seconds.toFixed(1)} s; ${analysis.verdict}`);
  expect(results).toHaveLength(1);
  const racers = results[0]!.race!.racers;
  expect(racers).toHaveLength(5);

  for (const key of [...STABLE, ...UNSTABLE]) {
    expect(numericFinding(analysis, `rateError.${key}`), key).toBeLessThan(0.03);
  }
  for (const key of STABLE) {
    expect(numericFinding(analysis, `limitFraction.${key}`), key).toBeLessThan(1);
    expect(finding(analysis, `diverged.${key}`).value, key).toBe(false);
    expect(numericFinding(analysis, `theoryRate.${key}`), key).toBeLessThan(1);
  }
  for (const key of UNSTABLE) {
    expect(numericFinding(analysis, `limitFraction.${key}`), key).toBeGreaterThan(1);
    expect(finding(analysis, `diverged.${key}`).value, key).toBe(true);
    expect(numericFinding(analysis, `measuredRate.${key}`), key).toBeGreaterThan(1.2);
  }
  // The ordering on a quadratic with κ = 100: Polyak's heavy ball (√κ−1)/(√κ+1) ≈ 0.82 beats tuned Nesterov 1 − 1/√κ = 0.9 beats GD ≈ 0.98.
  const measured = (key: string): number => numericFinding(analysis, `measuredRate.${key}`);
  expect(measured('heavyBallPolyak')).toBeCloseTo(0.8185, 1);
  expect(measured('heavyBallPolyak')).toBeLessThan(measured('nesterovTuned'));
  expect(measured('nesterovTuned')).toBeLessThan(measured('gd'));
  expect(numericFinding(analysis, 'gradDrop.heavyBallPolyak')).toBeLessThan(1e-9);
  // Whole runs: the stable ones ran every step, the unstable ones stopped early.
  expect(racers[1]!.history).toHaveLength(151);
  expect(racers[4]!.history.length).toBeLessThan(20);
  expect(seconds).toBeLessThan(60);
});
