import { useMemo } from 'react';
import { useLab } from '../store-context.ts';
import { Plot } from '../plots/Plot.tsx';
import { Panel } from './Panel.tsx';
import { stepAxis } from './live-axes.ts';

const LAYER_LAYOUT = { xaxis: { title: { text: 'layer' } }, yaxis: { title: { text: 'block trace' } }, showlegend: false };

export function TracePanel() {
  const probes = useLab((s) => s.probes);
  const operator = useLab((s) => s.spec.probes.operator);
  const steps = useLab((s) => s.spec.train.steps);
  const traceLayout = useMemo(() => ({ xaxis: stepAxis(steps), yaxis: { title: { text: 'trace' } }, showlegend: false }), [steps]);
  const withTrace = useMemo(() => probes.filter((p) => p.trace), [probes]);
  const latest = withTrace[withTrace.length - 1];
  const traceData = useMemo(
    () => [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'trace',
        x: withTrace.map((p) => p.step),
        y: withTrace.map((p) => p.trace!.estimate),
        error_y: { type: 'data', array: withTrace.map((p) => 2 * (p.trace!.stderr ?? 0)), visible: true },
      },
    ],
    [withTrace],
  );
  const layerData = useMemo(
    () =>
      latest?.layerTraces?.length
        ? [
            {
              type: 'bar',
              name: `step ${latest.step}`,
              x: latest.layerTraces.map((l) => `layer ${l.layer}`),
              y: latest.layerTraces.map((l) => l.estimate),
              error_y: { type: 'data', array: latest.layerTraces.map((l) => 2 * (l.stderr ?? 0)), visible: true },
            },
          ]
        : // An empty bar trace, so that the plot drawn at load already has its trace and error bars.
          [{ type: 'bar', x: [], y: [], error_y: { type: 'data', array: [], visible: true } }],
    [latest],
  );
  return (
    <Panel id="trace" title="Trace" description={`Hutchinson estimate of tr(${operator}) over training with ±2 standard errors, and per-layer traces at the latest probe.`}>
      <Plot id="trace" data={traceData} layout={traceLayout} height={240} placeholder="The trace appears at the first probe." />
      <Plot id="layer-traces" data={layerData} layout={LAYER_LAYOUT} height={220} placeholder="Per-layer traces appear at the first probe (probes.trace.perLayer)." />
    </Panel>
  );
}
