/** Acquire WebGPU in the browser, or explain exactly why it is not there. */
import { ADAPTER_OPTIONS } from './adapter-options.ts';
import { describeAdapter } from './adapter-report.ts';
import { NoWebGpuError } from './errors.ts';
import { GpuContext, requiredLimits, wantedFeatures } from './gpu-context.ts';
import { bundledShaderLibrary } from './shaders-bundled.ts';

export const NO_WEBGPU_HELP =
  'Use a browser with WebGPU: Chrome or Edge 113+ (desktop), Safari 26+, or Firefox 141+ on Windows. ' +
  'Chromium on Linux needs the flag --enable-unsafe-webgpu (and a page served from https or http://localhost).';

/**
 * @param adapterRequest an adapter already asked for with ADAPTER_OPTIONS (an adapter gives one
 *   device, so a request is used once); without it, one is requested here.
 */
export async function acquireBrowserGpu(gpu: GPU | undefined = globalThis.navigator?.gpu, adapterRequest?: Promise<GPUAdapter | null>): Promise<GpuContext> {
  if (!gpu) {
    // A page or a worker: both say whether they are a secure context.
    const insecure = (globalThis as { isSecureContext?: boolean }).isSecureContext === false;
    throw new NoWebGpuError(
      insecure
        ? `This page is not a secure context, so WebGPU is hidden. Open it over https or http://localhost. ${NO_WEBGPU_HELP}`
        : `This browser does not expose WebGPU (navigator.gpu is missing). ${NO_WEBGPU_HELP}`,
    );
  }
  const adapter = await (adapterRequest ?? gpu.requestAdapter(ADAPTER_OPTIONS));
  if (!adapter) {
    throw new NoWebGpuError(
      `WebGPU is present but no GPU adapter is available (blocked or no driver). ${NO_WEBGPU_HELP}`,
    );
  }
  const device = await adapter.requestDevice({
    label: 'curvature-lab',
    requiredLimits: requiredLimits(adapter),
    requiredFeatures: wantedFeatures(adapter),
  });
  return new GpuContext(device, describeAdapter(adapter, device, 'browser', []), bundledShaderLibrary());
}
