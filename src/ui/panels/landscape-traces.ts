/**
 * Plotly traces of a landscape result: the loss over the slice (contour or 3-D surface; a curve
 * for a line), the training trajectory projected onto it and the current point.
 */
import type { PlotData } from 'plotly.js-dist-min';
import type { LandscapeResult } from '../../experiment/landscape.ts';

export type LandscapeView = 'contour' | 'surface';

/** Bilinear interpolation of the surface at (α, β); null outside the grid or next to a missing value. */
export function surfaceHeight(l: LandscapeResult, alpha: number, beta: number): number | null {
  const betas = l.betas;
  if (!betas) return null;
  const cell = (axis: readonly number[], x: number): [number, number] | null => {
    if (!(x >= axis[0]! && x <= axis[axis.length - 1]!)) return null;
    let i = 0;
    while (i < axis.length - 2 && x > axis[i + 1]!) i++;
    const span = axis[i + 1]! - axis[i]!;
    return [i, span > 0 ? (x - axis[i]!) / span : 0];
  };
  const a = cell(l.alphas, alpha);
  const b = cell(betas, beta);
  if (!a || !b) return null;
  const z = l.loss as (number | null)[][];
  const corners = [z[b[0]]![a[0]], z[b[0]]![a[0] + 1], z[b[0] + 1]![a[0]], z[b[0] + 1]![a[0] + 1]];
  if (corners.some((c) => c === null || c === undefined)) return null;
  const [z00, z01, z10, z11] = corners as number[];
  const [ta, tb] = [a[1], b[1]];
  return (1 - tb) * ((1 - ta) * z00! + ta * z01!) + tb * ((1 - ta) * z10! + ta * z11!);
}

const TRAJECTORY_STYLE = { color: '#d62728', width: 2 };
const CURRENT_MARKER = { color: '#fff', size: 11, symbol: 'x', line: { color: '#d62728', width: 3 } };

export function landscapeTraces(l: LandscapeResult, view: LandscapeView): PlotData[] {
  const path = l.trajectory;
  if (!l.betas) {
    const loss = l.loss as (number | null)[];
    const near = (alpha: number) => loss[l.alphas.reduce((best, a, i) => (Math.abs(a - alpha) < Math.abs(l.alphas[best]! - alpha) ? i : best), 0)] ?? null;
    return [
      { type: 'scatter', mode: 'lines', name: 'loss', x: l.alphas, y: loss, line: { color: '#1f77b4' } },
      { type: 'scatter', mode: 'markers', name: `step ${l.current.step}`, x: [l.current.alpha], y: [near(l.current.alpha)], marker: CURRENT_MARKER },
    ];
  }
  if (view === 'surface') {
    const height = (p: { alpha: number; beta: number }) => surfaceHeight(l, p.alpha, p.beta);
    return [
      { type: 'surface', name: 'loss', x: l.alphas, y: l.betas, z: l.loss, colorscale: 'Viridis', showscale: false, opacity: 0.95 },
      { type: 'scatter3d', mode: 'lines', name: 'trajectory', x: path.map((p) => p.alpha), y: path.map((p) => p.beta), z: path.map(height), line: TRAJECTORY_STYLE },
      { type: 'scatter3d', mode: 'markers', name: `step ${l.current.step}`, x: [l.current.alpha], y: [l.current.beta], z: [height(l.current)], marker: { ...CURRENT_MARKER, size: 5, symbol: 'x' } },
    ];
  }
  return [
    { type: 'contour', name: 'loss', x: l.alphas, y: l.betas, z: l.loss, colorscale: 'Viridis', ncontours: 30, colorbar: { title: { text: 'loss' }, thickness: 12 } },
    { type: 'scatter', mode: 'lines+markers', name: 'trajectory', x: path.map((p) => p.alpha), y: path.map((p) => p.beta), line: TRAJECTORY_STYLE, marker: { size: 3, color: TRAJECTORY_STYLE.color }, text: path.map((p) => `step ${p.step}`) },
    { type: 'scatter', mode: 'markers', name: `step ${l.current.step}`, x: [l.current.alpha], y: [l.current.beta], marker: CURRENT_MARKER },
  ];
}

/** The curvature map: a heatmap of λmax over the coarse grid (a curve for a line), with the current point. */
export function curvatureTraces(l: LandscapeResult): PlotData[] {
  const map = l.curvature;
  if (!map) return [];
  if (!map.betas) {
    return [{ type: 'scatter', mode: 'lines+markers', name: 'λmax', x: map.alphas, y: map.topEigenvalue, line: { color: '#9467bd' } }];
  }
  return [
    { type: 'heatmap', name: 'λmax', x: map.alphas, y: map.betas, z: map.topEigenvalue, colorscale: 'Magma', colorbar: { title: { text: 'λmax' }, thickness: 12 } },
    { type: 'scatter', mode: 'markers', name: `step ${l.current.step}`, x: [l.current.alpha], y: [l.current.beta], marker: CURRENT_MARKER },
  ];
}

/** Axis titles: what α and β move along. */
export function axisTitles(l: LandscapeResult): { alpha: string; beta: string } {
  switch (l.method) {
    case 'interpolate':
      return { alpha: 'α (0: initial, 1: final parameters)', beta: '' };
    case 'hessian':
      return { alpha: `α along eigenvector 1 (λ = ${l.eigenvalues?.[0]?.toPrecision(3) ?? '?'})`, beta: `β along eigenvector 2 (λ = ${l.eigenvalues?.[1]?.toPrecision(3) ?? '?'})` };
    case 'pca': {
      const pct = (i: number) => (l.explainedVariance?.[i] === undefined ? '' : ` (${(100 * l.explainedVariance[i]!).toFixed(1)}% of variance)`);
      return { alpha: `α along PC 1${pct(0)}`, beta: `β along PC 2${pct(1)}` };
    }
    default:
      return { alpha: `α along ${l.method} direction 1`, beta: `β along ${l.method} direction 2` };
  }
}
