// One AdaHessian step on [0, n) (twin: src/math/adahessian.ts):
// d = z ⊙ Hz;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)d²;  θ ← θ − lr·(m̂/((√v̂)^k + ε) + wd·θ).
// 1 − β and the bias corrections come from the CPU in float64 (see adam.wgsl for why).
override WG: u32 = 256;

struct Params {
  n: u32,
  offset_p: u32,
  offset_g: u32,
  offset_m: u32,
  offset_v: u32,
  offset_z: u32,
  offset_hz: u32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  one_minus_beta1: f32,
  one_minus_beta2: f32,
  eps: f32,
  power: f32,
  weight_decay: f32,
  bc1: f32,
  bc2: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> theta: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;
@group(0) @binding(5) var<storage, read> z: array<f32>;
@group(0) @binding(6) var<storage, read> hz: array<f32>;

// (√v̂)^k with 0^k = 0 (k > 0) and x^0 = 1: pow(0, k) is not defined in WGSL.
fn denominator(v_hat: f32) -> f32 {
  let root = sqrt(v_hat);
  if (params.power == 1.0) {
    return root;
  }
  if (params.power == 0.0) {
    return 1.0;
  }
  if (root == 0.0) {
    return 0.0;
  }
  return pow(root, params.power);
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) t: u32) {
  let i = (wid.y * groups.x + wid.x) * WG + t;
  if (i >= params.n) {
    return;
  }
  let d = z[params.offset_z + i] * hz[params.offset_hz + i];
  let mi = params.beta1 * m[params.offset_m + i] + params.one_minus_beta1 * grad[params.offset_g + i];
  let vi = params.beta2 * v[params.offset_v + i] + params.one_minus_beta2 * d * d;
  m[params.offset_m + i] = mi;
  v[params.offset_v + i] = vi;
  let p = theta[params.offset_p + i];
  let step = (mi / params.bc1) / (denominator(vi / params.bc2) + params.eps);
  theta[params.offset_p + i] = p - params.lr * (step + params.weight_decay * p);
}
