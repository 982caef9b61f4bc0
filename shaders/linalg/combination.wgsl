// w ← w + scale·Σ_i coeffs[i]·q_i over `count` vectors stored one after another (q_i starts at
// offset_q + i·stride), in one pass: each invocation updates one element, adding the terms in
// order i = 0, 1, ... exactly as that many axpys would, without a dispatch per vector. scale is ±1
// (exact), so coefficients computed on the GPU can be subtracted without a pass that negates them.
//
// With NORMALIZE = 1 (the second Gram–Schmidt pass of a Lanczos step, gramSchmidtTwice in
// src/engine/vector-kernels.ts) it also writes the next Lanczos vector w / sqrt(ww − Σ_i c_i²),
// ww = coeffs[offset_ww] being ‖w‖² before the pass, at offset_next of q's buffer, outside the
// vectors read (hence q is bound read_write): one dispatch where linalg/inverse_norm_after_pass and a
// second combination took two. Σ c_i² is added in the order that kernel adds it (float64
// reference: gramSchmidtTwiceNow and normAfterSecondPass in src/math/gram-schmidt.ts).
override WG: u32 = 256;
override NORMALIZE: u32 = 0u;

struct Params {
  n: u32,
  count: u32,
  offset_q: u32,
  stride: u32,
  offset_w: u32,
  offset_c: u32,
  scale: f32,
  offset_ww: u32,
  offset_next: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> q: array<f32>;
@group(0) @binding(2) var<storage, read> coeffs: array<f32>;
@group(0) @binding(3) var<storage, read_write> w: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) t: u32) {
  let j = (wid.y * groups.x + wid.x) * WG + t;
  if (j >= params.n) {
    return;
  }
  var acc = w[params.offset_w + j];
  var sq = 0.0;
  // Four terms per iteration (added in the same order): SwiftShader's per-iteration cost is several
  // times the arithmetic's (80 vectors of 371 values: ~0.5 → ~0.3 ms).
  var i = 0u;
  for (; i + 4u <= params.count; i += 4u) {
    let at = params.offset_q + i * params.stride + j;
    let ci = params.offset_c + i;
    let c = vec4<f32>(coeffs[ci], coeffs[ci + 1u], coeffs[ci + 2u], coeffs[ci + 3u]);
    acc += (params.scale * c.x) * q[at];
    acc += (params.scale * c.y) * q[at + params.stride];
    acc += (params.scale * c.z) * q[at + 2u * params.stride];
    acc += (params.scale * c.w) * q[at + 3u * params.stride];
    sq += c.x * c.x;
    sq += c.y * c.y;
    sq += c.z * c.z;
    sq += c.w * c.w;
  }
  for (; i < params.count; i++) {
    let c = coeffs[params.offset_c + i];
    acc += (params.scale * c) * q[params.offset_q + i * params.stride + j];
    sq += c * c;
  }
  w[params.offset_w + j] = acc;
  if (NORMALIZE == 1u) {
    q[params.offset_next + j] = (1.0 / sqrt(max(0.0, coeffs[params.offset_ww] - sq))) * acc;
  }
}
