import { expect, test } from '@playwright/test';
import { TINY_SPEC, currentSpec, hashOf, storeResult, waitForStatus } from './lab-helpers.ts';

test.describe('optimizers in the browser', () => {
  test("choosing an optimizer shows its hyper-parameters with its own defaults", async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('field-train.optimizer').selectOption('sophia-h');
    await expect(page.getByTestId('field-train.rho')).toHaveValue('0.01');
    await expect(page.getByTestId('field-train.beta1')).toHaveValue('0.96');
    await expect(page.getByTestId('field-train.hessianEvery')).toHaveValue('10');
    await expect(page.getByTestId('field-train.lr')).toHaveValue('0.01');
    await page.getByTestId('field-train.optimizer').selectOption('newton-cg');
    await expect(page.getByTestId('field-train.curvature')).toHaveValue('ggn');
    await expect(page.getByTestId('field-train.rho')).toHaveCount(0);
    const spec = await currentSpec(page);
    expect(spec.train).toMatchObject({ optimizer: 'newton-cg', curvature: 'ggn', damping: 1, cgIterations: 50 });
  });

  test('a Sophia-G run on WebGPU records its win rate at every step', async ({ page }) => {
    const spec = { ...TINY_SPEC, train: { optimizer: 'sophia-g', steps: 12, batchSize: 32 }, probes: { every: 12, eigenvalues: { k: 2, steps: 10 }, trace: null, density: null } };
    await page.goto(`/${hashOf(spec)}`);
    await page.getByTestId('run').click();
    await waitForStatus(page, 'finished');
    await expect(page.getByTestId('engine-label')).toContainText('WebGPU');
    const result = await storeResult(page);
    expect(result.history).toHaveLength(13);
    for (const entry of result.history.slice(1)) {
      expect(entry.update?.winRate).toBeGreaterThanOrEqual(0);
      expect(entry.update?.winRate).toBeLessThanOrEqual(1);
    }
    expect(result.history[12]!.loss).toBeLessThan(result.history[0]!.loss);
  });
});
