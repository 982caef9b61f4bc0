/**
 * Demo 9, Hessian-aware mixed precision (HAWQ, HAWQ-V2): a small MNIST MLP is trained near a
 * minimum; each layer's weights are quantized to 2, 4 or 8 bits, and every assignment of bits to
 * layers is scored by the second-order sensitivity Ω = Σᵢ Tr(Hᵢ)/nᵢ · ‖Q(Wᵢ) − Wᵢ‖². The Pareto
 * frontier of size against Ω is checked against the loss the quantized models really have, and
 * the trace-based choice is compared with one built on each layer's top eigenvalue (HAWQ-V1).
 */
import type { ExperimentResult } from '../experiment/result.ts';
import { evaluate, hessianVectorProduct, type MlpProblem } from '../math/mlp.ts';
import { fillRandom } from '../math/rng.ts';
import { parameterLayout, type ParamBlock } from '../models/mlp.ts';
import { allBitAssignments } from './analysis/bit-assignments.ts';
import { blockTopEigenvalue } from './analysis/block-power-iteration.ts';
import { bestWithinBudget, paretoFrontier, type CostValue } from './analysis/pareto-frontier.ts';
import { quantizePerRow, squaredDistance } from './analysis/quantization.ts';
import { spearman } from './analysis/rank-correlation.ts';
import { problemFromResult } from './analysis/result-problem.ts';
import type { Demo, DemoAnalysis, DemoFinding } from './demo.ts';

const BIT_CHOICES = [2, 4, 8] as const;
/** The log-scale chart's floor: 8-bit rounding can even lower the loss a little. */
const FLOOR = 1e-6;
const STEPS = 60;
/** Power iterations per layer block for HAWQ-V1's top eigenvalue; each is one float64 Hessian-vector product. */
const POWER_ITERATIONS = 10;

const hawqSpec = {
  seed: 1,
  model: { layers: [196, 16, 16, 10], activation: 'tanh' },
  loss: 'cross-entropy',
  data: { name: 'mnist', n: 300, downsample: true, testFraction: 0 },
  train: { optimizer: 'adam', lr: 0.015, steps: STEPS },
  // Probes only at the end (a change switches them on there): the per-layer traces of the trained model.
  probes: { every: STEPS, eigenvalues: null, trace: null, density: null },
  changes: [{ step: STEPS, probes: { trace: { samples: 12, tolerance: 0, perLayer: true } } }],
};

interface Layer {
  readonly weights: ParamBlock;
  /** Tr(H) of the layer's block (weights and bias) / its number of parameters: the mean curvature per parameter. */
  readonly meanTrace: number;
  readonly trace: number;
  /** Top eigenvalue of the weight block's Hessian, divided by the block's size (HAWQ-V1's sensitivity). */
  readonly topEigenvalue: number;
  /** ‖Q_b(W) − W‖² for each entry of BIT_CHOICES. */
  readonly errors: readonly number[];
  readonly quantized: readonly Float64Array[];
}

interface Assignment {
  readonly bits: readonly number[];
  /** Index into BIT_CHOICES per layer. */
  readonly choices: readonly number[];
  /** Weight bits in all (biases stay in float). */
  readonly size: number;
  readonly omega: number;
  readonly omegaTopEigen: number;
  readonly loss: number;
}

