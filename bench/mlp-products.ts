/**
 * Times the batched MLP passes on an MNIST-sized problem: [784, 256, 256, 10] tanh, softmax
 * cross-entropy, 4096 random samples (pixels uniform in [0, 1], random labels).
 * Run: npx tsx bench/mlp-products.ts [samples] [repeats]
 * Prints one line per quantity and a JSON summary. The first call of each quantity (pipeline
 * compilation) is reported separately from the steady-state times.
 */
import { availableParallelism } from 'node:os';
import { GpuVectorBackend } from '../src/curvature/gpu-vector-backend.ts';
import type { Dataset } from '../src/data/dataset.ts';
import { adapterSummary } from '../src/engine/adapter-report.ts';
import { acquireNodeGpu } from '../src/engine/device-node.ts';
import { MlpGpu } from '../src/engine/mlp/mlp-gpu.ts';
import { CounterRng } from '../src/math/rng.ts';
import { initParameters, type MlpArchitecture } from '../src/models/mlp.ts';

const samples = Number(process.argv[2] ?? 4096);
const repeats = Number(process.argv[3] ?? 3);
const arch: MlpArchitecture = { layers: [784, 256, 256, 10], activation: 'tanh' };

const rng = new CounterRng(1, 2);
const x = new Float32Array(samples * 784);
for (let i = 0; i < x.length; i++) x[i] = rng.uniform();
const y = new Float32Array(samples);
for (let i = 0; i < samples; i++) y[i] = rng.int(10);
const data: Dataset = { name: 'mnist-like random', n: samples, inputDim: 784, targetDim: 1, classes: 10, x, y };

const ctx = await acquireNodeGpu();
const mlp = new MlpGpu(ctx, { arch, loss: 'cross-entropy', train: data });
const backend = new GpuVectorBackend(ctx, mlp.parameterCount);
const theta = backend.create();
const v = backend.create();
const out = backend.create();
backend.write(theta, initParameters(arch, 1));
backend.fill(v, 'gaussian', 1, 1);

const done = () => ctx.device.queue.onSubmittedWorkDone();
const quantities: Record<string, () => Promise<unknown>> = {
  evaluate: () => mlp.evaluate(theta),
  gradient: () => mlp.gradient(theta, out),
  hvp: () => (mlp.hvp(theta, v, out), done()),
  ggn: () => (mlp.ggnVector(theta, v, out), done()),
  fisher: () => (mlp.fisherVector(theta, v, out), done()),
};

console.log(`adapter: ${adapterSummary(ctx.adapter)}, ${availableParallelism()} CPU cores`);
console.log(`model [${arch.layers.join(', ')}] (${mlp.parameterCount} parameters), ${samples} samples, chunks of ${mlp.maxBatch}`);
// Other processes on a shared machine slow the wall clock; the process's CPU time shows how much of it was ours.
const summary: Record<string, { firstMs: number; bestMs: number; medianMs: number; cpuMsPerRun: number }> = {};
for (const [name, run] of Object.entries(quantities)) {
  let t = performance.now();
  await run();
  const firstMs = performance.now() - t;
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < repeats; r++) {
    t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  const result = {
    firstMs: Math.round(firstMs),
    bestMs: Math.round(times[0]!),
    medianMs: Math.round(times[Math.floor(times.length / 2)]!),
    cpuMsPerRun: Math.round((cpu.user + cpu.system) / 1000 / repeats),
  };
  summary[name] = result;
  console.log(
    `${name.padEnd(9)} first ${result.firstMs} ms (with compilation), best ${result.bestMs} ms, median ${result.medianMs} ms, ` +
      `CPU ${result.cpuMsPerRun} ms per run`,
  );
}
console.log(JSON.stringify({ adapter: adapterSummary(ctx.adapter), layers: arch.layers, samples, maxBatch: mlp.maxBatch, summary }));
backend.free(theta);
backend.free(v);
backend.free(out);
backend.destroy();
mlp.destroy();
ctx.destroy();
