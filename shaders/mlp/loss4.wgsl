// The loss on the logits of four samples at a time (the components of vec4 values): the formulas
// of mlp/loss_head on vec4 values, so that each is compiled once rather than once per sample.
// The includer defines logits4(o) and labels4(o) (logit o and label column o of its four samples),
// OUT_COUNT (the number of logits) and the override LOSS: 0 softmax cross-entropy with class index
// labels, 1 squared error ½‖z − y‖², 2 binary logistic. Twin: src/math/mlp-loss.ts.

const ZERO4 = vec4<f32>(0.0);
const ONE4 = vec4<f32>(1.0);

fn log_sum_exp4() -> vec4<f32> {
  var m = logits4(0u);
  for (var o = 1u; o < OUT_COUNT; o++) {
    m = max(m, logits4(o));
  }
  var s = ZERO4;
  for (var o = 0u; o < OUT_COUNT; o++) {
    s += exp(logits4(o) - m);
  }
  return m + log(s);
}

struct Loss4 {
  // log Σ exp z (cross-entropy only, else 0)
  lse: vec4<f32>,
  loss: vec4<f32>,
  correct: vec4<f32>,
}

fn loss4() -> Loss4 {
  var lse = ZERO4;
  var loss = ZERO4;
  var correct = ZERO4;
  switch LOSS {
    case 0u: {
      lse = log_sum_exp4();
      let label = labels4(0u);
      // The first maximal logit is the prediction, as in the twin.
      var best = logits4(0u);
      var best_class = ZERO4;
      var z_label = select(ZERO4, best, label == ZERO4);
      for (var o = 1u; o < OUT_COUNT; o++) {
        let z = logits4(o);
        let class_o = vec4<f32>(f32(o));
        z_label = select(z_label, z, label == class_o);
        let better = z > best;
        best = select(best, z, better);
        best_class = select(best_class, class_o, better);
      }
      loss = lse - z_label;
      correct = select(ZERO4, ONE4, best_class == label);
    }
    case 1u: {
      for (var o = 0u; o < OUT_COUNT; o++) {
        let d = logits4(o) - labels4(o);
        loss += d * d;
      }
      loss *= 0.5;
    }
    default: {
      // max(z, 0) − z·y + log(1 + e^{−|z|}) never overflows.
      let z = logits4(0u);
      let y = labels4(0u);
      loss = max(z, ZERO4) - z * y + log(1.0 + exp(-abs(z)));
      correct = select(ZERO4, ONE4, select(ZERO4, ONE4, z > ZERO4) == y);
    }
  }
  return Loss4(lse, loss, correct);
}

// p_o of the softmax (cross-entropy only).
fn softmax4(o: u32, lse: vec4<f32>) -> vec4<f32> {
  return exp(logits4(o) - lse);
}

// ∂ℓ/∂z_o.
fn dloss4(o: u32, lse: vec4<f32>) -> vec4<f32> {
  switch LOSS {
    case 0u: {
      return softmax4(o, lse) - select(ZERO4, ONE4, labels4(0u) == vec4<f32>(f32(o)));
    }
    case 1u: {
      return logits4(o) - labels4(o);
    }
    default: {
      return sigmoid4(logits4(0u)) - labels4(0u);
    }
  }
}

// Component o of H_out u, with u_o its component o and pu = pᵀu (cross-entropy only): softmax
// p ⊙ (u − pᵀu), squared error u, logistic s(1 − s) u.
fn output_hessian4(o: u32, lse: vec4<f32>, pu: vec4<f32>, u_o: vec4<f32>) -> vec4<f32> {
  switch LOSS {
    case 0u: {
      return softmax4(o, lse) * (u_o - pu);
    }
    case 1u: {
      return u_o;
    }
    default: {
      let s = sigmoid4(logits4(0u));
      return s * (1.0 - s) * u_o;
    }
  }
}
