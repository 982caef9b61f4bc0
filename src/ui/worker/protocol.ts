/** Messages between the page and the run worker. */
import type { RunnerEvent } from '../../experiment/runner-events.ts';
import type { GpuStatus } from '../../store/gpu-status.ts';
import type { ChangeSpec, ExperimentSpec, LandscapeSpec } from '../../experiment/spec.ts';

export type EnginePreference = 'auto' | 'cpu';

export type ToWorker =
  | {
      readonly type: 'start';
      readonly spec: ExperimentSpec;
      readonly engine: EnginePreference;
      readonly startFrom?: { readonly step: number; readonly params: number[] };
      readonly paused?: boolean;
      /** Single steps to take right after starting paused (the Step button pressed from idle). */
      readonly steps?: number;
    }
  /** The page has loaded `spec`: acquire the device and compile its kernels by a miniature run (warm-up-spec.ts). */
  | { readonly type: 'prepare'; readonly spec: ExperimentSpec; readonly engine: EnginePreference }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'step' }
  | { readonly type: 'cancel' }
  | { readonly type: 'change'; readonly change: ChangeSpec }
  /** Draw a landscape now: at the current step of a run going on, else at the last run's final parameters. */
  | { readonly type: 'landscape'; readonly settings: LandscapeSpec }
  /**
   * The page is drawing (busy) or done drawing: the run holds its compute meanwhile. A busy message
   * with an `id` asks for a 'quiet' reply once the compute stands still and the GPU has finished
   * what was queued, so that the page draws without SwiftShader competing for the CPU.
   */
  | { readonly type: 'ui-busy'; readonly busy: boolean; readonly id?: number }
  /** For tests and demos of recovery: destroys the worker's GPU device as a driver reset would. */
  | { readonly type: 'simulate-device-loss' };

/** Runner events stripped of what cannot cross postMessage (the error's cause). */
export type PortableRunnerEvent = Exclude<RunnerEvent, { type: 'error' }> | { readonly type: 'error'; readonly message: string };

export type FromWorker =
  /** The worker's device as the page's GPU panel shows it: acquired or failed, and the kernel self-check's outcome ('device-lost' says when it is lost). */
  | { readonly type: 'gpu-status'; readonly status: GpuStatus }
  | { readonly type: 'runner'; readonly event: PortableRunnerEvent }
  | { readonly type: 'engine'; readonly label: string; readonly kind: 'webgpu' | 'cpu'; readonly note: string | null }
  | { readonly type: 'train-data'; readonly x: number[][]; readonly y: number[] }
  /** A landscape asked for could not be drawn (no run yet, or it failed); the run itself is unaffected. */
  | { readonly type: 'landscape-failed'; readonly message: string }
  | { readonly type: 'params'; readonly step: number; readonly values: number[] }
  /** How many GPU pipelines the worker's device has built, after its warm-up and after each run (diagnostics). */
  | { readonly type: 'pipelines'; readonly after: 'warm-up' | 'run'; readonly count: number }
  /** Answer to a busy 'ui-busy' with this id: nothing computes now until the page is done drawing. */
  | { readonly type: 'quiet'; readonly id: number }
  | { readonly type: 'exact'; readonly step: number; readonly values: number[]; readonly matrix?: Float64Array; readonly size: number }
  | {
      readonly type: 'device-lost';
      readonly step: number;
      readonly message: string;
      /** Parameters after `step`, kept on the CPU so the run can continue on a new device. */
      readonly params: number[] | null;
    };
