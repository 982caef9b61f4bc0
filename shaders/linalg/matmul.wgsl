// C = op(A)·op(B), or C += op(A)·op(B) when ACC; op transposes when TRANS_A / TRANS_B.
// Shapes: op(A) is [m, k], op(B) is [k, n], C is [m, n], all row-major and dense; A is stored
// [k, m] when transposed, B is stored [n, k] when transposed. Offsets are in elements, so one
// buffer can hold several matrices (θ holds every layer's W). Twin: src/math/matmul.ts.
//
// A workgroup of 8×8 threads computes a 128×64 block of C. Each thread owns a 16×8 sub-block
// (rows ty + 8r, columns tx + 8q), so every value it reads from workgroup memory feeds 8 or 16
// multiply-adds: reads, not arithmetic, are what cost most on SwiftShader (each one is a per-lane
// loop), and on a GPU the strided ownership keeps workgroup reads conflict-free and global writes
// coalesced. k is walked in slices of 16 staged in workgroup memory.
//
// The inner loop is written out with one variable per accumulator: SwiftShader's Subzero backend
// does not unroll loops, and an array of accumulators would live in memory (measured: ~1.5× slower).
//
// Every output is summed over k in increasing order by one thread: no atomics, so the same
// inputs give the same bits on every run.
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override ACC: bool = false;

const BM: u32 = 128u;      // rows of C per workgroup
const BN: u32 = 64u;       // columns of C per workgroup
const BK: u32 = 16u;       // k-slice staged per step
const THREADS: u32 = 64u;
// Row lengths of the staged tiles; the +1 keeps a GPU's stores of a k-contiguous load off a single bank.
const A_ROW: u32 = 17u;    // non-transposed A staged as [i][kk]
const B_ROW: u32 = 65u;    // B staged as [kk][j]

