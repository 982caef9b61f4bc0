/**
 * Hutchinson estimators with Rademacher probes: tr(A) ≈ mean zᵀAz (in total and per parameter
 * segment, from the same products), Hutch++ (Meyer, Musco, Musco & Woodruff 2021), and diag(A) ≈
 * mean z ⊙ Az.
 */
import type { LinearOperator } from './operator.ts';
import { throwIfAborted, type RunControl } from './progress.ts';

export type TraceMethod = 'hutchinson' | 'hutch++';

export interface TraceOptions extends RunControl {
  /** Default 'hutchinson'. */
  method?: TraceMethod;
  /** Probes before the stopping rule is consulted; default 10. */
  minSamples?: number;
  /** Probes at most; default 100. */
  maxSamples?: number;
  /** Stop once standardError ≤ tolerance·|trace|; default 1e-2; 0 runs all maxSamples. */
  tolerance?: number;
  /** Probe i is the Rademacher stream (seed, i). */
  seed?: number;
  /**
   * Offsets [0, o_1, ..., size] of consecutive parameter segments (layers); their traces come from
   * the same products as the total, at no extra operator applications.
   */
  segments?: readonly number[];
  /** Hutch++: number of sketch columns (each costs two applications); default 10. */
  sketchSize?: number;
}

export interface TraceEstimate {
  method: TraceMethod;
  trace: number;
  /** Sample standard deviation / √samples of the stochastic part; NaN with fewer than 2 samples. */
  standardError: number;
  samples: number;
  /** Operator applications spent, sketch included: the cost to compare estimators by. */
  matvecs: number;
  /** Whether the tolerance was met (false if maxSamples ran out first). */
  converged: boolean;
  /** Per segment, when segments were given. */
  segmentTraces?: Float64Array;
  segmentStandardErrors?: Float64Array;
  /** Hutch++: rank of the sketched range Q whose trace part is computed exactly. */
  sketchRank?: number;
}

export interface DiagonalOptions extends RunControl {
  /** Default 100. */
  samples?: number;
  seed?: number;
}

export interface DiagonalEstimate {
  diagonal: Float64Array;
  /** Per entry: sample std of z_i (Az)_i / √samples; NaN with fewer than 2 samples. */
  standardErrors: Float64Array;
  samples: number;
}

export const TRACE_DEFAULTS = Object.freeze({
  method: 'hutchinson',
  minSamples: 10,
  maxSamples: 100,
  tolerance: 1e-2,
  seed: 0,
  sketchSize: 10,
} as const);

export const DIAGONAL_DEFAULTS = Object.freeze({ samples: 100, seed: 0 } as const);

/** The Hutch++ sketch draws streams far from the probes' 0, 1, 2, ... so that the two never coincide. */
const SKETCH_STREAM_BASE = 0x40000000;

/** Below this fraction of its norm, a sketch column is taken to lie in the span of the others. */
const RANK_TOLERANCE = 1e-10;

function checkSegments(segments: readonly number[], size: number): void {
  const ok =
    segments.length >= 2 &&
    segments[0] === 0 &&
    segments[segments.length - 1] === size &&
    segments.every((o, i) => Number.isInteger(o) && (i === 0 || o >= segments[i - 1]!));
  if (!ok) {
    throw new Error(
      `hutchinson: segments must be nondecreasing offsets from 0 to the size ${size}, got [${segments.join(', ')}]`,
    );
  }
}

/** Running mean and sum of squared deviations (Welford), one slot per segment plus the total. */
class RunningMoments {
  readonly mean: Float64Array;
  readonly m2: Float64Array;
  count = 0;

  constructor(slots: number) {
    this.mean = new Float64Array(slots);
    this.m2 = new Float64Array(slots);
  }

  add(x: ArrayLike<number>): void {
    this.count++;
    for (let i = 0; i < this.mean.length; i++) {
      const delta = x[i]! - this.mean[i]!;
      this.mean[i] = this.mean[i]! + delta / this.count;
      this.m2[i] = this.m2[i]! + delta * (x[i]! - this.mean[i]!);
    }
  }

  standardError(i: number): number {
    if (this.count < 2) return NaN;
    return Math.sqrt(this.m2[i]! / (this.count - 1) / this.count);
  }
}

