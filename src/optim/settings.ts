/**
 * The optimizers' names and hyper-parameters, with each one's defaults (from its paper or its
 * authors' code, scaled to this lab's small problems where the paper's would diverge). The spec's
 * `train` section holds these fields; a field left out means "this optimizer's default".
 */
import type { CurvatureOperatorKind } from '../models/model-engine.ts';

export const OPTIMIZER_NAMES = [
  'gd',
  'sgd',
  'momentum',
  'nesterov',
  'adam',
  'adamw',
  'adahessian',
  'sophia-h',
  'sophia-g',
  'newton-cg',
  'regularized-newton',
  'gns',
  'mfac',
  'lbfgs',
  'cbo',
  'zo',
] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** Every hyper-parameter, resolved. */
export interface ResolvedOptimizerSettings {
  readonly optimizer: OptimizerName;
  /** Step size; the time step dt of cbo; not used by newton-cg, regularized-newton, gns and lbfgs. */
  readonly lr: number;
  /** μ of momentum and nesterov. */
  readonly momentum: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** L2 (wd·θ added to the gradient), or decoupled decay for adamw, adahessian and Sophia. */
  readonly weightDecay: number;
  /** AdaHessian's k: the denominator is (√v̂)^k. */
  readonly hessianPower: number;
  /** Sophia refreshes its curvature estimate every this many steps. */
  readonly hessianEvery: number;
  /** Sophia's ρ (γ in the paper): the step is lr·clip(m / max(ρh, ε), 1). */
  readonly rho: number;
  /** The curvature matrix of newton-cg, regularized-newton and gns. */
  readonly curvature: CurvatureOperatorKind;
  /** Initial Levenberg–Marquardt λ of newton-cg; the damping δ of M-FAC's Fisher. */
  readonly damping: number;
  /** Most CG iterations per solve. */
  readonly cgIterations: number;
  /** CG stops when ‖r‖ ≤ cgTolerance·‖g‖. */
  readonly cgTolerance: number;
  /** H_reg of regularized Newton: λ = √(H_reg·‖g‖). */
  readonly hessianLipschitz: number;
  /** γ₀ of gns: λ₀ = ‖g‖/γ₀. */
  readonly gamma0: number;
  /** Gradients in M-FAC's window; (s, y) pairs of L-BFGS. */
  readonly memory: number;
  /** Particles of cbo. */
  readonly particles: number;
  /** cbo's α: consensus weights e^{−α f}. */
  readonly alpha: number;
  /** cbo's noise σ. */
  readonly sigma: number;
  /** cbo's initial particles: θ₀ + spread·N(0, I). */
  readonly spread: number;
  /** zo's finite-difference radius μ. */
  readonly smoothing: number;
  /** zo's random directions per step. */
  readonly directions: number;
}

export type OptimizerHyperParameter = Exclude<keyof ResolvedOptimizerSettings, 'optimizer'>;

/** What the spec holds: the name, and any hyper-parameters (absent: this optimizer's default). */
export type OptimizerSettings = { readonly optimizer: OptimizerName } & { readonly [K in OptimizerHyperParameter]?: ResolvedOptimizerSettings[K] };

const BASE: Omit<ResolvedOptimizerSettings, 'optimizer'> = {
  lr: 0.1,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0,
  hessianPower: 1,
  hessianEvery: 10,
  rho: 0.01,
  curvature: 'hessian',
  damping: 1,
  cgIterations: 50,
  cgTolerance: 1e-4,
  hessianLipschitz: 1,
  gamma0: 1,
  memory: 10,
  particles: 50,
  alpha: 30,
  sigma: 0.8,
  spread: 0.5,
  smoothing: 1e-3,
  directions: 10,
};

