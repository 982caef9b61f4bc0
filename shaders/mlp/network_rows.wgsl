// A whole small MLP for one sample per invocation, by `mode`: 0 the forward pass and the loss,
// 1 also the backward pass (gradient), 2 also Pearlmutter's R-forward and R-backward passes (HVP,
// MATH.md). Every layer's numbers of the sample go to its record (mlp/network_shape), from which
// mlp/network_sums adds the parameters' sums over samples. Twin: src/math/mlp.ts (and
// src/math/mlp-loss.ts through mlp/loss_terms).
//
// Why a kernel of its own for small models: layer by layer, each pass of each layer is a tiled
// matmul plus an element-wise kernel, ~38 dispatches per HVP of [2, 16, 16, 3]; on SwiftShader a
// dispatch costs more than the arithmetic of such a layer. Here a product is two dispatches. One
// entry point with a mode rather than three: each pipeline compiles for ~0.2–0.3 s on SwiftShader,
// at page start, before the first spectrum.
//
// Row r of the chunk is sample `base + r` of the dataset, or sample indices[base + r] when
// use_index = 1. ∂ℓ/∂z is multiplied by `scale` (1/N for a mean over N samples).
override WG: u32 = 64;
override LOSS: u32 = 0;

//#include mlp/network_shape
//#include mlp/activation

