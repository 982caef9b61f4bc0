import type { AppliedChange } from '../../store/results-slice.ts';

/** Vertical dotted lines (and labels) where mid-run changes took effect. */
export function changeMarkers(changes: readonly AppliedChange[]) {
  return {
    shapes: changes.map((c) => ({ type: 'line', x0: c.step, x1: c.step, yref: 'paper', y0: 0, y1: 1, line: { dash: 'dot', color: '#d9822b' } })),
    annotations: changes.map((c) => ({ x: c.step, yref: 'paper', y: 1, text: c.description, showarrow: false, font: { size: 9, color: '#a65c00' }, yanchor: 'bottom' })),
  };
}
