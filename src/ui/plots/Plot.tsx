/**
 * The one Plotly wrapper. Plotly is loaded on first use so the lab's first paint does not wait
 * for it; updates go through Plotly.react, which diffs instead of redrawing from scratch.
 */
import { useEffect, useRef, useState } from 'react';
import type { Layout, PlotData, PlotlyModule } from 'plotly.js-dist-min';

export interface PlotProps {
  /** Stable id: the div gets data-testid="plot-<id>" and PNG exports are named after it. */
  readonly id: string;
  readonly data: PlotData[];
  readonly layout: Layout;
  readonly height?: number;
}

function loadPlotly(): Promise<PlotlyModule> {
  return import('plotly.js-dist-min').then((m) => (m as { default: PlotlyModule }).default);
}

export function Plot({ id, data, layout, height = 300 }: PlotProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [plotly, setPlotly] = useState<PlotlyModule | null>(null);

  useEffect(() => {
    let alive = true;
    void loadPlotly().then((p) => alive && setPlotly(p));
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    const div = ref.current;
    if (!plotly || !div) return;
    void plotly.react(
      div,
      data,
      { height, margin: { l: 60, r: 20, t: 10, b: 45 }, font: { size: 11 }, ...layout },
      { displaylogo: false, responsive: true, toImageButtonOptions: { filename: `curvature-lab-${id}` } },
    );
  }, [plotly, data, layout, height, id]);

  useEffect(() => {
    const div = ref.current;
    return () => {
      if (plotly && div) plotly.purge(div);
    };
  }, [plotly]);

  return <div ref={ref} className="plot" data-testid={`plot-${id}`} style={{ minHeight: height }} />;
}

/** A PNG data URL of a drawn plot (for the export button). */
export async function plotToPng(div: HTMLElement): Promise<string> {
  const plotly = await loadPlotly();
  return plotly.toImage(div, { format: 'png', width: 900, height: 500 });
}
