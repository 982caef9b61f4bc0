/**
 * Demo 11, momentum's dynamics: heavy ball against Nesterov on an ill-conditioned quadratic, where
 * each method is a linear recurrence whose spectral radius predicts the measured rate exactly, and
 * where each has a stable step range — heavy ball's lr·L < 2(1 + μ), Nesterov's (in the lab's
 * PyTorch form) the narrower lr·L < 2(1 + μ)/(1 + 2μ).
 */
import type { ExperimentResult, RacerResult } from '../experiment/result.ts';
import { racerTrain } from '../experiment/spec.ts';
import { logSpacedEigenvalues } from '../models/test-functions.ts';
import { fitLinearRate, tailAboveFloor } from './analysis/linear-rate-fit.ts';
import { quadraticRate, stableStepLimit, type MomentumForm } from './analysis/momentum-stability.ts';
import { historySeries, relativeToStart } from './analysis/race-series.ts';
import type { Demo, DemoAnalysis, DemoFinding, DemoSeries } from './demo.ts';

const CONDITION = 100;
const STEPS = 150;

/**
 * With eigenvalues 1 and 100: GD at 2/(L + m); Polyak's heavy ball 4/(√L + √m)², μ = (9/11)²;
 * Nesterov at 1/L, μ = 9/11; then heavy ball 5% past its limit 2(1 + μ)/L, and Nesterov at
 * Polyak's settings, far past its own limit 2(1 + μ)/((1 + 2μ)L) = 0.0143. Polyak's exact tuning puts
 * double roots at both ends of the spectrum, where rounding moves the radius by its square root;
 * μ = 0.67, a hair above (9/11)² = 0.6694, keeps the roots complex with modulus √μ = 0.8185.
 * The analysis uses the values as run.
 */
const RACERS = [
  { key: 'gd', name: 'GD, lr = 2/(L+m)', patch: { optimizer: 'gd', lr: 0.0198 } },
  { key: 'heavyBallPolyak', name: "heavy ball, Polyak's tuning", patch: { optimizer: 'momentum', lr: 0.03306, momentum: 0.67 } },
  { key: 'nesterovTuned', name: 'Nesterov, lr = 1/L', patch: { optimizer: 'nesterov', lr: 0.01, momentum: 0.8182 } },
  { key: 'heavyBallTooLarge', name: 'heavy ball, lr 5% past 2(1+μ)/L', patch: { optimizer: 'momentum', lr: 0.035, momentum: 0.67 } },
  { key: 'nesterovAtPolyak', name: "Nesterov at heavy ball's (lr, μ)", patch: { optimizer: 'nesterov', lr: 0.03306, momentum: 0.67 } },
] as const;

const SPEC = {
  seed: 1,
  problem: { name: 'quadratic', dim: 2, condition: CONDITION, angle: 30 },
  train: { steps: STEPS },
  race: RACERS.map((r) => r.patch),
};

/** Below this fraction of the start, ‖g‖ is close enough to rounding to spoil a fit. */
const FIT_FLOOR = 1e-9;

interface RacerDynamics {
  readonly form: MomentumForm;
  readonly lr: number;
  readonly momentum: number;
  /** lr·L as a fraction of the form's stable limit: above 1 it cannot converge. */
  readonly limitFraction: number;
  readonly theory: number;
  readonly measured: number;
  readonly r2: number;
  readonly diverged: boolean;
  readonly gradDrop: number;
}

function dynamicsOf(result: ExperimentResult, index: number, racer: RacerResult): RacerDynamics {
  const train = racerTrain(result.spec.train, result.spec.race![index]!);
  const form: MomentumForm = train.optimizer === 'nesterov' ? 'nesterov' : 'heavy-ball';
  // gd is heavy ball with μ = 0.
  const momentum = train.optimizer === 'gd' ? 0 : train.momentum;
  const problem = result.spec.problem!;
  // Defaults are filled in when the spec is read: a quadratic always states its condition.
  const condition = 'condition' in problem && typeof problem.condition === 'number' ? problem.condition : CONDITION;
  const eigenvalues = logSpacedEigenvalues(problem.dim, condition);
  const L = Math.max(...eigenvalues);
  const theory = quadraticRate(form, train.lr, momentum, eigenvalues);
  const grad = historySeries(racer.history, 'gradNorm');
  const g0 = grad.y[0]!;
  // A diverging run is fitted from its third step on (the slower mode fades); a converging one
  // over its tail, while ‖g‖ is well above rounding.
  const window = racer.diverged ? { x: grad.x.slice(2), y: grad.y.slice(2) } : tailAboveFloor(grad.x, grad.y, 0.2, FIT_FLOOR * g0);
  const fit = fitLinearRate(window.x, window.y);
  return {
    form,
    lr: train.lr,
    momentum,
    limitFraction: (train.lr * L) / stableStepLimit(form, momentum),
    theory,
    measured: fit.rate,
    r2: fit.r2,
    diverged: racer.diverged !== undefined,
    gradDrop: grad.y.at(-1)! / g0,
  };
}

