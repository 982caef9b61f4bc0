// target ← β·target + w·(a ⊙ b) on [0, n), with w = (1 − β)·scale from the CPU in float64
// (twin: src/math/ema-product.ts). Used for z ⊙ Hz (Sophia-H) and B·ĝ ⊙ ĝ (Sophia-G).
override WG: u32 = 256;

struct Params {
  n: u32,
  offset_t: u32,
  offset_a: u32,
  offset_b: u32,
  beta: f32,
  weight: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> target_v: array<f32>;
@group(0) @binding(2) var<storage, read> a: array<f32>;
@group(0) @binding(3) var<storage, read> b: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) t: u32) {
  let i = (wid.y * groups.x + wid.x) * WG + t;
  if (i >= params.n) {
    return;
  }
  let old = target_v[params.offset_t + i];
  // β = 0 overwrites: 0·old would keep a NaN or ∞ left in the target.
  let kept = select(params.beta * old, 0.0, params.beta == 0.0);
  target_v[params.offset_t + i] = kept + params.weight * a[params.offset_a + i] * b[params.offset_b + i];
}
