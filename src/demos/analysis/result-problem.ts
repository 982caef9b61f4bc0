/**
 * A finished run's model and samples as a float64 problem (src/math/mlp.ts), so an analysis can
 * evaluate the loss or Hessian-vector products at any parameters on exactly the data the run
 * probed (result.data: the samples as the model saw them).
 */
import { datasetFromResult, type ExperimentResult } from '../../experiment/result.ts';
import type { MlpProblem } from '../../math/mlp.ts';

export function problemFromResult(result: Pick<ExperimentResult, 'data' | 'spec'>): MlpProblem {
  const { model, loss } = result.spec;
  return { arch: { layers: model.layers, activation: model.activation }, loss, data: datasetFromResult(result) };
}