/** Where an optimizer's defaults differ from BASE (which keeps gd/sgd/momentum/adam as they always were). */
const OWN_DEFAULTS: Readonly<Record<OptimizerName, Partial<ResolvedOptimizerSettings>>> = {
  gd: {},
  sgd: {},
  momentum: {},
  nesterov: {},
  adam: {},
  // PyTorch's AdamW: decoupled decay 0.01.
  adamw: { lr: 0.01, weightDecay: 0.01 },
  // Yao et al.: β = (0.9, 0.999), ε = 1e-4, k = 1, lr 0.15 (their CIFAR value; measured here on
  // spirals and moons, tanh and relu, full batch and batches of 16–32: no divergence).
  adahessian: { lr: 0.15, eps: 1e-4 },
  // Liu et al.: β = (0.96, 0.99), ε = 1e-12, k = 10, ρ = 0.01 (H) / 0.05 (G).
  'sophia-h': { lr: 0.01, beta1: 0.96, beta2: 0.99, eps: 1e-12, hessianEvery: 10, rho: 0.01 },
  'sophia-g': { lr: 0.01, beta1: 0.96, beta2: 0.99, eps: 1e-12, hessianEvery: 10, rho: 0.05 },
  // Martens 2010: Gauss-Newton with Levenberg–Marquardt damping.
  'newton-cg': { lr: 1, curvature: 'ggn', damping: 1 },
  'regularized-newton': { lr: 1, curvature: 'hessian', hessianLipschitz: 1 },
  gns: { lr: 1, curvature: 'hessian', gamma0: 1 },
  // M-FAC (Frantar et al.): a damping of 1e-5 is for ResNet-sized gradients; ours are larger.
  mfac: { lr: 0.01, damping: 1e-3, memory: 16 },
  lbfgs: { lr: 1, memory: 10 },
  // Carrillo et al. 2021 use λ = 1, σ ≈ 1, dt 0.01–0.1; the spread is about an initial weight's size.
  cbo: { lr: 0.1, particles: 50, alpha: 30, sigma: 0.8, spread: 0.5 },
  zo: { lr: 0.05, smoothing: 1e-3, directions: 10 },
};

export function optimizerDefaults(name: OptimizerName): ResolvedOptimizerSettings {
  return { ...BASE, ...OWN_DEFAULTS[name], optimizer: name };
}

/** The settings with every field this spec leaves out taken from the optimizer's defaults. */
export function resolveOptimizerSettings(settings: OptimizerSettings): ResolvedOptimizerSettings {
  const out: Record<string, unknown> = { ...optimizerDefaults(settings.optimizer) };
  for (const [key, value] of Object.entries(settings)) if (value !== undefined) out[key] = value;
  return out as unknown as ResolvedOptimizerSettings;
}

/**
 * The hyper-parameters each optimizer reads (besides weightDecay, which all gradient-based ones
 * take): the UI shows these, and the spec fills their defaults.
 */
export const OPTIMIZER_FIELDS: Readonly<Record<OptimizerName, readonly OptimizerHyperParameter[]>> = {
  gd: ['lr'],
  sgd: ['lr'],
  momentum: ['lr', 'momentum'],
  nesterov: ['lr', 'momentum'],
  adam: ['lr', 'beta1', 'beta2', 'eps'],
  adamw: ['lr', 'beta1', 'beta2', 'eps'],
  adahessian: ['lr', 'beta1', 'beta2', 'eps', 'hessianPower'],
  'sophia-h': ['lr', 'beta1', 'beta2', 'eps', 'rho', 'hessianEvery'],
  'sophia-g': ['lr', 'beta1', 'beta2', 'eps', 'rho', 'hessianEvery'],
  'newton-cg': ['curvature', 'damping', 'cgIterations', 'cgTolerance'],
  'regularized-newton': ['curvature', 'hessianLipschitz', 'cgIterations', 'cgTolerance'],
  gns: ['curvature', 'gamma0', 'cgIterations', 'cgTolerance'],
  mfac: ['lr', 'damping', 'memory'],
  lbfgs: ['memory'],
  cbo: ['lr', 'particles', 'alpha', 'sigma', 'spread'],
  zo: ['lr', 'smoothing', 'directions'],
};
