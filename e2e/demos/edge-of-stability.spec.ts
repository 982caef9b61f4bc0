import { expect, test } from '@playwright/test';
import { numericFinding } from '../../src/demos/demo.ts';
import { runDemo } from '../demo-helpers.ts';

test('edge of stability: λmax rises from well below 2/η, settles within 15% of it, and the loss still falls', async ({ page }) => {
  test.setTimeout(150_000);
  const { results, analysis, seconds } = await runDemo(page, 'edge-of-stability');
  console.log(`edge-of-stability: ${seconds.toFixed(1)} s; ${analysis.verdict}`);
  expect(results.length).toBe(2);
  results.forEach((result, i) => {
    expect(result.diverged, `variant ${i}`).toBeUndefined();
    // The criterion: the settled sharpness is within 15% of 2/η at every learning rate.
    expect(Math.abs(numericFinding(analysis, `sharpnessOverTwoOverEta.${i}`) - 1), `variant ${i}`).toBeLessThanOrEqual(0.15);
    // Progressive sharpening: it started well below the edge, so it rose to get there.
    expect(numericFinding(analysis, `initialSharpnessOverTwoOverEta.${i}`), `variant ${i}`).toBeLessThan(0.5);
    expect(numericFinding(analysis, `lossDrop.${i}`), `variant ${i}`).toBeLessThan(0.8);
    expect(numericFinding(analysis, `lossIncreases.${i}`), `variant ${i}`).toBeGreaterThan(0);
  });
  expect(seconds).toBeLessThan(60);
});
