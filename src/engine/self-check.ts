/**
 * A quick proof that kernels run correctly on this adapter: a dot product and a Rademacher fill,
 * each compared with its float64 twin. The page shows the outcome next to the adapter's name.
 */
import { fillRandom } from '../math/rng.ts';
import { dot } from '../math/vector.ts';
import type { GpuContext } from './gpu-context.ts';
import { VectorKernels } from './vector-kernels.ts';

export interface SelfCheckResult {
  readonly ok: boolean;
  readonly dot: { readonly got: number; readonly expected: number };
  readonly rademacherMismatches: number;
  readonly elapsedMs: number;
}

export async function runSelfCheck(ctx: GpuContext, n = 4099): Promise<SelfCheckResult> {
  const started = performance.now();
  const kernels = new VectorKernels(ctx, 1);
  const a = ctx.createStorage(n, 'self-check a');
  const b = ctx.createStorage(n, 'self-check b');
  try {
    // Small integers: exact in f32, so the expected dot is exact too.
    const x = Float32Array.from({ length: n }, (_, i) => (i % 17) - 8);
    const y = Float32Array.from({ length: n }, (_, i) => (i % 5) - 2);
    ctx.writeF32(a, x);
    ctx.writeF32(b, y);
    const va = { buffer: a, offset: 0, length: n };
    const vb = { buffer: b, offset: 0, length: n };
    const got = await kernels.dot(va, vb);
    const batch = ctx.batch('self-check fill');
    kernels.encodeFill(batch, va, 'rademacher', 7, 1);
    batch.submit();
    const signs = await ctx.readF32(a, n);
    const reference = fillRandom('rademacher', 7, 1, n);
    let mismatches = 0;
    for (let i = 0; i < n; i++) if (signs[i] !== reference[i]) mismatches++;
    const expected = dot(x, y);
    return {
      ok: got === expected && mismatches === 0,
      dot: { got, expected },
      rademacherMismatches: mismatches,
      elapsedMs: performance.now() - started,
    };
  } finally {
    a.destroy();
    b.destroy();
    kernels.destroy();
  }
}
