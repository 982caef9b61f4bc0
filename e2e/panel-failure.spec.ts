import { expect, test } from '@playwright/test';
import { TINY_SPEC, hashOf, plotPoints, storeResult, waitForStatus } from './lab-helpers.ts';

// A panel that throws (here: the browser refuses the decision boundary's images, as it may when
// out of memory) says so in its own place; the controls, the run and the other panels go on.
test('a panel that fails shows why in its place, and the run and the other panels go on', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    const original = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (object: Blob | MediaSource) => {
      if (object instanceof Blob && object.type === 'image/bmp') throw new Error('no memory for the image');
      return original(object);
    };
  });
  await page.goto(`/${hashOf(TINY_SPEC)}`);
  const failed = page.getByTestId('panel-failed').filter({ hasText: 'Decision boundary' });
  await expect(failed).toBeVisible();
  await expect(failed).toContainText('no memory for the image');
  await expect(failed).toContainText('reload the page');
  await page.getByTestId('run').click();
  await waitForStatus(page, 'finished');
  const result = await storeResult(page);
  expect(result.history.at(-1)!.step).toBe(TINY_SPEC.train.steps);
  await expect.poll(() => plotPoints(page, 'loss')).toBeGreaterThanOrEqual(result.history.length);
  await expect.poll(() => plotPoints(page, 'density')).toBeGreaterThan(0);
  await expect(page.getByTestId('panel-loss')).toBeVisible();
  expect(errors).toEqual([]);
});
