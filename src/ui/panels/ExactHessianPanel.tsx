import { useDeferredValue, useMemo } from 'react';
import { parameterCount } from '../../models/mlp.ts';
import { useLab } from '../store-context.ts';
import { Plot } from '../plots/Plot.tsx';
import { divergingColor, imageLayer, matrixPixels, useImageUrl } from '../plots/heatmap-image.ts';
import { Empty, Panel } from './Panel.tsx';

export const EXACT_PANEL_MAX_PARAMETERS = 2000;

const EIGEN_LAYOUT = { xaxis: { title: { text: 'rank (largest first)' }, type: 'log' }, yaxis: { title: { text: 'eigenvalue' } } };

export function ExactHessianPanel() {
  // Deferred: its image (a pixel per matrix entry) is made in a render of its own, not inside the
  // worker message that brought the matrix.
  const exact = useDeferredValue(useLab((s) => s.exact));
  const probes = useLab((s) => s.probes);
  const operator = useLab((s) => s.spec.probes.operator);
  const parameters = useLab((s) => parameterCount(s.spec.model.layers));
  const small = parameters <= EXACT_PANEL_MAX_PARAMETERS || exact !== null;
  const lanczos = [...probes].reverse().find((p) => p.eigenvalues?.length && (!exact || p.step === exact.step));
  const matrix = useMemo(() => {
    if (!exact?.matrix) return null;
    const n = exact.size;
    const values = exact.matrix;
    // Views, not copies: the matrix is n² values made once per run.
    const rows = Array.from({ length: n }, (_, i) => values.subarray(i * n, (i + 1) * n));
    let max = 0;
    for (let i = 0; i < values.length; i++) {
      const v = Math.abs(values[i]!);
      if (v > max && v !== Infinity) max = v;
    }
    return { n, rows, max };
  }, [exact]);
  const pixels = useMemo(() => (matrix ? matrixPixels(matrix.rows, divergingColor(matrix.max)) : null), [matrix]);
  const url = useImageUrl(pixels);
  const heatmap = useMemo(
    // The matrix stays in the plot's data (invisible: the image shows it) for export and tests.
    () => (matrix ? [{ type: 'heatmap', z: matrix.rows, zmin: -matrix.max, zmax: matrix.max, visible: false, name: operator }] : []),
    [matrix, operator],
  );
  const heatmapLayout = useMemo(() => {
    const n = matrix?.n ?? 1;
    return {
      // Row 0 at the top, as a matrix is written.
      xaxis: { title: { text: 'parameter index' }, range: [-0.5, n - 0.5] },
      yaxis: { title: { text: 'parameter index' }, range: [n - 0.5, -0.5] },
      images: url ? [imageLayer(url, { left: -0.5, right: n - 0.5, top: -0.5, bottom: n - 0.5 })] : [],
      margin: { l: 60, r: 20, t: 24, b: 45 },
      showlegend: false,
      annotations: matrix
        ? [{ xref: 'paper', yref: 'paper', x: 1, y: 1.02, xanchor: 'right', yanchor: 'bottom', showarrow: false, text: `blue −${matrix.max.toPrecision(3)} · white 0 · red +${matrix.max.toPrecision(3)}`, font: { size: 10 } }]
        : [],
    };
  }, [matrix, url]);
  const eigen = useMemo(() => {
    if (!exact) return [];
    const sorted = [...exact.values].sort((a, b) => b - a);
    return [
      // A line through all P eigenvalues: one SVG path, where a marker each (371 for the default
      // model) made this plot's one draw a long task.
      { type: 'scatter', mode: 'lines', name: 'exact (float64)', x: sorted.map((_, i) => i + 1), y: sorted },
      ...(lanczos?.eigenvalues ? [{ type: 'scatter', mode: 'markers', name: 'Lanczos', x: lanczos.eigenvalues.map((_, i) => i + 1), y: lanczos.eigenvalues, marker: { symbol: 'x', size: 9 } }] : []),
    ];
  }, [exact, lanczos]);
  return (
    <Panel id="exact" title={`Exact ${operator}`} description={`For models up to ${EXACT_PANEL_MAX_PARAMETERS} parameters: the dense matrix (one product per parameter) and its eigenvalues in float64, beside the Lanczos estimates.`}>
      {small ? (
        <div className="two">
          <Plot id="exact-heatmap" data={heatmap} layout={heatmapLayout} height={300} placeholder="The matrix appears after the last step." />
          <Plot id="exact-eigenvalues" data={eigen} layout={EIGEN_LAYOUT} height={300} placeholder="Its eigenvalues appear after the last step." />
        </div>
      ) : (
        <Empty>
          Shown for models with at most {EXACT_PANEL_MAX_PARAMETERS} parameters; this one has {parameters}.
        </Empty>
      )}
    </Panel>
  );
}
