// Rows of a subset: dst[r, :] = src[indices[index_offset + r], :] for r < rows, so that the
// matrix products of a subset run on a dense [rows, width] block. One invocation per element.
override WG: u32 = 256;

struct Params {
  rows: u32,
  width: u32,
  index_offset: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read> indices: array<u32>;
@group(0) @binding(3) var<storage, read_write> dst: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) t: u32) {
  let i = (wid.y * groups.x + wid.x) * WG + t;
  if (i >= params.rows * params.width) {
    return;
  }
  let r = i / params.width;
  let c = i % params.width;
  dst[i] = src[indices[params.index_offset + r] * params.width + c];
}
