// First stage of the dot products q_i·x of `count` vectors q_i stored one after another
// (q_i starts at offset_q + i·stride) with one vector x. Invocation (i, c) sums the `chunk`
// consecutive products of chunk c in index order, with no workgroup barriers: on CPU
// implementations of WebGPU (SwiftShader) barriers in wide workgroups cost far more than the
// arithmetic, and the order stays fixed, so results are deterministic. With self_dot = 1 there is
// one more row, i = count, whose product is x·x (Lanczos's ‖w‖² beside its Qᵀw: one dispatch, not two).
override WG: u32 = 64;

struct Params {
  n: u32,
  count: u32,
  chunk: u32,
  chunks: u32,
  offset_q: u32,
  stride: u32,
  offset_x: u32,
  // partials of vector i start at partial_offset + i·partial_stride
  partial_offset: u32,
  partial_stride: u32,
  self_dot: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> q: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read_write> partials: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) t: u32) {
  let id = (wid.y * groups.x + wid.x) * WG + t;
  if (id >= (params.count + params.self_dot) * params.chunks) {
    return;
  }
  let i = id / params.chunks;
  let c = id % params.chunks;
  let start = c * params.chunk;
  let end = min(start + params.chunk, params.n);
  let base = params.offset_q + i * params.stride;
  var sum = 0.0;
  if (i == params.count) {
    for (var j = start; j < end; j++) {
      let v = x[params.offset_x + j];
      sum += v * v;
    }
  } else {
    // Four products per iteration (added in the same order): SwiftShader's per-iteration cost is
    // several times the arithmetic's (k = 80 dots of 371 values: 0.47 → 0.25 ms).
    var j = start;
    for (; j + 4u <= end; j += 4u) {
      let xo = params.offset_x + j;
      let qo = base + j;
      sum += q[qo] * x[xo];
      sum += q[qo + 1u] * x[xo + 1u];
      sum += q[qo + 2u] * x[xo + 2u];
      sum += q[qo + 3u] * x[xo + 3u];
    }
    for (; j < end; j++) {
      sum += q[base + j] * x[params.offset_x + j];
    }
  }
  partials[params.partial_offset + i * params.partial_stride + c] = sum;
}
