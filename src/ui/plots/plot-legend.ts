/**
 * The legend is drawn as HTML beside the plot rather than by Plotly: Plotly's SVG legend costs
 * more to lay out than a few hundred points of data (measured ~35 ms of a ~50 ms redraw on
 * these machines), and it is redrawn on every update of a live plot.
 */
import type { PlotData } from 'plotly.js-dist-min';

/** Plotly's default colorway, set explicitly so the HTML legend and the traces agree. */
export const COLORWAY = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export interface LegendItem {
  readonly name: string;
  readonly color: string;
  readonly dash: boolean;
  readonly marker: boolean;
}

function field<T>(value: unknown, key: string): T | undefined {
  return typeof value === 'object' && value !== null ? ((value as Record<string, unknown>)[key] as T | undefined) : undefined;
}

/** One item per named trace that Plotly would list (in data order), with the colour Plotly gives it. */
export function legendItems(data: readonly PlotData[]): LegendItem[] {
  const items: LegendItem[] = [];
  data.forEach((trace, index) => {
    const name = trace['name'];
    if (typeof name !== 'string' || name === '' || trace['showlegend'] === false || trace['visible'] === false) return;
    const lineColor = field<string>(trace['line'], 'color');
    const markerColor = field<unknown>(trace['marker'], 'color');
    const color = lineColor ?? (typeof markerColor === 'string' ? markerColor : undefined) ?? COLORWAY[index % COLORWAY.length]!;
    const mode = typeof trace['mode'] === 'string' ? trace['mode'] : 'lines';
    const dash = field<string>(trace['line'], 'dash');
    items.push({ name, color, dash: dash !== undefined && dash !== 'solid', marker: !mode.includes('lines') && trace['type'] !== 'bar' });
  });
  return items;
}

/** The data as drawn: traces whose legend entry was clicked off are kept but hidden. */
export function withHidden(data: readonly PlotData[], hidden: ReadonlySet<string>): PlotData[] {
  if (hidden.size === 0) return data as PlotData[];
  return data.map((trace) => (typeof trace['name'] === 'string' && hidden.has(trace['name']) ? { ...trace, visible: 'legendonly' } : trace));
}
