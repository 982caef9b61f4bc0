// Column sums of a [rows, width] row-major array: dst[offset + j] = Σ_r src[r, j], or
// dst[offset + j] += Σ_r src[r, j] when accumulate = 1. Bias gradients (Σ over samples of Δ_l)
// and the totals of per-sample [loss, correct] rows. One invocation per column adds its rows in
// increasing order: the result does not depend on the dispatch, so repeated runs give equal bits.
override WG: u32 = 64;

struct Params {
  rows: u32,
  width: u32,
  offset: u32,
  accumulate: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  if (j >= params.width) {
    return;
  }
  var s = 0.0;
  for (var r = 0u; r < params.rows; r++) {
    s += src[r * params.width + j];
  }
  if (params.accumulate == 1u) {
    s += dst[params.offset + j];
  }
  dst[params.offset + j] = s;
}