struct Params {
  rows: u32,
  base: u32,
  use_index: u32,
  target_dim: u32,
  scale: f32,
  theta_offset: u32,
  v_offset: u32,
  mode: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> theta: array<f32>;
@group(0) @binding(2) var<storage, read> v: array<f32>;
// The dataset's inputs [n, W0] and labels [n, target_dim].
@group(0) @binding(3) var<storage, read> inputs: array<f32>;
@group(0) @binding(4) var<storage, read> labels: array<f32>;
@group(0) @binding(5) var<storage, read> indices: array<u32>;
// [rows, RECORD]
@group(0) @binding(6) var<storage, read_write> records: array<f32>;

// The invocation's row: where its record starts, and which dataset sample it is.
var<private> rec: u32;
var<private> sample: u32;

// Where quantity q of layer l's units starts in this row's record.
fn at(q: u32, l: u32) -> u32 {
  return rec + q * UNITS + units_before(l);
}

// Where layer l's input a_{l−1} starts: the features for l = 1, else A_{l−1}.
fn input_of(l: u32) -> u32 {
  if (l == 1u) {
    return rec + INPUT_AT;
  }
  return at(Q_A, l - 1u);
}

// The loss terms' view of this row (their r is always this invocation's row).
fn label_at(r: u32, o: u32) -> f32 {
  return labels[sample * params.target_dim + o];
}

fn z_at(r: u32, o: u32) -> f32 {
  return records[rec + Q_Z * UNITS + LAST_UNITS_AT + o];
}

fn logit_count() -> u32 {
  return OUT_WIDTH;
}

//#include mlp/loss_terms

// Z_l = W_l a_{l−1} + b_l; hidden layers: A_l = σ(Z_l).
fn forward() {
  for (var l = 1u; l <= DEPTH; l++) {
    let n = width(l - 1u);
    let m = width(l);
    let w = params.theta_offset + weight_offset(l);
    let a = input_of(l);
    let z_l = at(Q_Z, l);
    let a_l = at(Q_A, l);
    let s1_l = at(Q_S1, l);
    let s2_l = at(Q_S2, l);
    for (var o = 0u; o < m; o++) {
      var z = theta[w + m * n + o];
      for (var k = 0u; k < n; k++) {
        z += theta[w + o * n + k] * records[a + k];
      }
      records[z_l + o] = z;
      if (l < DEPTH) {
        let g = activation(z);
        records[a_l + o] = g.x;
        records[s1_l + o] = g.y;
        records[s2_l + o] = g.z;
      }
    }
  }
}

// R{Z_l} = V_l a_{l−1} + W_l R{A_{l−1}} + c_l, R{A_l} = σ'(Z_l) ⊙ R{Z_l}; R{A_0} = 0.
fn r_forward() {
  for (var l = 1u; l <= DEPTH; l++) {
    let n = width(l - 1u);
    let m = width(l);
    let w = params.theta_offset + weight_offset(l);
    let wv = params.v_offset + weight_offset(l);
    let a = input_of(l);
    let ra_below = at(Q_RA, l - 1u);
    let s1_l = at(Q_S1, l);
    let rz_l = at(Q_RZ, l);
    let ra_l = at(Q_RA, l);
    for (var o = 0u; o < m; o++) {
      var rz = v[wv + m * n + o];
      for (var k = 0u; k < n; k++) {
        rz += v[wv + o * n + k] * records[a + k];
      }
      if (l > 1u) {
        for (var k = 0u; k < n; k++) {
          rz += theta[w + o * n + k] * records[ra_below + k];
        }
      }
      records[rz_l + o] = rz;
      if (l < DEPTH) {
        records[ra_l + o] = records[s1_l + o] * rz;
      }
    }
  }
}

// Δ_L = scale · ∂ℓ/∂z.
fn output_delta(r: u32, lse: f32) {
  let d = rec + Q_D * UNITS + LAST_UNITS_AT;
  for (var o = 0u; o < OUT_WIDTH; o++) {
    records[d + o] = params.scale * dloss(r, o, lse);
  }
}

// R{Δ_L} = scale · H_out R{Z_L}.
fn output_hessian(r: u32, lse: f32) {
  let rz = rec + Q_RZ * UNITS + LAST_UNITS_AT;
  var pu = 0.0;
  if (LOSS == 0u) {
    for (var o = 0u; o < OUT_WIDTH; o++) {
      pu += softmax_at(r, o, lse) * records[rz + o];
    }
  }
  let rd = rec + Q_RD * UNITS + LAST_UNITS_AT;
  for (var o = 0u; o < OUT_WIDTH; o++) {
    records[rd + o] = params.scale * output_hessian_at(r, o, lse, pu, records[rz + o]);
  }
}

// Δ_{l−1} = σ'(Z_{l−1}) ⊙ W_lᵀΔ_l for l = L..2; with `second`, also
// R{Δ_{l−1}} = σ''(Z_{l−1}) ⊙ R{Z_{l−1}} ⊙ W_lᵀΔ_l + σ'(Z_{l−1}) ⊙ (V_lᵀΔ_l + W_lᵀR{Δ_l}).
fn backward(second: bool) {
  for (var l = DEPTH; l >= 2u; l--) {
    let n = width(l - 1u);
    let m = width(l);
    let w = params.theta_offset + weight_offset(l);
    let wv = params.v_offset + weight_offset(l);
    let d_above = at(Q_D, l);
    let rd_above = at(Q_RD, l);
    let s1_below = at(Q_S1, l - 1u);
    let s2_below = at(Q_S2, l - 1u);
    let d_below = at(Q_D, l - 1u);
    let rz_below = at(Q_RZ, l - 1u);
    let rd_below = at(Q_RD, l - 1u);
    for (var k = 0u; k < n; k++) {
      var s = 0.0;
      var rs = 0.0;
      for (var o = 0u; o < m; o++) {
        let d = records[d_above + o];
        let wk = theta[w + o * n + k];
        s += wk * d;
        if (second) {
          rs += v[wv + o * n + k] * d + wk * records[rd_above + o];
        }
      }
      let s1 = records[s1_below + k];
      records[d_below + k] = s1 * s;
      if (second) {
        records[rd_below + k] = records[s2_below + k] * records[rz_below + k] * s + s1 * rs;
      }
    }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) t: u32) {
  let r = (wid.y * groups.x + wid.x) * WG + t;
  if (r >= params.rows) {
    return;
  }
  rec = r * RECORD;
  sample = params.base + r;
  if (params.use_index == 1u) {
    sample = indices[sample];
  }
  for (var k = 0u; k < W0; k++) {
    records[rec + INPUT_AT + k] = inputs[sample * W0 + k];
  }
  let hessian = params.mode == 2u;
  forward();
  if (hessian) {
    r_forward();
  }
  let lse = lse_if_needed(r);
  let stats = loss_and_correct(r, lse);
  records[rec + STATS_AT] = stats.x;
  records[rec + STATS_AT + 1u] = stats.y;
  if (params.mode == 0u) {
    return;
  }
  output_delta(r, lse);
  if (hessian) {
    output_hessian(r, lse);
  }
  backward(hessian);
}
