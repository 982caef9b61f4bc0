/**
 * The straight-line body of shaders/landscape/grid_network.wgsl for one architecture: every unit's
 * pre-activation as a sum with constant weight offsets, its values for 4·vecs samples in `vecs`
 * vec4 values named after the layer, unit and sample group. Generated rather than looped because
 * SwiftShader compiles an array indexed by a loop counter into per-lane gathers; named values stay
 * in registers (see the shader's header).
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
    if (l < L) for (let v = 0; v < vecs; v++) lines.push(`var z${l}_${v}: array<vec4<f32>, ${m}>;`);
    for (let o = 0; o < m; o++) {
      // Each weight once, into a value the sample groups share.
      lines.push(`let b${l}_${o} = weights[at + ${bias + o}u];`);
      for (let k = 0; k < n; k++) lines.push(`let w${l}_${o}_${k} = weights[at + ${offset + o * n + k}u];`);
      for (let v = 0; v < vecs; v++) {
        const terms = [`vec4<f32>(b${l}_${o})`];
        for (let k = 0; k < n; k++) terms.push(`w${l}_${o}_${k} * ${value(l - 1, k, v)}`);
        const z = terms.join(' + ');
        if (l < L) lines.push(`z${l}_${v}[${o}] = ${z};`);
        else lines.push(`logits[${v * LOGITS_PER_GROUP + o}] = ${z};`);
      }
    }
    if (l < L) for (let v = 0; v < vecs; v++) {
      lines.push(`for (var o = 0u; o < ${m}u; o++) { z${l}_${v}[o] = activate4(z${l}_${v}[o]); }`);
      for (let o = 0; o < m; o++) lines.push(`let ${value(l, o, v)} = z${l}_${v}[${o}];`);
    }
    offset = bias + m;
  }
  for (let v = 0; v < vecs; v++) lines.push(`store_stats4(p, s0 + ${4 * v}u, ${v * LOGITS_PER_GROUP}u);`);
  return { key: `[${widths.join(',')}]x${vecs}`, code: lines.map((line) => `  ${line}`).join('\n') };
}
