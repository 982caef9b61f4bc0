/** Every way to give each of `layers` layers one of the bit widths in `choices` (choices^layers of them, in lexicographic order). */
export function allBitAssignments(layers: number, choices: readonly number[]): number[][] {
  if (!Number.isInteger(layers) || layers < 0) throw new Error(`allBitAssignments: layers must be a non-negative integer, got ${layers}`);
  let assignments: number[][] = [[]];
  for (let l = 0; l < layers; l++) assignments = assignments.flatMap((prefix) => choices.map((bits) => [...prefix, bits]));
  return assignments;
}
