/**
 * `npm run bench [-- --quick]`: measurements run side by side in one process on one adapter,
 * warmed up, reported as medians and as ratios, written to bench/results/latest.json and .md.
 * So far: hvpOverGrad (HVP time over gradient time) at the three sizes of the benchmark issue,
 * and, in headless Chromium, firstSpectrumMs and longTasks on the default experiment (--quick stops
 * watching the run after 60 s). The TensorFlow.js, landscape and SLQ-overhead measurements of that
 * issue are not written yet.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GpuVectorBackend } from '../src/curvature/gpu-vector-backend.ts';
import { makeDataset } from '../src/data/index.ts';
import { adapterSummary } from '../src/engine/adapter-report.ts';
import { acquireNodeGpu } from '../src/engine/device-node.ts';
import { MlpGpu } from '../src/engine/mlp/mlp-gpu.ts';
import { initParameters, type MlpArchitecture } from '../src/models/mlp.ts';
import type { Dataset } from '../src/data/dataset.ts';
import { measurePageTimings } from './page-timings.ts';

const quick = process.argv.includes('--quick');
const repeats = quick ? 3 : 7;

interface Case {
  readonly name: string;
  readonly arch: MlpArchitecture;
  readonly data: () => Promise<Dataset>;
}

const CASES: Case[] = [
  { name: '[2,16,16,3] × 300 spirals', arch: { layers: [2, 16, 16, 3], activation: 'tanh' }, data: () => makeDataset({ name: 'spirals', n: 300, classes: 3, noise: 0.1, seed: 0 }) },
  { name: '[784,128,10] × 1000 MNIST', arch: { layers: [784, 128, 10], activation: 'tanh' }, data: () => makeDataset({ name: 'mnist', n: 1000, seed: 0 }) },
  { name: '[784,256,256,10] × 4096 MNIST', arch: { layers: [784, 256, 256, 10], activation: 'tanh' }, data: () => makeDataset({ name: 'mnist', n: 4096, seed: 0 }) },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const ctx = await acquireNodeGpu();
const done = () => ctx.device.queue.onSubmittedWorkDone();
const entries = [];
for (const c of CASES) {
  const data = await c.data();
  const mlp = new MlpGpu(ctx, { arch: c.arch, loss: 'cross-entropy', train: data });
  const backend = new GpuVectorBackend(ctx, mlp.parameterCount);
  const theta = backend.create();
  const v = backend.create();
  const out = backend.create();
  backend.write(theta, initParameters(c.arch, 1));
  backend.fill(v, 'rademacher', 1, 1);
  const gradientRun = () => mlp.gradient(theta, out);
  const hvpRun = async () => (mlp.hvp(theta, v, out), done());
  await gradientRun(); // warm-up: pipeline compilation
  await hvpRun();
  // Alternated, so that both see the same machine load.
  const gradient: number[] = [];
  const hvp: number[] = [];
  for (let r = 0; r < repeats; r++) {
    for (const [run, times] of [[gradientRun, gradient], [hvpRun, hvp]] as const) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
  }
  const entry = { case: c.name, gradientMs: gradient, hvpMs: hvp, ratio: median(hvp) / median(gradient) };
  entries.push(entry);
  console.log(`${c.name.padEnd(32)} gradient ${median(gradient).toFixed(1)} ms  HVP ${median(hvp).toFixed(1)} ms  HVP/gradient ${entry.ratio.toFixed(2)}`);
  backend.free(theta);
  backend.free(v);
  backend.free(out);
  backend.destroy();
  mlp.destroy();
}

ctx.destroy();
const page = await measurePageTimings({ runLimitMs: quick ? 60_000 : 400_000 });
console.log(
  `first spectrum ${page.firstSpectrumMs} ms after load; ${page.longTasks.length} main-thread tasks over 50 ms ` +
    `(longest ${Math.max(0, ...page.longTasks.map((t) => t.durationMs))} ms) in ${page.runMs} ms of the default run` +
    (page.runFinished ? '' : ' (stopped watching before it finished)'),
);

const results = {
  date: new Date().toISOString(),
  adapter: adapterSummary(ctx.adapter),
  quick,
  repeats,
  hvpOverGrad: entries,
  firstSpectrumMs: page.firstSpectrumMs,
  longTasks: { count: page.longTasks.length, tasks: page.longTasks, runMs: page.runMs, runFinished: page.runFinished },
};
const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'latest.json'), JSON.stringify(results, null, 1));
const table = [
  '| case | gradient (median ms) | HVP (median ms) | HVP / gradient |',
  '| --- | --- | --- | --- |',
  ...entries.map((e) => `| ${e.case} | ${median(e.gradientMs).toFixed(1)} | ${median(e.hvpMs).toFixed(1)} | ${e.ratio.toFixed(2)} |`),
].join('\n');
const pageLines = [
  '',
  `First spectrum drawn ${page.firstSpectrumMs} ms after page load (default experiment).`,
  `Main-thread tasks over 50 ms during ${page.runMs} ms of the default run: ${page.longTasks.length}.`,
].join('\n');
writeFileSync(join(dir, 'latest.md'), `# Benchmarks (${results.adapter})\n\n${table}\n${pageLines}\n`);
console.log(`wrote ${join(dir, 'latest.json')}`);
