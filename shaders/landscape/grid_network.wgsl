// The whole forward pass of a small MLP (every width ≤ MAX_WIDTH) at many points of a landscape
// grid at once, up to the logits: for grid point p of the chunk and sample s,
//   logits[p, s] = f(x_s; θ0 + α_p d1 + β_p d2),
// with each point's parameters combined beforehand (grid_layer's combine_weights over all of θ)
// into `weights` ([points, param_count], in the flat layout of src/models/mlp.ts). The loss comes
// from mlp/loss_head.wgsl on the logits. Float64 twin: evaluateSliceF64 in src/math/landscape.ts.
//
// Why a kernel of its own for small models: layer by layer (grid_layer's main), every layer's
// activations of every point and sample went out to memory and back, and each layer was a
// dispatch; for the default [2, 16, 16, 3] that traffic, not the arithmetic, was the grid's cost.
// Here the activations of ROWS samples stay in the invocation's registers from the inputs to the
// logits. The network's body is generated per architecture (src/engine/landscape/grid-network-code.ts
// replaces the //#generated line) as straight-line code with one `let` per unit and constant
// weight offsets: SwiftShader turns an array indexed by a loop counter into per-lane gathers,
// named values it keeps in vector registers. Consecutive invocations take consecutive sample
// blocks of the same point, so they read the same weights.
override WG: u32 = 64;
// Samples per invocation: 4 per vec4 of each unit's values (the generated code's `vecs`).
override ROWS: u32 = 4u;

//#include mlp/activation

struct Params {
  points: u32,       // grid points in this chunk
  samples: u32,      // rows per point
  param_count: u32,  // parameters per point in `weights`
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> weights: array<f32>;
// The dataset's inputs, [samples, in_width].
@group(0) @binding(2) var<storage, read> input: array<f32>;
// [points × samples, out_width]
@group(0) @binding(3) var<storage, read_write> logits: array<f32>;

fn activate4(z: vec4<f32>) -> vec4<f32> {
  return activation4(z).value;
}

// Input k of four consecutive samples from s (past the last sample, the last one again: its logits
// are not written).
fn inputs4(s: u32, in_width: u32, k: u32) -> vec4<f32> {
  let last = params.samples - 1u;
  return vec4<f32>(input[min(s, last) * in_width + k], input[min(s + 1u, last) * in_width + k],
                   input[min(s + 2u, last) * in_width + k], input[min(s + 3u, last) * in_width + k]);
}

fn store_logits4(p: u32, s: u32, out_width: u32, o: u32, z: vec4<f32>) {
  for (var q = 0u; q < 4u; q++) {
    if (s + q < params.samples) {
      logits[(p * params.samples + s + q) * out_width + o] = z[q];
    }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) t: u32) {
  let i = (wid.y * groups.x + wid.x) * WG + t;
  let blocks = (params.samples + ROWS - 1u) / ROWS;
  if (i >= params.points * blocks) {
    return;
  }
  let p = i / blocks;
  // First sample of the block, and where point p's parameters start.
  let s0 = (i % blocks) * ROWS;
  let at = p * params.param_count;
  //#generated
}
