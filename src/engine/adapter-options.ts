/**
 * What WebGPU is asked for an adapter with: by acquireBrowserGpu, and by the run worker, which
 * asks before the rest of its code has loaded (so this module imports nothing).
 */
export const ADAPTER_OPTIONS: GPURequestAdapterOptions = { powerPreference: 'high-performance' };
