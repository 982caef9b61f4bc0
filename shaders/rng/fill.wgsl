// Fill with values 0..n-1 of a counter-based random stream (twin: src/math/rng.ts).
// `key` is streamKey(seed, stream), computed on the CPU. kind: 0 Rademacher, 1 Gaussian, 2 uniform.
override WG: u32 = 256;

struct Params {
  n: u32,
  key: u32,
  kind: u32,
  offset: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;

//#include rng/counter

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) t: u32) {
  let i = (wid.y * groups.x + wid.x) * WG + t;
  if (i >= params.n) {
    return;
  }
  var value: f32;
  switch params.kind {
    case 0u: {
      value = select(1.0, -1.0, (counter_bits(params.key, i) & 0x80000000u) != 0u);
    }
    case 1u: {
      value = counter_gaussian(params.key, i);
    }
    default: {
      value = counter_uniform(params.key, i);
    }
  }
  out[params.offset + i] = value;
}
