/**
 * Page measurements in headless Chromium on WebGPU: time from navigation to the first spectrum
 * drawn (firstSpectrumMs) on the default experiment, and the main-thread tasks over 50 ms
 * (longTasks) during that run. Measured on the production build (what a shared link serves: one
 * bundle per page and worker, production React), built into a temporary folder and served by
 * `vite preview` on a free port, both stopped after. The dev server loads hundreds of modules one by
 * one and took 2.6 s to show the Run button, against 0.7–1 s here.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { BASE_ARGS, WEBGPU_ARGS, chromiumPath } from '../e2e/browser-path.ts';
import { median } from './stats.ts';

export interface PageTimings {
  /** Median over the returning visitor's loads (firstSpectrumLoadsMs). */
  readonly firstSpectrumMs: number;
  /** Each returning visit's time from navigation to the first spectrum drawn. */
  readonly firstSpectrumLoadsMs: number[];
  /** The first visit's, in a fresh browser: nothing cached (HTTP, V8 code), WebGPU not yet started in the GPU process. */
  readonly firstSpectrumFirstVisitMs: number;
  /** Tasks over 50 ms on the main thread from pressing Run until the run ended or `runLimitMs` passed. */
  readonly longTasks: { readonly startMs: number; readonly durationMs: number }[];
  readonly runFinished: boolean;
  readonly runMs: number;
}

async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the Vite server at ${url} did not start within ${timeoutMs} ms`);
}

/**
 * A first visit in a fresh browser profile, then `loads` returning visits (Chromium keeps the HTTP
 * cache, V8's code cache and its GPU process with WebGPU started, as it does for a real returning
 * visitor; the kernels are compiled again, ~0.5 s on SwiftShader), each with Run
 * pressed as soon as the plotting library is ready; the last visit's run is watched to its end for
 * long tasks.
 */
export async function measurePageTimings(options: { port?: number; runLimitMs: number; loads?: number }): Promise<PageTimings> {
  const port = options.port ?? 5190;
  const outDir = mkdtempSync(join(tmpdir(), 'curvature-lab-bench-'));
  const build = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`vite build failed:\n${build.stderr || build.stdout}`);
  const server = spawn('npx', ['vite', 'preview', '--outDir', outDir, '--port', String(port), '--strictPort', '--host', 'localhost'], { stdio: 'ignore', detached: true });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...BASE_ARGS, ...WEBGPU_ARGS] });
  try {
    const url = `http://localhost:${port}/`;
    await waitForServer(url, 60_000);
    const page = await browser.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { longTasks: { startMs: number; durationMs: number }[] };
      w.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longTasks.push({ startMs: e.startTime, durationMs: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    const loads = Math.max(1, options.loads ?? 3);
    const visitsMs: number[] = [];
    let runStart = 0;
    for (let visit = 0; visit <= loads; visit++) {
      await page.goto(url);
      await page.getByTestId('run').waitFor();
      await page.waitForFunction(() => (window as unknown as { curvatureLab?: { plotlyReady: boolean } }).curvatureLab?.plotlyReady === true);
      runStart = await page.evaluate(() => performance.now());
      await page.getByTestId('run').click();
      await page.waitForFunction(
        // Points, not traces: the plot is drawn empty (one trace without points) when the page loads.
        () => ((document.querySelector('[data-testid="plot-density"]') as unknown as { data?: { x?: unknown[] }[] } | null)?.data?.[0]?.x?.length ?? 0) > 0,
        undefined,
        { timeout: options.runLimitMs },
      );
      visitsMs.push(Math.round(await page.evaluate(() => performance.now())));
    }
    const [firstSpectrumFirstVisitMs, ...firstSpectrumLoadsMs] = visitsMs as [number, ...number[]];
    const lastVisitMs = firstSpectrumLoadsMs[firstSpectrumLoadsMs.length - 1]!;
    const finished = await page
      .getByTestId('progress')
      .and(page.locator('[data-status="finished"]'))
      .waitFor({ timeout: Math.max(1, options.runLimitMs - (lastVisitMs - runStart)) })
      .then(
        () => true,
        () => false,
      );
    const runEnd = await page.evaluate(() => performance.now());
    const longTasks = await page.evaluate(
      (t0) => (window as unknown as { longTasks: { startMs: number; durationMs: number }[] }).longTasks.filter((t) => t.startMs >= t0),
      runStart,
    );
    return { firstSpectrumMs: median(firstSpectrumLoadsMs), firstSpectrumLoadsMs, firstSpectrumFirstVisitMs, longTasks, runFinished: finished, runMs: Math.round(runEnd - runStart) };
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid);
    rmSync(outDir, { recursive: true, force: true });
  }
}
