/**
 * The GPU every Node test runs on. It throws (so the test fails, never skips) when no adapter is
 * found, and it asserts the adapter is a real one with a name.
 */
import { acquireNodeGpu } from '../device-node.ts';
import type { GpuContext } from '../gpu-context.ts';
import { bundledShaderLibrary } from '../shaders-bundled.ts';

export async function acquireTestGpu(): Promise<GpuContext> {
  // Tests run through Vite, so they load WGSL the way the browser bundle does.
  const ctx = await acquireNodeGpu({ shaders: bundledShaderLibrary() });
  const a = ctx.adapter;
  if (!a.vendor && !a.architecture && !a.device && !a.description) {
    throw new Error('The WebGPU adapter reports no identity; refusing to treat it as a real adapter');
  }
  return ctx;
}
