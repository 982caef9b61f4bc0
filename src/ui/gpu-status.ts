/** The lab's knowledge of its GPU, as the UI shows it. */
import type { AdapterReport } from '../engine/adapter-report.ts';
import type { SelfCheckResult } from '../engine/self-check.ts';

export type GpuStatus =
  | { readonly state: 'pending' }
  | { readonly state: 'ready'; readonly adapter: AdapterReport; readonly check: SelfCheckResult | null }
  | { readonly state: 'unavailable'; readonly message: string }
  | { readonly state: 'lost'; readonly message: string };
