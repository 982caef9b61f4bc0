/** Shared pieces of the lab's e2e specs: spec-built URLs, waiting for a run, reading plots. */
import { expect, type Page } from '@playwright/test';
import { parseSpec, type ExperimentSpec } from '../src/experiment/spec.ts';
import { encodeSpecToHash } from '../src/experiment/url.ts';
import type { ExperimentResult } from '../src/experiment/result.ts';

/** Small enough to finish in seconds on SwiftShader, big enough to have a spectrum worth probing. */
export const TINY_SPEC = {
  version: 1,
  seed: 3,
  model: { layers: [2, 8, 3], activation: 'tanh' },
  loss: 'cross-entropy',
  data: { name: 'spirals', n: 120, classes: 3, noise: 0.1, testFraction: 0.2 },
  train: { optimizer: 'gd', lr: 0.3, steps: 40 },
  probes: { every: 20, eigenvalues: { k: 3, steps: 20 }, trace: { samples: 20 }, density: { probes: 2, steps: 20 } },
};

export function fullSpec(input: unknown): ExperimentSpec {
  const parsed = parseSpec(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.spec;
}

export function hashOf(input: unknown): string {
  return encodeSpecToHash(fullSpec(input));
}

export async function waitForStatus(page: Page, status: string, timeout = 90_000): Promise<void> {
  await expect(page.getByTestId('progress')).toHaveAttribute('data-status', status, { timeout });
}

export async function storeResult(page: Page): Promise<ExperimentResult> {
  return page.evaluate(() => (window as unknown as { curvatureLab: { store: { getState(): { result: unknown } } } }).curvatureLab.store.getState().result) as Promise<ExperimentResult>;
}

export async function currentSpec(page: Page): Promise<ExperimentSpec> {
  return page.evaluate(() => (window as unknown as { curvatureLab: { store: { getState(): { spec: unknown } } } }).curvatureLab.store.getState().spec) as Promise<ExperimentSpec>;
}

/** Number of drawn points in a Plotly div (x, y or z values over all traces). */
export async function plotPoints(page: Page, id: string): Promise<number> {
  return page.getByTestId(`plot-${id}`).evaluate((el) => {
    const traces = (el as unknown as { data?: { x?: unknown[]; y?: unknown[]; z?: unknown[][] }[] }).data ?? [];
    let n = 0;
    for (const t of traces) n += Math.max(t.x?.length ?? 0, t.y?.length ?? 0, t.z?.length ?? 0);
    return n;
  });
}

export function maxRelativeDifference(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1e-12, Math.abs(b[i]!)));
  return worst;
}
