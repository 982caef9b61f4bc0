/**
 * slqOverhead: stochastic Lanczos quadrature (src/curvature/slq.ts, full reorthogonalization) on the
 * GPU engine's Hessian operator, total time over (probes × steps) HVP times measured side by side.
 * The HVP time is one product applied and waited for. Lanczos queues each step whole (product,
 * reorthogonalization, normalization) and reads its α, β back while later steps run, so it no longer
 * pays that wait per step and the ratio can fall below 1; above 1 is the recurrence's own GPU work.
 */
import { stochasticLanczosQuadrature } from '../src/curvature/slq.ts';
import type { Dataset } from '../src/data/dataset.ts';
import type { GpuContext } from '../src/engine/gpu-context.ts';
import { createGpuMlpEngine } from '../src/models/gpu-mlp-engine.ts';
import { initParameters, type MlpArchitecture } from '../src/models/mlp.ts';
import { alternate, median, wallMs, type Clock } from './stats.ts';

export interface SlqCase {
  readonly name: string;
  readonly arch: MlpArchitecture;
  readonly data: () => Promise<Dataset>;
  readonly probes: number;
  readonly steps: number;
  /** SLQ runs timed. */
  readonly repeats: number;
  /** Set when fewer probes than the 4 run (to keep --quick short), and why. */
  readonly note?: string;
}

export interface SlqOverheadEntry {
  readonly case: string;
  readonly probes: number;
  readonly steps: number;
  readonly clock: Clock;
  readonly slqMs: number[];
  readonly hvpMs: number[];
  /** median(slqMs) / (probes × steps × median(hvpMs)). */
  readonly ratio: number;
  readonly note?: string;
}

export async function measureSlq(ctx: GpuContext, c: SlqCase): Promise<SlqOverheadEntry> {
  const data = await c.data();
  const engine = createGpuMlpEngine(ctx, { arch: c.arch, loss: 'cross-entropy', train: data, initialParams: Float32Array.from(initParameters(c.arch, 1)) });
  const operator = engine.curvatureOperator('hessian');
  const x = engine.backend.create();
  const y = engine.backend.create();
  try {
    engine.backend.fill(x, 'rademacher', 3, 0);
    const hvp = () => wallMs(async () => (await operator.apply(x, y), ctx.device.queue.onSubmittedWorkDone()));
    const slq = () => wallMs(() => stochasticLanczosQuadrature(operator, { probes: c.probes, steps: c.steps, seed: 0 }));
    // SLQ is long: one SLQ run per repeat, between HVPs timed on either side of it.
    const hvpMs: number[] = [];
    const slqMs: number[] = [];
    // Single HVPs on this shared machine ranged 2.8–17 ms in one run: enough of them for a steady median.
    const hvpRepeats = 7;
    // Warm-up: compiles the product's and the vector kernels' pipelines (a full SLQ would take long).
    await hvp();
    await stochasticLanczosQuadrature(operator, { probes: 1, steps: 3, seed: 0 });
    for (let r = 0; r < c.repeats; r++) {
      const pair = await alternate({ hvp, slq }, 1, { warmUp: false });
      hvpMs.push(...pair.hvp, ...(await alternate({ hvp }, hvpRepeats - 1, { warmUp: false })).hvp);
      slqMs.push(...pair.slq);
    }
    return {
      case: c.name,
      probes: c.probes,
      steps: c.steps,
      clock: 'wall',
      slqMs,
      hvpMs,
      ratio: median(slqMs) / (c.probes * c.steps * median(hvpMs)),
      ...(c.note ? { note: c.note } : {}),
    };
  } finally {
    engine.backend.free(x);
    engine.backend.free(y);
    operator.dispose();
    engine.dispose();
  }
}
