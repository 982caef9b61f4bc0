/**
 * Demo 5, why Lanczos needs reorthogonalization (Paige 1971, 1976; Parlett & Scott 1979): the same
 * trained network's Hessian, its top Ritz values from Lanczos run past the number of parameters with
 * and without full reorthogonalization, against the exact eigenvalues of the dense Hessian
 * (computed here in float64). Without reorthogonalization converged eigenvalues come back as copies.
 */
import type { ExperimentResult } from '../experiment/result.ts';
import { specAt } from '../experiment/spec.ts';
import { symmetricEigenvalues } from '../math/eigen.ts';
import { denseHessian } from '../math/mlp.ts';
import { countGhostRitzValues, topRelativeError } from './analysis/ghost-ritz-values.ts';
import { problemFromResult } from './analysis/result-problem.ts';
import type { Demo, DemoAnalysis, DemoFinding, DemoSeries } from './demo.ts';

const TRAIN_STEPS = 100;
/** [2, 6, 4, 3] has 61 parameters: Lanczos with reorthogonalization stops at 61 steps, the other runs on. */
const LAYERS = [2, 6, 4, 3];
const LANCZOS_STEPS = 150;
const TOP = 50;
/** Ritz values within this fraction of λmax of an exact eigenvalue count as converged to it. */
const RELATIVE_TOLERANCE = 1e-4;
/** How many of the top reorthogonalized Ritz values are compared with the exact ones. */
const COMPARED = 10;

function lanczosSpec(reorthogonalize: boolean) {
  return {
    seed: 1,
    model: { layers: LAYERS, activation: 'tanh' },
    loss: 'cross-entropy',
    data: { name: 'blobs', n: 200, classes: 3, noise: 1, testFraction: 0 },
    train: { optimizer: 'gd', lr: 1, steps: TRAIN_STEPS },
    // Probes only at the last step (a change turns them on).
    probes: { every: TRAIN_STEPS, eigenvalues: null, trace: null, density: null },
    changes: [{ step: TRAIN_STEPS, probes: { eigenvalues: { k: TOP, steps: LANCZOS_STEPS, reorthogonalize } } }],
  };
}

function finalRitzValues(result: ExperimentResult): number[] {
  const values = result.probes.at(-1)?.eigenvalues;
  if (!values || values.length === 0) throw new Error('lanczos-reorthogonalization: a variant has no final eigenvalue probe');
  return values;
}

function analyze(results: readonly ExperimentResult[]): DemoAnalysis {
  const findings: DemoFinding[] = [];
  const reference = results[0]!;
  const exact = Array.from(symmetricEigenvalues(denseHessian(problemFromResult(reference), reference.params.values), reference.params.values.length)).sort(
    (a, b) => b - a,
  );
  const tolerance = RELATIVE_TOLERANCE * Math.abs(exact[0]!);
  const series: DemoSeries[] = [{ name: 'exact (dense float64)', x: exact.slice(0, TOP).map((_, i) => i + 1), y: exact.slice(0, TOP), mode: 'lines+markers' }];
  findings.push({ id: 'parameters', label: 'parameters (size of the Hessian)', value: exact.length });
  const ghosts: number[] = [];
  results.forEach((result, i) => {
    const reorthogonalized = specReorthogonalizes(result);
    const name = reorthogonalized ? 'with reorthogonalization' : 'without reorthogonalization';
    const ritz = finalRitzValues(result);
    const count = countGhostRitzValues(ritz, exact, tolerance);
    ghosts.push(count.ghosts);
    findings.push({ id: `ghosts.${i}`, label: `${name}: top ${ritz.length} Ritz values that duplicate an exact eigenvalue`, value: count.ghosts, expected: reorthogonalized ? '0' : '> 0' });
    findings.push({ id: `distinctFound.${i}`, label: `${name}: distinct exact eigenvalues among them`, value: count.found });
    findings.push({ id: `unconverged.${i}`, label: `${name}: Ritz values near no exact eigenvalue`, value: count.unmatched });
    findings.push({ id: `topRelativeError.${i}`, label: `${name}: top ${COMPARED} Ritz values vs exact, max |error| / λmax`, value: topRelativeError(ritz, exact, COMPARED), expected: reorthogonalized ? '< 1e-3' : 'large: the copies push the true eigenvalues down the list' });
    const copies = count.duplicated.map((c) => `${c.hi.toPrecision(4)} ×${c.copies}`).join(', ');
    findings.push({ id: `duplicated.${i}`, label: `${name}: eigenvalues found more than once`, value: copies || 'none' });
    series.push({ name, x: ritz.map((_, j) => j + 1), y: ritz, mode: 'markers' });
  });
  const sameNetwork = Math.max(...results.map((r) => Math.max(...r.params.values.map((v, j) => Math.abs(v - reference.params.values[j]!)))));
  findings.push({ id: 'sameNetwork', label: 'largest |θ difference| between the two runs’ networks', value: sameNetwork, expected: '0 (one network, two Lanczos runs)' });
  const withIndex = results.findIndex((r) => specReorthogonalizes(r));
  const withoutIndex = results.findIndex((r) => !specReorthogonalizes(r));
  return {
    findings,
    charts: [{ id: 'ritz', title: `Top ${TOP} Ritz values after ${LANCZOS_STEPS} requested steps, against the exact eigenvalues`, xTitle: 'index', yTitle: 'eigenvalue', series }],
    verdict:
      `Without reorthogonalization ${ghosts[withoutIndex]} of the top ${TOP} Ritz values are spurious copies of eigenvalues already found; ` +
      `with it ${ghosts[withIndex]}, and its top ${COMPARED} match the exact eigenvalues to ${numericValue(findings, `topRelativeError.${withIndex}`).toExponential(1)} of λmax.`,
  };
}

