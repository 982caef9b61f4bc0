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
