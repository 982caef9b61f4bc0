/**
 * Demo 4, batch size and curvature (Granziol, Zohren, Roberts 2022): the Hessian of the loss on a
 * mini-batch of b samples has a larger top eigenvalue than the full-batch Hessian, by an excess
 * that shrinks like 1/b. Every variant trains the same network (same spec but for probes.samples)
 * and probes its Hessian once, at the end, on the first b samples of one seeded permutation.
 */
import type { ExperimentResult } from '../experiment/result.ts';
import { excessExponent, fitInverseBatch } from './analysis/inverse-batch-fit.ts';
import { hessianTopEigenvalue, meanSubsetTopEigenvalue, randomSubsets } from './analysis/minibatch-sharpness.ts';
import { problemFromResult } from './analysis/result-problem.ts';
import type { Demo, DemoAnalysis, DemoFinding, DemoSeries } from './demo.ts';

const STEPS = 50;
const SAMPLES = 256;
/** Batch sizes probed; null is the full batch (all SAMPLES), the reference every other is compared with. */
const BATCH_SIZES: readonly (number | null)[] = [8, 16, 32, 64, 128, null];
/** Subsets per batch size for the float64 average: one draw of a random matrix's top eigenvalue is noisy. */
const SUBSETS = 8;
const SUBSET_SEED = 7;
const LANCZOS_STEPS = 20;

function batchSpec(samples: number | null) {
  return {
    seed: 1,
    model: { layers: [10, 16, 1], activation: 'tanh' },
    loss: 'mse',
    data: { name: 'teacher', n: SAMPLES, inputDim: 10, noise: 0.1, testFraction: 0 },
    train: { optimizer: 'gd', lr: 0.3, steps: STEPS },
    // Probes only at the last step (a change turns them on), on b samples.
    probes: { every: STEPS, samples, eigenvalues: null, trace: null, density: null },
    changes: [{ step: STEPS, probes: { eigenvalues: { k: 1, steps: LANCZOS_STEPS } } }],
  };
}

function probedTop(result: ExperimentResult): number {
  const value = result.probes.at(-1)?.eigenvalues[0];
  if (value === undefined) throw new Error('batch-size-curvature: a variant has no final eigenvalue probe');
  return value;
}

