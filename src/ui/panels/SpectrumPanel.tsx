import { useMemo, useState } from 'react';
import { useLab } from '../store-context.ts';
import { Plot } from '../plots/Plot.tsx';
import { Panel } from './Panel.tsx';
import { changeMarkers } from './change-markers.ts';
import { stepAxis } from './live-axes.ts';

/** Eight decades below the peak: enough to see outliers apart from the bulk without the 1e-12 floor. */
function densityRange(values: readonly number[]): [number, number] {
  const peak = Math.max(1e-12, ...values);
  return [Math.log10(peak) - 8, Math.log10(peak) + 0.3];
}

export function SpectrumPanel() {
  const finished = useLab((s) => s.probes);
  const partial = useLab((s) => s.partialProbe);
  // A probe still running is drawn with what it has (the density from its first SLQ probes).
  const probes = useMemo(() => (partial ? [...finished, partial.result] : finished), [finished, partial]);
  const spec = useLab((s) => s.spec);
  const changes = useLab((s) => s.appliedChanges);
  const [shown, setShown] = useState<number | 'latest'>('latest');
  const withDensity = probes.filter((p) => p.density);
  const selected = shown === 'latest' ? withDensity[withDensity.length - 1] : withDensity.find((p) => p.step === shown);

  const densityData = useMemo(
    () =>
      selected?.density
        ? [{ type: 'scatter', mode: 'lines', name: `step ${selected.step}`, x: selected.density.grid, y: selected.density.values, fill: 'tozeroy' }]
        : [{ type: 'scatter', mode: 'lines', x: [], y: [], fill: 'tozeroy' }],
    [selected],
  );
  const partialNote =
    partial && selected === partial.result && partial.density && partial.density.done < partial.density.total
      ? `Step ${partial.result.step}: density from ${partial.density.done} of ${partial.density.total} probe vectors so far.`
      : null;
  // Keyed on the eigenvalues themselves: a probe's partial updates (its density filling in) leave
  // them as they are, and redrawing the plot for each of those was most of its redraws.
  const withEigen = probes.filter((p) => p.eigenvalues?.length);
  const eigenKey = JSON.stringify(withEigen.map((p) => [p.step, p.eigenvalues]));
  const plannedK = spec.probes.eigenvalues?.k ?? 0;
  const eigenData = useMemo(() => {
    // The planned traces exist, empty, before the first probe (as the loss plot's do): Plotly then
    // builds them while the page loads, and the first probe's draw only fills them in.
    const k = Math.max(plannedK, ...withEigen.map((p) => p.eigenvalues!.length));
    const lines: Record<string, unknown>[] = Array.from({ length: k }, (_, i) => ({
      type: 'scatter',
      mode: 'lines+markers',
      name: `λ${i + 1}`,
      x: withEigen.map((p) => p.step),
      y: withEigen.map((p) => p.eigenvalues![i] ?? null),
    }));
    if (spec.train.optimizer === 'gd' && k > 0) {
      const x = withEigen.map((p) => p.step);
      lines.push({ type: 'scatter', mode: 'lines', name: '2/η', x, y: x.map(() => 2 / spec.train.lr), line: { dash: 'dash', color: '#c00' } });
    }
    return lines;
    // `eigenKey` stands for withEigen's content.
  }, [eigenKey, plannedK, spec.train.optimizer, spec.train.lr]);

  const densityLayout = useMemo(
    () => ({ xaxis: { title: { text: 'eigenvalue λ' } }, yaxis: { title: { text: 'density φ(λ)' }, type: 'log', range: densityRange(selected?.density?.values ?? []) }, showlegend: false }),
    [selected],
  );
  const eigenLayout = useMemo(
    () => ({ xaxis: stepAxis(spec.train.steps), yaxis: { title: { text: 'eigenvalue' } }, ...changeMarkers(changes) }),
    [changes, spec.train.steps],
  );

  return (
    <Panel
      id="spectrum"
      title="Hessian spectrum"
      description={`Spectral density of the ${spec.probes.operator} by stochastic Lanczos quadrature (log scale), and the top eigenvalues over training by Lanczos; for gradient descent the dashed line is the stability edge 2/η.`}
    >
      {withDensity.length > 1 && (
        <label className="inline">
          probe at step{' '}
          <select data-testid="density-step" value={String(shown)} onChange={(e) => setShown(e.target.value === 'latest' ? 'latest' : Number(e.target.value))}>
            <option value="latest">latest</option>
            {withDensity.map((p) => (
              <option key={p.step} value={p.step}>
                {p.step}
              </option>
            ))}
          </select>
        </label>
      )}
      {partialNote && (
        <p className="inline" data-testid="density-partial">
          {partialNote}
        </p>
      )}
      <Plot id="density" data={densityData} layout={densityLayout} height={260} placeholder="The density appears at the first probe." />
      <Plot id="eigenvalues" data={eigenData} layout={eigenLayout} height={260} placeholder="The top eigenvalues appear at the first probe." />
    </Panel>
  );
}