function describeLayers(result: ExperimentResult, problem: MlpProblem): Layer[] {
  const probe = result.probes.at(-1);
  if (!probe || probe.layerTraces.length === 0) throw new Error('hawq: the run must probe per-layer traces at its last step');
  const theta = result.params.values;
  const blocks = parameterLayout(result.spec.model.layers);
  const multiply = (v: Float64Array) => hessianVectorProduct(problem, theta, v);
  return blocks
    .filter((b) => b.kind === 'weight')
    .map((weights) => {
      const bias = blocks.find((b) => b.kind === 'bias' && b.layer === weights.layer)!;
      const trace = probe.layerTraces.find((t) => t.layer === weights.layer + 1)!.estimate;
      const [rows, cols] = weights.shape as [number, number];
      const w = theta.slice(weights.offset, weights.offset + weights.size);
      const quantized = BIT_CHOICES.map((bits) => quantizePerRow(w, rows, cols, bits));
      const start = fillRandom('gaussian', 9, weights.layer, weights.size);
      const top = blockTopEigenvalue(multiply, theta.length, weights, start, POWER_ITERATIONS);
      return {
        weights,
        trace,
        meanTrace: trace / (weights.size + bias.size),
        topEigenvalue: top.eigenvalue / weights.size,
        errors: quantized.map((q) => squaredDistance(q, w)),
        quantized,
      };
    });
}

function quantizedParameters(theta: readonly number[], layers: readonly Layer[], choices: readonly number[]): Float64Array {
  const out = Float64Array.from(theta);
  layers.forEach((layer, i) => out.set(layer.quantized[choices[i]!]!, layer.weights.offset));
  return out;
}

function scoreAssignments(result: ExperimentResult, problem: MlpProblem, layers: readonly Layer[]): Assignment[] {
  const choiceIndices = BIT_CHOICES.map((_, k) => k);
  return allBitAssignments(layers.length, choiceIndices).map((choices) => {
    const bits = choices.map((k) => BIT_CHOICES[k]!);
    let size = 0;
    let omega = 0;
    let omegaTopEigen = 0;
    layers.forEach((layer, i) => {
      const error = layer.errors[choices[i]!]!;
      size += layer.weights.size * bits[i]!;
      omega += layer.meanTrace * error;
      omegaTopEigen += layer.topEigenvalue * error;
    });
    const loss = evaluate(problem, quantizedParameters(result.params.values, layers, choices)).loss;
    return { bits, choices, size, omega, omegaTopEigen, loss };
  });
}

function bitsLabel(bits: readonly number[]): string {
  return bits.join('/');
}

