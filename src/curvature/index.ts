/** Curvature algorithms on any symmetric linear operator (GPU f32 or CPU float64 vectors). */
export type { LinearOperator, VectorBackend } from './operator.ts';
export { isAbortError, throwIfAborted, type RunControl } from './progress.ts';
export {
  powerIteration,
  POWER_ITERATION_DEFAULTS,
  type PowerIterationOptions,
  type PowerIterationResult,
} from './power-iteration.ts';
export {
  bottomK,
  lanczos,
  LANCZOS_DEFAULTS,
  topK,
  type LanczosOptions,
  type LanczosResult,
  type RitzEstimates,
  type RitzVectors,
} from './lanczos.ts';
export {
  densityFromQuadrature,
  DENSITY_FLOOR,
  SLQ_DEFAULTS,
  stochasticLanczosQuadrature,
  type SlqOptions,
  type SpectralDensity,
} from './slq.ts';
export {
  DIAGONAL_DEFAULTS,
  hutchinsonDiagonal,
  hutchinsonTrace,
  TRACE_DEFAULTS,
  type DiagonalEstimate,
  type DiagonalOptions,
  type TraceEstimate,
  type TraceMethod,
  type TraceOptions,
} from './hutchinson.ts';
export {
  denseMatrixOf,
  exactSpectrum,
  MAX_DENSE_PARAMETERS,
  type ExactSpectrum,
  type ExactSpectrumOptions,
} from './exact-spectrum.ts';
