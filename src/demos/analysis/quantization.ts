/**
 * Uniform symmetric quantization, per channel (HAWQ's weight quantizer): each output row of a
 * weight matrix gets its own scale s = max|w| / (2^(b−1) − 1), and every weight becomes
 * s · round(w / s), an integer level in [−(2^(b−1) − 1), 2^(b−1) − 1]. Zero is always a level
 * and the grid is symmetric, so b = 2 is ternary {−s, 0, s}. Halves round away from zero, so
 * that quantizing −w gives exactly −Q(w).
 */

/** The largest integer level of a b-bit symmetric quantizer. */
export function maxLevel(bits: number): number {
  if (!Number.isInteger(bits) || bits < 2 || bits > 32) throw new Error(`maxLevel: bits must be an integer from 2 to 32, got ${bits}`);
  return 2 ** (bits - 1) - 1;
}

function roundHalfAwayFromZero(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** Quantizes values[start, end) with one scale into out[start, end). */
function quantizeChannel(values: ArrayLike<number>, out: Float64Array, start: number, end: number, levels: number): void {
  let largest = 0;
  for (let i = start; i < end; i++) largest = Math.max(largest, Math.abs(values[i]!));
  if (largest === 0) {
    out.fill(0, start, end);
    return;
  }
  const scale = largest / levels;
  for (let i = start; i < end; i++) out[i] = scale * roundHalfAwayFromZero(values[i]! / scale);
}

/** A [rows, cols] row-major matrix quantized to `bits` with one scale per row (output channel). */
export function quantizePerRow(matrix: ArrayLike<number>, rows: number, cols: number, bits: number): Float64Array {
  if (matrix.length !== rows * cols) throw new Error(`quantizePerRow: ${matrix.length} values do not make a ${rows}×${cols} matrix`);
  const levels = maxLevel(bits);
  const out = new Float64Array(matrix.length);
  for (let r = 0; r < rows; r++) quantizeChannel(matrix, out, r * cols, (r + 1) * cols, levels);
  return out;
}

/** ‖a − b‖². */
export function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`squaredDistance: lengths differ (${a.length} and ${b.length})`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
}
