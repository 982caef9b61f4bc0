// 1/‖w‖ after the second Gram–Schmidt pass of Lanczos, from ‖w‖² before it (c[offset_ww]) and the
// pass's coefficients c[offset_c ..]: 1/sqrt(ww − Σ c_i²) into c[out_index], where the combination
// kernel reads it to normalize the next Lanczos vector. The coefficients never leave the GPU, so
// the step needs no read-back (float64 reference: src/math/gram-schmidt.ts normAfterSecondPass).
// One invocation: there are at most a few hundred coefficients.

struct Params {
  count: u32,
  offset_c: u32,
  offset_ww: u32,
  out_index: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> c: array<f32>;

@compute @workgroup_size(1)
fn main() {
  var sq = 0.0;
  for (var i = 0u; i < params.count; i++) {
    let v = c[params.offset_c + i];
    sq += v * v;
  }
  c[params.out_index] = 1.0 / sqrt(max(0.0, c[params.offset_ww] - sq));
}
