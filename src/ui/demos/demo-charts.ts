/** A demo's comparison chart as Plotly traces and layout. */
import type { Layout, PlotData } from 'plotly.js-dist-min';
import type { DemoChart } from '../../demos/demo.ts';
import { COLORWAY } from '../plots/plot-legend.ts';

export function chartTraces(chart: DemoChart): PlotData[] {
  return chart.series.map((s) => {
    const color = s.colorIndex === undefined ? undefined : COLORWAY[s.colorIndex % COLORWAY.length];
    return {
      type: 'scatter',
      mode: s.mode ?? 'lines',
      name: s.name,
      x: [...s.x],
      y: [...s.y],
      line: { dash: s.dash ?? 'solid', ...(color ? { color } : {}) },
      ...(color ? { marker: { color } } : {}),
    } as unknown as PlotData;
  });
}

export function chartLayout(chart: DemoChart): Layout {
  return {
    xaxis: { title: { text: chart.xTitle }, type: chart.xLog ? 'log' : 'linear' },
    yaxis: { title: { text: chart.yTitle }, type: chart.yLog ? 'log' : 'linear' },
  } as unknown as Layout;
}

/** Findings print as they would be read: numbers to 3–4 significant digits, booleans as yes/no. */
export function formatFindingValue(value: number | string | boolean): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5) ? value.toExponential(3) : value.toPrecision(4);
}
