/**
 * Plotly's drawing code runs for the first time when the first data arrives, and V8 compiles it
 * then: that first draw measured ~400 ms against ~50 ms for later ones. Drawing one throw-away
 * figure with the trace types the panels use, while the page loads, moves that cost out of a run.
 */
import type { PlotlyModule } from 'plotly.js-dist-min';

const x = [1, 2, 3, 4, 5, 6, 7, 8];
const y = x.map((v) => 1 / v);

export async function warmUpPlotly(plotly: PlotlyModule, parent: HTMLElement): Promise<void> {
  const div = document.createElement('div');
  div.style.cssText = 'position:absolute;left:-10000px;top:0;width:600px;height:300px;';
  parent.appendChild(div);
  try {
    const data = [
      { type: 'scatter', mode: 'lines', x, y },
      { type: 'scatter', mode: 'lines+markers', x, y, yaxis: 'y2', line: { dash: 'dot' }, error_y: { type: 'data', array: y, visible: true } },
      { type: 'scatter', mode: 'markers', x, y, marker: { color: x.map((v) => (v % 2 ? '#1f77b4' : '#ff7f0e')), size: 5 } },
      { type: 'scatter', mode: 'markers', x, y, marker: { symbol: 'x', size: 9 } },
      { type: 'bar', x: ['a', 'b'], y: [1, 2], xaxis: 'x2', yaxis: 'y3', error_y: { type: 'data', array: [0.1, 0.2], visible: true } },
      { type: 'scatter', mode: 'lines', x, y, fill: 'tozeroy', xaxis: 'x2', yaxis: 'y3' },
      { type: 'heatmap', z: [[1]], visible: false },
    ];
    const layout = {
      height: 300,
      showlegend: false,
      xaxis: { domain: [0, 0.45], title: { text: 'x' }, type: 'log', ticklabeloverflow: 'allow' },
      yaxis: { type: 'log', title: { text: 'y' } },
      yaxis2: { overlaying: 'y', side: 'right', range: [0, 1] },
      xaxis2: { domain: [0.55, 1] },
      yaxis3: { anchor: 'x2' },
      shapes: [{ type: 'line', x0: 2, x1: 2, yref: 'paper', y0: 0, y1: 1 }],
      annotations: [{ x: 2, yref: 'paper', y: 1, text: 'change', showarrow: false }],
    };
    await plotly.react(div, data, layout, { responsive: false });
    await plotly.react(div, data.map((t) => ({ ...t })), { ...layout, title: { text: 'again' } }, { responsive: false });
  } finally {
    plotly.purge(div);
    div.remove();
  }
}
