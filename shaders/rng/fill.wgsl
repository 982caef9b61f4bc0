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

fn mix32(v: u32) -> u32 {
  var x = v;
  x ^= x >> 16u;
  x *= 0x7feb352du;
  x ^= x >> 15u;
  x *= 0x846ca68bu;
  x ^= x >> 16u;
  return x;
}

fn counter_bits(key: u32, i: u32) -> u32 {
  return mix32(mix32(i ^ key) + key);
}

fn to_uniform(bits: u32) -> f32 {
  return (f32(bits >> 9u) + 0.5) * 1.1920928955078125e-7;
}

const TAU: f32 = 6.283185307179586;
const PI: f32 = 3.141592653589793;

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
      let u1 = to_uniform(counter_bits(params.key, 2u * i));
      let u2 = to_uniform(counter_bits(params.key, 2u * i + 1u));
      value = sqrt(-2.0 * log(u1)) * cos(TAU * u2 - PI);
    }
    default: {
      value = to_uniform(counter_bits(params.key, i));
    }
  }
  out[params.offset + i] = value;
}
