// One Adam / AdamW step on [0, n) of θ, g, m, v (twin: src/math/adam.ts).
// Adam:  g ← g + wd·θ;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − lr·m̂/(√v̂ + ε)
// AdamW (decoupled = 1): θ ← θ(1 − lr·wd) − lr·m̂/(√v̂ + ε), the gradient left as it is.
// m̂ = m / bc1 and v̂ = v / bc2 with bc = 1 − βᵗ. These and 1 − β come from the CPU in float64:
// 1 − β₂ computed in f32 from β₂ = 0.999 would already be off by 1e-5 relative.
override WG: u32 = 256;

struct Params {
  n: u32,
  offset_p: u32,
  offset_g: u32,
  offset_m: u32,
  offset_v: u32,
  decoupled: u32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  one_minus_beta1: f32,
  one_minus_beta2: f32,
  eps: f32,
  weight_decay: f32,
  bc1: f32,
  bc2: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> theta: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) t: u32) {
  let i = (wid.y * groups.x + wid.x) * WG + t;
  if (i >= params.n) {
    return;
  }
  let p = theta[params.offset_p + i];
  var g = grad[params.offset_g + i];
  if (params.decoupled == 0u) {
    g += params.weight_decay * p;
  }
  let mi = params.beta1 * m[params.offset_m + i] + params.one_minus_beta1 * g;
  let vi = params.beta2 * v[params.offset_v + i] + params.one_minus_beta2 * g * g;
  m[params.offset_m + i] = mi;
  v[params.offset_v + i] = vi;
  let step = params.lr * (mi / params.bc1) / (sqrt(vi / params.bc2) + params.eps);
  var decayed = p;
  if (params.decoupled == 1u) {
    decayed = p * (1.0 - params.lr * params.weight_decay);
  }
  theta[params.offset_p + i] = decayed - step;
}
