/**
 * Which Plotly bundle a plot needs. Every 2-D plot of the lab (scatter, bar, contour, heatmap)
 * draws with the cartesian bundle, 1.5 MB against 4.8 MB for the full one, which on a slow machine
 * takes seconds longer to compile; only a 3-D view (the landscape's surface) loads the full bundle.
 */
import type { PlotlyModule } from 'plotly.js-dist-min';

export type PlotlyBundle = 'cartesian' | 'full';

export function loadPlotly(bundle: PlotlyBundle = 'cartesian'): Promise<PlotlyModule> {
  const module = bundle === 'full' ? import('plotly.js-dist-min') : import('plotly.js-cartesian-dist-min');
  return module.then((m) => (m as { default: PlotlyModule }).default);
}
