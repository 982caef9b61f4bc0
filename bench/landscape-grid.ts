/**
 * Times a loss-landscape grid on the WebGPU engine: the batched kernel (many grid points per
 * dispatch) against one point at a time (setParams + evaluate per point), for the default
 * experiment's model and data ([2, 16, 16, 3] tanh on 240 training spirals) unless a spec is given.
 * Run: npx tsx bench/landscape-grid.ts [resolutions, e.g. 51,101] [pointwise resolutions, e.g. 51] [spec.json]
 * The first batched grid (pipeline compilation) is timed separately; pointwise is timed once.
 */
import { readFileSync } from 'node:fs';
import { adapterSummary } from '../src/engine/adapter-report.ts';
import { acquireNodeGpu } from '../src/engine/device-node.ts';
import { fileShaderLibrary } from '../src/engine/shaders-fs.ts';
import { createEngine, prepareExperiment } from '../src/experiment/engine-factory.ts';
import { evaluateLandscapeGrid, type GridPath } from '../src/experiment/landscape-eval.ts';
import { runSeed } from '../src/experiment/run-streams.ts';
import { formatSpecErrors, parseSpec } from '../src/experiment/spec.ts';
import { linspace, randomDirection } from '../src/math/landscape.ts';

const list = (arg: string | undefined, fallback: number[]): number[] => (arg ? arg.split(',').filter(Boolean).map(Number) : fallback);
const batchedSizes = list(process.argv[2], [51, 101]);
const pointwiseSizes = list(process.argv[3], [51]);
const parsed = parseSpec(process.argv[4] ? JSON.parse(readFileSync(process.argv[4], 'utf8')) : {});
if (!parsed.ok) throw new Error(formatSpecErrors(parsed.errors));
const prepared = await prepareExperiment(parsed.spec);
const ctx = await acquireNodeGpu({ shaders: fileShaderLibrary() });
const engine = await createEngine(prepared, { kind: 'webgpu', ctx });
const center = prepared.initialParams;
const seed = runSeed(parsed.spec.seed, 'landscape');
const layers = parsed.spec.model.layers;
const d1 = randomDirection(center, layers, 'filter', false, seed, 1);
const d2 = randomDirection(center, layers, 'filter', false, seed, 2);

async function time(resolution: number, path: GridPath): Promise<number> {
  const axis = linspace(-1, 1, resolution);
  const started = performance.now();
  await evaluateLandscapeGrid(engine, { center, d1, d2, alphas: axis, betas: axis }, { path });
  return performance.now() - started;
}

console.log(`engine: ${engine.label} (${adapterSummary(ctx.adapter)})`);
console.log(`model [${layers.join(', ')}] ${parsed.spec.model.activation}, ${engine.parameterCount} parameters, ${prepared.train.n} training samples`);
const rows: Record<string, number>[] = [];
console.log(`first batched grid (3×3, compiles the pipelines): ${(await time(3, 'batched')).toFixed(0)} ms`);
for (const r of batchedSizes) {
  const ms = await time(r, 'batched');
  rows.push({ resolution: r, batchedMs: ms });
  console.log(`batched ${r}×${r}: ${(ms / 1000).toFixed(2)} s (${((1000 * ms) / (r * r)).toFixed(0)} µs per point)`);
}
for (const r of pointwiseSizes) {
  const ms = await time(r, 'pointwise');
  const row = rows.find((x) => x.resolution === r);
  if (row) row.pointwiseMs = ms;
  else rows.push({ resolution: r, pointwiseMs: ms });
  console.log(`one point at a time ${r}×${r}: ${(ms / 1000).toFixed(2)} s (${((1000 * ms) / (r * r)).toFixed(0)} µs per point)`);
}
console.log(JSON.stringify({ engine: engine.label, layers, samples: prepared.train.n, rows }));
engine.dispose();
ctx.destroy();
