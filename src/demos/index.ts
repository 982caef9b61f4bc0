/** Every demo of the gallery, in the gallery's order. */
import type { Demo } from './demo.ts';
import { edgeOfStability } from './edge-of-stability.ts';
import { sgdStability } from './sgd-stability.ts';
import { bulkAndOutliers } from './bulk-and-outliers.ts';
import { batchSizeCurvature } from './batch-size-curvature.ts';
import { lanczosReorthogonalization } from './lanczos-reorthogonalization.ts';
import { landscapeDirections } from './landscape-directions.ts';
import { rosenbrockRace } from './rosenbrock-race.ts';
import { approximateNewton } from './approximate-newton.ts';
import { hawq } from './hawq.ts';
import { sophiaVsAdam } from './sophia-vs-adam.ts';
import { momentum } from './momentum.ts';
import { cboRastrigin } from './cbo-rastrigin.ts';
import { mfac } from './mfac.ts';
import { sharpnessGeneralization } from './sharpness-generalization.ts';

export const DEMOS: readonly Demo[] = [
  edgeOfStability,
  sgdStability,
  bulkAndOutliers,
  batchSizeCurvature,
  lanczosReorthogonalization,
  landscapeDirections,
  rosenbrockRace,
  approximateNewton,
  hawq,
  sophiaVsAdam,
  momentum,
  cboRastrigin,
  mfac,
  sharpnessGeneralization,
];

export function demoById(id: string): Demo | undefined {
  return DEMOS.find((d) => d.id === id);
}
