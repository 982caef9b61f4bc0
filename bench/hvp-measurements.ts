/**
 * hvpOverGrad and vsTfjs for one model and dataset: the lab's gradient and HVP (GPU timestamps when
 * the device has them, else the wall clock), and the same HVP in TensorFlow.js by double backprop on
 * its WebGPU backend (same adapter) and its CPU backend. The HVPs are checked equal first.
 */
import { GpuVectorBackend } from '../src/curvature/gpu-vector-backend.ts';
import type { Dataset } from '../src/data/dataset.ts';
import type { GpuContext } from '../src/engine/gpu-context.ts';
import { GpuTimestamps } from '../src/engine/gpu-timestamps.ts';
import { MlpGpu } from '../src/engine/mlp/mlp-gpu.ts';
import { initParameters, type MlpArchitecture } from '../src/models/mlp.ts';
import { alternate, assertSameResult, medianOfPairedRatios, wallMs, type Clock } from './stats.ts';
import { createTfjsHvp, type TfjsBackendName } from './tfjs-hvp.ts';

/** f32 on both sides, different summation orders: a relative 2-norm difference of 1e-4 is generous. */
export const TFJS_TOLERANCE = 1e-4;

export interface HvpCase {
  readonly name: string;
  readonly arch: MlpArchitecture;
  readonly data: () => Promise<Dataset>;
  /** TF.js backends to skip, with the reason written into the JSON. */
  readonly skipTfjs?: Partial<Record<TfjsBackendName, string>>;
  /** Repeats of our gradient and HVP (the largest case is slow on a CPU). */
  readonly repeats: number;
  /** Repeats of each TF.js comparison (TF.js's WebGPU backend takes seconds per HVP on SwiftShader). */
  readonly tfjsRepeats: number;
}

export interface HvpOverGradEntry {
  readonly case: string;
  readonly parameters: number;
  readonly samples: number;
  readonly clock: Clock;
  readonly gradientMs: number[];
  readonly hvpMs: number[];
  /** Wall-clock times of the same calls (submit to completion), for comparison with the GPU clock. */
  readonly gradientWallMs: number[];
  readonly hvpWallMs: number[];
  /** Median over the alternated repeats of hvpMs[i] / gradientMs[i]. */
  readonly ratio: number;
}

export interface VsTfjsEntry {
  readonly case: string;
  readonly backend: TfjsBackendName;
  /** Set when this size was not run on this backend, and why. */
  readonly skipped?: string;
  readonly clock?: Clock;
  readonly relativeError?: number;
  readonly tolerance?: number;
  /** Ours: HVP plus read-back of the result, wall clock (TF.js's side cannot be timed on the GPU without changing how it runs). */
  readonly oursMs?: number[];
  readonly tfjsMs?: number[];
  /** Median over the alternated repeats of oursMs[i] / tfjsMs[i]: below 1 means ours is faster. */
  readonly ratio?: number;
}

export async function measureHvpCase(ctx: GpuContext, c: HvpCase): Promise<{ hvpOverGrad: HvpOverGradEntry; vsTfjs: VsTfjsEntry[] }> {
  const data = await c.data();
  const mlp = new MlpGpu(ctx, { arch: c.arch, loss: 'cross-entropy', train: data });
  const backend = new GpuVectorBackend(ctx, mlp.parameterCount);
  const theta = backend.create();
  const v = backend.create();
  const out = backend.create();
  const timer = GpuTimestamps.create(ctx);
  try {
    const thetaValues = Float32Array.from(initParameters(c.arch, 1));
    backend.write(theta, thetaValues);
    backend.fill(v, 'rademacher', 1, 1);
    const all = mlp.samples();
    // One call: encode into a batch, submit (with timestamps when available), wait for completion.
    const timed = async (encode: (batch: ReturnType<GpuContext['batch']>) => void): Promise<{ gpu: number; wall: number }> => {
      const start = performance.now();
      const batch = ctx.batch('bench');
      encode(batch);
      batch.submit(timer?.writes);
      const gpu = timer ? await timer.readMs() : NaN;
      if (!timer) await ctx.device.queue.onSubmittedWorkDone();
      return { gpu, wall: performance.now() - start };
    };
    const wall = { gradient: [] as number[], hvp: [] as number[] };
    const record = (kind: 'gradient' | 'hvp') => async (): Promise<number> => {
      const t = await timed((batch) =>
        kind === 'gradient' ? mlp.encodeGradient(batch, theta, out, all) : mlp.encodeProduct(batch, 'hessian', theta, v, out, all),
      );
      wall[kind].push(t.wall);
      return timer ? t.gpu : t.wall;
    };
    const ours = await alternate({ gradient: record('gradient'), hvp: record('hvp') }, c.repeats);
    const hvpOverGrad: HvpOverGradEntry = {
      case: c.name,
      parameters: mlp.parameterCount,
      samples: data.n,
      clock: timer ? 'gpu-timestamps' : 'wall',
      gradientMs: ours.gradient,
      hvpMs: ours.hvp,
      // The first entry of each wall list is the warm-up.
      gradientWallMs: wall.gradient.slice(1),
      hvpWallMs: wall.hvp.slice(1),
      ratio: medianOfPairedRatios(ours.hvp, ours.gradient),
    };

    const vsTfjs: VsTfjsEntry[] = [];
    const backends = (['webgpu', 'cpu'] as const).filter((name) => {
      const skipped = c.skipTfjs?.[name];
      if (skipped) vsTfjs.push({ case: c.name, backend: name, skipped });
      return !skipped;
    });
    if (backends.length === 0) return { hvpOverGrad, vsTfjs };
    mlp.hvp(theta, v, out);
    const reference = await backend.read(out);
    const vValues = Float32Array.from(await backend.read(v));
    for (const name of backends) {
      const tfjs = await createTfjsHvp(name, c.arch, data, thetaValues, vValues);
      try {
        // TF.js's first call (its warm-up: shader compilation) is the one checked against ours;
        // a mismatch is recorded instead of timed, and the other measurements go on.
        let relativeError: number;
        try {
          relativeError = assertSameResult(`${c.name}: HVP vs TF.js ${name}`, await tfjs.hvp(), reference, TFJS_TOLERANCE);
        } catch (error) {
          vsTfjs.push({ case: c.name, backend: name, skipped: `not timed: ${(error as Error).message}` });
          continue;
        }
        const oursRun = () => wallMs(async () => (mlp.hvp(theta, v, out), backend.read(out)));
        const times = await alternate({ ours: oursRun, tfjs: () => wallMs(() => tfjs.hvp()) }, c.tfjsRepeats, { warmUp: false });
        vsTfjs.push({
          case: c.name,
          backend: name,
          clock: 'wall',
          relativeError,
          tolerance: TFJS_TOLERANCE,
          oursMs: times.ours,
          tfjsMs: times.tfjs,
          ratio: medianOfPairedRatios(times.ours, times.tfjs),
        });
      } finally {
        tfjs.dispose();
      }
    }
    return { hvpOverGrad, vsTfjs };
  } finally {
    timer?.destroy();
    backend.free(theta);
    backend.free(v);
    backend.free(out);
    backend.destroy();
    mlp.destroy();
  }
}
