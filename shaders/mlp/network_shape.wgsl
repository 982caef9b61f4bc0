// The architecture of a small MLP as override constants, for the kernels that run a whole network
// in one invocation per four samples (mlp/network_rows) or per parameter (mlp/network_sums): DEPTH dense
// layers of widths W0 (inputs) .. W{DEPTH} (logits), at most 7 layers; and where each sample's
// numbers lie in its record. Constants rather than params because a model's pipelines are built
// once for its architecture.
override DEPTH: u32 = 1u;
override W0: u32 = 1u;
override W1: u32 = 1u;
override W2: u32 = 1u;
override W3: u32 = 1u;
override W4: u32 = 1u;
override W5: u32 = 1u;
override W6: u32 = 1u;
override W7: u32 = 1u;

// Per layer: its width, where its W starts in θ, and how many units come before it in a record.
// Filled once by init_shape() at the start of an invocation: read from private arrays, these are
// one load each; as functions with loops or switches they were compiled again at every call site
// (SwiftShader inlines every call), a good part of the kernels' compile time at page start.
var<private> widths: array<u32, 8>;
var<private> weights_at: array<u32, 9>;
var<private> units_at: array<u32, 9>;

fn init_shape() {
  widths = array<u32, 8>(W0, W1, W2, W3, W4, W5, W6, W7);
  var w = 0u;
  var u = 0u;
  for (var l = 1u; l <= DEPTH; l++) {
    weights_at[l] = w;
    units_at[l] = u;
    w += widths[l] * (widths[l - 1u] + 1u);
    u += widths[l];
  }
  units_at[DEPTH + 1u] = u;
}

fn width(l: u32) -> u32 {
  return widths[l];
}

// Where layer l's W_l (out × in, row-major, then b_l) starts in θ: the layout of src/models/mlp.ts.
fn weight_offset(l: u32) -> u32 {
  return weights_at[l];
}

// Units of layers 1..l−1.
fn units_before(l: u32) -> u32 {
  return units_at[l];
}

// A sample's record holds, per quantity, the units of layers 1..DEPTH one after another
// (UNITS = W1 + … + W{DEPTH} each), then its [loss, correct], its W0 input features and W0 zeros
// (R{a_0}):
//   Z pre-activations, and for hidden layers A = σ(Z), S1 = σ'(Z), S2 = σ''(Z);
//   D = Δ (∂ℓ/∂Z, times the mean's 1/N);
//   RZ, RA, RD = R{Z}, R{A}, R{Δ} (Pearlmutter's R-operator, the HVP only).
// σ' and σ'' are stored rather than recomputed where needed: each call of `activation` compiles
// every activation's code, and compilation of this kernel is page start-up time.
const Q_Z: u32 = 0u;
const Q_A: u32 = 1u;
const Q_S1: u32 = 2u;
const Q_S2: u32 = 3u;
const Q_D: u32 = 4u;
const Q_RZ: u32 = 5u;
const Q_RA: u32 = 6u;
const Q_RD: u32 = 7u;
const QUANTITIES: u32 = 8u;

// W1 + … + W{DEPTH}, and a record's length: constants, so that no offset is recomputed in a loop.
override UNITS: u32 = select(0u, W1, DEPTH >= 1u) + select(0u, W2, DEPTH >= 2u) + select(0u, W3, DEPTH >= 3u) +
                      select(0u, W4, DEPTH >= 4u) + select(0u, W5, DEPTH >= 5u) + select(0u, W6, DEPTH >= 6u) +
                      select(0u, W7, DEPTH >= 7u);
override STATS_AT: u32 = QUANTITIES * UNITS;
override INPUT_AT: u32 = STATS_AT + 2u;
override ZEROS_AT: u32 = INPUT_AT + W0;
override RECORD: u32 = ZEROS_AT + W0;
// W{DEPTH} (the logits), and where the last layer's units start.
override OUT_WIDTH: u32 = select(select(select(select(select(select(W7, W6, DEPTH == 6u), W5, DEPTH == 5u), W4, DEPTH == 4u),
                                                  W3, DEPTH == 3u), W2, DEPTH == 2u), W1, DEPTH == 1u);
override LAST_UNITS_AT: u32 = UNITS - OUT_WIDTH;