export async function hutchinsonTrace<V>(
  operator: LinearOperator<V>,
  options: TraceOptions = {},
): Promise<TraceEstimate> {
  const backend = operator.backend;
  const method = options.method ?? TRACE_DEFAULTS.method;
  const maxSamples = options.maxSamples ?? TRACE_DEFAULTS.maxSamples;
  const minSamples = Math.min(options.minSamples ?? TRACE_DEFAULTS.minSamples, maxSamples);
  const tolerance = options.tolerance ?? TRACE_DEFAULTS.tolerance;
  const seed = options.seed ?? TRACE_DEFAULTS.seed;
  const sketchSize = method === 'hutch++' ? (options.sketchSize ?? TRACE_DEFAULTS.sketchSize) : 0;
  const { onProgress, signal, segments } = options;
  if (!Number.isInteger(maxSamples) || maxSamples < 1) {
    throw new Error(`hutchinson: maxSamples must be a positive integer, got ${maxSamples}`);
  }
  if (method !== 'hutchinson' && method !== 'hutch++') throw new Error(`hutchinson: unknown method ${String(method)}`);
  if (segments !== undefined) checkSegments(segments, backend.size);
  const segmentCount = segments === undefined ? 0 : segments.length - 1;
  // Slot 0 holds the total; slots 1.. the segments.
  const slots = 1 + segmentCount;
  const totalWork = 2 * sketchSize + maxSamples;

  const basis: V[] = [];
  const scratch: V[] = [];
  const exact = new Float64Array(slots);
  const moments = new RunningMoments(slots);
  let matvecs = 0;

  const quadratic = async (x: V, ax: V): Promise<Float64Array> => {
    if (segments === undefined) return Float64Array.of(await backend.dot(x, ax));
    const parts = await backend.dotSegments(x, ax, segments);
    const out = new Float64Array(slots);
    for (let s = 0; s < segmentCount; s++) {
      out[s + 1] = parts[s]!;
      out[0] = out[0]! + parts[s]!;
    }
    return out;
  };
  const project = async (v: V, passes: number): Promise<void> => {
    for (let pass = 0; pass < passes && basis.length > 0; pass++) {
      backend.subtractCombination(basis, await backend.dots(basis, v), v);
    }
  };

  const z = backend.create();
  const az = backend.create();
  try {
    if (sketchSize > 0) {
      // Q = orth(A S): the dominant part of the range, whose trace tr(QᵀAQ) is taken exactly.
      for (let i = 0; i < Math.min(sketchSize, backend.size); i++) {
        throwIfAborted(signal);
        const y = backend.create();
        scratch.push(y);
        backend.fill(z, 'rademacher', seed, SKETCH_STREAM_BASE + i);
        await operator.apply(z, y);
        matvecs++;
        onProgress?.(matvecs, totalWork);
      }
      while (scratch.length > 0) {
        // y stays in scratch (freed by the finally below on an error) until it is kept or dropped.
        const y = scratch[0]!;
        const before = Math.sqrt(await backend.dot(y, y));
        await project(y, 2);
        const after = Math.sqrt(await backend.dot(y, y));
        scratch.shift();
        if (!(after > RANK_TOLERANCE * before)) {
          backend.free(y);
          continue;
        }
        backend.scale(1 / after, y);
        basis.push(y);
      }
      for (const q of basis) {
        throwIfAborted(signal);
        await operator.apply(q, az);
        matvecs++;
        const part = await quadratic(q, az);
        for (let s = 0; s < slots; s++) exact[s] = exact[s]! + part[s]!;
        onProgress?.(matvecs, totalWork);
      }
    }

    let converged = false;
    for (let i = 0; i < maxSamples; i++) {
      throwIfAborted(signal);
      backend.fill(z, 'rademacher', seed, i);
      // Hutch++ probes the deflated operator: (I−QQᵀ)z is the probe, and
      // E[zᵀ(I−QQᵀ)A(I−QQᵀ)z] = tr(A) − tr(QᵀAQ) (blockwise too, since (I−QQᵀ) is a projector).
      await project(z, 1);
      await operator.apply(z, az);
      matvecs++;
      moments.add(await quadratic(z, az));
      onProgress?.(matvecs, totalWork);
      if (moments.count >= Math.max(minSamples, 2) && tolerance > 0) {
        const trace = exact[0]! + moments.mean[0]!;
        if (moments.standardError(0) <= tolerance * Math.abs(trace)) {
          converged = true;
          break;
        }
      }
    }

    const result: TraceEstimate = {
      method,
      trace: exact[0]! + moments.mean[0]!,
      standardError: moments.standardError(0),
      samples: moments.count,
      matvecs,
      converged,
    };
    if (segmentCount > 0) {
      result.segmentTraces = Float64Array.from({ length: segmentCount }, (_, s) => exact[s + 1]! + moments.mean[s + 1]!);
      result.segmentStandardErrors = Float64Array.from({ length: segmentCount }, (_, s) => moments.standardError(s + 1));
    }
    if (method === 'hutch++') result.sketchRank = basis.length;
    return result;
  } finally {
    backend.free(z);
    backend.free(az);
    for (const v of basis) backend.free(v);
    for (const v of scratch) backend.free(v);
  }
}

/**
 * diag(A) ≈ mean of z ⊙ Az. The backends have no elementwise product, so z and Az are read back and
 * multiplied here in float64; the result is a per-parameter vector on the CPU anyway.
 */
export async function hutchinsonDiagonal<V>(
  operator: LinearOperator<V>,
  options: DiagonalOptions = {},
): Promise<DiagonalEstimate> {
  const backend = operator.backend;
  const samples = options.samples ?? DIAGONAL_DEFAULTS.samples;
  const seed = options.seed ?? DIAGONAL_DEFAULTS.seed;
  const { onProgress, signal } = options;
  if (!Number.isInteger(samples) || samples < 1) {
    throw new Error(`hutchinsonDiagonal: samples must be a positive integer, got ${samples}`);
  }
  const n = backend.size;
  const sum = new Float64Array(n);
  const sumSquares = new Float64Array(n);
  const z = backend.create();
  const az = backend.create();
  try {
    for (let i = 0; i < samples; i++) {
      throwIfAborted(signal);
      backend.fill(z, 'rademacher', seed, i);
      await operator.apply(z, az);
      const [zr, ar] = await Promise.all([backend.read(z), backend.read(az)]);
      for (let j = 0; j < n; j++) {
        const x = zr[j]! * ar[j]!;
        sum[j] = sum[j]! + x;
        sumSquares[j] = sumSquares[j]! + x * x;
      }
      onProgress?.(i + 1, samples);
    }
  } finally {
    backend.free(z);
    backend.free(az);
  }
  const diagonal = new Float64Array(n);
  const standardErrors = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const mean = sum[j]! / samples;
    diagonal[j] = mean;
    standardErrors[j] =
      samples < 2 ? NaN : Math.sqrt(Math.max(0, (sumSquares[j]! - samples * mean * mean) / (samples - 1)) / samples);
  }
  return { diagonal, standardErrors, samples };
}
