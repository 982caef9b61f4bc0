import { expect, test, type Page } from '@playwright/test';
import { currentSpec, hashOf, storeResult, waitForStatus } from './lab-helpers.ts';

/** Rosenbrock from (−1.2, 1): gd crawls along the valley floor, Adam's sign-like steps run down it. */
const ROSENBROCK_RACE = {
  problem: { name: 'rosenbrock' },
  train: { steps: 200, lr: 0.001 },
  race: [{ optimizer: 'gd' }, { optimizer: 'adam', lr: 0.2 }],
};

type Trace = { x?: (number | null)[]; y?: (number | null)[]; name?: string; type?: string };

async function traces(page: Page, id: string): Promise<Trace[]> {
  return page.getByTestId(`plot-${id}`).evaluate((el) => ((el as unknown as { data?: Trace[] }).data ?? []).map((t) => ({ x: t.x, y: t.y, name: t.name, type: t.type })));
}

test('a race URL on Rosenbrock runs gd and adam, draws both trajectories, and adam ends 20× lower', async ({ page }, testInfo) => {
  await page.goto(`/${hashOf(ROSENBROCK_RACE)}`);
  await expect(page.getByTestId('panel-race')).toContainText('Race: 2 optimizers on rosenbrock (2-D)');
  await page.getByTestId('run').click();
  await waitForStatus(page, 'finished');
  await expect(page.getByTestId('engine-label')).toContainText('test function rosenbrock');

  const result = await storeResult(page);
  const [gd, adam] = result.race!.racers;
  expect([gd!.label, adam!.label]).toEqual(['gd', 'adam lr=0.2']);
  for (const racer of [gd!, adam!]) {
    expect(racer.history).toHaveLength(201);
    expect(racer.history[0]!.point).toEqual([-1.2, 1]);
    expect(racer.history[0]!.loss).toBeCloseTo(24.2, 10);
    // One gradient per iteration, nothing else: the x axis "products" is the iteration count here.
    expect(racer.history.at(-1)!.products).toEqual({ gradients: 200, hvps: 0, evaluations: 0 });
  }
  // Float64 on the CPU, the same numbers as the unit test (src/experiment/race.test.ts).
  const gdEnd = gd!.history.at(-1)!.loss;
  const adamEnd = adam!.history.at(-1)!.loss;
  expect(gdEnd).toBeCloseTo(3.462, 3);
  expect(adamEnd).toBeCloseTo(0.1733, 4);
  expect(adamEnd).toBeLessThan(0.06 * gdEnd);
  // Adam's last point is well along the valley towards (1, 1); gd's is still near the start.
  expect(adam!.history.at(-1)!.point![0]).toBeGreaterThan(0.5);
  expect(gd!.history.at(-1)!.point![0]).toBeLessThan(-0.8);

  // The contour plot holds the contour, one trajectory per racer (every point), the minimizer and the start.
  await expect.poll(async () => (await traces(page, 'race-trajectories')).length).toBe(5);
  const drawn = await traces(page, 'race-trajectories');
  expect(drawn[0]!.type).toBe('contour');
  for (const [i, racer] of [gd!, adam!].entries()) {
    const line = drawn[i + 1]!;
    expect(line.name).toBe(racer.label);
    expect(line.x).toEqual(racer.history.map((h) => h.point![0]));
    expect(line.y).toEqual(racer.history.map((h) => h.point![1]));
  }
  // f − f* against iterations, then against products computed.
  const gapVsIterations = await traces(page, 'race-gap');
  expect(gapVsIterations[1]!.y!.at(-1)).toBeCloseTo(adamEnd, 12);
  expect(gapVsIterations[1]!.x!.at(-1)).toBe(200);
  await page.getByTestId('race-axis').selectOption('time');
  await expect.poll(async () => (await traces(page, 'race-gap'))[0]!.x!.at(-1)).toBe(gd!.history.at(-1)!.timeMs);
  const grad = await traces(page, 'race-grad');
  expect(grad[0]!.y!.at(-1)).toBeCloseTo(gd!.history.at(-1)!.gradNorm!, 12);
  await page.getByTestId('panel-race').screenshot({ path: testInfo.outputPath('race.png') });
  await testInfo.attach('race', { path: testInfo.outputPath('race.png'), contentType: 'image/png' });
});

test('the controls set up a race on Himmelblau: Newton-CG and L-BFGS reach f* = 0, gd is still 1e-3 away; the link holds the race', async ({ page }, testInfo) => {
  await page.goto('/');
  await page.getByTestId('field-problem.name').selectOption('himmelblau');
  await expect(page.getByTestId('field-problem.dim')).toHaveValue('2');
  await page.getByTestId('field-race').fill('[{"optimizer": "gd", "lr": 0.01}, {"optimizer": "newton-cg"}, {"optimizer": "lbfgs"}]');
  await page.getByTestId('field-race').blur();
  await page.getByTestId('field-train.steps').fill('20');
  await expect.poll(async () => (await currentSpec(page)).train.steps).toBe(20);
  const spec = await currentSpec(page);
  expect(spec.problem).toEqual({ name: 'himmelblau', dim: 2, start: [0, 0] });
  expect(spec.race).toEqual([{ optimizer: 'gd', lr: 0.01 }, { optimizer: 'newton-cg' }, { optimizer: 'lbfgs' }]);
  // The link is the race: decoding the page's hash gives the spec being edited.
  const decoded = await page.evaluate(() => {
    const lab = (window as unknown as { curvatureLab: { decodeHash(h: string): { ok: boolean; spec?: unknown } } }).curvatureLab;
    return lab.decodeHash(window.location.hash);
  });
  expect(decoded).toMatchObject({ ok: true, spec });

  await page.getByTestId('run').click();
  await waitForStatus(page, 'finished');
  const [gd, newton, lbfgs] = (await storeResult(page)).race!.racers;
  expect(gd!.history.at(-1)!.loss).toBeCloseTo(0.001031, 6);
  expect(gd!.history.at(-1)!.point![0]).toBeCloseTo(2.99655, 4);
  // Both second-order methods land on the minimizer (3, 2) to float64 precision.
  expect(newton!.history.at(-1)!.loss).toBeLessThan(1e-20);
  expect(lbfgs!.history.at(-1)!.loss).toBeLessThan(1e-20);
  expect(newton!.history.at(-1)!.point![0]).toBeCloseTo(3, 10);
  expect(newton!.history.at(-1)!.point![1]).toBeCloseTo(2, 10);
  // Newton-CG pays in Hessian-vector products, L-BFGS in loss evaluations (its line search); gd in gradients only.
  expect(gd!.history.at(-1)!.products).toEqual({ gradients: 20, hvps: 0, evaluations: 0 });
  expect(newton!.history.at(-1)!.products!.hvps).toBeGreaterThan(20);
  expect(lbfgs!.history.at(-1)!.products!.hvps).toBe(0);
  expect(lbfgs!.history.at(-1)!.products!.evaluations).toBeGreaterThanOrEqual(20);
  // The product axis: the last x of each curve is that racer's gradients + HVPs.
  await page.getByTestId('race-axis').selectOption('products');
  await expect.poll(async () => (await traces(page, 'race-gap')).map((t) => t.x!.at(-1))).toEqual(
    [gd!, newton!, lbfgs!].map((r) => r.history.at(-1)!.products!.gradients + r.history.at(-1)!.products!.hvps),
  );
  await page.screenshot({ path: testInfo.outputPath('race-page.png'), fullPage: true });
  await testInfo.attach('race page', { path: testInfo.outputPath('race-page.png'), contentType: 'image/png' });
});
