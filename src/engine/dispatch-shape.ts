/** Workgroup counts for one invocation per element, folded into 2-D past the per-dimension limit. */
export function linearDispatch(elements: number, workgroupSize: number, maxPerDimension = 65535): [number, number] {
  const groups = Math.ceil(elements / workgroupSize);
  if (groups <= maxPerDimension) return [groups, 1];
  const x = maxPerDimension;
  return [x, Math.ceil(groups / x)];
}
