// The whole forward pass of a small MLP (every width ≤ MAX_WIDTH) and its loss at many points of a
// landscape grid at once: for grid point p of the chunk and sample s, the loss and correctness of
//   f(x_s; θ0 + α_p d1 + β_p d2),
// with each point's parameters combined beforehand (grid_layer's combine_weights over all of θ)
// into `weights` ([points, param_count], in the flat layout of src/models/mlp.ts), written to
// stats[p, s] for point_totals to add. Float64 twin: evaluateSliceF64 in src/math/landscape.ts.
//
// Why a kernel of its own for small models: layer by layer (grid_layer's main), every layer's
// activations of every point and sample went out to memory and back, and each layer was a
// dispatch; for the default [2, 16, 16, 3] that traffic, not the arithmetic, was the grid's cost.
// Here the activations of ROWS samples stay in the invocation's private values from the inputs to
// the logits. The network's body is generated per architecture (src/engine/landscape/grid-network-code.ts
// replaces the //#generated line): per layer a loop over its units, each reading the previous
// layer's values as named `let`s (SwiftShader turns an array read at a loop counter into per-lane
// gathers). Consecutive invocations take consecutive sample blocks of the same point, so they read
// the same weights.
override WG: u32 = 64;
// Samples per invocation: 4 per vec4 of each unit's values (the generated code's `vecs`).
override ROWS: u32 = 4u;
// The network's output width, and its loss (mlp/loss4).
override OUT_COUNT: u32 = 1u;
override LOSS: u32 = 0u;

//#include mlp/activation

struct Params {
  points: u32,       // grid points in this chunk
  samples: u32,      // rows per point
  param_count: u32,  // parameters per point in `weights`
  target_dim: u32,   // width of one label row
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> weights: array<f32>;
// The dataset's inputs, [samples, in_width].
@group(0) @binding(2) var<storage, read> input: array<f32>;
// The dataset's labels, [samples, target_dim].
@group(0) @binding(3) var<storage, read> labels: array<f32>;
// [points × samples, 2]: loss and correctness
@group(0) @binding(4) var<storage, read_write> stats: array<f32>;

// The logits of each sample group (vec4) of the invocation, LOGITS_PER_GROUP apart (grid-network-code.ts,
// which checks they fit), and where the group the loss reads starts.
var<private> logits: array<vec4<f32>, 64>;
var<private> group_at: u32;
var<private> first_sample: u32;

fn logits4(o: u32) -> vec4<f32> {
  return logits[group_at + o];
}

// Label column o of the four samples from first_sample (past the last sample, the last one again).
fn labels4(o: u32) -> vec4<f32> {
  let last = params.samples - 1u;
  let d = params.target_dim;
  let s = first_sample;
  return vec4<f32>(labels[min(s, last) * d + o], labels[min(s + 1u, last) * d + o], labels[min(s + 2u, last) * d + o],
                   labels[min(s + 3u, last) * d + o]);
}

//#include mlp/loss4

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

// The loss and correctness of the sample group whose logits start at logits[at] (samples s..s + 3
// of point p) into stats.
fn store_stats4(p: u32, s: u32, at: u32) {
  group_at = at;
  first_sample = s;
  let l = loss4();
  for (var q = 0u; q < 4u; q++) {
    if (s + q < params.samples) {
      let row = p * params.samples + s + q;
      stats[2u * row] = l.loss[q];
      stats[2u * row + 1u] = l.correct[q];
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
