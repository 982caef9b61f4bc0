// Element-wise steps of the MLP passes on [rows, width] row-major arrays, with the hidden
// activation chosen by the override ACT (0 tanh, 1 relu, 2 gelu (tanh approximation), 3 sigmoid,
// 4 identity), so each pipeline has one activation compiled in. Twin: src/math/activations.ts and
// the per-sample loops of src/math/mlp-passes.ts.
//
// One binding layout serves every entry point (see src/engine/layouts.ts); each entry point says
// which bindings it uses, the others are bound to placeholders.
override WG: u32 = 256;
override ACT: u32 = 0;

struct Params {
  rows: u32,
  width: u32,
  // Element of `bias_src` where this layer's bias block starts (θ for b_l, the direction v for c_l).
  vec_offset: u32,
  // forward_hidden: also write σ''(z); scale_by_derivative: add the bias from `bias_src` first.
  flag: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> bias_src: array<f32>;
@group(0) @binding(2) var<storage, read_write> x: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<storage, read_write> s1: array<f32>;
@group(0) @binding(5) var<storage, read_write> s2: array<f32>;
@group(0) @binding(6) var<storage, read> u: array<f32>;

const GELU_C: f32 = 0.7978845608028654; // √(2/π)
const GELU_K: f32 = 0.044715;

// tanh saturates to ±1 in f32 beyond |z| ≈ 9; clamping first keeps implementations that go
// through exp(2z) from producing inf/inf.
fn tanh_safe(z: f32) -> f32 {
  return tanh(clamp(z, -15.0, 15.0));
}

// exp of a non-positive number only, so neither branch overflows.
fn sigmoid(z: f32) -> f32 {
  if (z >= 0.0) {
    return 1.0 / (1.0 + exp(-z));
  }
  let e = exp(z);
  return e / (1.0 + e);
}

// (σ(z), σ'(z), σ''(z))
fn activation(z: f32) -> vec3<f32> {
  switch ACT {
    case 0u: {
      let t = tanh_safe(z);
      let g = 1.0 - t * t;
      return vec3<f32>(t, g, -2.0 * t * g);
    }
    case 1u: {
      return vec3<f32>(max(z, 0.0), select(0.0, 1.0, z > 0.0), 0.0);
    }
    case 2u: {
      // With w = c(z + k z³), t = tanh w: σ = ½ z (1 + t), σ' = ½(1 + t) + ½ z (1 − t²) w',
      // σ'' = (1 − t²) [w' + ½ z (w'' − 2 t w'²)].
      let t = tanh_safe(GELU_C * (z + GELU_K * z * z * z));
      let dw = GELU_C * (1.0 + 3.0 * GELU_K * z * z);
      let ddw = 6.0 * GELU_C * GELU_K * z;
      let sech2 = 1.0 - t * t;
      return vec3<f32>(0.5 * z * (1.0 + t), 0.5 * (1.0 + t) + 0.5 * z * sech2 * dw, sech2 * (dw + 0.5 * z * (ddw - 2.0 * t * dw * dw)));
    }
    case 3u: {
      let s = sigmoid(z);
      let g = s * (1.0 - s);
      return vec3<f32>(s, g, g * (1.0 - 2.0 * s));
    }
    default: {
      return vec3<f32>(z, 1.0, 0.0);
    }
  }
}

fn element(wid: vec3<u32>, groups: vec3<u32>, t: u32) -> u32 {
  return (wid.y * groups.x + wid.x) * WG + t;
}

// Hidden layer forward: x holds Z_l = A_{l−1}W_lᵀ; adds b_l, then x ← σ(Z), s1 ← σ'(Z), and
// s2 ← σ''(Z) when flag = 1 (the HVP needs it). Uses bias_src, x, s1, s2.
@compute @workgroup_size(WG)
fn forward_hidden(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
                  @builtin(local_invocation_index) t: u32) {
  let i = element(wid, groups, t);
  if (i >= params.rows * params.width) {
    return;
  }
  let z = x[i] + bias_src[params.vec_offset + i % params.width];
  let f = activation(z);
  x[i] = f.x;
  s1[i] = f.y;
  if (params.flag == 1u) {
    s2[i] = f.z;
  }
}

// x += bias (the linear output layer, forward and R-forward). Uses bias_src, x.
@compute @workgroup_size(WG)
fn add_bias(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
            @builtin(local_invocation_index) t: u32) {
  let i = element(wid, groups, t);
  if (i >= params.rows * params.width) {
    return;
  }
  x[i] += bias_src[params.vec_offset + i % params.width];
}

// y ← σ'(Z) ⊙ x, after x += c_l when flag = 1. Backward: Δ_l = σ' ⊙ D_l (flag 0);
// R-forward: R{Z_l} += c_l, R{A_l} = σ' ⊙ R{Z_l} (flag 1). Uses bias_src, x, y, s1.
@compute @workgroup_size(WG)
fn scale_by_derivative(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
                       @builtin(local_invocation_index) t: u32) {
  let i = element(wid, groups, t);
  if (i >= params.rows * params.width) {
    return;
  }
  var v = x[i];
  if (params.flag == 1u) {
    v += bias_src[params.vec_offset + i % params.width];
    x[i] = v;
  }
  y[i] = s1[i] * v;
}

// R-backward of a hidden layer, in place: x holds V_{l+1}ᵀδ_{l+1} + W_{l+1}ᵀR{δ_{l+1}} per sample
// and becomes R{Δ_l} = σ'' ⊙ R{Z_l} ⊙ D_l + σ' ⊙ x, with y = D_l and u = R{Z_l}. Uses x, y, s1, s2, u.
@compute @workgroup_size(WG)
fn r_backward_hidden(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
                     @builtin(local_invocation_index) t: u32) {
  let i = element(wid, groups, t);
  if (i >= params.rows * params.width) {
    return;
  }
  x[i] = s2[i] * u[i] * y[i] + s1[i] * x[i];
}
