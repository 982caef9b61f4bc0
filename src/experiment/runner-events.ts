/** What a run reports while it runs: one event stream for the UI store and the CLI's progress lines. */
import type { EngineInfo } from './engine-factory.ts';
import type { LandscapePhase, LandscapeResult } from './landscape.ts';
import type { ProbeQuantity } from './probes.ts';
import type { ExperimentResult, HistoryEntry, ProbeResult } from './result.ts';
import type { ChangeSpec, ExperimentSpec } from './spec.ts';

export interface StartEvent {
  readonly type: 'start';
  readonly spec: ExperimentSpec;
  readonly engine: EngineInfo;
  readonly parameterCount: number;
  readonly trainSamples: number;
  readonly testSamples: number;
  /** The first step of this run (0 unless started from saved parameters). */
  readonly startStep: number;
  readonly steps: number;
  /** Things the user should know about how the spec is run (spec warnings included). */
  readonly notes: readonly string[];
}

/** The state after `step` updates (step 0 is the initial point); test numbers at the probe cadence. */
export type StepEvent = { readonly type: 'step' } & HistoryEntry;

export interface ProbeProgressEvent {
  readonly type: 'probe-progress';
  readonly step: number;
  readonly what: ProbeQuantity;
  readonly done: number;
  readonly total: number;
}

export interface ProbeEvent {
  readonly type: 'probe';
  readonly result: ProbeResult;
}

/**
 * A probe still running: the quantities done so far (eigenvalues, then the density from the first
 * `density.done` of its `density.total` SLQ probes). The 'probe' event with the whole result follows.
 */
export interface ProbePartialEvent {
  readonly type: 'probe-partial';
  readonly result: ProbeResult;
  readonly density: { readonly done: number; readonly total: number } | null;
}

/** Progress of a landscape being drawn at `step`: its directions (Hessian Lanczos steps), then its grid points. */
export interface LandscapeProgressEvent {
  readonly type: 'landscape-progress';
  readonly step: number;
  readonly phase: LandscapePhase;
  readonly done: number;
  readonly total: number;
}

export interface LandscapeEvent {
  readonly type: 'landscape';
  readonly result: LandscapeResult;
}

/** A `changes` entry took effect: from this step on, training and probes use its settings. */
export interface ChangeEvent {
  readonly type: 'change';
  readonly step: number;
  readonly change: ChangeSpec;
}

/** A race (spec.race): racer `racer` reached `entry.step`; racers take turns, one update each per round. */
export interface RaceStepEvent {
  readonly type: 'race-step';
  readonly racer: number;
  readonly entry: HistoryEntry;
}

/** The loss became NaN/∞ (or exploded); the run stops and `done` follows with the partial result. */
export interface DivergedEvent {
  readonly type: 'diverged';
  readonly step: number;
  readonly message: string;
}

export interface DoneEvent {
  readonly type: 'done';
  readonly result: ExperimentResult;
}

export interface CancelledEvent {
  readonly type: 'cancelled';
  /** The last step whose state was reported. */
  readonly step: number;
}

export interface ErrorEvent {
  readonly type: 'error';
  readonly message: string;
  /** The original error, for developer tools; not for display. */
  readonly cause?: unknown;
}

export type RunnerEvent =
  | StartEvent
  | StepEvent
  | RaceStepEvent
  | ProbeProgressEvent
  | ProbeEvent
  | ProbePartialEvent
  | LandscapeProgressEvent
  | LandscapeEvent
  | ChangeEvent
  | DivergedEvent
  | DoneEvent
  | CancelledEvent
  | ErrorEvent;
