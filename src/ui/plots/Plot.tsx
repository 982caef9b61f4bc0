/**
 * The one Plotly wrapper. Plotly is loaded on first use so the lab's first paint does not wait
 * for it; updates go through Plotly.react, which diffs instead of redrawing from scratch, one
 * plot per task through the DrawScheduler; legends are HTML (see plot-legend.ts).
 *
 * A plot is drawn (empty, with its axes) as soon as it mounts: Plotly's first draw of a plot costs
 * several times an update, and paying it while the page loads keeps it out of a running
 * experiment.
 */
import { createContext, useContext, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Layout, PlotData, PlotlyModule } from 'plotly.js-dist-min';
import type { DrawScheduler } from './draw-scheduler.ts';
import { COLORWAY, legendItems, withHidden } from './plot-legend.ts';
import { loadPlotly } from './plotly-loader.ts';

export interface PlotProps {
  /** Stable id: the div gets data-testid="plot-<id>" and PNG exports are named after it. */
  readonly id: string;
  readonly data: PlotData[];
  readonly layout: Layout;
  readonly height?: number;
  /** Shown over the empty axes while `data` is empty. */
  readonly placeholder?: string;
  /** 3-D traces (surface, scatter3d): drawn with the full Plotly bundle, loaded on first use. */
  readonly threeD?: boolean;
}

function hasPoints(data: readonly PlotData[]): boolean {
  return data.some((trace) => ['x', 'y', 'z'].some((key) => Array.isArray(trace[key]) && (trace[key] as unknown[]).length > 0));
}

/** Provided once per app; without it plots draw in the task that rendered them. */
export const DrawSchedulerContext = createContext<DrawScheduler | null>(null);


/**
 * Every axis with `ticklabeloverflow: 'allow'`: by default Plotly measures each tick label after
 * every draw to hide the ones that overflow the plot, a fifth of a live plot's redraw here; the
 * margins leave the labels room anyway.
 */
function withTickLabelsAllowed(layout: Layout): Layout {
  const out: Record<string, unknown> = { ...layout };
  for (const [key, axis] of Object.entries(layout)) {
    if (/^[xy]axis\d*$/.test(key) && axis && typeof axis === 'object') out[key] = { ticklabeloverflow: 'allow', ...axis };
  }
  if (!('xaxis' in out)) out['xaxis'] = { ticklabeloverflow: 'allow' };
  if (!('yaxis' in out)) out['yaxis'] = { ticklabeloverflow: 'allow' };
  return out as Layout;
}

/** The camera button, replaced so the PNG carries the legend that the page draws as HTML. */
function pngButton(plotly: PlotlyModule, filename: string) {
  return {
    name: 'download-png',
    title: 'Download plot as a PNG (with legend)',
    icon: plotly.Icons.camera,
    click: (gd: HTMLElement & { data: PlotData[]; layout: Layout }) =>
      void plotly.downloadImage({ data: gd.data, layout: { ...gd.layout, showlegend: true } }, { format: 'png', width: 900, height: 500, filename }),
  };
}

export function Plot({ id, data, layout, height = 300, placeholder, threeD = false }: PlotProps) {
  const ref = useRef<HTMLDivElement>(null);
  const scheduler = useContext(DrawSchedulerContext);
  const [plotly, setPlotly] = useState<PlotlyModule | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const showLegend = layout['showlegend'] !== false;
  const legend = useMemo(() => (showLegend ? legendItems(data) : []), [data, showLegend]);
  const drawKey = useId();
  // One config object per plot: a new one on every draw makes Plotly rebuild the modebar each time.
  const config = useMemo(
    () => (plotly ? { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['toImage'], modeBarButtonsToAdd: [pngButton(plotly, `curvature-lab-${id}`)] } : null),
    [plotly, id],
  );

  useEffect(() => {
    let alive = true;
    // Nothing draws until the bundle this plot needs is in: the other one lacks its trace types.
    setPlotly(null);
    void loadPlotly(threeD ? 'full' : 'cartesian').then((p) => alive && setPlotly(() => p));
    return () => {
      alive = false;
    };
  }, [threeD]);

  // What the plot last drew, so that a change of its layout images alone skips a full redraw.
  const drawn = useRef<{ data: PlotData[]; hidden: ReadonlySet<string>; rest: string; config: object } | null>(null);

  useEffect(() => {
    const div = ref.current;
    if (!plotly || !div || !config) return;
    const draw = (): void => {
      const started = performance.now();
      const full = withTickLabelsAllowed({ height, margin: { l: 60, r: 20, t: 10, b: 45 }, font: { size: 11 }, colorway: COLORWAY, ...layout, showlegend: false });
      const { images, ...others } = full as Layout & { images?: unknown[] };
      const rest = JSON.stringify(others);
      const last = drawn.current;
      if (last && last.data === data && last.hidden === hidden && last.rest === rest && last.config === config) {
        // A new image over the same data and axes (the decision regions at a probe): Plotly.react
        // replots all of it (~20 ms here), relayout of the images alone redraws them (~1 ms).
        void plotly.relayout(div, { images: images ?? [] });
      } else {
        void plotly.react(div, withHidden(data, hidden), full, config);
      }
      drawn.current = { data, hidden, rest, config };
      // Named in the performance timeline, so a long task can be traced to the plot that drew.
      performance.measure(`plot:${id}`, { start: started, end: performance.now() });
    };
    if (scheduler) scheduler.request(drawKey, draw);
    else draw();
  }, [plotly, config, data, layout, height, hidden, scheduler, drawKey]);

  useEffect(() => {
    const div = ref.current;
    return () => {
      drawn.current = null;
      scheduler?.cancel(drawKey);
      if (plotly && div) plotly.purge(div);
    };
  }, [plotly, scheduler, drawKey]);

  const toggle = (name: string): void =>
    setHidden((current) => {
      const next = new Set(current);
      if (!next.delete(name)) next.add(name);
      return next;
    });

  return (
    <div className="plot-frame">
      <div ref={ref} className="plot" data-testid={`plot-${id}`} style={{ minHeight: height }} />
      {placeholder && !hasPoints(data) && <div className="plot-placeholder">{placeholder}</div>}
      {!plotly && hasPoints(data) && <div className="plot-placeholder">Loading the plotting library…</div>}
      {legend.length > 1 && (
        <ul className="plot-legend" data-testid={`legend-${id}`}>
          {legend.map((item) => (
            <li key={item.name}>
              <button type="button" className={hidden.has(item.name) ? 'off' : undefined} onClick={() => toggle(item.name)} title="show or hide this trace">
                <span className={item.marker ? 'swatch dot' : 'swatch'} style={{ borderColor: item.color, background: item.marker ? item.color : undefined, borderTopStyle: item.dash ? 'dashed' : 'solid' }} />
                {item.name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
