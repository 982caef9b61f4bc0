// The loss on the logits, one invocation per sample (row) of the chunk: per-sample loss and
// correctness, ∂ℓ/∂z, the output Hessian H_out applied to a vector, and the empirical-Fisher
// weighting. LOSS: 0 softmax cross-entropy (class index labels), 1 squared error ½‖z − y‖²,
// 2 binary logistic (one output, 0/1 labels). Twin: src/math/mlp-loss.ts.
//
// Row r of the chunk is sample `base + r` of the dataset, or sample indices[index_offset + base + r]
// when use_index = 1; labels are read from the dataset, so a subset needs no gathered label copy.
// Every output is multiplied by `scale` (1/N for a mean over N samples).
override WG: u32 = 64;
override LOSS: u32 = 0;

struct Params {
  rows: u32,
  width: u32,       // number of logits per sample
  target_dim: u32,  // width of one label row
  base: u32,
  use_index: u32,
  index_offset: u32,
  scale: f32,
  // sampled_gradient only: streamKey(seed, stream) of the label draws (src/math/sampled-labels.ts).
  label_key: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read> labels: array<f32>;
@group(0) @binding(3) var<storage, read> indices: array<u32>;
@group(0) @binding(4) var<storage, read> u: array<f32>;
@group(0) @binding(5) var<storage, read_write> delta: array<f32>;
// [loss, correct] per row
@group(0) @binding(6) var<storage, read_write> stats: array<f32>;

fn row_index(wid: vec3<u32>, groups: vec3<u32>, t: u32) -> u32 {
  return (wid.y * groups.x + wid.x) * WG + t;
}

fn label_at(r: u32, o: u32) -> f32 {
  var sample = params.base + r;
  if (params.use_index == 1u) {
    sample = indices[params.index_offset + sample];
  }
  return labels[sample * params.target_dim + o];
}

fn z_at(r: u32, o: u32) -> f32 {
  return logits[r * params.width + o];
}

//#include mlp/sigmoid

// log Σ exp z over the row, shifted by the maximum so that no exp overflows.
fn log_sum_exp(r: u32) -> f32 {
  var m = z_at(r, 0u);
  for (var o = 1u; o < params.width; o++) {
    m = max(m, z_at(r, o));
  }
  var s = 0.0;
  for (var o = 0u; o < params.width; o++) {
    s += exp(z_at(r, o) - m);
  }
  return m + log(s);
}

// ∂ℓ/∂z_o; `lse` is only read for cross-entropy.
fn dloss(r: u32, o: u32, lse: f32) -> f32 {
  switch LOSS {
    case 0u: {
      return exp(z_at(r, o) - lse) - select(0.0, 1.0, u32(label_at(r, 0u)) == o);
    }
    case 1u: {
      return z_at(r, o) - label_at(r, o);
    }
    default: {
      return sigmoid(z_at(r, 0u)) - label_at(r, 0u);
    }
  }
}

fn lse_if_needed(r: u32) -> f32 {
  if (LOSS == 0u) {
    return log_sum_exp(r);
  }
  return 0.0;
}

fn write_stats(r: u32, lse: f32) {
  var loss = 0.0;
  var correct = 0.0;
  switch LOSS {
    case 0u: {
      let label = u32(label_at(r, 0u));
      loss = lse - z_at(r, label);
      // The first maximal logit is the prediction, as in the twin.
      var best = 0u;
      for (var o = 1u; o < params.width; o++) {
        if (z_at(r, o) > z_at(r, best)) {
          best = o;
        }
      }
      correct = select(0.0, 1.0, best == label);
    }
    case 1u: {
      for (var o = 0u; o < params.width; o++) {
        let d = z_at(r, o) - label_at(r, o);
        loss += d * d;
      }
      loss *= 0.5;
    }
    default: {
      // max(z, 0) − z·y + log(1 + e^{−|z|}) never overflows.
      let z = z_at(r, 0u);
      let y = label_at(r, 0u);
      loss = max(z, 0.0) - z * y + log(1.0 + exp(-abs(z)));
      correct = select(0.0, 1.0, select(0.0, 1.0, z > 0.0) == y);
    }
  }
  stats[2u * r] = loss;
  stats[2u * r + 1u] = correct;
}

// Uses logits, labels, indices, stats.
@compute @workgroup_size(WG)
fn evaluate(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
            @builtin(local_invocation_index) t: u32) {
  let r = row_index(wid, groups, t);
  if (r >= params.rows) {
    return;
  }
  write_stats(r, lse_if_needed(r));
}

// stats, and delta = scale · ∂ℓ/∂z. Uses logits, labels, indices, delta, stats.
@compute @workgroup_size(WG)
fn gradient(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
            @builtin(local_invocation_index) t: u32) {
  let r = row_index(wid, groups, t);
  if (r >= params.rows) {
    return;
  }
  let lse = lse_if_needed(r);
  write_stats(r, lse);
  for (var o = 0u; o < params.width; o++) {
    delta[r * params.width + o] = params.scale * dloss(r, o, lse);
  }
}

// delta = scale · H_out u: softmax p ⊙ (u − pᵀu), squared error u, logistic s(1 − s) u.
// Uses logits, u, delta.
@compute @workgroup_size(WG)
fn output_hessian(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
                  @builtin(local_invocation_index) t: u32) {
  let r = row_index(wid, groups, t);
  if (r >= params.rows) {
    return;
  }
  let w = params.width;
  switch LOSS {
    case 0u: {
      let lse = log_sum_exp(r);
      var pu = 0.0;
      for (var o = 0u; o < w; o++) {
        pu += exp(z_at(r, o) - lse) * u[r * w + o];
      }
      for (var o = 0u; o < w; o++) {
        delta[r * w + o] = params.scale * exp(z_at(r, o) - lse) * (u[r * w + o] - pu);
      }
    }
    case 1u: {
      for (var o = 0u; o < w; o++) {
        delta[r * w + o] = params.scale * u[r * w + o];
      }
    }
    default: {
      let s = sigmoid(z_at(r, 0u));
      delta[r] = params.scale * s * (1.0 - s) * u[r];
    }
  }
}

// Empirical Fisher: with g = ∂ℓ/∂z of this sample and u = J v, gᵢᵀv = g·u, and
// delta = scale · (g·u) g is what the ordinary backward pass turns into (gᵢᵀv) gᵢ / N.
// Uses logits, labels, indices, u, delta.
@compute @workgroup_size(WG)
fn fisher(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
          @builtin(local_invocation_index) t: u32) {
  let r = row_index(wid, groups, t);
  if (r >= params.rows) {
    return;
  }
  let w = params.width;
  let lse = lse_if_needed(r);
  var gu = 0.0;
  for (var o = 0u; o < w; o++) {
    gu += dloss(r, o, lse) * u[r * w + o];
  }
  for (var o = 0u; o < w; o++) {
    delta[r * w + o] = params.scale * gu * dloss(r, o, lse);
  }
}

//#include rng/counter

// delta = scale · ∂ℓ/∂z with the label drawn from the model's own distribution (Sophia-G's
// Gauss-Newton-Bartlett estimator): sample position k = base + r draws from counter k:
// cross-entropy the first class c with u < p₀ + … + p_c; logistic 1 if u < sigmoid(z);
// squared error y = z + ξ, so ∂ℓ/∂z = −ξ with ξ_o at counter k·width + o. Uses logits, delta.
@compute @workgroup_size(WG)
fn sampled_gradient(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
                    @builtin(local_invocation_index) t: u32) {
  let r = row_index(wid, groups, t);
  if (r >= params.rows) {
    return;
  }
  let w = params.width;
  let k = params.base + r;
  switch LOSS {
    case 0u: {
      let lse = log_sum_exp(r);
      let u = counter_uniform(params.label_key, k);
      var label = w - 1u;
      var sum = 0.0;
      for (var o = 0u; o < w; o++) {
        sum += exp(z_at(r, o) - lse);
        if (u < sum) {
          label = o;
          break;
        }
      }
      for (var o = 0u; o < w; o++) {
        delta[r * w + o] = params.scale * (exp(z_at(r, o) - lse) - select(0.0, 1.0, o == label));
      }
    }
    case 1u: {
      for (var o = 0u; o < w; o++) {
        delta[r * w + o] = -params.scale * counter_gaussian(params.label_key, k * w + o);
      }
    }
    default: {
      let s = sigmoid(z_at(r, 0u));
      delta[r] = params.scale * (s - select(0.0, 1.0, counter_uniform(params.label_key, k) < s));
    }
  }
}
