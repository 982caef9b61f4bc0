// The logistic function, with exp of a non-positive number only, so neither branch overflows.
// Included by mlp/activation (the sigmoid activation) and mlp/loss_head (the logistic loss).
fn sigmoid(z: f32) -> f32 {
  if (z >= 0.0) {
    return 1.0 / (1.0 + exp(-z));
  }
  let e = exp(z);
  return e / (1.0 + e);
}
