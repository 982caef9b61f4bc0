/**
 * The GPU runtime handed to every kernel family: one device, its adapter report, the shader
 * library, the pipeline cache and the uniform arena. Created by acquireBrowserGpu / acquireNodeGpu.
 */
import type { AdapterReport } from './adapter-report.ts';
import { ComputeBatch, createUniformArena, type UniformArena } from './compute-batch.ts';
import { GpuDeviceLostError, GpuLimitError } from './errors.ts';
import { PipelineCache } from './pipeline-cache.ts';
import type { ShaderLibrary } from './shader-library.ts';

export interface DeviceLoss {
  readonly reason: string;
  readonly message: string;
}

export class GpuContext {
  readonly pipelines: PipelineCache;
  readonly arena: UniformArena;
  private readonly lossListeners = new Set<(loss: DeviceLoss) => void>();
  private lossInfo: DeviceLoss | null = null;

  constructor(
    readonly device: GPUDevice,
    readonly adapter: AdapterReport,
    readonly shaders: ShaderLibrary,
    /** The GPU instance the adapter came from, held so that it lives as long as the device. */
    readonly instance?: GPU,
  ) {
    this.pipelines = new PipelineCache(device, shaders);
    this.arena = createUniformArena(device);
    void device.lost.then((info) => {
      this.lossInfo = { reason: String(info.reason ?? 'unknown'), message: info.message ?? '' };
      for (const listener of this.lossListeners) listener(this.lossInfo);
    });
  }

  /** Calls `listener` when the device is lost (driver reset, tab in background too long, destroy()). */
  onLost(listener: (loss: DeviceLoss) => void): () => void {
    if (this.lossInfo) listener(this.lossInfo);
    this.lossListeners.add(listener);
    return () => this.lossListeners.delete(listener);
  }

  get isLost(): boolean {
    return this.lossInfo !== null;
  }

  assertAlive(): void {
    if (this.lossInfo) {
      throw new GpuDeviceLostError(
        `The GPU device was lost (${this.lossInfo.reason}: ${this.lossInfo.message}). Reload the GPU to continue from the last completed step.`,
      );
    }
  }

  batch(label?: string): ComputeBatch {
    this.assertAlive();
    return new ComputeBatch(this.device, this.arena, label);
  }

  /** A storage buffer of f32; throws a clear error before allocation when it exceeds the limits. */
  createStorage(elements: number, label: string, extraUsage = 0): GPUBuffer {
    const bytes = Math.max(4, elements * 4);
    this.checkStorageSize(bytes, label);
    return this.device.createBuffer({
      label,
      size: Math.ceil(bytes / 4) * 4,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | extraUsage,
    });
  }

  checkStorageSize(bytes: number, label: string): void {
    const limit = Math.min(this.device.limits.maxStorageBufferBindingSize, this.device.limits.maxBufferSize);
    if (bytes > limit) {
      throw new GpuLimitError(
        `${label} needs ${formatBytes(bytes)} in one buffer, but this GPU allows at most ${formatBytes(limit)}. ` +
          'Use fewer samples, a narrower model or a smaller grid.',
      );
    }
  }

  writeF32(buffer: GPUBuffer, data: ArrayLike<number>, elementOffset = 0): void {
    const array = data instanceof Float32Array ? data : Float32Array.from(data);
    this.device.queue.writeBuffer(buffer, elementOffset * 4, array.buffer, array.byteOffset, array.byteLength);
  }

  /** Copies `count` f32 values starting at `elementOffset` back to the CPU. */
  /**
   * The first `count` f32 of a MAP_READ buffer whose filling copy has been submitted: mapped,
   * copied out, unmapped (the caller destroys it). A failed map on a lost device says so.
   */
  async readStaging(staging: GPUBuffer, count: number): Promise<Float32Array> {
    try {
      await staging.mapAsync(GPUMapMode.READ);
    } catch (error) {
      this.assertAlive();
      throw error;
    }
    const out = new Float32Array(count);
    out.set(new Float32Array(staging.getMappedRange(0, count * 4 || 4), 0, count));
    staging.unmap();
    return out;
  }

  async readF32(buffer: GPUBuffer, count: number, elementOffset = 0): Promise<Float32Array> {
    this.assertAlive();
    const size = Math.max(4, count * 4);
    const staging = this.device.createBuffer({
      label: `read back ${buffer.label}`,
      size,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    try {
      const encoder = this.device.createCommandEncoder();
      if (count > 0) encoder.copyBufferToBuffer(buffer, elementOffset * 4, staging, 0, count * 4);
      this.device.queue.submit([encoder.finish()]);
      return await this.readStaging(staging, count);
    } catch (error) {
      this.assertAlive();
      throw error;
    } finally {
      staging.destroy();
    }
  }

  destroy(): void {
    this.arena.buffer.destroy();
    this.device.destroy();
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  if (bytes >= 2 ** 10) return `${(bytes / 2 ** 10).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/** Limits the lab asks for: as much buffer space as the adapter offers, so bigger models fit. */
export function requiredLimits(adapter: GPUAdapter): Record<string, number> {
  const a = adapter.limits;
  return {
    maxStorageBufferBindingSize: a.maxStorageBufferBindingSize,
    maxBufferSize: a.maxBufferSize,
    maxComputeWorkgroupStorageSize: a.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: a.maxComputeInvocationsPerWorkgroup,
    maxComputeWorkgroupSizeX: a.maxComputeWorkgroupSizeX,
    maxStorageBuffersPerShaderStage: a.maxStorageBuffersPerShaderStage,
  };
}

export function wantedFeatures(adapter: GPUAdapter): GPUFeatureName[] {
  return (['timestamp-query'] as GPUFeatureName[]).filter((f) => adapter.features.has(f));
}
