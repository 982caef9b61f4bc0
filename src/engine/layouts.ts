/**
 * Every kernel's bindings and workgroup sizes, in one place.
 * Convention: binding 0 is the kernel's `params` uniform (bound with a dynamic offset into the
 * context's uniform arena), bindings 1..k are storage buffers in the order listed here.
 */
export type StorageAccess = 'read' | 'read_write';

export const WORKGROUP_SIZE = {
  /** Element-wise kernels: one invocation per element. */
  linear: 256,
  /** Barrier-free reductions (block_dots_*): one invocation adds a chunk serially. */
  serialReduce: 64,
  /** Tiled matrix products: TILE×TILE outputs per workgroup. */
  tile: 16,
  /** Rows of C one matmul workgroup computes (shaders/linalg/matmul.wgsl: 8×8 threads, 16×8 outputs each). */
  matmulRows: 128,
  /** Columns of C one matmul workgroup computes. */
  matmulColumns: 64,
  /** Outputs per workgroup of shaders/linalg/matmul_small.wgsl (one invocation each). */
  matmulSmall: 64,
  /** Column sums: one thread per column. */
  columns: 64,
  /** Landscape grid kernels: one invocation per (point, sample, unit) or per grid point. */
  landscape: 64,
} as const;

/** Most partial sums of one dot product (block_dots_partial's chunks per vector). */
export const REDUCE_PARTIALS = 256;

export const KERNEL_STORAGE: Readonly<Record<string, readonly StorageAccess[]>> = {
  'linalg/axpy': ['read', 'read_write'],
  // q_0..q_{count−1} (one after another), x, partials
  'linalg/block_dots_partial': ['read', 'read', 'read_write'],
  // partials, results
  'linalg/block_dots_final': ['read', 'read_write'],
  // q_0..q_{count−1} (and, normalizing, `next` after them), coefficients, w
  'linalg/combination': ['read_write', 'read', 'read_write'],
  // coefficients (read, and 1/‖w‖ written into them)
  'linalg/inverse_norm_after_pass': ['read_write'],
  'linalg/scale': ['read_write'],
  'rng/fill': ['read_write'],
  // a, b, c
  'linalg/matmul': ['read', 'read', 'read_write'],
  'linalg/matmul_small': ['read', 'read', 'read_write'],
  // bias_src (θ or v), x, y, s1, s2, u; see the entry points for each one's roles
  'mlp/elementwise': ['read', 'read_write', 'read_write', 'read_write', 'read_write', 'read'],
  // inputs X, indices, gathered rows
  'mlp/gather': ['read', 'read', 'read_write'],
  // logits, labels, indices, u (R{z_L}), delta, per-row stats
  'mlp/loss_head': ['read', 'read', 'read', 'read', 'read_write', 'read_write'],
  // θ, v, inputs X, labels, indices, per-sample records
  'mlp/network_rows': ['read', 'read', 'read', 'read', 'read', 'read_write'],
  // per-sample records, gradient or HVP, [loss, correct] totals
  'mlp/network_sums': ['read', 'read_write', 'read_write'],
  // matrix, column sums
  'mlp/colsum': ['read', 'read_write'],
  // params, grad, m, v
  'optim/adam': ['read_write', 'read', 'read_write', 'read_write'],
  // center θ0, directions d1‖d2, grid coordinates (α, β), layer input, layer output
  'landscape/grid_layer': ['read', 'read', 'read', 'read', 'read_write', 'read_write'],
  // each point's combined parameters, the dataset's inputs and labels, per-row [loss, correct]
  'landscape/grid_network': ['read', 'read', 'read', 'read_write'],
  // per-row [loss, correct], per-point totals
  'landscape/point_totals': ['read', 'read_write'],
  // target, a, b
  'optim/ema_product': ['read_write', 'read', 'read'],
  // params, grad, m, v, z, Hz
  'optim/adahessian': ['read_write', 'read', 'read_write', 'read_write', 'read', 'read'],
  // params, grad, m, h, unclipped indicator
  'optim/sophia': ['read_write', 'read', 'read_write', 'read', 'read_write'],
};

export function storageLayoutOf(kernel: string): readonly StorageAccess[] {
  const layout = KERNEL_STORAGE[kernel];
  if (!layout) throw new Error(`No binding layout registered for kernel "${kernel}" in src/engine/layouts.ts`);
  return layout;
}

export function bindGroupLayoutDescriptor(kernel: string): GPUBindGroupLayoutDescriptor {
  return {
    label: kernel,
    entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true } },
      ...storageLayoutOf(kernel).map((access, i) => ({
        binding: i + 1,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type: access === 'read' ? ('read-only-storage' as const) : ('storage' as const) },
      })),
    ],
  };
}
