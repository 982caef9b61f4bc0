// One Sophia step on [0, n) (twin: src/math/sophia.ts):
// m ← β₁m + (1−β₁)g;  r = m / max(ρ·h, ε);  θ ← θ − lr·wd·θ − lr·clip(r, −1, 1);
// unclipped = 1 where |r| < 1, else 0 (summed by a dot product for the win rate).
override WG: u32 = 256;

struct Params {
  n: u32,
  offset_p: u32,
  offset_g: u32,
  offset_m: u32,
  offset_h: u32,
  offset_u: u32,
  lr: f32,
  beta1: f32,
  one_minus_beta1: f32,
  rho: f32,
  eps: f32,
  lr_times_decay: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> theta: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read> h: array<f32>;
@group(0) @binding(5) var<storage, read_write> unclipped: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) t: u32) {
  let i = (wid.y * groups.x + wid.x) * WG + t;
  if (i >= params.n) {
    return;
  }
  let mi = params.beta1 * m[params.offset_m + i] + params.one_minus_beta1 * grad[params.offset_g + i];
  m[params.offset_m + i] = mi;
  let ratio = mi / max(params.rho * h[params.offset_h + i], params.eps);
  unclipped[params.offset_u + i] = select(0.0, 1.0, abs(ratio) < 1.0);
  let p = theta[params.offset_p + i];
  theta[params.offset_p + i] = p - params.lr_times_decay * p - params.lr * clamp(ratio, -1.0, 1.0);
}
