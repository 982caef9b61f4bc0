// Element-wise steps of the MLP passes on [rows, width] row-major arrays, with the hidden
// activation chosen by the override ACT of mlp/activation.wgsl, so each pipeline has one
// activation compiled in. Twin: src/math/activations.ts and
// the per-sample loops of src/math/mlp-passes.ts.
//
// One binding layout serves every entry point (see src/engine/layouts.ts); each entry point says
// which bindings it uses, the others are bound to placeholders.
override WG: u32 = 256;

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

//#include mlp/activation

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
