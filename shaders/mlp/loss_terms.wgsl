// The loss of one sample from its logits, shared by mlp/loss_head (logits in a [rows, width]
// array) and mlp/network_rows (logits in a sample's record). The includer defines where the numbers
// are: z_at(r, o) (logit o of row r), label_at(r, o) (its label row), logit_count(), and the
// override LOSS: 0 softmax cross-entropy (class index labels), 1 squared error ½‖z − y‖²,
// 2 binary logistic (one output, 0/1 labels). Twin: src/math/mlp-loss.ts.

//#include mlp/sigmoid

// log Σ exp z over the row, shifted by the maximum so that no exp overflows.
fn log_sum_exp(r: u32) -> f32 {
  var m = z_at(r, 0u);
  for (var o = 1u; o < logit_count(); o++) {
    m = max(m, z_at(r, o));
  }
  var s = 0.0;
  for (var o = 0u; o < logit_count(); o++) {
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

// (loss, correct) of row r.
fn loss_and_correct(r: u32, lse: f32) -> vec2<f32> {
  var loss = 0.0;
  var correct = 0.0;
  switch LOSS {
    case 0u: {
      let label = u32(label_at(r, 0u));
      loss = lse - z_at(r, label);
      // The first maximal logit is the prediction, as in the twin.
      var best = 0u;
      for (var o = 1u; o < logit_count(); o++) {
        if (z_at(r, o) > z_at(r, best)) {
          best = o;
        }
      }
      correct = select(0.0, 1.0, best == label);
    }
    case 1u: {
      for (var o = 0u; o < logit_count(); o++) {
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
  return vec2<f32>(loss, correct);
}

// Component o of H_out u for the vector u of row r (u_o its component o): softmax p ⊙ (u − pᵀu),
// squared error u, logistic s(1 − s) u. `lse` and `pu` = pᵀu are only read for cross-entropy.
fn output_hessian_at(r: u32, o: u32, lse: f32, pu: f32, u_o: f32) -> f32 {
  switch LOSS {
    case 0u: {
      return exp(z_at(r, o) - lse) * (u_o - pu);
    }
    case 1u: {
      return u_o;
    }
    default: {
      let s = sigmoid(z_at(r, 0u));
      return s * (1.0 - s) * u_o;
    }
  }
}

// p_o of the softmax (cross-entropy only).
fn softmax_at(r: u32, o: u32, lse: f32) -> f32 {
  return exp(z_at(r, o) - lse);
}
