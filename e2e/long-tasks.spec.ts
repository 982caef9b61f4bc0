import { expect, test } from '@playwright/test';
import { waitForStatus } from './lab-helpers.ts';

interface LongTask {
  readonly startMs: number;
  readonly durationMs: number;
  /** Long-animation-frame attribution of the scripts that ran in it, where Chromium gives it. */
  readonly scripts: string[];
}

test('the default experiment runs without a main-thread task over 50 ms', async ({ page }, testInfo) => {
  test.setTimeout(600_000);
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: { startMs: number; durationMs: number }[]; frames: { startMs: number; endMs: number; scripts: string[] }[] };
    w.longTasks = [];
    w.frames = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push({ startMs: e.startTime, durationMs: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { scripts: { invoker: string; sourceURL: string; duration: number }[] })[]) {
        const scripts = e.scripts.map((s) => `${s.invoker} ${s.sourceURL.split('/').pop()} ${Math.round(s.duration)} ms`);
        w.frames.push({ startMs: e.startTime, endMs: e.startTime + e.duration, scripts });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
  await page.goto('/');
  // The page's own start-up (Plotly's first draws of the empty panels) is not part of the run.
  await page.waitForFunction(() => (window as unknown as { curvatureLab?: { plotlyReady: boolean } }).curvatureLab?.plotlyReady === true);
  await page.waitForFunction(() => [...document.querySelectorAll('.plot')].every((el) => (el as unknown as { _fullLayout?: unknown })._fullLayout));
  await page.waitForTimeout(1000);

  const runStart = await page.evaluate(() => performance.now());
  await page.getByTestId('run').click();
  await waitForStatus(page, 'finished', 540_000);
  await page.waitForTimeout(2000); // the last results' draws
  const longTasks = await page.evaluate((t0) => {
    const w = window as unknown as { longTasks: { startMs: number; durationMs: number }[]; frames: { startMs: number; endMs: number; scripts: string[] }[] };
    return w.longTasks
      .filter((t) => t.startMs >= t0)
      .map((t) => ({
        ...t,
        scripts: w.frames.filter((f) => f.startMs <= t.startMs + t.durationMs && f.endMs >= t.startMs).flatMap((f) => f.scripts),
      }));
  }, runStart);
  await testInfo.attach('long-tasks.json', { body: JSON.stringify(longTasks, null, 2), contentType: 'application/json' });
  const described = longTasks.map((t: LongTask) => `${Math.round(t.durationMs)} ms at ${Math.round(t.startMs - runStart)} ms: ${t.scripts.join('; ') || 'no script attribution'}`);
  expect(described, 'main-thread tasks over 50 ms during the default run').toEqual([]);
});
