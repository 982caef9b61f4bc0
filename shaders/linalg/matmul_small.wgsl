// C = op(A)·op(B) (or C += …) for small or thin products, where the 128×64 blocks of matmul.wgsl
// would mostly compute padding. One invocation per output reads its row and column straight from
// storage: no workgroup memory and no barriers, because SwiftShader runs a barrier by switching
// between all invocations of the workgroup, which costs far more than these few reads (measured:
// a 240×16×16 product took ~10 ms with 16×16 staged tiles). Same layout, offsets and override
// constants as matmul.wgsl (twin: src/math/matmul.ts); each output is summed over k in increasing
// order by one invocation, so results are deterministic.
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override ACC: bool = false;
override WG: u32 = 64;

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

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) t: u32) {
  let index = (wid.y * groups.x + wid.x) * WG + t;
  if (index >= params.m * params.n) {
    return;
  }
  let row = index / params.n;
  let col = index % params.n;
  // Strides of the k walk in A's row and B's column, by storage layout.
  var a_at = params.offset_a + row * params.k;
  var a_step = 1u;
  if (TRANS_A) {
    a_at = params.offset_a + row;
    a_step = params.m;
  }
  var b_at = params.offset_b + col;
  var b_step = params.n;
  if (TRANS_B) {
    b_at = params.offset_b + col * params.k;
    b_step = 1u;
  }
  var sum = 0.0;
  for (var kk = 0u; kk < params.k; kk++) {
    sum += a[a_at] * b[b_at];
    a_at += a_step;
    b_at += b_step;
  }
  let at = params.offset_c + index;
  if (ACC) {
    c[at] += sum;
  } else {
    c[at] = sum;
  }
}
