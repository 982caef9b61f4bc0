/** What the lab tells the user (and the result JSON) about the adapter it runs on. */
export interface AdapterReport {
  readonly platform: 'browser' | 'node';
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  readonly isFallbackAdapter: boolean;
  /** True for software rasterizers (SwiftShader, lavapipe, WARP): numbers are right, speed is not a GPU's. */
  readonly isSoftware: boolean;
  readonly features: readonly string[];
  readonly limits: {
    readonly maxStorageBufferBindingSize: number;
    readonly maxBufferSize: number;
    readonly maxComputeWorkgroupSizeX: number;
    readonly maxComputeInvocationsPerWorkgroup: number;
    readonly maxComputeWorkgroupStorageSize: number;
    readonly maxComputeWorkgroupsPerDimension: number;
    readonly maxStorageBuffersPerShaderStage: number;
  };
  /** How the adapter was found, e.g. that Vulkan was pointed at SwiftShader. */
  readonly notes: readonly string[];
}

const SOFTWARE_MARKERS = ['swiftshader', 'lavapipe', 'llvmpipe', 'warp', 'software'];

export function describeAdapter(
  adapter: GPUAdapter,
  device: GPUDevice,
  platform: 'browser' | 'node',
  notes: readonly string[],
): AdapterReport {
  const info = adapter.info ?? ({} as GPUAdapterInfo);
  const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.device ?? ''} ${info.description ?? ''}`.toLowerCase();
  const limits = device.limits;
  const isFallback = Boolean((info as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter);
  return {
    platform,
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    isFallbackAdapter: isFallback,
    isSoftware: isFallback || SOFTWARE_MARKERS.some((m) => text.includes(m)),
    features: [...device.features].sort(),
    limits: {
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage,
    },
    notes,
  };
}

export function adapterSummary(report: AdapterReport): string {
  const name = [report.vendor, report.architecture, report.device, report.description].filter(Boolean).join(' / ') || 'unnamed adapter';
  return `${name}${report.isSoftware ? ' (software)' : ''} on ${report.platform}`;
}
