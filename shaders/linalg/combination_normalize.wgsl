// The second Gram–Schmidt pass of a Lanczos step and the normalization of the next Lanczos vector
// in one pass (gramSchmidtTwice in src/engine/vector-kernels.ts):
//   w ← w − Σ_i c_i q_i,   next ← w / sqrt(ww − Σ_i c_i²),
// with c = coeffs[offset_c ..] the pass's coefficients and ww = coeffs[offset_ww] = ‖w‖² before it
// (float64 reference: gramSchmidtTwiceNow and normAfterSecondPass in src/math/gram-schmidt.ts).
// The terms are added in order i = 0, 1, ... as in linalg/combination, and Σ c_i² as in
// linalg/inverse_norm_after_pass, which this replaces with its two dispatches when the basis and
// `next` share one buffer (on SwiftShader each dispatch of a small model's step costs ~0.1 ms).
// `basis` is bound once, read_write, because `next` lies in it after the vectors read.
override WG: u32 = 256;

struct Params {
  n: u32,
  count: u32,
  offset_q: u32,
  stride: u32,
  offset_w: u32,
  offset_c: u32,
  offset_ww: u32,
  offset_next: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> basis: array<f32>;
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
  // Four terms per iteration, as in linalg/combination.
  var i = 0u;
  for (; i + 4u <= params.count; i += 4u) {
    let at = params.offset_q + i * params.stride + j;
    let c = vec4<f32>(coeffs[params.offset_c + i], coeffs[params.offset_c + i + 1u], coeffs[params.offset_c + i + 2u],
                      coeffs[params.offset_c + i + 3u]);
    sq += c.x * c.x;
    sq += c.y * c.y;
    sq += c.z * c.z;
    sq += c.w * c.w;
    acc += (-c.x) * basis[at];
    acc += (-c.y) * basis[at + params.stride];
    acc += (-c.z) * basis[at + 2u * params.stride];
    acc += (-c.w) * basis[at + 3u * params.stride];
  }
  for (; i < params.count; i++) {
    let c = coeffs[params.offset_c + i];
    sq += c * c;
    acc += (-c) * basis[params.offset_q + i * params.stride + j];
  }
  w[params.offset_w + j] = acc;
  basis[params.offset_next + j] = (1.0 / sqrt(max(0.0, coeffs[params.offset_ww] - sq))) * acc;
}
