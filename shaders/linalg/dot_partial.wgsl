// First stage of a deterministic dot product: workgroup g sums a[i]*b[i] over the indices
// i ≡ g*WG + t (mod groups*WG) in a fixed order, then reduces its threads as a binary tree.
// The dispatch shape depends only on n, so the same inputs always give the same bits.
override WG: u32 = 256;

struct Params {
  n: u32,
  offset_a: u32,
  offset_b: u32,
  partial_offset: u32,
  groups: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> partials: array<f32>;

var<workgroup> scratch: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let stride = params.groups * WG;
  var sum = 0.0;
  for (var i = wid.x * WG + t; i < params.n; i += stride) {
    sum += a[params.offset_a + i] * b[params.offset_b + i];
  }
  scratch[t] = sum;
  workgroupBarrier();
  for (var half = WG / 2u; half > 0u; half /= 2u) {
    if (t < half) {
      scratch[t] += scratch[t + half];
    }
    workgroupBarrier();
  }
  if (t == 0u) {
    partials[params.partial_offset + wid.x] = scratch[0];
  }
}
