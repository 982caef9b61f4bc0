import { expect, test } from '@playwright/test';
import { runDemo } from '../demo-helpers.ts';
import { finding, numericFinding } from '../../src/demos/demo.ts';

test('cbo on rastrigin: gradient descent stops in a local minimum, CBO reaches the global one', async ({ page }) => {
  test.setTimeout(150_000);
  const { results, analysis, seconds } = await runDemo(page, 'cbo-rastrigin');
  console.log(`cbo-rastrigin: ${seconds.toFixed(1)} s; ${analysis.verdict}`);
  const [gd, cbo] = results[0]!.race!.racers;
  expect(gd!.history[0]!.point).toEqual([2.2, -1.7]);
  expect(cbo!.history[0]!.point).toEqual([2.2, -1.7]);

  // GD: at a stationary point that is not the global minimum.
  expect(numericFinding(analysis, 'finalGap.gd')).toBeGreaterThan(1);
  expect(numericFinding(analysis, 'finalGradNorm.gd')).toBeLessThan(1e-6);
  expect(numericFinding(analysis, 'distanceToGlobal.gd')).toBeGreaterThan(1);
  expect(finding(analysis, 'basin.gd').value).toBe('(2, -2)');
  // CBO: at the global minimum (0, 0), up to the consensus point's small bias.
  expect(numericFinding(analysis, 'finalGap.cbo')).toBeLessThan(0.1);
  expect(numericFinding(analysis, 'distanceToGlobal.cbo')).toBeLessThan(0.05);
  expect(cbo!.history.at(-1)!.products!.gradients).toBe(0);
  expect(seconds).toBeLessThan(60);
});
