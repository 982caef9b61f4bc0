/**
 * Hidden-layer activations σ with σ' and σ'' in closed form, float64.
 * σ'' is needed by the R-operator (the Hessian-vector product), so every activation carries it.
 */
import type { Activation } from '../models/mlp.ts';

/** √(2/π), the constant of the tanh approximation of GELU. */
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_K = 0.044715;

/** Logistic sigmoid without overflow: exp of a non-positive number only. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function activationValue(act: Activation, z: number): number {
  switch (act) {
    case 'tanh':
      return Math.tanh(z);
    case 'relu':
      return z > 0 ? z : 0;
    case 'gelu':
      return 0.5 * z * (1 + Math.tanh(GELU_C * (z + GELU_K * z * z * z)));
    case 'sigmoid':
      return sigmoid(z);
    case 'identity':
      return z;
  }
}

export function activationDerivative(act: Activation, z: number): number {
  switch (act) {
    case 'tanh': {
      const t = Math.tanh(z);
      return 1 - t * t;
    }
    case 'relu':
      return z > 0 ? 1 : 0;
    case 'gelu': {
      const t = Math.tanh(GELU_C * (z + GELU_K * z * z * z));
      const du = GELU_C * (1 + 3 * GELU_K * z * z);
      return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * du;
    }
    case 'sigmoid': {
      const s = sigmoid(z);
      return s * (1 - s);
    }
    case 'identity':
      return 1;
  }
}

export function activationSecondDerivative(act: Activation, z: number): number {
  switch (act) {
    case 'tanh': {
      const t = Math.tanh(z);
      return -2 * t * (1 - t * t);
    }
    case 'relu':
      return 0;
    case 'gelu': {
      // With u = c(z + k z³), t = tanh u: σ = ½ z (1 + t), so
      // σ'' = (1 − t²) [u' + ½ z (u'' − 2 t u'²)].
      const t = Math.tanh(GELU_C * (z + GELU_K * z * z * z));
      const du = GELU_C * (1 + 3 * GELU_K * z * z);
      const ddu = 6 * GELU_C * GELU_K * z;
      return (1 - t * t) * (du + 0.5 * z * (ddu - 2 * t * du * du));
    }
    case 'sigmoid': {
      const s = sigmoid(z);
      return s * (1 - s) * (1 - 2 * s);
    }
    case 'identity':
      return 0;
  }
}

/**
 * σ, σ', σ'' of z[i] for i in [0, count), written to the given arrays (any may be null).
 * One switch per layer rather than per element keeps the forward pass cheap.
 */
export function applyActivation(
  act: Activation,
  z: Float64Array,
  count: number,
  value: Float64Array | null,
  d1: Float64Array | null,
  d2: Float64Array | null,
): void {
  switch (act) {
    case 'tanh':
      for (let i = 0; i < count; i++) {
        const t = Math.tanh(z[i]!);
        const g = 1 - t * t;
        if (value) value[i] = t;
        if (d1) d1[i] = g;
        if (d2) d2[i] = -2 * t * g;
      }
      return;
    case 'sigmoid':
      for (let i = 0; i < count; i++) {
        const s = sigmoid(z[i]!);
        const g = s * (1 - s);
        if (value) value[i] = s;
        if (d1) d1[i] = g;
        if (d2) d2[i] = g * (1 - 2 * s);
      }
      return;
    default:
      for (let i = 0; i < count; i++) {
        const zi = z[i]!;
        if (value) value[i] = activationValue(act, zi);
        if (d1) d1[i] = activationDerivative(act, zi);
        if (d2) d2[i] = activationSecondDerivative(act, zi);
      }
  }
}
