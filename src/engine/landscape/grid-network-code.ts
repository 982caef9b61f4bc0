/**
 * The body of shaders/landscape/grid_network.wgsl for one architecture: per layer, a loop over its
 * units whose body sums one unit's pre-activation over the previous layer's values, which are
 * named after the layer, unit and sample group (a vec4 of samples each; `vecs` groups) and read
 * with constant indices (SwiftShader compiles an array read at a loop counter into per-lane
 * gathers; see the shader's header). Each unit's value is written at the loop counter, once.
 *
 * Reads what the shader's main defines: p (the point in the chunk), s0 (the block's first sample),
 * at (where p's parameters start in `weights`), and its helpers inputs4, activate4; the logits of
 * sample group v go to the private array `logits` from LOGITS_PER_GROUP·v, then store_stats4 writes
 * the group's losses.
 */
import type { GeneratedCode } from '../pipeline-cache.ts';

/** Room for one sample group's logits in the shader's `logits` array (its widest output layer). */
export const LOGITS_PER_GROUP = 32;
/** Sample groups (vec4s of samples) the shader's `logits` array has room for. */
export const MAX_GRID_NETWORK_VECS = 2;

/** Parameter layout of src/models/mlp.ts: per layer, W (out × in, row-major) then b. */
export function gridNetworkCode(widths: readonly number[], vecs: number): GeneratedCode {
  if (widths.length < 2) throw new Error('grid network: needs at least one layer');
  if (widths[widths.length - 1]! > LOGITS_PER_GROUP || vecs > MAX_GRID_NETWORK_VECS) {
    throw new Error(`grid network: at most ${LOGITS_PER_GROUP} logits and ${MAX_GRID_NETWORK_VECS} sample groups`);
  }
  const lines: string[] = [];
  const value = (l: number, unit: number, v: number): string => `a${l}_${unit}_${v}`;
  for (let v = 0; v < vecs; v++) {
    for (let k = 0; k < widths[0]!; k++) lines.push(`let ${value(0, k, v)} = inputs4(s0 + ${4 * v}u, ${widths[0]}u, ${k}u);`);
  }
  let offset = 0;
  const L = widths.length - 1;
  for (let l = 1; l <= L; l++) {
    const n = widths[l - 1]!;
    const m = widths[l]!;
    const bias = offset + m * n;
    // A loop over the layer's units whose body has one unit's weights and sums: SwiftShader's
    // Subzero keeps almost nothing of a long straight-line body in registers, so the unrolled
    // form (a line per weight) ran no faster, and took 3× as long to compile (1.3–2 s against
    // 0.4–0.6 s for [2, 16, 16, 3]). The previous layer's values stay named (constant indices).
    if (l < L) for (let v = 0; v < vecs; v++) lines.push(`var z${l}_${v}: array<vec4<f32>, ${m}>;`);
    lines.push(`for (var o = 0u; o < ${m}u; o++) {`);
    lines.push(`  let row${l} = at + ${offset}u + o * ${n}u;`);
    lines.push(`  let b${l} = weights[at + ${bias}u + o];`);
    // Each weight once, into a value the sample groups share.
    for (let k = 0; k < n; k++) lines.push(`  let w${l}_${k} = weights[row${l} + ${k}u];`);
    for (let v = 0; v < vecs; v++) {
      const terms = [`vec4<f32>(b${l})`];
      for (let k = 0; k < n; k++) terms.push(`w${l}_${k} * ${value(l - 1, k, v)}`);
      const z = terms.join(' + ');
      if (l < L) lines.push(`  z${l}_${v}[o] = activate4(${z});`);
      else lines.push(`  logits[${v * LOGITS_PER_GROUP}u + o] = ${z};`);
    }
    lines.push('}');
    if (l < L) for (let v = 0; v < vecs; v++) for (let o = 0; o < m; o++) lines.push(`let ${value(l, o, v)} = z${l}_${v}[${o}];`);
    offset = bias + m;
  }
  for (let v = 0; v < vecs; v++) lines.push(`store_stats4(p, s0 + ${4 * v}u, ${v * LOGITS_PER_GROUP}u);`);
  return { key: `[${widths.join(',')}]x${vecs}`, code: lines.map((line) => `  ${line}`).join('\n') };
}