function analyze(results: readonly ExperimentResult[]): DemoAnalysis {
  const result = results[0]!;
  const racers = result.race!.racers;
  const findings: DemoFinding[] = [];
  const curves: DemoSeries[] = [];
  const all = racers.map((racer, i) => dynamicsOf(result, i, racer));
  all.forEach((d, i) => {
    const key = RACERS[i]?.key ?? `racer${i}`;
    const name = RACERS[i]?.name ?? racers[i]!.label;
    const stable = d.limitFraction < 1;
    findings.push(
      { id: `limitFraction.${key}`, label: `${name}: lr·L / stable limit (${d.form === 'nesterov' ? '2(1+μ)/(1+2μ)' : '2(1+μ)'})`, value: d.limitFraction, expected: stable ? '< 1 (inside the stable range)' : '> 1 (outside: must diverge)' },
      { id: `theoryRate.${key}`, label: `${name}: spectral radius of the iteration`, value: d.theory, expected: stable ? '< 1' : '> 1' },
      { id: `measuredRate.${key}`, label: `${name}: measured ‖g‖ factor per step (least-squares fit)`, value: d.measured, expected: '≈ spectral radius (within 3%)' },
      { id: `rateError.${key}`, label: `${name}: |measured − theory| / theory`, value: Math.abs(d.measured - d.theory) / d.theory, expected: '< 0.03' },
      { id: `diverged.${key}`, label: `${name}: stopped as diverged`, value: d.diverged, expected: stable ? 'false' : 'true' },
      { id: `gradDrop.${key}`, label: `${name}: final ‖g‖ / initial ‖g‖`, value: d.gradDrop, expected: stable ? '< 1 (falls as ρᵗ)' : '≫ 1' },
    );
    const measured = relativeToStart(historySeries(racers[i]!.history, 'gradNorm'));
    curves.push({ name, x: measured.x, y: measured.y, mode: 'lines', colorIndex: i });
    if (stable) curves.push({ name: `ρᵗ = ${d.theory.toFixed(3)}ᵗ`, x: [0, STEPS], y: [1, d.theory ** STEPS], mode: 'lines', dash: 'dash', colorIndex: i });
  });
  const rateOk = all.filter((d) => Math.abs(d.measured - d.theory) / d.theory < 0.03).length;
  const predictionOk = all.filter((d) => d.diverged === d.limitFraction >= 1).length;
  const byKey = (key: string): RacerDynamics | undefined => all[RACERS.findIndex((r) => r.key === key)];
  const hb = byKey('heavyBallPolyak');
  const nt = byKey('nesterovTuned');
  const gd = byKey('gd');
  const hbBad = byKey('heavyBallTooLarge');
  const ntBad = byKey('nesterovAtPolyak');
  const f = (x: number | undefined): string => (x === undefined ? '?' : x.toFixed(3));
  const verdict =
    `Measured rates match the spectral radii for ${rateOk} of ${all.length} racers (within 3%): heavy ball (Polyak) ${f(hb?.measured)} vs ${f(hb?.theory)}, ` +
    `Nesterov ${f(nt?.measured)} vs ${f(nt?.theory)}, GD ${f(gd?.measured)} vs ${f(gd?.theory)}. ` +
    `Stability predicted for ${predictionOk} of ${all.length}: heavy ball with lr·L at ${f(hbBad?.limitFraction)}× its limit ${hbBad?.diverged ? 'diverged' : 'did not diverge'} (×${f(hbBad?.measured)} per step), ` +
    `Nesterov at heavy ball's settings (${f(ntBad?.limitFraction)}× its limit) ${ntBad?.diverged ? 'diverged' : 'did not diverge'} (×${f(ntBad?.measured)}).`;
  return {
    findings,
    charts: [
      {
        id: 'rates',
        title: 'Measured rate against the spectral radius',
        xTitle: 'spectral radius ρ of the iteration (theory)',
        yTitle: 'measured ‖g‖ factor per step',
        xLog: true,
        yLog: true,
        series: [
          { name: 'racers', x: all.map((d) => d.theory), y: all.map((d) => d.measured), mode: 'markers' },
          { name: 'measured = theory', x: [0.7, 5], y: [0.7, 5], mode: 'lines', dash: 'dash' },
          { name: 'ρ = 1: stable | unstable', x: [1, 1], y: [0.7, 5], mode: 'lines', dash: 'dot' },
        ],
      },
      { id: 'gradNorm', title: '‖g‖ / ‖g₀‖ with the predicted ρᵗ (dashed)', xTitle: 'iteration', yTitle: '‖g‖ / ‖g₀‖', yLog: true, series: curves },
    ],
    verdict,
  };
}

