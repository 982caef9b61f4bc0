/**
 * A finished run's model and samples as a float64 problem (src/math/mlp.ts), so an analysis can
 * evaluate the loss or Hessian-vector products at any parameters on exactly the data the run
 * probed (result.data: the samples as the model saw them).
 */
import type { Dataset } from '../../data/dataset.ts';
import type { ExperimentResult } from '../../experiment/result.ts';
import type { MlpProblem } from '../../math/mlp.ts';

export function datasetFromResult(result: Pick<ExperimentResult, 'data'>, name = 'result'): Dataset {
  const { x, y } = result.data;
  const n = x.length;
  const inputDim = n > 0 ? x[0]!.length : 0;
  const first = y[0];
  const targetDim = Array.isArray(first) ? first.length : 1;
  const flatX = new Float32Array(n * inputDim);
  x.forEach((row, i) => flatX.set(row, i * inputDim));
  const flatY = new Float32Array(n * targetDim);
  y.forEach((label, i) => {
    if (Array.isArray(label)) flatY.set(label, i * targetDim);
    else flatY[i] = label;
  });
  return { name, n, inputDim, x: flatX, y: flatY, targetDim };
}

export function problemFromResult(result: Pick<ExperimentResult, 'data' | 'spec'>): MlpProblem {
  const { model, loss } = result.spec;
  return { arch: { layers: model.layers, activation: model.activation }, loss, data: datasetFromResult(result) };
}
