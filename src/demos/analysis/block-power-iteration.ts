/**
 * The top eigenvalue of one diagonal block H_bb of a symmetric operator (a layer's Hessian block,
 * HAWQ-V1's sensitivity) by power iteration, given only products with the whole operator: v is
 * zero outside the block, and only the block's part of Hv is kept. Float64, deterministic start.
 */

export interface BlockPowerResult {
  /** The Rayleigh quotient of the last iterate (largest-magnitude eigenvalue of the block). */
  readonly eigenvalue: number;
  readonly iterations: number;
}

export interface Block {
  readonly offset: number;
  readonly size: number;
}

/**
 * `multiply(v)` returns Hv for a full-length v. Stops after `maxIterations` or when the eigenvalue
 * estimate changes by less than `tolerance` (relative). `start` is the block-length initial vector.
 */
export function blockTopEigenvalue(
  multiply: (v: Float64Array) => ArrayLike<number>,
  length: number,
  block: Block,
  start: ArrayLike<number>,
  maxIterations = 20,
  tolerance = 1e-3,
): BlockPowerResult {
  const { offset, size } = block;
  if (start.length !== size) throw new Error(`blockTopEigenvalue: start has ${start.length} values, the block ${size}`);
  if (offset < 0 || offset + size > length) throw new Error(`blockTopEigenvalue: block [${offset}, ${offset + size}) lies outside ${length} parameters`);
  let u = normalized(Float64Array.from(start));
  if (u === null) throw new Error('blockTopEigenvalue: the start vector is zero');
  let eigenvalue = Number.NaN;
  let iterations = 0;
  while (iterations < maxIterations) {
    const v = new Float64Array(length);
    v.set(u, offset);
    const hv = multiply(v);
    const w = new Float64Array(size);
    for (let i = 0; i < size; i++) w[i] = hv[offset + i]!;
    let rayleigh = 0;
    for (let i = 0; i < size; i++) rayleigh += u[i]! * w[i]!;
    iterations++;
    const converged = Math.abs(rayleigh - eigenvalue) <= tolerance * Math.abs(rayleigh);
    eigenvalue = rayleigh;
    if (converged) break;
    const next = normalized(w);
    if (next === null) break;
    u = next;
  }
  return { eigenvalue, iterations };
}

/** v / ‖v‖, or null for the zero vector (then the block maps the iterate to zero: eigenvalue 0). */
function normalized(v: Float64Array): Float64Array | null {
  let s = 0;
  for (const x of v) s += x * x;
  if (s === 0) return null;
  const inv = 1 / Math.sqrt(s);
  return v.map((x) => x * inv);
}
