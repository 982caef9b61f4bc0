import { expect, test } from '@playwright/test';
import { DEMOS } from '../src/demos/index.ts';

test('the gallery shows every demo as a card, and every card opens its demo without error', async ({ page }) => {
  test.setTimeout(60_000 + DEMOS.length * 15_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/gallery.html');
  const cards = page.locator('.demo-card');
  await expect(cards).toHaveCount(DEMOS.length);
  for (const demo of DEMOS) {
    const card = page.getByTestId(`demo-card-${demo.id}`);
    await expect(card.locator('h2')).toHaveText(demo.title);
    await expect(card.locator('p')).toHaveText(demo.summary);
    // The thumbnail is drawn: one polyline per line of the sketch, each with points.
    await expect(card.locator('polyline')).toHaveCount(demo.thumbnail.lines.length);
  }
  const hrefs = await cards.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
  expect(hrefs.length).toBe(DEMOS.length);
  for (const [i, demo] of DEMOS.entries()) {
    await page.getByTestId(`demo-card-${demo.id}`).click();
    await expect(page.getByTestId('demo-panel')).toBeVisible();
    await expect(page.getByTestId('demo-title')).toHaveText(demo.title);
    await expect(page.getByTestId('demo-status')).toHaveAttribute('data-status', 'idle');
    await expect(page.getByTestId('demo-run')).toBeEnabled();
    // The link loaded as it was: no message about a bad link, the spec is the demo's first variant.
    await expect(page.getByTestId('load-message')).toHaveCount(0);
    const view = await page.evaluate(() => (window as unknown as { curvatureLab: { store: { getState(): { spec: { view: unknown } } } } }).curvatureLab.store.getState().spec.view);
    expect(view).toMatchObject({ demo: demo.id, variant: 0 });
    expect(page.url()).toBe(hrefs[i]);
    await page.goBack();
    await expect(page.getByTestId('gallery')).toBeVisible();
  }
  expect(errors).toEqual([]);
});

test('a demo opened while another experiment runs says how to start it', async ({ page }) => {
  const { demoHash } = await import('../src/demos/demo-spec.ts');
  await page.goto('/');
  await page.getByTestId('run').click();
  // The same page, a new hash: the running experiment goes on, so the demo cannot start yet.
  await page.goto(`/${demoHash(DEMOS[0]!)}`);
  await expect(page.getByTestId('demo-run')).toBeDisabled();
  await expect(page.getByTestId('demo-status')).toContainText('press Reset');
  await page.getByTestId('reset').click();
  await expect(page.getByTestId('demo-run')).toBeEnabled();
  await expect(page.getByTestId('demo-status')).not.toContainText('press Reset');
});

test('a link to a demo this version does not have still loads its experiment and says so', async ({ page }) => {
  const { hashOf } = await import('./lab-helpers.ts');
  await page.goto(`/${hashOf({ view: { demo: 'no-such-demo' } })}`);
  await expect(page.getByTestId('demo-panel')).toContainText('does not have');
  await expect(page.getByTestId('load-message')).toHaveCount(0);
});