export const momentum: Demo = {
  id: 'momentum',
  title: 'Momentum: heavy ball vs Nesterov',
  summary: 'On a quadratic with κ = 100, measured rates equal the spectral radii; a step past the stable range diverges.',
  paper:
    'Polyak (1964), Some methods of speeding up the convergence of iteration methods, USSR Comput. Math. Math. Phys. 4(5); ' +
    'Nesterov (1983), A method for solving the convex programming problem with convergence rate O(1/k²), Soviet Math. Dokl. 27; ' +
    'Lessard, Recht, Packard (2016), Analysis and Design of Optimization Algorithms via Integral Quadratic Constraints, SIAM J. Optim. 26(1); ' +
    'Goh (2017), Why Momentum Really Works, Distill.',
  look:
    'The race panel draws five racers on a 2-D quadratic with eigenvalues 1 and 100 (κ = 100). Heavy ball with Polyak\'s tuning spirals in fastest; ' +
    'tuned Nesterov is smoother and a little slower; GD at its best step zig-zags slowly. Two racers stop early: heavy ball with its learning rate 5% past 2(1 + μ)/L, ' +
    'and Nesterov with heavy ball\'s (lr, μ). The first chart puts each racer\'s measured ‖g‖ factor per step against the spectral radius computed from its update; ' +
    'the second overlays the predicted ρᵗ on the measured ‖g‖.',
  meaning:
    'On a quadratic every momentum method is a linear recurrence per eigenvalue λ, so its rate is the spectral radius of a 2×2 matrix. With a = lr·λ, ' +
    'heavy ball (b ← μb + g, θ ← θ − lr·b) has z² − (1 + μ − a)z + μ and is stable iff 0 < a < 2(1 + μ); Polyak\'s tuning lr = 4/(√L + √m)², ' +
    'μ = ((√κ − 1)/(√κ + 1))² gives the optimal rate (√κ − 1)/(√κ + 1) = 0.818 (0.8185 with the μ = 0.67 used here), but sits just 1% inside that limit. Nesterov in the lab\'s (PyTorch) form ' +
    '(θ ← θ − lr·(g + μb)) has z² − (1 + μ)(1 − a)z + μ(1 − a): tuned (lr = 1/L, μ = (√κ − 1)/(√κ + 1)) it converges at 1 − 1/√κ = 0.9, and it is stable only for ' +
    'a < 2(1 + μ)/(1 + 2μ), a narrower range than heavy ball\'s — so at heavy ball\'s settings Nesterov diverges. On quadratics, then, heavy ball is the faster method and ' +
    'what breaks either one is the step size. Heavy ball\'s real failure is elsewhere: Lessard, Recht and Packard show that Polyak\'s tuning can cycle forever on a ' +
    'smooth strongly convex function that is not quadratic, while Nesterov\'s method has a guarantee on every such function. That counterexample is not among the ' +
    'lab\'s test functions, so this demo shows only what is true on quadratics.',
  variants: [{ label: 'κ = 100, five racers', spec: SPEC }],
  analyze,
  thumbnail: {
    lines: [
      // ‖g‖ on a log scale: heavy ball steepest, Nesterov next, GD slow, the unstable one rising.
      { points: [[0, 0.8], [0.2, 0.62], [0.4, 0.45], [0.6, 0.28], [0.8, 0.12], [0.9, 0.05]] },
      { points: [[0, 0.8], [0.25, 0.65], [0.5, 0.5], [0.75, 0.35], [1, 0.2]] },
      { points: [[0, 0.8], [1, 0.7]], dash: true },
      { points: [[0, 0.8], [0.1, 0.85], [0.2, 0.9], [0.3, 0.97]] },
    ],
  },
};
