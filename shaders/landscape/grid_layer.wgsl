// One dense layer of the MLP at many points of a landscape grid at once: for grid point p of the
// chunk, sample s and output unit o,
//   out[p, s, o] = Σ_k (W0 + α_p D1 + β_p D2)[o, k] · in[p, s, k] + (b0 + α_p c1 + β_p c2)[o],
// with each point's combined weights and bias formed once per layer by combine_weights into
// `weights` ([points, out·in + out], a layer's worth per point of the chunk), which `main` reads:
// one load per weight in the inner loop instead of three (θ0, d1, d2) and two multiply-adds.
// θ0 = (W0, b0) is the slice's center and d1 = (D1, c1), d2 = (D2, c2) its directions, all in the
// flat parameter layout (src/models/mlp.ts). `main` serves layers 2..L; layer 1 goes through
// project_inputs and combine_projections below. A hidden layer's activation is applied before
// its output is written (a separate element-wise pass over every point's activations cost a third
// of the grid's time); the loss comes from mlp/loss_head.wgsl on the same buffers.
// Float64 twin: evaluateSliceF64 in src/math/landscape.ts.
//
// No workgroup memory and no barriers: SwiftShader makes barriers expensive, and neighbouring
// invocations (same point and samples, consecutive units) already share their input rows in cache.
override WG: u32 = 64;

//#include mlp/activation

struct Params {
  points: u32,       // grid points in this chunk
  samples: u32,      // rows per point
  in_width: u32,
  out_width: u32,
  w_offset: u32,     // where W_l starts in θ (and in each direction)
  b_offset: u32,     // where b_l starts
  point_offset: u32, // grid index of the chunk's first point
  param_count: u32,  // length of θ0, d1 and d2: where d2 starts in `directions`
  activate: u32,     // 1: a hidden layer, write σ(z); 0: the output layer, write z
}