function analyze(results: readonly ExperimentResult[]): DemoAnalysis {
  const result = results[0]!;
  const problem = problemFromResult(result);
  const float = evaluate(problem, result.params.values);
  const layers = describeLayers(result, problem);
  const assignments = scoreAssignments(result, problem, layers);
  const byTrace: CostValue[] = assignments.map((a) => ({ cost: a.size, value: a.omega }));
  const byEigen: CostValue[] = assignments.map((a) => ({ cost: a.size, value: a.omegaTopEigen }));
  const frontier = paretoFrontier(byTrace).map((i) => assignments[i]!);
  const increase = (a: Assignment) => a.loss - float.loss;

  const findings: DemoFinding[] = [
    { id: 'floatLoss', label: 'training loss of the float model', value: float.loss },
    { id: 'floatAccuracy', label: 'training accuracy of the float model', value: float.accuracy },
  ];
  layers.forEach((layer, i) => {
    const name = layer.weights.name;
    findings.push({ id: `meanTrace.${i}`, label: `${name}: Tr(H)/n of the layer (probe)`, value: layer.meanTrace });
    findings.push({ id: `topEigenvaluePerParam.${i}`, label: `${name}: λmax(H_WW)/n_W (float64 power iteration)`, value: layer.topEigenvalue });
    BIT_CHOICES.forEach((bits, k) => {
      findings.push({ id: `quantError.${i}.${bits}`, label: `${name}: ‖Q(W) − W‖² at ${bits} bits`, value: layer.errors[k]! });
    });
  });
  const all = (bits: number) => assignments.find((a) => a.bits.every((b) => b === bits))!;
  const omegas = frontier.map((a) => a.omega);
  const monotone = omegas.every((o, i) => i === 0 || o <= omegas[i - 1]!);
  const frontierRho = spearman(omegas, frontier.map(increase));
  const allRho = spearman(assignments.map((a) => a.omega), assignments.map(increase));
  const eigenRho = spearman(assignments.map((a) => a.omegaTopEigen), assignments.map(increase));
  findings.push(
    { id: 'frontierPoints', label: 'points on the size–Ω Pareto frontier', value: frontier.length },
    { id: 'omegaMonotone', label: 'Ω non-increasing along the frontier as size grows', value: monotone, expected: 'true' },
    { id: 'all8Increase', label: 'loss increase, all layers 8-bit', value: increase(all(8)), expected: '≈ 0 (below 0.01)' },
    { id: 'all4Increase', label: 'loss increase, all layers 4-bit', value: increase(all(4)) },
    { id: 'all2Increase', label: 'loss increase, all layers 2-bit', value: increase(all(2)), expected: 'large (> 0.3)' },
    {
      id: 'secondOrderAll4',
      label: 'all layers 4-bit: predicted increase Ω/2 over the measured loss increase',
      value: all(4).omega / 2 / increase(all(4)),
      expected: '≈ 1 (within a factor 2.5): the second-order model holds where the error is small',
    },
    { id: 'spearmanFrontier', label: 'Spearman ρ of Ω and the loss increase over the frontier', value: frontierRho, expected: 'close to 1' },
    { id: 'spearmanAll', label: `Spearman ρ of Ω and the loss increase over all ${assignments.length} assignments`, value: allRho, expected: 'close to 1' },
    { id: 'spearmanAllTopEigen', label: 'the same for the top-eigenvalue score', value: eigenRho },
  );

  // Each distinct size is a budget: the best assignment within it by either score, and its real loss.
  const budgets = [...new Set(assignments.map((a) => a.size))].sort((a, b) => a - b);
  let traceBetter = 0;
  let eigenBetter = 0;
  let differ = 0;
  const traceChoiceLoss: number[] = [];
  const eigenChoiceLoss: number[] = [];
  for (const budget of budgets) {
    const t = assignments[bestWithinBudget(byTrace, budget)]!;
    const e = assignments[bestWithinBudget(byEigen, budget)]!;
    traceChoiceLoss.push(increase(t));
    eigenChoiceLoss.push(increase(e));
    if (t === e) continue;
    differ++;
    if (t.loss < e.loss) traceBetter++;
    else if (e.loss < t.loss) eigenBetter++;
  }
  findings.push(
    { id: 'budgets', label: 'size budgets compared (every distinct size)', value: budgets.length },
    { id: 'choicesDiffer', label: 'budgets where trace and top-eigenvalue scores choose differently', value: differ },
    { id: 'traceChoiceBetter', label: 'of those, budgets where the trace choice has the lower loss', value: traceBetter },
    { id: 'eigenChoiceBetter', label: 'of those, budgets where the top-eigenvalue choice has the lower loss', value: eigenBetter },
  );

  const kbit = (bits: number) => bits / 1000;
  const frontierLabel = frontier.map((a) => bitsLabel(a.bits)).join(', ');
  return {
    findings,
    charts: [
      {
        id: 'pareto',
        title: 'Size against Ω = Σ Tr(Hᵢ)/nᵢ·‖Q(Wᵢ) − Wᵢ‖² (all assignments; the frontier joined)',
        xTitle: 'weight size (kbit)',
        yTitle: 'Ω',
        yLog: true,
        series: [
          { name: 'all bit assignments', x: assignments.map((a) => kbit(a.size)), y: assignments.map((a) => a.omega), mode: 'markers' },
          { name: 'Pareto frontier', x: frontier.map((a) => kbit(a.size)), y: omegas, mode: 'lines+markers' },
        ],
      },
      {
        id: 'measured',
        title: 'Measured loss increase of the quantized model at each size budget (below 10⁻⁶ drawn at 10⁻⁶)',
        xTitle: 'weight size budget (kbit)',
        yTitle: 'loss − float loss',
        yLog: true,
        series: [
          { name: 'best by Ω (trace, HAWQ-V2)', x: budgets.map(kbit), y: traceChoiceLoss.map((v) => Math.max(v, FLOOR)), mode: 'lines+markers' },
          { name: 'best by top eigenvalue (HAWQ-V1 score)', x: budgets.map(kbit), y: eigenChoiceLoss.map((v) => Math.max(v, FLOOR)), mode: 'lines+markers', dash: 'dash' },
        ],
      },
    ],
    verdict:
      `Frontier (bits per layer ${frontierLabel}): Ω ${monotone ? 'falls' : 'does not fall'} monotonically as size grows; Spearman ρ(Ω, measured loss increase) = ` +
      `${frontierRho.toFixed(2)} on the frontier and ${allRho.toFixed(2)} over all ${assignments.length} assignments. All-8-bit costs ${increase(all(8)).toExponential(1)} in loss, ` +
      `all-2-bit ${increase(all(2)).toFixed(2)}. Trace and top-eigenvalue scores choose differently at ${differ} of ${budgets.length} budgets ` +
      `(trace better at ${traceBetter}, top eigenvalue better at ${eigenBetter}).`,
  };
}

