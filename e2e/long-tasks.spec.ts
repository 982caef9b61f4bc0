import { expect, test } from '@playwright/test';
import { waitForStatus } from './lab-helpers.ts';

interface LongTask {
  readonly startMs: number;
  readonly durationMs: number;
  /** Long-animation-frame attribution of the scripts that ran in it, where Chromium gives it. */
  readonly scripts: string[];
}

/**
 * Main-thread tasks during a default run (PerformanceObserver 'longtask'), measured on the
 * production build (this project's server, see playwright.config.ts), from the click on Run to the
 * run's last drawn result, with a Pause mid-probe answered at once. Each long task is printed with
 * what ran in it (plot draws by name, long-animation-frame scripts).
 *
 * The target, none over 50 ms, is measured by `npm run bench` (longTasks) and not asserted here, as
 * the benchmark issue asks of its targets: on these 2-core machines the page, SwiftShader and the
 * compositor share the CPU, and a draw that takes 10–30 ms reaches 50–67 ms in some runs. What this
 * test guards is the page's design: every draw scheduled in a task of its own and the compute in
 * the worker. Before it, a run had 18–36 tasks over 50 ms, up to 3 s; breaking either brings back
 * tasks far above these bounds.
 */
const LONG_TASK_MS = 50;
/** No task may come near this; a plot's draw, the longest task the page has by design, takes 10–67 ms. */
const NEVER_MS = 150;
/** Tasks over LONG_TASK_MS tolerated per run (seen: 0–1), for the machine's noise. */
const NOISE_TASKS = 2;

test('the default experiment keeps the main thread responsive while it runs', async ({ page }, testInfo) => {
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
  // The page's own start-up is not part of the run: Plotly's first draws of the empty panels, and
  // the worker's warm-up, whose kernel compilation takes the CPU for a few seconds after load
  // (a Run pressed during it is measured by `npm run bench` as the time to the first spectrum).
  await page.waitForFunction(() => (window as unknown as { curvatureLab?: { plotlyReady: boolean } }).curvatureLab?.plotlyReady === true);
  await page.waitForFunction(() => [...document.querySelectorAll('.plot')].every((el) => (el as unknown as { _fullLayout?: unknown })._fullLayout));
  await page.waitForFunction(() => (window as unknown as { curvatureLab: { pipelineCounts: { after: string }[] } }).curvatureLab.pipelineCounts.some((c) => c.after === 'warm-up'), null, { timeout: 60_000 });
  await page.waitForTimeout(500);

  const runStart = await page.evaluate(() => performance.now());
  await page.getByTestId('run').click();
  // Mid-probe, a click is answered at once: pause, then resume.
  await expect(page.getByTestId('progress')).toContainText('density', { timeout: 120_000 });
  const clicked = Date.now();
  await page.getByTestId('pause').click();
  await waitForStatus(page, 'paused', 5_000);
  const answerMs = Date.now() - clicked;
  await page.getByTestId('resume').click();
  await waitForStatus(page, 'finished', 540_000);
  await page.waitForTimeout(2000); // the last results' draws
  const longTasks = await page.evaluate((t0) => {
    const w = window as unknown as { longTasks: { startMs: number; durationMs: number }[]; frames: { startMs: number; endMs: number; scripts: string[] }[] };
    return w.longTasks
      .filter((t) => t.startMs >= t0)
      .map((t) => {
        const end = t.startMs + t.durationMs;
        const plots = performance
          .getEntriesByType('measure')
          .filter((m) => m.name.startsWith('plot:') && m.startTime >= t.startMs - 1 && m.startTime <= end)
          .map((m) => `${m.name} ${Math.round(m.duration)} ms`);
        const scripts = w.frames.filter((f) => f.startMs <= end && f.endMs >= t.startMs).flatMap((f) => f.scripts);
        return { ...t, scripts: [...plots, ...scripts] };
      });
  }, runStart);
  await testInfo.attach('long-tasks.json', { body: JSON.stringify(longTasks, null, 2), contentType: 'application/json' });
  const described = longTasks.map((t: LongTask) => `${Math.round(t.durationMs)} ms at ${Math.round(t.startMs - runStart)} ms: ${t.scripts.join('; ') || 'no script attribution'}`);
  console.log(`pause answered in ${answerMs} ms; ${longTasks.length} main-thread tasks over ${LONG_TASK_MS} ms:\n${described.join('\n')}`);
  expect(answerMs, 'time from clicking Pause mid-probe to the paused state').toBeLessThan(1000);
  expect(
    longTasks.filter((t: LongTask) => t.durationMs >= NEVER_MS).map((t: LongTask) => `${Math.round(t.durationMs)} ms`),
    `main-thread tasks of ${NEVER_MS} ms or more during the default run`,
  ).toEqual([]);
  expect(longTasks.length, `main-thread tasks over ${LONG_TASK_MS} ms during the default run:\n${described.join('\n')}`).toBeLessThanOrEqual(NOISE_TASKS);
});
