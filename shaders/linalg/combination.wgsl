// w ← w + scale·Σ_i coeffs[i]·q_i over `count` vectors stored one after another (q_i starts at
// offset_q + i·stride), in one pass: each invocation updates one element, adding the terms in
// order i = 0, 1, ... exactly as that many axpys would, without a dispatch per vector. scale is ±1
// (exact), so coefficients computed on the GPU can be subtracted without a pass that negates them.
override WG: u32 = 256;

struct Params {
  n: u32,
  count: u32,
  offset_q: u32,
  stride: u32,
  offset_w: u32,
  offset_c: u32,
  scale: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> q: array<f32>;
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
  // Four terms per iteration (added in the same order): SwiftShader's per-iteration cost is several
  // times the arithmetic's (80 vectors of 371 values: ~0.5 → ~0.3 ms).
  var i = 0u;
  for (; i + 4u <= params.count; i += 4u) {
    let c = params.offset_c + i;
    let at = params.offset_q + i * params.stride + j;
    acc += (params.scale * coeffs[c]) * q[at];
    acc += (params.scale * coeffs[c + 1u]) * q[at + params.stride];
    acc += (params.scale * coeffs[c + 2u]) * q[at + 2u * params.stride];
    acc += (params.scale * coeffs[c + 3u]) * q[at + 3u * params.stride];
  }
  for (; i < params.count; i++) {
    acc += (params.scale * coeffs[params.offset_c + i]) * q[params.offset_q + i * params.stride + j];
  }
  w[params.offset_w + j] = acc;
}
