/** Demo 6: the curvature a landscape slice shows at its centre depends on the directions plotted. */
import { expect, test } from '@playwright/test';
import { runDemo } from '../demo-helpers.ts';
import { numericFinding } from '../../src/demos/demo.ts';

test('the Hessian-eigenvector slice curves at λ1, random slices far less', async ({ page }) => {
  test.setTimeout(150_000);
  const { results, analysis, seconds } = await runDemo(page, 'landscape-directions');
  expect(results.map((r) => r.landscape?.method)).toEqual(['random', 'filter', 'hessian']);
  // Identical training: every variant plots around the same trained parameters.
  expect(results[1]!.landscape!.center).toEqual(results[0]!.landscape!.center);
  expect(results[2]!.landscape!.center).toEqual(results[0]!.landscape!.center);

  const lambda1 = numericFinding(analysis, 'lambda1');
  expect(lambda1).toBeGreaterThan(0);
  // Along the top eigenvector the grid's second difference per unit norm is λ1 up to discretization.
  expect(Math.abs(numericFinding(analysis, 'curvatureOverLambda1.2') - 1)).toBeLessThan(0.1);
  expect(Math.abs(numericFinding(analysis, 'exactCurvature.2') / lambda1 - 1)).toBeLessThan(0.1);
  // Random directions, raw or filter-normalized, see a small fraction of it (measured ≈ 0.005 λ1).
  expect(numericFinding(analysis, 'curvatureOverLambda1.0')).toBeLessThan(0.2);
  expect(numericFinding(analysis, 'curvatureOverLambda1.1')).toBeLessThan(0.2);
  // On the plot's own α axis the raw Gaussian slice still looks sharper: its direction is ~20× longer.
  expect(numericFinding(analysis, 'directionNorm.0')).toBeGreaterThan(5 * numericFinding(analysis, 'directionNorm.2'));
  expect(numericFinding(analysis, 'plottedRise.0')).toBeGreaterThan(numericFinding(analysis, 'plottedRise.2'));
  console.log(`${seconds.toFixed(1)} s; variants (ms):`, results.map((r) => r.timing), Object.fromEntries(['lambda1', 'curvatureOverLambda1.0', 'curvatureOverLambda1.1', 'curvatureOverLambda1.2', 'plottedRise.0', 'plottedRise.2'].map((id) => [id, numericFinding(analysis, id)])));
  expect(seconds).toBeLessThan(60);
});
