/**
 * The per-sample passes of an MLP in float64, on buffers allocated once per call:
 * forward, backward, the R-forward (u = J v) and the R-backward of Pearlmutter's HVP (MATH.md).
 * Layers are numbered 1..L as in MATH.md; index 0 of the per-layer arrays is the input.
 */
import type { Activation, MlpArchitecture } from '../models/mlp.ts';
import { applyActivation } from './activations.ts';

export class MlpPasses {
  readonly depth: number; // L, the number of dense layers
  readonly widths: readonly number[];
  readonly activation: Activation;
  /** Offsets of W_l and b_l in θ, indexed by l = 1..L (index 0 unused). */
  readonly wOffset: number[];
  readonly bOffset: number[];

  readonly z: Float64Array[];
  readonly a: Float64Array[];
  readonly d1: Float64Array[];
  readonly d2: Float64Array[];
  readonly delta: Float64Array[];
  /** back[l] = W_{l+1}ᵀ δ_{l+1}, kept because the σ'' term of R{δ_l} needs it. */
  readonly back: Float64Array[];
  readonly rz: Float64Array[];
  readonly ra: Float64Array[];
  readonly rdelta: Float64Array[];
  /** rback[l] = V_{l+1}ᵀ δ_{l+1} + W_{l+1}ᵀ R{δ_{l+1}}. */
  readonly rback: Float64Array[];
  /** Scratch of the output width (softmax probabilities). */
  readonly scratch: Float64Array;

  constructor(arch: MlpArchitecture) {
    const widths = arch.layers;
    this.depth = widths.length - 1;
    this.widths = widths;
    this.activation = arch.activation;
    this.wOffset = [0];
    this.bOffset = [0];
    let offset = 0;
    for (let l = 1; l <= this.depth; l++) {
      this.wOffset.push(offset);
      offset += widths[l]! * widths[l - 1]!;
      this.bOffset.push(offset);
      offset += widths[l]!;
    }
    const perLayer = () => widths.map((w) => new Float64Array(w));
    this.z = perLayer();
    this.a = perLayer();
    this.d1 = perLayer();
    this.d2 = perLayer();
    this.delta = perLayer();
    this.back = perLayer();
    this.rz = perLayer();
    this.ra = perLayer();
    this.rdelta = perLayer();
    this.rback = perLayer();
    this.scratch = new Float64Array(widths[this.depth]!);
    // The logits are the last pre-activations: the output layer is linear.
    this.a[this.depth] = this.z[this.depth]!;
  }

  get outputs(): Float64Array {
    return this.z[this.depth]!;
  }

  get outputWidth(): number {
    return this.widths[this.depth]!;
  }

  /** z_l, a_l, σ'(z_l) and (when `second`) σ''(z_l) for the sample at x[xOffset ..]. */
  forward(theta: ArrayLike<number>, x: ArrayLike<number>, xOffset: number, second: boolean): void {
    const a0 = this.a[0]!;
    for (let j = 0; j < this.widths[0]!; j++) a0[j] = x[xOffset + j]!;
    for (let l = 1; l <= this.depth; l++) {
      const nIn = this.widths[l - 1]!;
      const nOut = this.widths[l]!;
      const prev = this.a[l - 1]!;
      const z = this.z[l]!;
      const w = this.wOffset[l]!;
      const b = this.bOffset[l]!;
      for (let i = 0; i < nOut; i++) {
        let s = theta[b + i]!;
        const row = w + i * nIn;
        for (let j = 0; j < nIn; j++) s += theta[row + j]! * prev[j]!;
        z[i] = s;
      }
      if (l < this.depth) applyActivation(this.activation, z, nOut, this.a[l]!, this.d1[l]!, second ? this.d2[l]! : null);
    }
  }

  /** δ_l for l = L-1..1 from δ_L, which the caller has written to delta[L]. */
  backward(theta: ArrayLike<number>): void {
    for (let l = this.depth; l >= 2; l--) {
      const nIn = this.widths[l - 1]!;
      const nOut = this.widths[l]!;
      const delta = this.delta[l]!;
      const back = this.back[l - 1]!;
      back.fill(0);
      const w = this.wOffset[l]!;
      for (let i = 0; i < nOut; i++) {
        const di = delta[i]!;
        if (di === 0) continue;
        const row = w + i * nIn;
        for (let j = 0; j < nIn; j++) back[j] = back[j]! + theta[row + j]! * di;
      }
      const d1 = this.d1[l - 1]!;
      const below = this.delta[l - 1]!;
      for (let j = 0; j < nIn; j++) below[j] = d1[j]! * back[j]!;
    }
  }

