/**
 * The lab's knowledge of its GPU, as the UI shows it. The run worker owns the only device (the page
 * acquires none: in Chromium a page's first WebGPU request blocks its main thread while the GPU
 * process starts WebGPU, 1.2–1.6 s on SwiftShader) and reports this.
 */
import type { AdapterReport } from '../engine/adapter-report.ts';
import type { SelfCheckResult } from '../engine/self-check.ts';

export type GpuStatus =
  | { readonly state: 'pending' }
  | { readonly state: 'ready'; readonly adapter: AdapterReport; readonly check: SelfCheckResult | null }
  | { readonly state: 'unavailable'; readonly message: string }
  | { readonly state: 'lost'; readonly message: string };