function maxAbsDifference(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

async function analyze(results: readonly ExperimentResult[]): Promise<DemoAnalysis> {
  const fullIndex = results.findIndex((r) => r.spec.probes.samples === null);
  if (fullIndex < 0) throw new Error('batch-size-curvature: no full-batch variant');
  const full = results[fullIndex]!;
  const batches = results.filter((_, i) => i !== fullIndex);
  const sizes = batches.map((r) => r.spec.probes.samples!);
  const n = full.data.x.length;
  const lambdaFull = probedTop(full);
  const probed = batches.map(probedTop);

  // Float64 averages over several subsets per b, at the full-batch variant's parameters and data.
  const problem = problemFromResult(full);
  const theta = full.params.values;
  const lambdaFull64 = await hessianTopEigenvalue(problem, theta, undefined, { steps: LANCZOS_STEPS });
  const averaged: number[] = [];
  for (const b of sizes) averaged.push((await meanSubsetTopEigenvalue(problem, theta, randomSubsets(n, b, SUBSETS, SUBSET_SEED), { steps: LANCZOS_STEPS })).mean);

  const fit = fitInverseBatch(sizes, averaged, lambdaFull64, n);
  const exponent = excessExponent(sizes, averaged, lambdaFull64);
  const rises = averaged.slice(1).filter((v, i) => v > averaged[i]!).length;
  const criticalBatch = fit.c / lambdaFull64;
  const sameNetwork = Math.max(...batches.map((r) => maxAbsDifference(r.params.values, theta)));

  const findings: DemoFinding[] = [
    { id: 'lambdaFull', label: 'full-batch λmax (the probe)', value: lambdaFull },
    { id: 'lambdaFull64', label: 'full-batch λmax (float64)', value: lambdaFull64, expected: '≈ the probe (f32 vs float64)' },
    { id: 'sameNetwork', label: 'largest |θ difference| between the variants’ trained networks', value: sameNetwork, expected: '≈ 0 (one network, probed on different samples)' },
  ];
  sizes.forEach((b, i) => {
    findings.push({ id: `probeRatio.${b}`, label: `b = ${b}: probe λmax(b) / λmax(full), one subset`, value: probed[i]! / lambdaFull, expected: '> 1' });
    findings.push({ id: `meanRatio.${b}`, label: `b = ${b}: mean λmax(b) / λmax(full) over ${SUBSETS} subsets (float64)`, value: averaged[i]! / lambdaFull64, expected: '> 1, falling toward 1 as b grows' });
  });
  const smallest = averaged[0]! / lambdaFull64;
  const largest = averaged.at(-1)! / lambdaFull64;
  findings.push(
    { id: 'smallestBatchRatio', label: `b = ${sizes[0]}: mean λmax(b) / λmax(full)`, value: smallest, expected: '> 1.5' },
    { id: 'largestBatchRatio', label: `b = ${sizes.at(-1)}: mean λmax(b) / λmax(full)`, value: largest, expected: '< 1.15' },
    { id: 'meanRises', label: 'times the mean λmax(b) went up from one b to the next', value: rises, expected: '0 (decreasing in b)' },
    { id: 'fitC', label: 'fit λmax(b) ≈ λfull + c·(1/b − 1/n): c', value: fit.c, expected: '> 0' },
    { id: 'fitR2', label: 'fit λmax(b) ≈ λfull + c·(1/b − 1/n): R²', value: fit.r2, expected: '≈ 1' },
    { id: 'excessExponent', label: 'slope of log(λmax(b) − λfull) against log b', value: exponent, expected: '≈ −1 (excess ∝ 1/b)' },
    {
      id: 'criticalBatch',
      label: 'b* = c / λfull: below it the batch noise dominates λmax(b), so the largest stable SGD step 2/λmax(b) grows ∝ b (linear rule)',
      value: criticalBatch,
    },
    {
      id: 'sgdStepGrowth',
      label: `largest stable SGD step 2/λmax(b) from b = ${sizes[0]} to b = ${sizes[1]} (×)`,
      value: averaged[0]! / averaged[1]!,
      expected: `between 1 (when b ≫ b*: saturated) and ${sizes[1]! / sizes[0]!} (when b ≪ b*: the linear rule)`,
    },
  );

  const bAxis = [...sizes, n];
  const lambdaCharts: DemoSeries[] = [
    { name: `λmax(b), mean of ${SUBSETS} subsets (float64)`, x: bAxis, y: [...averaged, lambdaFull64], mode: 'lines+markers' },
    { name: 'λmax(b), probe (one subset)', x: bAxis, y: [...probed, lambdaFull], mode: 'markers' },
    { name: 'fit λfull + c(1/b − 1/n)', x: bAxis, y: bAxis.map((b) => lambdaFull64 + fit.c * (1 / b - 1 / n)), mode: 'lines', dash: 'dot' },
    { name: 'full batch', x: [bAxis[0]!, n], y: [lambdaFull64, lambdaFull64], mode: 'lines', dash: 'dash' },
  ];
  const step0 = 2 / averaged[0]!;
  const stepCharts: DemoSeries[] = [
    { name: '2 / λmax(b): largest stable SGD step', x: bAxis, y: [...averaged, lambdaFull64].map((l) => 2 / l), mode: 'lines+markers' },
    { name: 'linear rule η ∝ b (SGD)', x: bAxis, y: bAxis.map((b) => (step0 * b) / sizes[0]!), mode: 'lines', dash: 'dash' },
    { name: 'square-root rule η ∝ √b (Adam)', x: bAxis, y: bAxis.map((b) => step0 * Math.sqrt(b / sizes[0]!)), mode: 'lines', dash: 'dot' },
  ];
  return {
    findings,
    charts: [
      { id: 'lambda', title: 'Top eigenvalue of the mini-batch Hessian', xTitle: 'batch size b', yTitle: 'λmax', xLog: true, series: lambdaCharts },
      { id: 'step', title: 'Largest stable SGD step, with the scaling rules', xTitle: 'batch size b', yTitle: 'η', xLog: true, yLog: true, series: stepCharts },
    ],
    verdict:
      `The mini-batch λmax is ${smallest.toFixed(2)}× the full-batch value at b = ${sizes[0]} and ${largest.toFixed(2)}× at b = ${sizes.at(-1)} ` +
      `(${SUBSETS}-subset means, ${rises === 0 ? 'decreasing at every step' : `${rises} rise(s)`}); ` +
      `λfull + c(1/b − 1/n) fits with c = ${fit.c.toFixed(1)}, R² = ${fit.r2.toFixed(2)}, excess ∝ b^${exponent.toFixed(2)}; noise dominates below b* ≈ ${criticalBatch.toFixed(0)}.`,
  };
}

export const batchSizeCurvature: Demo = {
  id: 'batch-size-curvature',
  title: 'Batch size and curvature',
  summary: 'A mini-batch Hessian looks sharper than the full one: λmax(b) − λfull shrinks like 1/b.',
  paper:
    'Granziol, Zohren, Roberts (2022), Learning Rates as a Function of Batch Size: A Random Matrix Theory Approach to Neural Network Training, Journal of Machine Learning Research 23.',
  look:
    'The first chart: the top eigenvalue of the Hessian on b samples against b (log axis). Small batches sit well above the dashed full-batch line; ' +
    'as b grows the points fall toward it, along the dotted fit λfull + c(1/b − 1/n). The markers are the probes themselves (one subset each, f32 on WebGPU), ' +
    'the line is the mean over 8 subsets in float64. The second chart turns λmax(b) into the largest stable SGD step 2/λmax(b), next to the linear and square-root rules.',
  meaning:
    'A mini-batch Hessian is the full Hessian plus a random matrix whose variance falls with the batch, like (1/b − 1/n). Random matrix theory (a spiked model with P ' +
    'parameters and noise scale σ) puts the top eigenvalue of such a sum at about λ + Pσ²/(bλ) when the full-batch outlier λ stands clear of the noise, and at the edge ' +
    'of the noise’s own spectrum, ∝ 1/√b, when it does not: above λ either way, and falling toward it as b grows. ' +
    'Steps are taken on mini-batches, so the curvature that limits the step is λmax(b). With λmax(b) ≈ λfull + c/b the largest stable SGD step is ' +
    '2/λmax(b) = (2/λfull)·b/(b + b*), b* = c/λfull: in proportion to b while b ≪ b* (the linear scaling rule), saturating at 2/λfull for b ≫ b*, where larger batches ' +
    'stop buying larger steps. For Adam, whose step is rescaled by its own mini-batch statistics, the paper derives that the learning rate should grow like √b instead. ' +
    'This demo measures the curvature, not the optimizers: the rules are drawn as reference lines. At batches far below b* the theory expects the excess to grow only like 1/√b.',
  variants: BATCH_SIZES.map((b) => ({ label: b === null ? `full batch (${SAMPLES})` : `b = ${b}`, spec: batchSpec(b) })),
  analyze,
  thumbnail: {
    lines: [
      { points: [[0.05, 0.9], [0.2, 0.62], [0.4, 0.42], [0.6, 0.32], [0.8, 0.27], [0.95, 0.25]] },
      { points: [[0, 0.24], [1, 0.24]], dash: true },
    ],
  },
};
