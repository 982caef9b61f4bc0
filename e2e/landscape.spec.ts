import { expect, test, type Page } from '@playwright/test';
import type { LandscapeResult } from '../src/experiment/landscape.ts';
import { slicePoint } from '../src/math/landscape.ts';
import { evaluate } from '../src/math/mlp.ts';
import { datasetFromResult, type ExperimentResult } from '../src/experiment/result.ts';
import { TINY_SPEC, hashOf, storeResult, waitForStatus } from './lab-helpers.ts';

/** The tiny experiment without curvature probes (they are not what this file tests), with a landscape. */
const LANDSCAPE_SPEC = {
  ...TINY_SPEC,
  probes: { every: 20, eigenvalues: null, trace: null, density: null },
  landscape: { directions: 'filter', resolution: 11, range: 1, dims: 2 },
};

interface PlotTrace {
  type?: string;
  x?: number[];
  y?: (number | null)[];
  z?: (number | null)[][];
}

async function plotTraces(page: Page, id: string): Promise<PlotTrace[]> {
  return page.getByTestId(`plot-${id}`).evaluate((el) => {
    const data = (el as unknown as { data?: PlotTrace[] }).data ?? [];
    return data.map((t) => ({ type: t.type, x: t.x && Array.from(t.x), y: t.y && Array.from(t.y), z: t.z && t.z.map((row) => Array.from(row)) }));
  });
}

function directLoss(result: ExperimentResult, l: LandscapeResult, i: number, j: number): number {
  const arch = { layers: result.spec.model.layers, activation: result.spec.model.activation };
  const d2 = l.directions[1];
  const theta = slicePoint(l.center, l.directions[0]!, l.alphas[i]!, d2, d2 ? l.betas![j]! : 0);
  return evaluate({ arch, loss: result.spec.loss, data: datasetFromResult(result) }, theta).loss;
}

