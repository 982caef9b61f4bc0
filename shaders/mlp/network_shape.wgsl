// The architecture of a small MLP as override constants, for the kernels that run a whole network
// in one invocation per sample (mlp/network_rows) or per parameter (mlp/network_sums): DEPTH dense
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

fn width(l: u32) -> u32 {
  switch l {
    case 0u: { return W0; }
    case 1u: { return W1; }
    case 2u: { return W2; }
    case 3u: { return W3; }
    case 4u: { return W4; }
    case 5u: { return W5; }
    case 6u: { return W6; }
    default: { return W7; }
  }
}

// Where layer l's W_l (out × in, row-major, then b_l) starts in θ: the layout of src/models/mlp.ts.
fn weight_offset(l: u32) -> u32 {
  var at = 0u;
  for (var j = 1u; j < l; j++) {
    at += width(j) * (width(j - 1u) + 1u);
  }
  return at;
}

// A sample's record holds, per quantity, the units of layers 1..DEPTH one after another
// (UNITS = W1 + … + W{DEPTH} each), then its [loss, correct], then its W0 input features:
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

fn units_before(l: u32) -> u32 {
  var at = 0u;
  for (var j = 1u; j < l; j++) {
    at += width(j);
  }
  return at;
}

// W1 + … + W{DEPTH}, and a record's length: constants, so that no offset is recomputed in a loop.
override UNITS: u32 = select(0u, W1, DEPTH >= 1u) + select(0u, W2, DEPTH >= 2u) + select(0u, W3, DEPTH >= 3u) +
                      select(0u, W4, DEPTH >= 4u) + select(0u, W5, DEPTH >= 5u) + select(0u, W6, DEPTH >= 6u) +
                      select(0u, W7, DEPTH >= 7u);
override STATS_AT: u32 = QUANTITIES * UNITS;
override INPUT_AT: u32 = STATS_AT + 2u;
override RECORD: u32 = INPUT_AT + W0;
// W{DEPTH} (the logits), and where the last layer's units start.
override OUT_WIDTH: u32 = select(select(select(select(select(select(W7, W6, DEPTH == 6u), W5, DEPTH == 5u), W4, DEPTH == 4u),
                                                  W3, DEPTH == 3u), W2, DEPTH == 2u), W1, DEPTH == 1u);
override LAST_UNITS_AT: u32 = UNITS - OUT_WIDTH;
