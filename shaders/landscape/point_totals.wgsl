// Per grid point, the sums over its samples of the loss head's [loss, correct] rows:
// totals[2g] = Σ_s loss, totals[2g + 1] = Σ_s correct for grid point g = point_offset + p.
// One invocation per point adds its rows in sample order, so the sums do not depend on the
// dispatch and repeated runs give the same bits (no float atomics).
override WG: u32 = 64;

struct Params {
  points: u32,
  samples: u32,
  point_offset: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
// [points × samples] rows of [loss, correct]
@group(0) @binding(1) var<storage, read> stats: array<f32>;
@group(0) @binding(2) var<storage, read_write> totals: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let p = gid.x;
  if (p >= params.points) {
    return;
  }
  var loss = 0.0;
  var correct = 0.0;
  let first = p * params.samples;
  for (var s = 0u; s < params.samples; s++) {
    loss += stats[2u * (first + s)];
    correct += stats[2u * (first + s) + 1u];
  }
  let g = params.point_offset + p;
  totals[2u * g] = loss;
  totals[2u * g + 1u] = correct;
}