struct Params {
  m: u32,
  n: u32,
  k: u32,
  offset_a: u32,
  offset_b: u32,
  offset_c: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

var<workgroup> tile_a: array<f32, 2176>; // BM · A_ROW (≥ BK · BM for the transposed layout)
var<workgroup> tile_b: array<f32, 1040>; // BK · B_ROW

fn a_at(i: u32, kk: u32) -> f32 {
  if (i >= params.m || kk >= params.k) {
    return 0.0;
  }
  if (TRANS_A) {
    return a[params.offset_a + kk * params.m + i];
  }
  return a[params.offset_a + i * params.k + kk];
}

fn b_at(kk: u32, j: u32) -> f32 {
  if (kk >= params.k || j >= params.n) {
    return 0.0;
  }
  if (TRANS_B) {
    return b[params.offset_b + j * params.k + kk];
  }
  return b[params.offset_b + kk * params.n + j];
}

@compute @workgroup_size(8, 8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let t = lid.y * 8u + lid.x;
  let row0 = wid.y * BM;
  let col0 = wid.x * BN;
  // A is staged in the layout it is stored in, so that neighbouring threads read neighbouring
  // addresses when loading: [i][kk] (stride A_ROW) or, transposed, [kk][i] (stride BM).
  var a_si = A_ROW;
  var a_sk = 1u;
  if (TRANS_A) {
    a_si = 1u;
    a_sk = BM;
  }
  // Row ty + 8r of the sub-block: c{r}l holds columns tx + 8·(0..3), c{r}h columns tx + 8·(4..7).
  var c0l = vec4<f32>(0.0); var c0h = vec4<f32>(0.0);
  var c1l = vec4<f32>(0.0); var c1h = vec4<f32>(0.0);
  var c2l = vec4<f32>(0.0); var c2h = vec4<f32>(0.0);
  var c3l = vec4<f32>(0.0); var c3h = vec4<f32>(0.0);
  var c4l = vec4<f32>(0.0); var c4h = vec4<f32>(0.0);
  var c5l = vec4<f32>(0.0); var c5h = vec4<f32>(0.0);
  var c6l = vec4<f32>(0.0); var c6h = vec4<f32>(0.0);
  var c7l = vec4<f32>(0.0); var c7h = vec4<f32>(0.0);
  var c8l = vec4<f32>(0.0); var c8h = vec4<f32>(0.0);
  var c9l = vec4<f32>(0.0); var c9h = vec4<f32>(0.0);
  var c10l = vec4<f32>(0.0); var c10h = vec4<f32>(0.0);
  var c11l = vec4<f32>(0.0); var c11h = vec4<f32>(0.0);
  var c12l = vec4<f32>(0.0); var c12h = vec4<f32>(0.0);
  var c13l = vec4<f32>(0.0); var c13h = vec4<f32>(0.0);
  var c14l = vec4<f32>(0.0); var c14h = vec4<f32>(0.0);
  var c15l = vec4<f32>(0.0); var c15h = vec4<f32>(0.0);

  for (var k0 = 0u; k0 < params.k; k0 += BK) {
    for (var s = 0u; s < BM * BK / THREADS; s++) {
      let e = t + THREADS * s;
      var ai = e / BK;
      var ak = e % BK;
      if (TRANS_A) {
        ai = e % BM;
        ak = e / BM;
      }
      tile_a[ai * a_si + ak * a_sk] = a_at(row0 + ai, k0 + ak);
    }
    for (var s = 0u; s < BN * BK / THREADS; s++) {
      let e = t + THREADS * s;
      var bj = e % BN;
      var bk = e / BN;
      if (TRANS_B) {
        bj = e / BK;
        bk = e % BK;
      }
      tile_b[bk * B_ROW + bj] = b_at(k0 + bk, col0 + bj);
    }
    workgroupBarrier();
    for (var kk = 0u; kk < BK; kk++) {
      let bb = kk * B_ROW + lid.x;
      let b0 = vec4<f32>(tile_b[bb], tile_b[bb + 8u], tile_b[bb + 16u], tile_b[bb + 24u]);
      let b1 = vec4<f32>(tile_b[bb + 32u], tile_b[bb + 40u], tile_b[bb + 48u], tile_b[bb + 56u]);
      let ab = lid.y * a_si + kk * a_sk;
      var a: f32;
      a = tile_a[ab + 0u * a_si]; c0l += a * b0; c0h += a * b1;
      a = tile_a[ab + 8u * a_si]; c1l += a * b0; c1h += a * b1;
      a = tile_a[ab + 16u * a_si]; c2l += a * b0; c2h += a * b1;
      a = tile_a[ab + 24u * a_si]; c3l += a * b0; c3h += a * b1;
      a = tile_a[ab + 32u * a_si]; c4l += a * b0; c4h += a * b1;
      a = tile_a[ab + 40u * a_si]; c5l += a * b0; c5h += a * b1;
      a = tile_a[ab + 48u * a_si]; c6l += a * b0; c6h += a * b1;
      a = tile_a[ab + 56u * a_si]; c7l += a * b0; c7h += a * b1;
      a = tile_a[ab + 64u * a_si]; c8l += a * b0; c8h += a * b1;
      a = tile_a[ab + 72u * a_si]; c9l += a * b0; c9h += a * b1;
      a = tile_a[ab + 80u * a_si]; c10l += a * b0; c10h += a * b1;
      a = tile_a[ab + 88u * a_si]; c11l += a * b0; c11h += a * b1;
      a = tile_a[ab + 96u * a_si]; c12l += a * b0; c12h += a * b1;
      a = tile_a[ab + 104u * a_si]; c13l += a * b0; c13h += a * b1;
      a = tile_a[ab + 112u * a_si]; c14l += a * b0; c14h += a * b1;
      a = tile_a[ab + 120u * a_si]; c15l += a * b0; c15h += a * b1;
    }
    workgroupBarrier();
  }

  store_row(row0 + lid.y + 0u, col0 + lid.x, c0l, c0h);
  store_row(row0 + lid.y + 8u, col0 + lid.x, c1l, c1h);
  store_row(row0 + lid.y + 16u, col0 + lid.x, c2l, c2h);
  store_row(row0 + lid.y + 24u, col0 + lid.x, c3l, c3h);
  store_row(row0 + lid.y + 32u, col0 + lid.x, c4l, c4h);
  store_row(row0 + lid.y + 40u, col0 + lid.x, c5l, c5h);
  store_row(row0 + lid.y + 48u, col0 + lid.x, c6l, c6h);
  store_row(row0 + lid.y + 56u, col0 + lid.x, c7l, c7h);
  store_row(row0 + lid.y + 64u, col0 + lid.x, c8l, c8h);
  store_row(row0 + lid.y + 72u, col0 + lid.x, c9l, c9h);
  store_row(row0 + lid.y + 80u, col0 + lid.x, c10l, c10h);
  store_row(row0 + lid.y + 88u, col0 + lid.x, c11l, c11h);
  store_row(row0 + lid.y + 96u, col0 + lid.x, c12l, c12h);
  store_row(row0 + lid.y + 104u, col0 + lid.x, c13l, c13h);
  store_row(row0 + lid.y + 112u, col0 + lid.x, c14l, c14h);
  store_row(row0 + lid.y + 120u, col0 + lid.x, c15l, c15h);
}

// Columns j0 + 8q of row i: lo holds q = 0..3, hi q = 4..7.
fn store_row(i: u32, j0: u32, lo: vec4<f32>, hi: vec4<f32>) {
  if (i >= params.m) {
    return;
  }
  for (var q = 0u; q < 8u; q++) {
    let j = j0 + 8u * q;
    if (j < params.n) {
      let index = params.offset_c + i * params.n + j;
      let value = select(hi[q % 4u], lo[q % 4u], q < 4u);
      if (ACC) {
        c[index] += value;
      } else {
        c[index] = value;
      }
    }
  }
}
