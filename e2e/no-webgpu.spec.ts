import { expect, test } from '@playwright/test';

// Chromium on Linux without --enable-unsafe-webgpu: navigator.gpu may exist, but no adapter is given.
test('without WebGPU the page explains what is missing and what to do', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Curvature Lab' })).toBeVisible();
  await expect(page.getByTestId('gpu-status')).toHaveAttribute('data-state', 'unavailable');
  const message = await page.getByTestId('gpu-message').textContent();
  expect(message).toMatch(/WebGPU/);
  expect(message).toMatch(/--enable-unsafe-webgpu/);
  expect(message).toMatch(/Chrome|Edge/);
  expect(errors).toEqual([]);
});

test('without WebGPU a tiny experiment runs on the float64 engine, labelled as such', async ({ page }) => {
  const { TINY_SPEC, hashOf, storeResult, waitForStatus } = await import('./lab-helpers.ts');
  await page.goto(`/${hashOf({ ...TINY_SPEC, train: { ...TINY_SPEC.train, steps: 20 }, probes: { ...TINY_SPEC.probes, every: 10 } })}`);
  await page.getByTestId('run').click();
  await waitForStatus(page, 'finished');
  await expect(page.getByTestId('engine-label')).toContainText('float64 CPU');
  await expect(page.getByTestId('engine-label')).toContainText('No WebGPU');
  const result = await storeResult(page);
  expect(result.engine.kind).toBe('cpu');
  expect(result.history.at(-1)!.loss).toBeLessThan(result.history[0]!.loss);
  expect(result.probes.at(-1)!.eigenvalues.length).toBe(3);
});
