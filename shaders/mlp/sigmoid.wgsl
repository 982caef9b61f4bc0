// The logistic function, with exp of a non-positive number only, so that nothing overflows.
// Included by mlp/activation (the sigmoid activation) and the loss kernels (the logistic loss).
fn sigmoid4(z: vec4<f32>) -> vec4<f32> {
  let e = exp(-abs(z));
  return select(e / (1.0 + e), 1.0 / (1.0 + e), z >= vec4<f32>(0.0));
}

fn sigmoid(z: f32) -> f32 {
  return sigmoid4(vec4<f32>(z)).x;
}
