import { useMemo } from 'react';
import { useLab } from '../store-context.ts';
import { Plot } from '../plots/Plot.tsx';
import { Empty, Panel } from './Panel.tsx';
import { decisionGrid } from './decision-grid.ts';

export function DecisionBoundaryPanel() {
  const spec = useLab((s) => s.spec);
  const params = useLab((s) => s.params);
  const data = useLab((s) => s.trainData);
  const twoD = spec.model.layers[0] === 2 && spec.loss !== 'mse';
  const plot = useMemo(() => {
    if (!twoD || !params || !data || params.values.length === 0) return null;
    try {
      const grid = decisionGrid(spec.model, spec.loss, params.values, data.x);
      return [
        { type: 'contour', x: grid.xs, y: grid.ys, z: grid.z, showscale: false, opacity: 0.45, colorscale: 'Viridis', contours: { coloring: 'heatmap' }, hoverinfo: 'skip' },
        { type: 'scatter', mode: 'markers', x: data.x.map((p) => p[0]), y: data.x.map((p) => p[1]), marker: { color: data.y, colorscale: 'Viridis', size: 5, line: { width: 0.5, color: '#222' } }, name: 'training samples' },
      ];
    } catch {
      // Parameters from a different architecture (e.g. a spec edited after the run): nothing to draw.
      return null;
    }
  }, [twoD, params, data, spec.model, spec.loss]);
  if (!twoD) return null;
  return (
    <Panel id="boundary" title="Decision boundary" description={`The model's predicted class over the input plane at step ${params?.step ?? '—'}, with the training samples coloured by label.`}>
      {plot ? <Plot id="boundary" data={plot} layout={{ xaxis: { title: { text: 'x₁ (standardized)' } }, yaxis: { title: { text: 'x₂ (standardized)' }, scaleanchor: 'x' }, showlegend: false }} height={320} /> : <Empty>Drawn at the first probe.</Empty>}
    </Panel>
  );
}