fn layer_output(z: f32) -> f32 {
  if (params.activate == 1u) {
    return activation(z).x;
  }
  return z;
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> center: array<f32>;
// d1 then d2, each of the parameter count's length (d2 zero for a line).
@group(0) @binding(2) var<storage, read> directions: array<f32>;
// (α, β) of every grid point.
@group(0) @binding(3) var<storage, read> coords: array<f32>;
@group(0) @binding(4) var<storage, read> input: array<f32>;
@group(0) @binding(5) var<storage, read_write> output: array<f32>;
// Per-point weights and biases of the layer (combine_weights writes, main reads).
@group(0) @binding(6) var<storage, read_write> weights: array<f32>;

// Each invocation computes a tile of UNITS output units × ROWS consecutive samples of one point:
// a weight is loaded once and used ROWS times, an input value is loaded once and used UNITS times.
// On SwiftShader every storage load is bounds-checked, so loads per multiply-add decide the speed:
// 8 loads for 16 multiply-adds here (16 when the weights were combined in the loop, 7 for 4 with
// one unit per invocation; a tile of 8 samples, 12 loads for 32, measured no faster). The
// accumulators are vec4s, so ROWS is 4; GRID_LAYER_ROWS and
// GRID_LAYER_UNITS in src/engine/landscape/landscape-gpu.ts size the dispatch by them.
const ROWS: u32 = 4u;
const UNITS: u32 = 4u;

// weights[p, j] = θ0[w_offset + j] + α_p d1[w_offset + j] + β_p d2[w_offset + j] for the layer's
// out·in weights and then its out biases (they follow the weights in θ, so one range covers both).
// Invocation j forms parameter j at every point of the chunk: one element per invocation cost two
// integer divisions each (per lane on SwiftShader), ~40 ms of a default 51×51 grid's ~300.
@compute @workgroup_size(WG)
fn combine_weights(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
                   @builtin(local_invocation_index) t: u32) {
  let j = (wid.y * groups.x + wid.x) * WG + t;
  let size = params.out_width * (params.in_width + 1u);
  if (j >= size) {
    return;
  }
  let w = params.w_offset + j;
  let c = center[w];
  let d1 = directions[w];
  let d2 = directions[params.param_count + w];
  var at = 2u * params.point_offset;
  var out = j;
  for (var p = 0u; p < params.points; p++) {
    weights[out] = c + coords[at] * d1 + coords[at + 1u] * d2;
    at += 2u;
    out += size;
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) t: u32) {
  let i = (wid.y * groups.x + wid.x) * WG + t;
  let blocks = (params.samples + ROWS - 1u) / ROWS;
  let unit_blocks = (params.out_width + UNITS - 1u) / UNITS;
  if (i >= params.points * blocks * unit_blocks) {
    return;
  }
  // Consecutive invocations take consecutive unit tiles of the same samples: they share input rows.
  let o0 = (i % unit_blocks) * UNITS;
  let row_block = i / unit_blocks;
  let p = row_block / blocks;
  let s0 = (row_block % blocks) * ROWS;
  let n = params.in_width;
  // Input rows of the ROWS samples; past the last sample, repeat it (its results are not written).
  var base = vec4<u32>(0u);
  for (var q = 0u; q < ROWS; q++) {
    base[q] = (p * params.samples + min(s0 + q, params.samples - 1u)) * n;
  }
  // Past the last unit, repeat it likewise.
  let last = params.out_width - 1u;
  let o = vec4<u32>(o0, min(o0 + 1u, last), min(o0 + 2u, last), min(o0 + 3u, last));
  let point_weights = p * params.out_width * (n + 1u);
  let w_row = vec4<u32>(point_weights) + o * n;
  let bias = point_weights + params.out_width * n;
  var z0 = vec4<f32>(weights[bias + o.x]);
  var z1 = vec4<f32>(weights[bias + o.y]);
  var z2 = vec4<f32>(weights[bias + o.z]);
  var z3 = vec4<f32>(weights[bias + o.w]);
  for (var k = 0u; k < n; k++) {
    let x = vec4<f32>(input[base.x + k], input[base.y + k], input[base.z + k], input[base.w + k]);
    z0 += weights[w_row.x + k] * x;
    z1 += weights[w_row.y + k] * x;
    z2 += weights[w_row.z + k] * x;
    z3 += weights[w_row.w + k] * x;
  }
  for (var q = 0u; q < ROWS; q++) {
    let s = s0 + q;
    if (s >= params.samples) {
      break;
    }
    let row = (p * params.samples + s) * params.out_width;
    output[row + o0] = layer_output(z0[q]);
    if (o0 + 1u <= last) { output[row + o0 + 1u] = layer_output(z1[q]); }
    if (o0 + 2u <= last) { output[row + o0 + 2u] = layer_output(z2[q]); }
    if (o0 + 3u <= last) { output[row + o0 + 3u] = layer_output(z3[q]); }
  }
}

// The first layer reads the same dataset rows at every grid point, and it is linear in the
// weights: Z = X(W0 + αD1 + βD2)ᵀ + b = U0 + αU1 + βU2 with U_m = X V_mᵀ + bias_m the products
// of the inputs with the center and each direction. project_inputs computes the three U_m once
// per grid (one invocation per sample, unit and m, into `output` as [3, samples, out]), and
// combine_projections forms each point's Z from them, so a wide input layer (MNIST's 784 or 196
// pixels) costs three products instead of one per grid point. Uses center, directions, input
// (the dataset) and output; w_offset, b_offset, in_width, out_width, samples, param_count.
@compute @workgroup_size(WG)
fn project_inputs(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
                  @builtin(local_invocation_index) t: u32) {
  let i = (wid.y * groups.x + wid.x) * WG + t;
  let per_m = params.samples * params.out_width;
  if (i >= 3u * per_m) {
    return;
  }
  let m = i / per_m;
  let s = (i % per_m) / params.out_width;
  let o = i % params.out_width;
  // V_0 = θ0 (center), V_1 = d1, V_2 = d2.
  let n = params.in_width;
  var z = 0.0;
  if (m == 0u) {
    z = center[params.b_offset + o];
    for (var k = 0u; k < n; k++) {
      z += center[params.w_offset + o * n + k] * input[s * n + k];
    }
  } else {
    let base = (m - 1u) * params.param_count;
    z = directions[base + params.b_offset + o];
    for (var k = 0u; k < n; k++) {
      z += directions[base + params.w_offset + o * n + k] * input[s * n + k];
    }
  }
  output[i] = z;
}

// Z[p, s, o] = U0[s, o] + α_p U1[s, o] + β_p U2[s, o], with `input` the [3, samples, out] projections.
// Uses coords, input, output; points, samples, out_width, point_offset.
@compute @workgroup_size(WG)
fn combine_projections(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
                       @builtin(local_invocation_index) t: u32) {
  let i = (wid.y * groups.x + wid.x) * WG + t;
  let per_point = params.samples * params.out_width;
  if (i >= params.points * per_point) {
    return;
  }
  let g = params.point_offset + i / per_point;
  let j = i % per_point;
  output[i] = layer_output(input[j] + coords[2u * g] * input[per_point + j] + coords[2u * g + 1u] * input[2u * per_point + j]);
}
