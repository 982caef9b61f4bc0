// Second stage of a deterministic reduction: one workgroup adds `count` (at most WG) partial
// sums as a binary tree and stores the total at out[out_index].
override WG: u32 = 256;

struct Params {
  count: u32,
  partial_offset: u32,
  out_index: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> partials: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

var<workgroup> scratch: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32) {
  var v = 0.0;
  if (t < params.count) {
    v = partials[params.partial_offset + t];
  }
  scratch[t] = v;
  workgroupBarrier();
  for (var half = WG / 2u; half > 0u; half /= 2u) {
    if (t < half) {
      scratch[t] += scratch[t + half];
    }
    workgroupBarrier();
  }
  if (t == 0u) {
    out[params.out_index] = scratch[0];
  }
}
