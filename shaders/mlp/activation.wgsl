// The hidden activation σ, chosen by the override ACT (0 tanh, 1 relu, 2 gelu (tanh
// approximation), 3 sigmoid, 4 identity), with its first two derivatives. Included by the shaders
// that apply it (`//#include mlp/activation`, see src/engine/shader-library.ts).
// Twin: src/math/activations.ts.
//
// Written once, for four values at a time: the whole-network kernels carry four samples per
// invocation, and every call of a function is compiled again where it is called (SwiftShader
// inlines calls), so one vec4 call compiles a quarter of four scalar ones. Kernels with one value
// per invocation use `activation`, which computes the four lanes of a splat.
override ACT: u32 = 0;

const GELU_C: f32 = 0.7978845608028654; // √(2/π)
const GELU_K: f32 = 0.044715;

// tanh as (e^{2z} − 1)/(e^{2z} + 1), one exp: with SwiftShader's built-in tanh a default 51×51
// landscape grid took ~10% longer (alternated runs: medians ~0.27 s against ~0.245 s). Its
// absolute error stays within a few f32 ulps of 1; near 0, where e^{2z} − 1 cancels, that is a
// larger relative error than the built-in's (the float64 parity tests' tolerances hold). tanh
// saturates to ±1 in f32 beyond |z| ≈ 9; clamping at 15 keeps e^{2z} finite.
fn tanh_safe(z: vec4<f32>) -> vec4<f32> {
  let e = exp(2.0 * clamp(z, vec4<f32>(-15.0), vec4<f32>(15.0)));
  return (e - 1.0) / (e + 1.0);
}

//#include mlp/sigmoid

// σ(z), σ'(z), σ''(z) of four values.
struct Activation4 {
  value: vec4<f32>,
  d1: vec4<f32>,
  d2: vec4<f32>,
}

fn activation4(z: vec4<f32>) -> Activation4 {
  switch ACT {
    case 0u: {
      let t = tanh_safe(z);
      let g = 1.0 - t * t;
      return Activation4(t, g, -2.0 * t * g);
    }
    case 1u: {
      return Activation4(max(z, vec4<f32>(0.0)), select(vec4<f32>(0.0), vec4<f32>(1.0), z > vec4<f32>(0.0)), vec4<f32>(0.0));
    }
    case 2u: {
      // With w = c(z + k z³), t = tanh w: σ = ½ z (1 + t), σ' = ½(1 + t) + ½ z (1 − t²) w',
      // σ'' = (1 − t²) [w' + ½ z (w'' − 2 t w'²)].
      let t = tanh_safe(GELU_C * (z + GELU_K * z * z * z));
      let dw = GELU_C * (1.0 + 3.0 * GELU_K * z * z);
      let ddw = 6.0 * GELU_C * GELU_K * z;
      let sech2 = 1.0 - t * t;
      return Activation4(0.5 * z * (1.0 + t), 0.5 * (1.0 + t) + 0.5 * z * sech2 * dw, sech2 * (dw + 0.5 * z * (ddw - 2.0 * t * dw * dw)));
    }
    case 3u: {
      let s = sigmoid4(z);
      let g = s * (1.0 - s);
      return Activation4(s, g, g * (1.0 - 2.0 * s));
    }
    default: {
      return Activation4(z, vec4<f32>(1.0), vec4<f32>(0.0));
    }
  }
}

// (σ(z), σ'(z), σ''(z)) of one value.
fn activation(z: f32) -> vec3<f32> {
  let a = activation4(vec4<f32>(z));
  return vec3<f32>(a.value.x, a.d1.x, a.d2.x);
}
