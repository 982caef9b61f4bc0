// The sums over samples that turn mlp/network_rows' records into the gradient or the HVP, one
// invocation per parameter j (in the layout of src/models/mlp.ts) of layer l:
//   W_l[o, k]: Σ_r E_l[r, o] a_{l−1}[r, k]  (+ Σ_r Δ_l[r, o] R{A_{l−1}}[r, k] for the HVP),
//   b_l[o]:    Σ_r E_l[r, o],
// with E = Δ (gradient) or R{Δ} (HVP: second = 1), MATH.md. Invocations param_count and
// param_count + 1, when `totals` = 1, add the records' loss and correctness. The rows are added in
// increasing order (four at a time), so the result does not depend on the dispatch. The first chunk writes
// (accumulate = 0), later ones add.
override WG: u32 = 64;

//#include mlp/network_shape

struct Params {
  rows: u32,
  // Parameters to sum (0 for the loss totals alone).
  param_count: u32,
  second: u32,
  totals: u32,
  out_offset: u32,
  accumulate: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
// [⌈rows/4⌉, RECORD] vec4 values, four rows per block (mlp/network_rows); missing rows hold zero Δ,
// R{Δ}, loss and correctness.
@group(0) @binding(1) var<storage, read> records: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
// [loss, correct] summed over samples
@group(0) @binding(3) var<storage, read_write> totals: array<f32>;

fn blocks() -> u32 {
  return (params.rows + 3u) / 4u;
}

fn column_sum(at: u32) -> f32 {
  var s = 0.0;
  for (var b = 0u; b < blocks(); b++) {
    s += dot(records[b * RECORD + at], vec4<f32>(1.0));
  }
  return s;
}

fn parameter_sum(j: u32) -> f32 {
  // The layer l of parameter j, and j's place in that layer's block of W_l and b_l.
  var l = 1u;
  var layer_start = 0u;
  for (; l < DEPTH; l++) {
    let layer_size = width(l) * (width(l - 1u) + 1u);
    if (layer_start + layer_size > j) {
      break;
    }
    layer_start += layer_size;
  }
  let n = width(l - 1u);
  let m = width(l);
  let local = j - layer_start;
  let e_at = select(Q_D, Q_RD, params.second == 1u) * UNITS + units_before(l);
  if (local >= m * n) {
    return column_sum(e_at + local - m * n);
  }
  let o = local / n;
  let k = local % n;
  let e = e_at + o;
  var a = INPUT_AT + k;
  if (l > 1u) {
    a = Q_A * UNITS + units_before(l - 1u) + k;
  }
  var s = 0.0;
  if (params.second == 0u || l == 1u) {
    for (var b = 0u; b < blocks(); b++) {
      s += dot(records[b * RECORD + e], records[b * RECORD + a]);
    }
    return s;
  }
  // The HVP's second term; R{A_0} = 0.
  let d = Q_D * UNITS + units_before(l) + o;
  let ra = Q_RA * UNITS + units_before(l - 1u) + k;
  for (var b = 0u; b < blocks(); b++) {
    let at = b * RECORD;
    s += dot(records[at + e], records[at + a]) + dot(records[at + d], records[at + ra]);
  }
  return s;
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) t: u32) {
  let j = (wid.y * groups.x + wid.x) * WG + t;
  init_shape();
  if (j < params.param_count) {
    let s = parameter_sum(j);
    let i = params.out_offset + j;
    out[i] = select(s, out[i] + s, params.accumulate == 1u);
  } else if (params.totals == 1u && j < params.param_count + 2u) {
    let q = j - params.param_count;
    let s = column_sum(STATS_AT + q);
    totals[q] = select(s, totals[q] + s, params.accumulate == 1u);
  }
}
