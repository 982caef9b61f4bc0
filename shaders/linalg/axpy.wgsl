// y ← y + alpha·x on [offset, offset + n) of each buffer.
override WG: u32 = 256;

struct Params {
  n: u32,
  alpha: f32,
  offset_x: u32,
  offset_y: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) t: u32) {
  let i = (wid.y * groups.x + wid.x) * WG + t;
  if (i < params.n) {
    y[params.offset_y + i] += params.alpha * x[params.offset_x + i];
  }
}
