/**
 * Per-sample losses on the logits z (length `out`): value, ∂ℓ/∂z and the output Hessian H_out applied
 * to a vector. Labels are read from the dataset row at `y[yOffset ..]` (see src/data/dataset.ts).
 */
import type { LossName } from '../models/mlp.ts';
import { sigmoid } from './activations.ts';

/** log Σ exp(z_i) over the first `out` entries, shifted by the maximum so that no exp overflows. */
export function logSumExp(z: Float64Array, out: number): number {
  let m = -Infinity;
  for (let i = 0; i < out; i++) if (z[i]! > m) m = z[i]!;
  if (m === -Infinity || m === Infinity) return m;
  let s = 0;
  for (let i = 0; i < out; i++) s += Math.exp(z[i]! - m);
  return m + Math.log(s);
}

/** Softmax of z written to p; returns log Σ exp z. */
export function softmaxInto(z: Float64Array, out: number, p: Float64Array): number {
  const lse = logSumExp(z, out);
  for (let i = 0; i < out; i++) p[i] = Math.exp(z[i]! - lse);
  return lse;
}

/**
 * ℓ(z, y) for one sample; when `dz` is given, ∂ℓ/∂z is written to it.
 * Logistic uses max(z,0) − z·y + log1p(exp(−|z|)), which is exact for any z without overflow.
 */
export function sampleLoss(
  loss: LossName,
  z: Float64Array,
  out: number,
  y: ArrayLike<number>,
  yOffset: number,
  dz: Float64Array | null,
): number {
  switch (loss) {
    case 'cross-entropy': {
      const label = y[yOffset]!;
      const lse = logSumExp(z, out);
      if (dz) {
        for (let i = 0; i < out; i++) dz[i] = Math.exp(z[i]! - lse);
        dz[label] = dz[label]! - 1;
      }
      return lse - z[label]!;
    }
    case 'mse': {
      let s = 0;
      for (let i = 0; i < out; i++) {
        const r = z[i]! - y[yOffset + i]!;
        s += r * r;
        if (dz) dz[i] = r;
      }
      return 0.5 * s;
    }
    case 'logistic': {
      const zi = z[0]!;
      const label = y[yOffset]!;
      if (dz) dz[0] = sigmoid(zi) - label;
      return Math.max(zi, 0) - zi * label + Math.log1p(Math.exp(-Math.abs(zi)));
    }
  }
}

/**
 * result ← H_out(z) u, with H_out the Hessian of ℓ in z: softmax diag(p) − ppᵀ, mse I, logistic s(1−s).
 * `scratch` (length ≥ out) holds the softmax probabilities; result may not alias u.
 */
export function applyOutputHessian(
  loss: LossName,
  z: Float64Array,
  out: number,
  u: Float64Array,
  result: Float64Array,
  scratch: Float64Array,
): void {
  switch (loss) {
    case 'cross-entropy': {
      softmaxInto(z, out, scratch);
      let pu = 0;
      for (let i = 0; i < out; i++) pu += scratch[i]! * u[i]!;
      for (let i = 0; i < out; i++) result[i] = scratch[i]! * (u[i]! - pu);
      return;
    }
    case 'mse':
      for (let i = 0; i < out; i++) result[i] = u[i]!;
      return;
    case 'logistic': {
      const s = sigmoid(z[0]!);
      result[0] = s * (1 - s) * u[0]!;
      return;
    }
  }
}

/** 1 when the prediction matches the label, else 0; NaN for regression. */
export function sampleCorrect(loss: LossName, z: Float64Array, out: number, y: ArrayLike<number>, yOffset: number): number {
  switch (loss) {
    case 'cross-entropy': {
      let best = 0;
      for (let i = 1; i < out; i++) if (z[i]! > z[best]!) best = i;
      return best === y[yOffset] ? 1 : 0;
    }
    case 'logistic':
      return (z[0]! > 0 ? 1 : 0) === y[yOffset] ? 1 : 0;
    case 'mse':
      return NaN;
  }
}
