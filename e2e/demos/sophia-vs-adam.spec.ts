import { expect, test } from '@playwright/test';
import { runDemo } from '../demo-helpers.ts';
import { numericFinding } from '../../src/demos/demo.ts';

test('sophia vs adam: both losses fall on MNIST, and Sophia reports a win rate in (0, 1] at every step', async ({ page }) => {
  test.setTimeout(150_000);
  const { results, analysis, seconds } = await runDemo(page, 'sophia-vs-adam');
  console.log(`sophia-vs-adam: ${seconds.toFixed(1)} s; ${analysis.verdict}`);
  const [adam, sophia] = results[0]!.race!.racers;
  expect(adam!.label).toBe('adam lr=0.03');
  expect(sophia!.label).toBe('sophia-h lr=0.03 rho=1');

  for (const key of ['adam', 'sophia']) {
    expect(numericFinding(analysis, `initialLoss.${key}`), key).toBeGreaterThan(2);
    expect(numericFinding(analysis, `endLoss.${key}`), key).toBeLessThan(0.5);
    expect(numericFinding(analysis, `lossDrop.${key}`), key).toBeLessThan(0.2);
  }
  // Every Sophia step reports its win rate, inside (0, 1].
  const rates = sophia!.history.flatMap((h) => (typeof h.update?.winRate === 'number' ? [h.update.winRate] : []));
  expect(rates).toHaveLength(60);
  for (const w of rates) {
    expect(w).toBeGreaterThan(0);
    expect(w).toBeLessThanOrEqual(1);
  }
  expect(numericFinding(analysis, 'winRateMin.sophia')).toBeGreaterThan(0);
  expect(numericFinding(analysis, 'winRateMax.sophia')).toBeLessThanOrEqual(1);
  // With ρ = 1 neither regime takes over: a sizeable part of the live coordinates is clipped, a sizeable part is not.
  const live = numericFinding(analysis, 'liveWinRateMean.sophia');
  expect(live).toBeGreaterThan(0.1);
  expect(live).toBeLessThan(0.6);
  // No claim that Sophia wins; only that the two are of the same order at equal lr.
  const ratio = numericFinding(analysis, 'endLossRatio');
  expect(ratio).toBeGreaterThan(0.1);
  expect(ratio).toBeLessThan(3);
  expect(seconds).toBeLessThan(60);
});
