// Second stage of block_dots_partial: invocation i adds the `chunks` partial sums of vector i in
// order and stores q_i·x at out[out_offset + i].
override WG: u32 = 64;

struct Params {
  count: u32,
  chunks: u32,
  partial_offset: u32,
  partial_stride: u32,
  out_offset: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> partials: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= params.count) {
    return;
  }
  let base = params.partial_offset + i * params.partial_stride;
  var sum = 0.0;
  for (var c = 0u; c < params.chunks; c++) {
    sum += partials[base + c];
  }
  out[params.out_offset + i] = sum;
}
