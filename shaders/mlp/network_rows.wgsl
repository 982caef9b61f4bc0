// A whole small MLP for four samples per invocation, by `mode`: 0 the forward pass and the loss,
// 1 also the backward pass (gradient), 2 also Pearlmutter's R-forward and R-backward passes (HVP,
// MATH.md). Every layer's numbers of the sample go to its record (mlp/network_shape), from which
// mlp/network_sums adds the parameters' sums over samples. Twin: src/math/mlp.ts and
// src/math/mlp-loss.ts.
//
// Why a kernel of its own for small models: layer by layer, each pass of each layer is a tiled
// matmul plus an element-wise kernel, ~38 dispatches per HVP of [2, 16, 16, 3]; on SwiftShader a
// dispatch costs more than the arithmetic of such a layer. Here a product is two dispatches. One
// entry point with a mode rather than three: each pipeline compiles for ~0.4 s in Chromium on
// SwiftShader, at page start, before the first spectrum.
//
// Each invocation carries four rows of the chunk as the components of vec4 values, so that each
// weight is loaded once for four samples (SwiftShader loads every storage value lane by lane).
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
// [⌈rows/4⌉, RECORD] vec4 values: record block b holds rows 4b..4b+3, one per component.
@group(0) @binding(6) var<storage, read_write> records: array<vec4<f32>>;

// The invocation's four rows: where their record block starts, their dataset samples, and which
// of them exist (the last block of a chunk may be short: its missing rows repeat the last sample,
// and their Δ, R{Δ}, loss and correctness are multiplied by 0, so they add nothing to any sum).
var<private> rec: u32;
var<private> samples: array<u32, 4>;
var<private> valid: vec4<f32>;

// Where quantity q of layer l's units starts in this block.
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

// Where R{a_{l−1}} starts: zeros for l = 1 (the features do not depend on θ), else R{A_{l−1}}.
fn r_input_of(l: u32) -> u32 {
  if (l == 1u) {
    return rec + ZEROS_AT;
  }
  return at(Q_RA, l - 1u);
}

// Logit o of the block's four rows, and label column o (read by mlp/loss4).
override OUT_COUNT: u32 = OUT_WIDTH;

fn logits4(o: u32) -> vec4<f32> {
  return records[rec + Q_Z * UNITS + LAST_UNITS_AT + o];
}

fn labels4(o: u32) -> vec4<f32> {
  let d = params.target_dim;
  return vec4<f32>(labels[samples[0] * d + o], labels[samples[1] * d + o], labels[samples[2] * d + o], labels[samples[3] * d + o]);
}

//#include mlp/loss4

// [loss, correct] of each row into the block (0 for missing rows); returns log Σ exp z (cross-entropy).
fn loss_and_stats() -> vec4<f32> {
  let l = loss4();
  records[rec + STATS_AT] = valid * l.loss;
  records[rec + STATS_AT + 1u] = valid * l.correct;
  return l.lse;
}

// Δ_L = scale · ∂ℓ/∂z.
fn output_delta(lse: vec4<f32>) {
  let d = rec + Q_D * UNITS + LAST_UNITS_AT;
  for (var o = 0u; o < OUT_WIDTH; o++) {
    records[d + o] = params.scale * valid * dloss4(o, lse);
  }
}

// R{Δ_L} = scale · H_out R{Z_L}.
fn output_hessian(lse: vec4<f32>) {
  let rz = rec + Q_RZ * UNITS + LAST_UNITS_AT;
  var pu = ZERO4;
  if (LOSS == 0u) {
    for (var o = 0u; o < OUT_WIDTH; o++) {
      pu += softmax4(o, lse) * records[rz + o];
    }
  }
  let rd = rec + Q_RD * UNITS + LAST_UNITS_AT;
  for (var o = 0u; o < OUT_WIDTH; o++) {
    records[rd + o] = params.scale * valid * output_hessian4(o, lse, pu, records[rz + o]);
  }
}

// Z_l = W_l a_{l−1} + b_l; hidden layers: A_l = σ(Z_l), S1, S2 = σ'(Z_l), σ''(Z_l).
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
      var z = vec4<f32>(theta[w + m * n + o]);
      for (var k = 0u; k < n; k++) {
        z += theta[w + o * n + k] * records[a + k];
      }
      records[z_l + o] = z;
      if (l < DEPTH) {
        let g = activation4(z);
        records[a_l + o] = g.value;
        records[s1_l + o] = g.d1;
        records[s2_l + o] = g.d2;
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
    let ra_below = r_input_of(l);
    let s1_l = at(Q_S1, l);
    let rz_l = at(Q_RZ, l);
    let ra_l = at(Q_RA, l);
    for (var o = 0u; o < m; o++) {
      var rz = vec4<f32>(v[wv + m * n + o]);
      for (var k = 0u; k < n; k++) {
        rz += v[wv + o * n + k] * records[a + k] + theta[w + o * n + k] * records[ra_below + k];
      }
      records[rz_l + o] = rz;
      if (l < DEPTH) {
        records[ra_l + o] = records[s1_l + o] * rz;
      }
    }
  }
}

// Δ_{l−1} = σ'(Z_{l−1}) ⊙ W_lᵀΔ_l for l = L..2 and
// R{Δ_{l−1}} = σ''(Z_{l−1}) ⊙ R{Z_{l−1}} ⊙ W_lᵀΔ_l + σ'(Z_{l−1}) ⊙ (V_lᵀΔ_l + W_lᵀR{Δ_l}).
// For the gradient alone the R{Δ} are computed from whatever the record holds and never read
// (v is then θ): cheaper to compile than a branch in the inner loop, and the kernel's compile
// time is page start-up time, its backward pass a small part of a run.
fn backward() {
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
      var s = vec4<f32>(0.0);
      var rs = vec4<f32>(0.0);
      for (var o = 0u; o < m; o++) {
        let d = records[d_above + o];
        let wk = theta[w + o * n + k];
        s += wk * d;
        rs += v[wv + o * n + k] * d + wk * records[rd_above + o];
      }
      let s1 = records[s1_below + k];
      records[d_below + k] = s1 * s;
      records[rd_below + k] = records[s2_below + k] * records[rz_below + k] * s + s1 * rs;
    }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) t: u32) {
  let b = (wid.y * groups.x + wid.x) * WG + t;
  if (4u * b >= params.rows) {
    return;
  }
  init_shape();
  rec = b * RECORD;
  for (var r = 0u; r < 4u; r++) {
    let row = min(4u * b + r, params.rows - 1u);
    valid[r] = select(0.0, 1.0, 4u * b + r < params.rows);
    samples[r] = params.base + row;
    if (params.use_index == 1u) {
      samples[r] = indices[samples[r]];
    }
  }
  for (var k = 0u; k < W0; k++) {
    var x: vec4<f32>;
    for (var r = 0u; r < 4u; r++) {
      x[r] = inputs[samples[r] * W0 + k];
    }
    records[rec + INPUT_AT + k] = x;
    records[rec + ZEROS_AT + k] = vec4<f32>(0.0);
  }
  let hessian = params.mode == 2u;
  forward();
  if (hessian) {
    r_forward();
  }
  let lse = loss_and_stats();
  if (params.mode == 0u) {
    return;
  }
  output_delta(lse);
  if (hessian) {
    output_hessian(lse);
  }
  backward();
}
