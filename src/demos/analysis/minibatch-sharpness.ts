/**
 * The top eigenvalue of the Hessian of the mean loss over a subset of the samples (a mini-batch
 * Hessian), in float64 on the CPU, and seeded random subsets to average it over. One subset per
 * batch size (what a probe with probes.samples = b measures) is a single draw of a random
 * quantity; the mean over several draws is what a batch-size law describes.
 */
import { lanczos, topK } from '../../curvature/index.ts';
import type { LinearOperator } from '../../curvature/operator.ts';
import { Float64Backend } from '../../math/cpu-backend.ts';
import { hessianVectorProduct, type MlpProblem } from '../../math/mlp.ts';
import { CounterRng } from '../../math/rng.ts';

/** `count` subsets of `size` distinct indices from 0..n−1, sorted; subset r is a prefix of the permutation of stream r. */
export function randomSubsets(n: number, size: number, count: number, seed: number): Uint32Array[] {
  if (!(Number.isInteger(size) && size >= 1 && size <= n)) throw new Error(`randomSubsets: size must be from 1 to ${n}, got ${size}`);
  return Array.from({ length: count }, (_, r) => new CounterRng(seed, r).permutation(n).slice(0, size).sort());
}

function hessianOperator(problem: MlpProblem, theta: ArrayLike<number>, indices: ArrayLike<number> | undefined): LinearOperator<Float64Array> {
  const backend = new Float64Backend(theta.length);
  return {
    backend,
    apply: async (x, y) => void y.set(hessianVectorProduct(problem, theta, x, indices)),
  };
}

/** λmax of the Hessian of the mean loss over `indices` (all samples when undefined), by Lanczos with reorthogonalization. */
export async function hessianTopEigenvalue(
  problem: MlpProblem,
  theta: ArrayLike<number>,
  indices: ArrayLike<number> | undefined,
  options: { steps?: number; seed?: number } = {},
): Promise<number> {
  const run = await lanczos(hessianOperator(problem, theta, indices), { steps: options.steps ?? 30, seed: options.seed ?? 1, reorthogonalize: true });
  return topK(run, 1).values[0]!;
}

/** The mean over `subsets` of the mini-batch Hessian's λmax, with the values themselves. */
export async function meanSubsetTopEigenvalue(
  problem: MlpProblem,
  theta: ArrayLike<number>,
  subsets: readonly Uint32Array[],
  options: { steps?: number; seed?: number } = {},
): Promise<{ mean: number; values: number[] }> {
  const values: number[] = [];
  for (const subset of subsets) values.push(await hessianTopEigenvalue(problem, theta, subset, options));
  return { mean: values.reduce((a, b) => a + b, 0) / values.length, values };
}
