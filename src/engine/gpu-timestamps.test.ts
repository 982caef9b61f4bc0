import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withErrorScopes } from './errors.ts';
import type { GpuContext } from './gpu-context.ts';
import { GpuTimestamps, timestampSpanMs } from './gpu-timestamps.ts';
import { acquireTestGpu } from './testing/node-gpu.ts';
import { VectorKernels } from './vector-kernels.ts';

describe('timestampSpanMs', () => {
  it('turns nanoseconds into milliseconds', () => {
    expect(timestampSpanMs(1_000_000n, 3_500_000n)).toBe(2.5);
    expect(timestampSpanMs(5n, 5n)).toBe(0);
  });

  it('gives NaN for a missing or backwards timestamp instead of a made-up time', () => {
    expect(timestampSpanMs(0n, 10n)).toBeNaN();
    expect(timestampSpanMs(10n, 5n)).toBeNaN();
  });
});

describe('GPU timestamps of a compute batch on a real adapter', () => {
  let ctx: GpuContext;

  beforeAll(async () => {
    ctx = await acquireTestGpu();
  });
  afterAll(() => ctx?.destroy());

  it('times a batch of several passes and arena chunks, or says the adapter cannot', async () => {
    const timer = GpuTimestamps.create(ctx);
    if (!ctx.adapter.features.includes('timestamp-query')) {
      expect(timer).toBeNull();
      return;
    }
    expect(timer).not.toBeNull();
    const kernels = new VectorKernels(ctx);
    const n = 1 << 16;
    const x = { buffer: ctx.createStorage(n, 'x'), offset: 0, length: n };
    const y = { buffer: ctx.createStorage(n, 'y'), offset: 0, length: n };
    try {
      await withErrorScopes(ctx.device, 'timed batch', async () => {
        const batch = ctx.batch('timed');
        // More dispatches than the uniform arena has slots (several submits), with a copy
        // in between (several compute passes).
        for (let i = 0; i < ctx.arena.slots + 10; i++) {
          kernels.encodeAxpy(batch, 0.5, x, y);
          if (i === 7) batch.copy(y.buffer, 0, x.buffer, 0, 4 * n);
        }
        const wall = performance.now();
        batch.submit(timer!.writes);
        const ms = await timer!.readMs();
        const wallMs = performance.now() - wall;
        expect(ms).toBeGreaterThan(0);
        // Dawn may round timestamps a little; the GPU span cannot exceed the wall time around it by more.
        expect(ms).toBeLessThan(wallMs + 1);
      });
      expect(() => ctx.batch('empty').submit(timer!.writes)).toThrow(/no compute pass/);
    } finally {
      x.buffer.destroy();
      y.buffer.destroy();
      kernels.destroy();
      timer!.destroy();
    }
  });
});