  /** out += weight · (δ_l a_{l-1}ᵀ, δ_l) for every layer: the gradient of this sample, scaled. */
  accumulateGradient(out: Float64Array, weight: number): void {
    for (let l = 1; l <= this.depth; l++) {
      const nIn = this.widths[l - 1]!;
      const nOut = this.widths[l]!;
      const delta = this.delta[l]!;
      const prev = this.a[l - 1]!;
      const w = this.wOffset[l]!;
      const b = this.bOffset[l]!;
      for (let i = 0; i < nOut; i++) {
        const di = weight * delta[i]!;
        out[b + i] = out[b + i]! + di;
        if (di === 0) continue;
        const row = w + i * nIn;
        for (let j = 0; j < nIn; j++) out[row + j] = out[row + j]! + di * prev[j]!;
      }
    }
  }

  /** R{z_l} and R{a_l} along v: R{z_L} = J v is the directional derivative of the logits. */
  rForward(theta: ArrayLike<number>, v: ArrayLike<number>): void {
    for (let l = 1; l <= this.depth; l++) {
      const nIn = this.widths[l - 1]!;
      const nOut = this.widths[l]!;
      const prev = this.a[l - 1]!;
      const rprev = this.ra[l - 1]!;
      const rz = this.rz[l]!;
      const w = this.wOffset[l]!;
      const b = this.bOffset[l]!;
      for (let i = 0; i < nOut; i++) {
        let s = v[b + i]!;
        const row = w + i * nIn;
        for (let j = 0; j < nIn; j++) s += v[row + j]! * prev[j]!;
        // R{a_0} = 0: the input does not depend on θ.
        if (l > 1) for (let j = 0; j < nIn; j++) s += theta[row + j]! * rprev[j]!;
        rz[i] = s;
      }
      if (l < this.depth) {
        const ra = this.ra[l]!;
        const d1 = this.d1[l]!;
        for (let i = 0; i < nOut; i++) ra[i] = d1[i]! * rz[i]!;
      }
    }
  }

  /**
   * R{δ_l} for l = L-1..1 from R{δ_L} (written by the caller to rdelta[L]); needs forward(second = true),
   * backward and rForward of the same sample.
   */
  rBackward(theta: ArrayLike<number>, v: ArrayLike<number>): void {
    for (let l = this.depth; l >= 2; l--) {
      const nIn = this.widths[l - 1]!;
      const nOut = this.widths[l]!;
      const delta = this.delta[l]!;
      const rdelta = this.rdelta[l]!;
      const rback = this.rback[l - 1]!;
      rback.fill(0);
      const w = this.wOffset[l]!;
      for (let i = 0; i < nOut; i++) {
        const di = delta[i]!;
        const rdi = rdelta[i]!;
        const row = w + i * nIn;
        for (let j = 0; j < nIn; j++) rback[j] = rback[j]! + v[row + j]! * di + theta[row + j]! * rdi;
      }
      const d1 = this.d1[l - 1]!;
      const d2 = this.d2[l - 1]!;
      const rz = this.rz[l - 1]!;
      const back = this.back[l - 1]!;
      const below = this.rdelta[l - 1]!;
      for (let j = 0; j < nIn; j++) below[j] = d2[j]! * rz[j]! * back[j]! + d1[j]! * rback[j]!;
    }
  }

  /** out += weight · (R{δ_l} a_{l-1}ᵀ + δ_l R{a_{l-1}}ᵀ, R{δ_l}): this sample's Hessian-vector product, scaled. */
  accumulateHessianVector(out: Float64Array, weight: number): void {
    for (let l = 1; l <= this.depth; l++) {
      const nIn = this.widths[l - 1]!;
      const nOut = this.widths[l]!;
      const delta = this.delta[l]!;
      const rdelta = this.rdelta[l]!;
      const prev = this.a[l - 1]!;
      const rprev = this.ra[l - 1]!;
      const w = this.wOffset[l]!;
      const b = this.bOffset[l]!;
      for (let i = 0; i < nOut; i++) {
        const rdi = weight * rdelta[i]!;
        const di = weight * delta[i]!;
        out[b + i] = out[b + i]! + rdi;
        const row = w + i * nIn;
        if (l === 1) {
          for (let j = 0; j < nIn; j++) out[row + j] = out[row + j]! + rdi * prev[j]!;
        } else {
          for (let j = 0; j < nIn; j++) out[row + j] = out[row + j]! + rdi * prev[j]! + di * rprev[j]!;
        }
      }
    }
  }
}
