import { expect, test } from '@playwright/test';
import { hashOf, TINY_SPEC, waitForStatus } from './lab-helpers.ts';

type Counts = { after: 'warm-up' | 'run'; count: number }[];
const counts = (page: import('@playwright/test').Page) =>
  page.evaluate(() => [...(window as unknown as { curvatureLab: { pipelineCounts: Counts } }).curvatureLab.pipelineCounts]);

test('while the page is read, the worker builds every GPU pipeline the loaded experiment needs', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`/${hashOf({ ...TINY_SPEC, train: { ...TINY_SPEC.train, optimizer: 'adam', lr: 0.01 }, landscape: { resolution: 7 } })}`);
  await expect.poll(() => counts(page), { timeout: 60_000 }).toContainEqual(expect.objectContaining({ after: 'warm-up' }));
  const warmedUp = (await counts(page)).find((c) => c.after === 'warm-up')!.count;
  // Training (Adam), evaluation and the three probes' products (the whole-network kernels: one
  // pipeline for the per-sample passes, one for the sums), the vector kernels, the landscape grid.
  expect(warmedUp).toBeGreaterThan(10);
  await page.getByTestId('run').click();
  await waitForStatus(page, 'finished');
  // The run itself built nothing new: the warm-up's miniature run used the same kernels.
  expect(await counts(page)).toEqual([
    { after: 'warm-up', count: warmedUp },
    { after: 'run', count: warmedUp },
  ]);
});

test('Run pressed before the warm-up begins runs at once, and no warm-up follows it', async ({ page }) => {
  test.setTimeout(180_000);
  // The warm-up waits for the plotting library; held back here, Run is surely pressed first.
  await page.route(/plotly/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 4000));
    await route.continue();
  });
  await page.goto(`/${hashOf(TINY_SPEC)}`);
  await page.getByTestId('run').click();
  await waitForStatus(page, 'finished');
  await page.waitForTimeout(1000);
  const after = await counts(page);
  expect(after.map((c) => c.after)).not.toContain('warm-up');
  expect(after.filter((c) => c.after === 'run')).toHaveLength(1);
});
