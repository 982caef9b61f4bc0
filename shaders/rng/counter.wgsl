// The counter-based generator (twin: src/math/rng.ts): value i of the stream with key
// streamKey(seed, stream), computed on the CPU, is a pure function of (key, i), so any invocation
// draws any value without state. Included by the shaders that draw (`//#include rng/counter`).

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

// Uniform in (0, 1), never 0: log(u) below stays finite.
fn counter_uniform(key: u32, i: u32) -> f32 {
  return to_uniform(counter_bits(key, i));
}

const TAU: f32 = 6.283185307179586;
const PI: f32 = 3.141592653589793;

// Box-Muller on values 2i and 2i + 1.
fn counter_gaussian(key: u32, i: u32) -> f32 {
  let u1 = counter_uniform(key, 2u * i);
  let u2 = counter_uniform(key, 2u * i + 1u);
  return sqrt(-2.0 * log(u1)) * cos(TAU * u2 - PI);
}
