declare module 'plotly.js-dist-min' {
  export type Datum = number | string | null;
  export interface PlotData {
    [key: string]: unknown;
  }
  export interface Layout {
    [key: string]: unknown;
  }
  export interface Config {
    [key: string]: unknown;
  }
  export interface PlotlyModule {
    react(root: HTMLElement, data: PlotData[], layout?: Layout, config?: Config): Promise<HTMLElement>;
    relayout(root: HTMLElement, update: Layout): Promise<HTMLElement>;
    purge(root: HTMLElement): void;
    toImage(root: HTMLElement | { data: PlotData[]; layout: Layout }, options: { format: 'png' | 'svg'; width?: number; height?: number }): Promise<string>;
    downloadImage(root: HTMLElement | { data: PlotData[]; layout: Layout }, options: { format: 'png' | 'svg'; width?: number; height?: number; filename?: string }): Promise<string>;
    Icons: { camera: unknown };
    Plots: { resize(root: HTMLElement): void };
  }
  const Plotly: PlotlyModule;
  export default Plotly;
}

declare module 'plotly.js-cartesian-dist-min' {
  import Plotly from 'plotly.js-dist-min';
  export default Plotly;
}
