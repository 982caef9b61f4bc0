import { useMemo } from 'react';
import { useLab } from '../store-context.ts';
import { Plot } from '../plots/Plot.tsx';
import { Empty, Panel } from './Panel.tsx';

export const EXACT_PANEL_MAX_PARAMETERS = 2000;

export function ExactHessianPanel() {
  const exact = useLab((s) => s.exact);
  const probes = useLab((s) => s.probes);
  const operator = useLab((s) => s.spec.probes.operator);
  const lanczos = [...probes].reverse().find((p) => p.eigenvalues?.length && (!exact || p.step === exact.step));
  const heatmap = useMemo(() => {
    if (!exact?.matrix) return null;
    const n = exact.size;
    const z = Array.from({ length: n }, (_, i) => exact.matrix!.slice(i * n, (i + 1) * n));
    let max = 0;
    for (const v of exact.matrix) max = Math.max(max, Math.abs(v));
    return [{ type: 'heatmap', z, zmin: -max, zmax: max, colorscale: 'RdBu', reversescale: true }];
  }, [exact]);
  const eigen = useMemo(() => {
    if (!exact) return null;
    const sorted = [...exact.values].sort((a, b) => b - a);
    return [
      { type: 'scatter', mode: 'markers', name: 'exact (float64)', x: sorted.map((_, i) => i + 1), y: sorted, marker: { size: 4 } },
      ...(lanczos?.eigenvalues ? [{ type: 'scatter', mode: 'markers', name: 'Lanczos', x: lanczos.eigenvalues.map((_, i) => i + 1), y: lanczos.eigenvalues, marker: { symbol: 'x', size: 9 } }] : []),
    ];
  }, [exact, lanczos]);
  return (
    <Panel id="exact" title={`Exact ${operator}`} description={`For models up to ${EXACT_PANEL_MAX_PARAMETERS} parameters: the dense matrix (one product per parameter) and its eigenvalues in float64, beside the Lanczos estimates.`}>
      {exact && eigen ? (
        <div className="two">
          {heatmap && <Plot id="exact-heatmap" data={heatmap} layout={{ yaxis: { autorange: 'reversed', title: { text: 'parameter index' } }, xaxis: { title: { text: 'parameter index' } } }} height={300} />}
          <Plot id="exact-eigenvalues" data={eigen} layout={{ xaxis: { title: { text: 'rank (largest first)' }, type: 'log' }, yaxis: { title: { text: 'eigenvalue' } }, legend: { orientation: 'h', y: -0.3 } }} height={300} />
        </div>
      ) : (
        <Empty>Computed at the last probe for models with at most {EXACT_PANEL_MAX_PARAMETERS} parameters.</Empty>
      )}
    </Panel>
  );
}
