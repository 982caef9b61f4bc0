/** Errors the GPU runtime raises, each with a message that says what went wrong and what to do. */

export class NoWebGpuError extends Error {
  override readonly name = 'NoWebGpuError';
}

export class GpuValidationError extends Error {
  override readonly name = 'GpuValidationError';
}

export class GpuOutOfMemoryError extends Error {
  override readonly name = 'GpuOutOfMemoryError';
}

export class GpuLimitError extends Error {
  override readonly name = 'GpuLimitError';
}

export class GpuDeviceLostError extends Error {
  override readonly name = 'GpuDeviceLostError';
}

/**
 * Runs `work` inside validation and out-of-memory error scopes and turns a captured error into
 * an exception naming `label`, so that a bad dispatch is reported where it happened instead of
 * as a console warning long after.
 */
export async function withErrorScopes<T>(device: GPUDevice, label: string, work: () => T | Promise<T>): Promise<T> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let result: T;
  try {
    result = await work();
  } finally {
    const validation = await device.popErrorScope();
    const oom = await device.popErrorScope();
    if (oom) {
      throw new GpuOutOfMemoryError(
        `${label}: the GPU ran out of memory (${oom.message}). Use a smaller model, fewer samples or a smaller grid.`,
      );
    }
    if (validation) {
      throw new GpuValidationError(`${label}: WebGPU validation failed: ${validation.message}`);
    }
  }
  return result;
}
