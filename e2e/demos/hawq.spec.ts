/** Demo 9: HAWQ-V2's Ω = Σ Tr(Hᵢ)/nᵢ·‖Q(Wᵢ) − Wᵢ‖² ranks mixed-precision choices as their real loss does. */
import { expect, test } from '@playwright/test';
import { runDemo } from '../demo-helpers.ts';
import { finding, numericFinding } from '../../src/demos/demo.ts';

test('Ω falls along the size frontier and tracks the loss of the quantized network', async ({ page }) => {
  test.setTimeout(150_000);
  const { results, analysis, seconds } = await runDemo(page, 'hawq');
  expect(results[0]!.probes.at(-1)!.layerTraces).toHaveLength(3);
  expect(numericFinding(analysis, 'floatAccuracy')).toBeGreaterThan(0.9);

  expect(finding(analysis, 'omegaMonotone').value).toBe(true);
  expect(numericFinding(analysis, 'frontierPoints')).toBeGreaterThanOrEqual(5);
  // 8 bits everywhere costs nothing measurable, 2 bits everywhere ruins the model.
  expect(Math.abs(numericFinding(analysis, 'all8Increase'))).toBeLessThan(0.01);
  expect(numericFinding(analysis, 'all2Increase')).toBeGreaterThan(0.3);
  // Rank correlation of Ω with the measured loss increase (measured 0.97–0.99 over seeds 1–3 on the CLI).
  expect(numericFinding(analysis, 'spearmanFrontier')).toBeGreaterThan(0.8);
  expect(numericFinding(analysis, 'spearmanAll')).toBeGreaterThan(0.8);
  // The trace score ranks the real loss about as well as the per-layer top eigenvalue: across seeds the
  // difference ranged from −0.012 to +0.04, so neither is reliably better here and only a loose bound is robust.
  expect(numericFinding(analysis, 'spearmanAll')).toBeGreaterThan(numericFinding(analysis, 'spearmanAllTopEigen') - 0.05);
  // In the 4-bit regime the second-order model ½Ω predicts the increase itself (measured 1.2–1.5 over seeds 1–3).
  const ratio = numericFinding(analysis, 'secondOrderAll4');
  expect(ratio).toBeGreaterThan(0.4);
  expect(ratio).toBeLessThan(2.5);
  console.log(`${seconds.toFixed(1)} s; variants (ms):`, results.map((r) => r.timing), Object.fromEntries(['spearmanFrontier', 'spearmanAll', 'spearmanAllTopEigen', 'all8Increase', 'all2Increase', 'secondOrderAll4', 'choicesDiffer', 'traceChoiceBetter', 'eigenChoiceBetter'].map((id) => [id, numericFinding(analysis, id)])));
  expect(seconds).toBeLessThan(60);
});
