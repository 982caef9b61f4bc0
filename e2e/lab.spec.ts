import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import lzString from 'lz-string';
import type { ExperimentResult } from '../src/experiment/result.ts';
import { TINY_SPEC, currentSpec, fullSpec, hashOf, maxRelativeDifference, plotPoints, storeResult, waitForStatus } from './lab-helpers.ts';

test.describe('the lab in the browser', () => {
  test('a shared URL runs on WebGPU and its export matches the headless runner', async ({ page, baseURL }) => {
    const url = `${baseURL}/${hashOf(TINY_SPEC)}`;
    await page.goto(url);
    await page.getByTestId('run').click();
    await waitForStatus(page, 'finished');
    await expect(page.getByTestId('engine-label')).toContainText('WebGPU');

    const downloading = page.waitForEvent('download');
    await page.getByTestId('export-json').click();
    const exported = JSON.parse(readFileSync(await (await downloading).path(), 'utf8')) as ExperimentResult;
    expect(exported.spec).toEqual(fullSpec(TINY_SPEC));
    expect(exported.engine.kind).toBe('webgpu');

    const out = join(mkdtempSync(join(tmpdir(), 'lab-e2e-')), 'result.json');
    const cli = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'run', url, '--out', out], { encoding: 'utf8', timeout: 110_000 });
    expect(cli.status, cli.stderr).toBe(0);
    const headless = JSON.parse(readFileSync(out, 'utf8')) as ExperimentResult;
    expect(headless.history.length).toBe(exported.history.length);
    // Same f32 kernels on two SwiftShader instances: losses agree to float noise, the top
    // eigenvalue (Lanczos in f32, α/β in float64) to 1e-3 relative.
    expect(maxRelativeDifference(exported.history.map((h) => h.loss), headless.history.map((h) => h.loss))).toBeLessThan(1e-4);
    const top = (r: ExperimentResult) => r.probes.map((p) => p.eigenvalues[0]!);
    expect(maxRelativeDifference(top(exported), top(headless))).toBeLessThan(1e-3);
  });

  test('every panel draws non-empty plots after a run', async ({ page }, testInfo) => {
    await page.goto(`/${hashOf(TINY_SPEC)}`);
    await page.getByTestId('run').click();
    await waitForStatus(page, 'finished');
    await expect(page.getByTestId('plot-exact-eigenvalues')).toBeVisible({ timeout: 30_000 });
    for (const id of ['loss', 'accuracy', 'density', 'eigenvalues', 'trace', 'layer-traces', 'exact-heatmap', 'exact-eigenvalues']) {
      await expect.poll(() => plotPoints(page, id), { message: `plot ${id}` }).toBeGreaterThan(0);
    }
    const result = await storeResult(page);
    expect(await plotPoints(page, 'loss')).toBeGreaterThanOrEqual(result.history.length);
    // Matrices are drawn as images under the axes (cheaper than Plotly heatmaps), and the decision
    // boundary's training samples as an image over its regions: the images must be there.
    for (const [id, images] of [['boundary', 2], ['exact-heatmap', 1]] as const) {
      await expect
        .poll(() => page.getByTestId(`plot-${id}`).evaluate((el) => el.querySelectorAll('image').length), { message: `images of ${id}` })
        .toBe(images);
    }
    // Legends are HTML: one entry per named trace, and clicking one hides its trace.
    await expect(page.getByTestId('legend-loss').getByRole('button')).toHaveCount(2);
    const legend = page.getByTestId('legend-accuracy');
    await expect(legend.getByRole('button')).toHaveCount(2);
    await legend.getByRole('button', { name: 'train accuracy' }).click();
    await expect
      .poll(() => page.getByTestId('plot-accuracy').evaluate((el) => (el as unknown as { data: { name: string; visible?: unknown }[] }).data.find((t) => t.name === 'train accuracy')?.visible))
      .toBe('legendonly');
    // PNG export of a plot, legend included.
    const downloading = page.waitForEvent('download');
    await page.getByTestId('plot-loss').hover();
    await page.getByTestId('plot-loss').locator('.modebar-btn[data-title="Download plot as a PNG (with legend)"]').click();
    const png = await (await downloading).createReadStream();
    const head = await new Promise<Buffer>((resolve) => png.once('data', (chunk) => resolve(chunk as Buffer)));
    expect([...head.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    await page.screenshot({ path: testInfo.outputPath('panels.png'), fullPage: true });
    await testInfo.attach('panels', { path: testInfo.outputPath('panels.png'), contentType: 'image/png' });
  });

  test('share round trip: an edited experiment opens identically from its link', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/');
    await page.getByTestId('field-train.lr').fill('0.05');
    await page.getByTestId('field-seed').fill('11');
    await page.getByTestId('field-model.activation').selectOption('relu');
    await page.getByTestId('share').click();
    await expect(page.getByTestId('run-note')).toContainText('Link copied');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    const edited = await currentSpec(page);
    expect(edited.train.lr).toBe(0.05);

    const other = await context.newPage();
    await other.goto(link);
    expect(await currentSpec(other)).toEqual(edited);
    await expect(other.getByTestId('field-train.lr')).toHaveValue('0.05');
    await expect(other.getByTestId('field-model.activation')).toHaveValue('relu');

    // Back walks through the edits: first the activation, then the seed.
    await page.goBack();
    await expect.poll(async () => (await currentSpec(page)).model.activation).toBe('tanh');
    expect((await currentSpec(page)).seed).toBe(11);
    await page.goBack();
    await expect.poll(async () => (await currentSpec(page)).seed).not.toBe(11);
  });

  test('an invalid link shows what was wrong and the lab starts from defaults', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const bad = { ...TINY_SPEC, train: { ...TINY_SPEC.train, lr: -2 } };
    await page.goto(`/${hashOf({ ...TINY_SPEC }).replace(/.{12}$/, '')}`);
    await expect(page.getByTestId('load-message')).toContainText('could not be loaded');
    await page.goto('/#spec=');
    await page.goto(`/#spec=${encodeURIComponent('not lz-string')}`);
    await page.reload();
    await expect(page.getByTestId('load-message')).toBeVisible();
    await expect(page.getByTestId('run')).toBeEnabled();
    expect(await currentSpec(page)).toEqual(fullSpec({}));
    // A link whose spec is invalid names the field.
    await page.goto(`/#spec=${lzString.compressToEncodedURIComponent(JSON.stringify(bad))}`);
    await page.reload();
    await expect(page.getByTestId('load-message')).toContainText('train.lr');
    expect(errors).toEqual([]);
  });

  test('a diverging run stops with a message suggesting a smaller learning rate', async ({ page }) => {
    await page.goto(`/${hashOf({ ...TINY_SPEC, train: { ...TINY_SPEC.train, lr: 5000 } })}`);
    await page.getByTestId('run').click();
    await waitForStatus(page, 'failed');
    await expect(page.getByTestId('run-message')).toContainText('smaller learning rate');
    expect((await currentSpec(page)).train.lr).toBe(5000);
  });

  test('a mid-run learning-rate change is recorded in the URL and reproduces from it', async ({ page, context }) => {
    const spec = { ...TINY_SPEC, train: { ...TINY_SPEC.train, steps: 30 }, probes: { ...TINY_SPEC.probes, every: 15 } };
    await page.goto(`/${hashOf(spec)}`);
    for (let i = 0; i < 6; i++) {
      await page.getByTestId('step').click();
      await expect(page.getByTestId('progress')).toHaveAttribute('data-step', String(i + 1), { timeout: 30_000 });
    }
    await page.getByTestId('field-train.lr').fill('0.05');
    await page.getByTestId('resume').click();
    await waitForStatus(page, 'finished');
    const tuned = await currentSpec(page);
    expect(tuned.changes).toEqual([{ step: 7, train: { lr: 0.05 } }]);
    const live = await storeResult(page);
    expect(live.changes).toEqual(tuned.changes);
    expect(await page.evaluate(() => (window as unknown as { curvatureLab: { store: { getState(): { appliedChanges: unknown[] } } } }).curvatureLab.store.getState().appliedChanges.length)).toBe(1);

    const replay = await context.newPage();
    await replay.goto(page.url());
    await replay.getByTestId('run').click();
    await waitForStatus(replay, 'finished');
    const replayed = await storeResult(replay);
    expect(maxRelativeDifference(replayed.history.map((h) => h.loss), live.history.map((h) => h.loss))).toBeLessThan(1e-5);
  });

  test('a lost GPU device stops the run with a message and continues from the last completed step', async ({ page }) => {
    const spec = { ...TINY_SPEC, train: { ...TINY_SPEC.train, steps: 400 }, probes: { ...TINY_SPEC.probes, every: 200 } };
    await page.goto(`/${hashOf(spec)}`);
    const before = await currentSpec(page);
    await page.getByTestId('run').click();
    await expect.poll(async () => Number(await page.getByTestId('progress').getAttribute('data-step')), { timeout: 60_000 }).toBeGreaterThan(5);
    await page.evaluate(() => (window as unknown as { curvatureLab: { simulateDeviceLoss(): void } }).curvatureLab.simulateDeviceLoss());
    await waitForStatus(page, 'failed');
    await expect(page.getByTestId('run-message')).toContainText('GPU device was lost');
    // The GPU panel reports the worker's device: lost, then ready again on the new device.
    await expect(page.getByTestId('gpu-status')).toHaveAttribute('data-state', 'lost');
    expect(await currentSpec(page)).toEqual(before);
    const resumeButton = page.getByTestId('continue');
    await expect(resumeButton).toBeVisible();
    await resumeButton.click();
    await expect(page.getByTestId('gpu-status')).toHaveAttribute('data-state', 'ready');
    await waitForStatus(page, 'finished', 110_000);
    const result = await storeResult(page);
    expect(result.history.at(-1)!.step).toBe(400);
  });

  test('an exported result imports into a fresh page without re-running', async ({ page, context }) => {
    await page.goto(`/${hashOf(TINY_SPEC)}`);
    await page.getByTestId('run').click();
    await waitForStatus(page, 'finished');
    const downloading = page.waitForEvent('download');
    await page.getByTestId('export-json').click();
    const file = await (await downloading).path();
    const original = await storeResult(page);

    const fresh = await context.newPage();
    await fresh.goto('/');
    await fresh.getByTestId('import-file').setInputFiles(file);
    await expect(fresh.getByTestId('run-note')).toContainText('Imported');
    await expect(fresh.getByTestId('engine-label')).toContainText('imported');
    expect(await currentSpec(fresh)).toEqual(original.spec);
    await expect.poll(() => plotPoints(fresh, 'loss')).toBeGreaterThanOrEqual(original.history.length);
    await expect.poll(() => plotPoints(fresh, 'density')).toBeGreaterThan(0);

    await fresh.getByTestId('import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"spec": 1}') });
    await expect(fresh.getByTestId('run-note')).toContainText('not a valid result');
  });
});
