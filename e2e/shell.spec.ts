import { expect, test } from '@playwright/test';

test('the page reports a real WebGPU adapter and a correct kernel run on it', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Curvature Lab' })).toBeVisible();
  const status = page.getByTestId('gpu-status');
  await expect(status).toHaveAttribute('data-state', 'ready');
  const adapter = await page.getByTestId('adapter-name').textContent();
  expect(adapter).toMatch(/\S/);
  expect(adapter).toContain('browser');
  const check = page.getByTestId('kernel-check');
  await expect(check).toHaveAttribute('data-ok', 'true');
  // Σ ((i mod 17) − 8)((i mod 5) − 2) over i < 4099, exact in f32 and float64.
  const expected = await page.evaluate(() => {
    let s = 0;
    for (let i = 0; i < 4099; i++) s += ((i % 17) - 8) * ((i % 5) - 2);
    return s;
  });
  expect(Number(await page.getByTestId('kernel-dot').textContent())).toBe(expected);
});

test('the run worker reports its GPU device as it starts, also when the float64 engine is chosen', async ({ page }) => {
  // ?engine=cpu: neither the warm-up nor a run asks for the device, so only the worker's own start does.
  await page.goto('/?engine=cpu');
  await expect(page.getByTestId('gpu-status')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('kernel-check')).toHaveAttribute('data-ok', 'true');
});
