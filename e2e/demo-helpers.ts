/** Opening a teaching demo from its link, running all its variants, and reading what its analysis found. */
import { expect, type Page } from '@playwright/test';
import type { DemoAnalysis } from '../src/demos/demo.ts';
import { demoHash } from '../src/demos/demo-spec.ts';
import { demoById } from '../src/demos/index.ts';
import type { ExperimentResult } from '../src/experiment/result.ts';

export interface DemoOutcome {
  readonly results: ExperimentResult[];
  readonly analysis: DemoAnalysis;
  /** Wall-clock seconds from pressing "Run demo" to its analysis. */
  readonly seconds: number;
}

/** Every demo must make its point within this on SwiftShader (the one minute). */
export const DEMO_BUDGET_MS = 60_000;

/** Opens the demo's link (its first variant) and waits until the page is ready to run it. */
export async function openDemo(page: Page, id: string): Promise<void> {
  const demo = demoById(id);
  if (!demo) throw new Error(`no demo ${id}`);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`/${demoHash(demo)}`);
  await expect(page.getByTestId('demo-panel')).toBeVisible();
  await expect(page.getByTestId('demo-title')).toHaveText(demo.title);
  expect(errors).toEqual([]);
}

/** Presses "Run demo", waits for every variant and the analysis, and returns them. */
export async function runDemo(page: Page, id: string, budgetMs = DEMO_BUDGET_MS): Promise<DemoOutcome> {
  await openDemo(page, id);
  const started = Date.now();
  await page.getByTestId('demo-run').click();
  const status = page.getByTestId('demo-status');
  await expect(status).toHaveAttribute('data-status', /done|failed/, { timeout: budgetMs + 30_000 });
  const seconds = (Date.now() - started) / 1000;
  const state = await page.evaluate(() => {
    const lab = (window as unknown as { curvatureLab: { store: { getState(): { demoRun: unknown } } } }).curvatureLab;
    return lab.store.getState().demoRun as { results: ExperimentResult[]; analysis: DemoAnalysis | null; error: string | null };
  });
  if (!state.analysis) throw new Error(`demo ${id} did not finish: ${state.error ?? 'no analysis'}`);
  return { results: state.results, analysis: state.analysis, seconds };
}
