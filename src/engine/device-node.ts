/**
 * Acquire WebGPU in Node through Dawn (the npm package `webgpu`). On machines without a GPU
 * driver, Vulkan is pointed at Chromium's SwiftShader ICD (a CPU implementation) and the
 * report says so. LAB_SWIFTSHADER=0 turns that fallback off, LAB_VK_ICD names another ICD.
 */
import { existsSync } from 'node:fs';
import { describeAdapter } from './adapter-report.ts';
import { NoWebGpuError } from './errors.ts';
import { GpuContext, requiredLimits, wantedFeatures } from './gpu-context.ts';
import type { ShaderLibrary } from './shader-library.ts';
import { fileShaderLibrary } from './shaders-fs.ts';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export interface NodeGpuOptions {
  shaders?: ShaderLibrary;
  env?: NodeJS.ProcessEnv;
}

export async function acquireNodeGpu(options: NodeGpuOptions = {}): Promise<GpuContext> {
  const env = options.env ?? process.env;
  const { create, globals } = (await import('webgpu')) as {
    create: (flags: string[]) => GPU;
    globals: Record<string, unknown>;
  };
  // Dawn's constants (GPUBufferUsage, ...) are what kernels use; install them once if missing.
  for (const [name, value] of Object.entries(globals)) {
    if (!(name in globalThis)) (globalThis as Record<string, unknown>)[name] = value;
  }
  const notes: string[] = [];
  // Dawn tears its instance down when the GPU object is collected, even with a device still in use
  // (seen as a crash under vitest's garbage collection): the context keeps the instance alive.
  let instance = create([]);
  let adapter = await instance.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter && env['LAB_SWIFTSHADER'] !== '0') {
    const icd = env['LAB_VK_ICD'] ?? SWIFTSHADER_ICD;
    if (existsSync(icd) && process.env['VK_ICD_FILENAMES'] !== icd) {
      process.env['VK_ICD_FILENAMES'] = icd;
      instance = create([]);
      adapter = await instance.requestAdapter({ powerPreference: 'high-performance' });
      if (adapter) notes.push(`No GPU driver answered; Vulkan was pointed at ${icd} (SwiftShader, a CPU implementation).`);
    }
  }
  if (!adapter) {
    const tried = process.env['VK_ICD_FILENAMES'] ? ` (VK_ICD_FILENAMES=${process.env['VK_ICD_FILENAMES']})` : '';
    throw new NoWebGpuError(
      `No WebGPU adapter found in Node${tried}. Install a GPU driver with Vulkan, or install Debian's chromium ` +
        `and libvulkan1 so that ${SWIFTSHADER_ICD} exists (set LAB_VK_ICD to use another ICD file; ` +
        `LAB_SWIFTSHADER=0 disables this fallback).`,
    );
  }
  const device = await adapter.requestDevice({
    label: 'curvature-lab',
    requiredLimits: requiredLimits(adapter),
    requiredFeatures: wantedFeatures(adapter),
  });
  return new GpuContext(
    device,
    describeAdapter(adapter, device, 'node', notes),
    options.shaders ?? fileShaderLibrary(),
    instance,
  );
}