export const hawq: Demo = {
  id: 'hawq',
  title: 'Hessian-aware mixed precision',
  summary: 'Per-layer Hessian traces rank how much quantizing each layer costs; the size–sensitivity Pareto frontier picks bits per layer.',
  paper:
    'Dong, Yao, Gholami, Mahoney, Keutzer (2019), HAWQ: Hessian AWare Quantization of Neural Networks with Mixed-Precision, ICCV; ' +
    'Dong, Yao, Arfeen, Gholami, Mahoney, Keutzer (2020), HAWQ-V2: Hessian Aware trace-Weighted Quantization of Neural Networks, NeurIPS.',
  look:
    'The Trace panel shows the per-layer Hessian traces. The first chart scores every assignment of 2, 4 or 8 bits to the three weight matrices by Ω and size; ' +
    'the frontier joins those no other assignment beats in both. The second chart shows the loss the quantized network really has at each size budget, ' +
    'for the assignment Ω picks and for the one the top eigenvalue picks; the findings give the rank correlation of Ω with that loss.',
  meaning:
    'Near a minimum the loss rises by about ½ΔWᵀHΔW when the weights move by the quantization error ΔW. With rounding errors spread over a layer, that is about ½·Tr(Hᵢ)/nᵢ·‖ΔWᵢ‖² per layer, ' +
    'so the trace per parameter, not the size of the layer, says where bits matter. HAWQ-V2 replaced HAWQ-V1\'s top eigenvalue by this average curvature and the manual choice by the Pareto frontier. ' +
    'On this small network the trace and the top-eigenvalue scores rank the assignments about equally well (which one wins changes with the seed); the papers showed the difference on large CNNs. ' +
    'Here weights are quantized per output row (uniform, symmetric, round to nearest); biases stay in float, as HAWQ keeps them in higher precision; size counts weight bits only. ' +
    'The model is a small tanh MLP on 300 downsampled digits, so the numbers illustrate the method, not the papers\' ImageNet results.',
  variants: [{ label: 'MNIST 14×14, 196–16–16–10', spec: hawqSpec }],
  analyze,
  thumbnail: {
    // The size–Ω frontier stepping down, and the measured loss increase following it (dashed).
    lines: [
      { points: [[0.05, 0.92], [0.2, 0.92], [0.2, 0.62], [0.4, 0.62], [0.4, 0.4], [0.6, 0.4], [0.6, 0.24], [0.8, 0.24], [0.8, 0.12], [0.95, 0.12]] },
      { points: [[0.1, 0.85], [0.3, 0.58], [0.5, 0.36], [0.7, 0.22], [0.9, 0.1]], dash: true },
    ],
  },
};
