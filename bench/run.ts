/**
 * `npm run bench [-- --quick]`: the measurements of the benchmark issue, each running the compared
 * implementations side by side in one process on one adapter, warmed up, as medians of repeats, with
 * results checked equal before times are compared; written to bench/results/latest.json (raw times
 * and ratios) and latest.md.
 *  - hvpOverGrad, vsTfjs: bench/hvp-measurements.ts (GPU timestamp queries where the device has them)
 *  - landscapeBatched: bench/landscape-measurement.ts
 *  - slqOverhead: bench/slq-measurement.ts
 *  - firstSpectrumMs, longTasks: bench/page-timings.ts (headless Chromium)
 * --quick keeps the whole run to about three minutes on two CPU cores: fewer repeats, TF.js skipped
 * at the largest size, SLQ on the small model only, and the page watched for 40 s.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDataset } from '../src/data/index.ts';
import { adapterSummary } from '../src/engine/adapter-report.ts';
import { acquireNodeGpu } from '../src/engine/device-node.ts';
import type { MlpArchitecture } from '../src/models/mlp.ts';
import { measureHvpCase, type HvpCase, type HvpOverGradEntry, type VsTfjsEntry } from './hvp-measurements.ts';
import { measureLandscape } from './landscape-measurement.ts';
import { measurePageTimings } from './page-timings.ts';
import { benchMarkdown, TARGETS } from './report.ts';
import { measureSlq, type SlqOverheadEntry } from './slq-measurement.ts';
import { registerTfjsWebGpu } from './tfjs-hvp.ts';

const quick = process.argv.includes('--quick');
const started = performance.now();

const TINY: MlpArchitecture = { layers: [2, 16, 16, 3], activation: 'tanh' };
const MNIST_SMALL: MlpArchitecture = { layers: [784, 128, 10], activation: 'tanh' };
const MNIST_LARGE: MlpArchitecture = { layers: [784, 256, 256, 10], activation: 'tanh' };
const spirals = () => makeDataset({ name: 'spirals', n: 300, classes: 3, noise: 0.1, seed: 0 });
const mnist = (n: number) => () => makeDataset({ name: 'mnist', n, seed: 0 });
const QUICK_SKIP = '--quick: one TF.js HVP of this size takes minutes on SwiftShader (WebGPU) or tens of seconds (CPU); run without --quick';

const HVP_CASES: HvpCase[] = [
  // 21 pairs even when quick (each a few ms): with 5 one slow HVP moved the median ratio 1.5 → 2.1.
  { name: '[2,16,16,3] × 300 spirals', arch: TINY, data: spirals, repeats: 21, tfjsRepeats: quick ? 3 : 5 },
  { name: '[784,128,10] × 1000 MNIST', arch: MNIST_SMALL, data: mnist(1000), repeats: quick ? 3 : 5, tfjsRepeats: quick ? 1 : 3 },
  {
    name: '[784,256,256,10] × 4096 MNIST',
    arch: MNIST_LARGE,
    data: mnist(4096),
    repeats: quick ? 1 : 3,
    tfjsRepeats: quick ? 1 : 2,
    ...(quick ? { skipTfjs: { webgpu: QUICK_SKIP, cpu: QUICK_SKIP } } : {}),
  },
];

const ctx = await acquireNodeGpu();
const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
log(`adapter: ${adapterSummary(ctx.adapter)}; ${availableParallelism()} CPU cores; ${quick ? 'quick' : 'full'} run`);
await registerTfjsWebGpu(ctx.instance!, (await ctx.instance!.requestAdapter({ powerPreference: 'high-performance' }))!);

const hvpOverGrad: HvpOverGradEntry[] = [];
const vsTfjs: VsTfjsEntry[] = [];
for (const c of HVP_CASES) {
  const result = await measureHvpCase(ctx, c);
  hvpOverGrad.push(result.hvpOverGrad);
  vsTfjs.push(...result.vsTfjs);
  const h = result.hvpOverGrad;
  log(`hvpOverGrad ${c.name}: ${h.ratio.toFixed(2)} (${h.clock})`);
  for (const t of result.vsTfjs) log(`vsTfjs ${c.name} ${t.backend}: ${t.skipped ? 'skipped' : `ours/theirs ${t.ratio!.toFixed(3)} (error ${t.relativeError!.toExponential(1)})`}`);
}

// Three alternated pairs even when quick: single pairs moved the ratio 0.085–0.16 between runs on a shared machine.
const landscapeBatched = await measureLandscape(ctx, { resolution: 51, repeats: 3 });
log(`landscapeBatched 51×51: batched/pointwise ${landscapeBatched.ratio.toFixed(3)}`);

const slqOverhead: SlqOverheadEntry[] = [];
slqOverhead.push(await measureSlq(ctx, { name: HVP_CASES[0]!.name, arch: TINY, data: spirals, probes: 4, steps: 80, repeats: quick ? 2 : 3 }));
if (!quick) slqOverhead.push(await measureSlq(ctx, { name: HVP_CASES[1]!.name, arch: MNIST_SMALL, data: mnist(1000), probes: 4, steps: 80, repeats: 1 }));
for (const s of slqOverhead) log(`slqOverhead ${s.case}: ${s.ratio.toFixed(2)}`);
const slqSkipped = quick ? [{ case: HVP_CASES[1]!.name, skipped: '--quick: 320 HVPs of this size take minutes on SwiftShader; run without --quick' }] : [];

const adapter = adapterSummary(ctx.adapter);
const timestampQueries = ctx.device.features.has('timestamp-query');
ctx.destroy();

const page = await measurePageTimings({ port: 5186, runLimitMs: quick ? 40_000 : 400_000 });
log(`first spectrum ${page.firstSpectrumMs} ms after load (median of returning visits ${page.firstSpectrumLoadsMs.join(', ')}; first visit ${page.firstSpectrumFirstVisitMs}); ${page.longTasks.length} tasks over 50 ms in ${page.runMs} ms of the default run`);

const results = {
  date: new Date().toISOString(),
  adapter,
  cpuCores: availableParallelism(),
  quick,
  /** Whether the Node device had timestamp queries; each entry's `clock` says which clock its times came from. */
  timestampQueries,
  targets: TARGETS,
  hvpOverGrad,
  vsTfjs,
  landscapeBatched,
  slqOverhead: [...slqOverhead, ...slqSkipped],
  firstSpectrumMs: page.firstSpectrumMs,
  firstSpectrumLoadsMs: page.firstSpectrumLoadsMs,
  firstSpectrumFirstVisitMs: page.firstSpectrumFirstVisitMs,
  longTasks: { count: page.longTasks.length, tasks: page.longTasks, runMs: page.runMs, runFinished: page.runFinished },
  wallSeconds: Math.round((performance.now() - started) / 1000),
};
const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'latest.json'), JSON.stringify(results, null, 1));
writeFileSync(join(dir, 'latest.md'), benchMarkdown(results));
log(`wrote ${join(dir, 'latest.json')} and latest.md`);