test.describe('loss landscapes', () => {
  test('a URL with a landscape spec draws it after the run; its numbers check out in float64', async ({ page }, testInfo) => {
    await page.goto(`/${hashOf({ ...LANDSCAPE_SPEC, landscape: { ...LANDSCAPE_SPEC.landscape, curvatureMap: 3 } })}`);
    await expect(page.getByTestId('field-landscape.directions')).toHaveValue('filter');
    await page.getByTestId('run').click();
    await waitForStatus(page, 'finished');
    await expect(page.getByTestId('landscape-info')).toContainText('11×11 points', { timeout: 60_000 });
    await expect(page.getByTestId('landscape-info')).toContainText('batched on the GPU');

    const result = await storeResult(page);
    const l = result.landscape!;
    expect(l.step).toBe(40);
    expect(l.center).toEqual(result.params.values);
    const [contour, trajectory, current] = await plotTraces(page, 'landscape');
    expect(contour!.type).toBe('contour');
    expect(contour!.x).toEqual(l.alphas);
    expect(contour!.y).toEqual(l.betas);
    expect(contour!.z).toEqual(l.loss);
    expect(trajectory!.x!.length).toBe(l.trajectory.length);
    expect(trajectory!.x!.at(-1)).toBe(0);
    expect(current!.x).toEqual([0]);
    expect(current!.y).toEqual([0]);
    // The center is the final point: its loss is the last training loss (GPU f32 both times).
    const grid = l.loss as number[][];
    expect(Math.abs(grid[5]![5]! - result.history.at(-1)!.loss) / result.history.at(-1)!.loss).toBeLessThan(1e-5);
    // Anyone can check a point from the JSON: f32 GPU against float64, 1e-4 relative.
    for (const [i, j] of [[0, 0], [10, 3], [4, 9]] as const) {
      const want = directLoss(result, l, i, j);
      expect(Math.abs(grid[j]![i]! - want) / want, `point (${i}, ${j})`).toBeLessThan(1e-4);
    }
    // The curvature map: a 3×3 heatmap of λmax, drawn as the result holds it.
    const [heatmap] = await plotTraces(page, 'landscape-curvature');
    expect(heatmap!.type).toBe('heatmap');
    expect(heatmap!.x).toEqual([-1, 0, 1]);
    expect(heatmap!.z).toEqual(l.curvature!.topEigenvalue);
    expect((l.curvature!.topEigenvalue as number[][]).flat().every((v) => Number.isFinite(v))).toBe(true);
    await page.getByTestId('panel-landscape').screenshot({ path: testInfo.outputPath('landscape-contour.png') });

    // The 3-D view draws the same grid as a surface, with the trajectory on it.
    await page.getByTestId('landscape-view').selectOption('surface');
    // The 3-D bundle loads first (the plot is empty meanwhile).
    await expect.poll(async () => (await plotTraces(page, 'landscape'))[0]?.type, { timeout: 60_000 }).toBe('surface');
    const [surface3d, path3d] = await plotTraces(page, 'landscape');
    expect(surface3d!.z).toEqual(l.loss);
    expect(path3d!.x!.length).toBe(l.trajectory.length);
    await page.getByTestId('panel-landscape').screenshot({ path: testInfo.outputPath('landscape-surface.png') });
  });

  test('Recompute after the run draws the interpolation line with progress; its ends are the two checkpoints', async ({ page }) => {
    await page.goto(`/${hashOf(LANDSCAPE_SPEC)}`);
    await page.getByTestId('run').click();
    await waitForStatus(page, 'finished');
    await expect(page.getByTestId('landscape-info')).toContainText('11×11', { timeout: 60_000 });

    await page.getByTestId('field-landscape.directions').selectOption('interpolate');
    await page.getByTestId('field-landscape.resolution').fill('21');
    // Record every progress state the store passes through (it is cleared when the landscape arrives).
    await page.evaluate(() => {
      const lab = (window as unknown as { curvatureLab: { store: { subscribe(f: (s: { landscapeProgress: unknown }) => void): void } } }).curvatureLab;
      const seen: unknown[] = [];
      (window as unknown as { landscapeProgressSeen: unknown[] }).landscapeProgressSeen = seen;
      lab.store.subscribe((s) => s.landscapeProgress && seen.push(s.landscapeProgress));
    });
    await page.getByTestId('landscape-recompute').click();
    await expect(page.getByTestId('landscape-info')).toContainText('21 points', { timeout: 60_000 });
    const seen = (await page.evaluate(() => (window as unknown as { landscapeProgressSeen: { phase: string; done: number; total: number }[] }).landscapeProgressSeen));
    expect(seen.some((p) => p.phase === 'grid' && p.total === 21)).toBe(true);

    // The info line changes with the store; the plot draws in its own task a moment later.
    await expect.poll(async () => (await plotTraces(page, 'landscape'))[0]?.x?.length).toBe(21);
    const [line, marker] = await plotTraces(page, 'landscape');
    const result = await storeResult(page);
    const l = result.landscape!;
    expect(l.method).toBe('interpolate');
    expect(line!.x).toEqual(l.alphas);
    expect(line!.y).toEqual(l.loss);
    expect(marker!.x![0]).toBeCloseTo(1, 5);
    // α = 0 is the initial point, α = 1 the final one: their losses are the history's first and last.
    const first = result.history[0]!.loss;
    const last = result.history.at(-1)!.loss;
    expect(l.alphas[5]).toBe(0);
    expect(l.alphas[15]).toBe(1);
    expect(Math.abs(line!.y![5]! - first) / first).toBeLessThan(1e-5);
    expect(Math.abs(line!.y![15]! - last) / last).toBeLessThan(1e-5);
    // The URL now carries the edited landscape settings.
    expect(decodeURIComponent(page.url())).toContain('#spec=');
    expect(result.spec.landscape?.directions).toBe('filter'); // the run's own spec is unchanged
  });
});
