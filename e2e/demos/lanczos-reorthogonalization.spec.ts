import { expect, test } from '@playwright/test';
import { numericFinding } from '../../src/demos/demo.ts';
import { runDemo } from '../demo-helpers.ts';

test('Lanczos reorthogonalization: without it converged eigenvalues come back as ghost copies; with it the top Ritz values are the exact eigenvalues', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const { results, analysis, seconds } = await runDemo(page, 'lanczos-reorthogonalization');
  console.log(`lanczos-reorthogonalization: ${seconds.toFixed(1)} s; ${analysis.verdict}`);
  expect(results.length).toBe(2);
  expect(numericFinding(analysis, 'sameNetwork')).toBe(0);
  // More Lanczos steps (150) than parameters (61): the run without reorthogonalization goes on past them.
  expect(numericFinding(analysis, 'parameters')).toBeLessThan(150);
  const withReorth = 0;
  const without = 1;
  // Ghosts: measured 45 of the top 50 Ritz values are copies (λ1 ×23, λ2 ×18, λ3 ×7) without; none with.
  expect(numericFinding(analysis, `ghosts.${without}`)).toBeGreaterThanOrEqual(10);
  expect(numericFinding(analysis, `ghosts.${withReorth}`)).toBe(0);
  expect(numericFinding(analysis, `unconverged.${withReorth}`)).toBe(0);
  // The copies crowd out the rest of the spectrum: 3 distinct eigenvalues found without, 30 clusters with.
  expect(numericFinding(analysis, `distinctFound.${withReorth}`)).toBeGreaterThan(3 * numericFinding(analysis, `distinctFound.${without}`));
  // With reorthogonalization the top 10 match the dense float64 eigenvalues: measured 1.7e-7 of λmax (f32 on the GPU).
  expect(numericFinding(analysis, `topRelativeError.${withReorth}`)).toBeLessThan(1e-3);
  expect(seconds).toBeLessThan(60);
});