/** Whether the final probe reorthogonalized: the settings in force at the last step, changes included. */
function specReorthogonalizes(result: ExperimentResult): boolean {
  return specAt(result.spec, result.spec.train.steps).probes.eigenvalues?.reorthogonalize ?? true;
}

function numericValue(findings: readonly DemoFinding[], id: string): number {
  const value = findings.find((f) => f.id === id)?.value;
  return typeof value === 'number' ? value : Number.NaN;
}

export const lanczosReorthogonalization: Demo = {
  id: 'lanczos-reorthogonalization',
  title: 'Why Lanczos needs reorthogonalization',
  summary: 'Without reorthogonalization, Lanczos finds the same eigenvalue again and again: “ghost” copies.',
  paper:
    'Paige (1971), The Computation of Eigenvalues and Eigenvectors of Very Large Sparse Matrices, PhD thesis, University of London; ' +
    'Paige (1976), Error Analysis of the Lanczos Algorithm for Tridiagonalizing a Symmetric Matrix, IMA J. Appl. Math. 18; ' +
    'Parlett, Scott (1979), The Lanczos Algorithm with Selective Orthogonalization, Math. Comp. 33; ' +
    'Golub, Van Loan (2013), Matrix Computations, 4th ed., §10.3 (practical Lanczos procedures); ' +
    'Ghorbani, Krishnan, Xiao (2019), An Investigation into Neural Net Optimization via Hessian Eigenvalue Density, ICML.',
  look:
    'The chart lists the top Ritz values of each run by rank next to the exact eigenvalues. With reorthogonalization the markers sit on the exact curve. ' +
    'Without it the largest eigenvalues appear several times in a row—flat steps in the staircase—and the smaller exact eigenvalues are pushed down the list. ' +
    'The findings count these copies and name the eigenvalues that were found more than once.',
  meaning:
    'In exact arithmetic the Lanczos vectors are orthonormal and the Ritz values converge to distinct eigenvalues. In floating point (here f32 on the GPU) Paige showed ' +
    'that orthogonality is lost as soon as a Ritz value converges: the new vectors pick up the converged eigenvector again, and the eigenvalue is found once more. ' +
    'The copies are accurate but spurious—they count an eigenvalue twice, and a spectral density or a “top-k” list built from them is wrong. Full reorthogonalization ' +
    '(Gram–Schmidt against all previous vectors, as Ghorbani et al. do for Hessian densities) costs memory and work proportional to the number of steps, and removes them; ' +
    'selective reorthogonalization (Parlett & Scott) does so only against converged Ritz vectors.',
  variants: [
    { label: 'with reorthogonalization', spec: lanczosSpec(true) },
    { label: 'without reorthogonalization', spec: lanczosSpec(false) },
  ],
  analyze,
  thumbnail: {
    lines: [
      { points: [[0.05, 0.92], [0.2, 0.75], [0.35, 0.6], [0.5, 0.48], [0.65, 0.38], [0.8, 0.3], [0.95, 0.24]], dash: true },
      { points: [[0.05, 0.92], [0.2, 0.92], [0.35, 0.92], [0.35, 0.75], [0.5, 0.75], [0.65, 0.75], [0.65, 0.6], [0.8, 0.6], [0.95, 0.6]] },
    ],
  },
};
