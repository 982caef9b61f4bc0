// The hidden activation σ, chosen by the override ACT (0 tanh, 1 relu, 2 gelu (tanh
// approximation), 3 sigmoid, 4 identity), with its first two derivatives. Included by the shaders
// that apply it (`//#include mlp/activation`, see src/engine/shader-library.ts).
// Twin: src/math/activations.ts.
override ACT: u32 = 0;

const GELU_C: f32 = 0.7978845608028654; // √(2/π)
const GELU_K: f32 = 0.044715;

// tanh saturates to ±1 in f32 beyond |z| ≈ 9; clamping first keeps implementations that go
// through exp(2z) from producing inf/inf.
fn tanh_safe(z: f32) -> f32 {
  return tanh(clamp(z, -15.0, 15.0));
}

//#include mlp/sigmoid

// (σ(z), σ'(z), σ''(z))
fn activation(z: f32) -> vec3<f32> {
  switch ACT {
    case 0u: {
      let t = tanh_safe(z);
      let g = 1.0 - t * t;
      return vec3<f32>(t, g, -2.0 * t * g);
    }
    case 1u: {
      return vec3<f32>(max(z, 0.0), select(0.0, 1.0, z > 0.0), 0.0);
    }
    case 2u: {
      // With w = c(z + k z³), t = tanh w: σ = ½ z (1 + t), σ' = ½(1 + t) + ½ z (1 − t²) w',
      // σ'' = (1 − t²) [w' + ½ z (w'' − 2 t w'²)].
      let t = tanh_safe(GELU_C * (z + GELU_K * z * z * z));
      let dw = GELU_C * (1.0 + 3.0 * GELU_K * z * z);
      let ddw = 6.0 * GELU_C * GELU_K * z;
      let sech2 = 1.0 - t * t;
      return vec3<f32>(0.5 * z * (1.0 + t), 0.5 * (1.0 + t) + 0.5 * z * sech2 * dw, sech2 * (dw + 0.5 * z * (ddw - 2.0 * t * dw * dw)));
    }
    case 3u: {
      let s = sigmoid(z);
      let g = s * (1.0 - s);
      return vec3<f32>(s, g, g * (1.0 - 2.0 * s));
    }
    default: {
      return vec3<f32>(z, 1.0, 0.0);
    }
  }
}
