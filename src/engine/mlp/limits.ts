/**
 * The device limits an MLP's buffers and dispatches must respect, checked before anything is
 * allocated or dispatched so that a model or dataset that does not fit fails with a message naming
 * what is too big and what to do, instead of a validation error in the middle of a product.
 */
import { GpuLimitError } from '../errors.ts';
import { formatBytes } from '../gpu-context.ts';

export interface MlpLimits {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly maxStorageBuffersPerShaderStage: number;
  readonly maxComputeWorkgroupStorageSize: number;
}

/** The device's limits, lowered by `override` where it is smaller (tests, or room for other work). */
export function effectiveLimits(device: GPUDevice, override: Partial<MlpLimits> = {}): MlpLimits {
  const d = device.limits;
  const pick = (key: keyof MlpLimits): number => Math.min(d[key], override[key] ?? Infinity);
  return {
    maxStorageBufferBindingSize: pick('maxStorageBufferBindingSize'),
    maxBufferSize: pick('maxBufferSize'),
    maxComputeWorkgroupsPerDimension: pick('maxComputeWorkgroupsPerDimension'),
    maxStorageBuffersPerShaderStage: pick('maxStorageBuffersPerShaderStage'),
    maxComputeWorkgroupStorageSize: pick('maxComputeWorkgroupStorageSize'),
  };
}

/** Largest number of f32 values one storage buffer may hold and bind whole. */
export function maxBufferElements(limits: MlpLimits): number {
  return Math.floor(Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize) / 4);
}

/** Throws a GpuLimitError when `elements` f32 values (what: a description) do not fit one buffer. */
export function checkBufferElements(limits: MlpLimits, elements: number, what: string, advice: string): void {
  const max = maxBufferElements(limits);
  if (elements > max) {
    throw new GpuLimitError(
      `${what} needs ${formatBytes(elements * 4)} in one buffer, but this GPU allows at most ${formatBytes(max * 4)}. ${advice}`,
    );
  }
}
