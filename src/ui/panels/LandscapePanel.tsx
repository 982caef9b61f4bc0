import { useMemo, useState } from 'react';
import type { LandscapePhase } from '../../experiment/landscape.ts';
import { LANDSCAPE_DIRECTIONS, landscapeDefaults, type LandscapeSpec } from '../../experiment/spec.ts';
import type { LabController } from '../../store/lab-controller.ts';
import { CheckField, parseNumber, SelectField, TextField } from '../controls/fields.tsx';
import { Plot } from '../plots/Plot.tsx';
import { useLab } from '../store-context.ts';
import { axisTitles, curvatureTraces, landscapeTraces, type LandscapeView } from './landscape-traces.ts';
import { Empty, Panel } from './Panel.tsx';

const DESCRIBE: Record<LandscapeSpec['directions'], string> = {
  random: 'two random Gaussian directions',
  layer: 'two random directions scaled per layer to the weights',
  filter: 'two filter-normalized random directions (Li et al. 2018)',
  hessian: 'the top two Hessian eigenvectors',
  pca: 'the first two principal components of the training trajectory',
  interpolate: 'the straight line from the initial to the final parameters',
};

const PHASE: Record<LandscapePhase, string> = { directions: 'directions', grid: 'grid points', curvature: 'λmax map points' };

function LandscapeSettings({ settings }: { settings: LandscapeSpec }) {
  const editSpec = useLab((s) => s.editSpec);
  const errors = useLab((s) => s.fieldErrors);
  const set = (patch: Partial<Record<keyof LandscapeSpec, unknown>>) =>
    editSpec((draft) => {
      draft.landscape = { ...(draft.landscape ?? landscapeDefaults()), ...patch } as LandscapeSpec;
    });
  const number = (key: keyof LandscapeSpec) => (text: string) => set({ [key]: parseNumber(text) });
  return (
    <div className="landscape-settings">
      <SelectField label="directions" name="landscape.directions" value={settings.directions} options={LANDSCAPE_DIRECTIONS} onChange={(directions) => set({ directions })} />
      <SelectField label="dims" name="landscape.dims" value={String(settings.dims) as '1' | '2'} options={['1', '2'] as const} onChange={(dims) => set({ dims: Number(dims) })} />
      <TextField label="resolution" name="landscape.resolution" value={String(settings.resolution)} error={errors['landscape.resolution']} onCommit={number('resolution')} />
      <TextField label="range ±" name="landscape.range" value={String(settings.range)} error={errors['landscape.range']} onCommit={number('range')} />
      <TextField label="every (steps)" name="landscape.every" value={settings.every === null ? '' : String(settings.every)} error={errors['landscape.every']} title="empty: only after the last step" onCommit={number('every')} />
      <TextField label="λmax map points" name="landscape.curvatureMap" value={settings.curvatureMap === null ? '' : String(settings.curvatureMap)} error={errors['landscape.curvatureMap']} title="top Hessian eigenvalue on a coarse grid of this many points per axis; empty: none" onCommit={number('curvatureMap')} />
      <CheckField label="keep biases" name="landscape.keepBiases" checked={settings.keepBiases} onChange={(keepBiases) => set({ keepBiases })} />
    </div>
  );
}

export function LandscapePanel({ controller }: { controller: LabController }) {
  const settings = useLab((s) => s.spec.landscape);
  const landscape = useLab((s) => s.landscape);
  const progress = useLab((s) => s.landscapeProgress);
  const error = useLab((s) => s.landscapeError);
  const runExists = useLab((s) => s.status === 'running' || s.status === 'paused' || s.status === 'finished');
  const imported = useLab((s) => s.imported);
  const editSpec = useLab((s) => s.editSpec);
  const [view, setView] = useState<LandscapeView>('contour');

  const data = useMemo(() => (landscape ? landscapeTraces(landscape, view) : []), [landscape, view]);
  const curvature = useMemo(() => (landscape?.curvature ? curvatureTraces(landscape) : null), [landscape]);
  const layout = useMemo(() => {
    if (!landscape) return {};
    const titles = axisTitles(landscape);
    if (!landscape.betas) return { xaxis: { title: { text: titles.alpha } }, yaxis: { title: { text: 'training loss' } }, showlegend: false };
    if (view === 'surface') {
      return { scene: { xaxis: { title: { text: 'α' } }, yaxis: { title: { text: 'β' } }, zaxis: { title: { text: 'loss' } } }, showlegend: false, margin: { l: 0, r: 0, t: 0, b: 0 } };
    }
    return { xaxis: { title: { text: titles.alpha } }, yaxis: { title: { text: titles.beta } }, showlegend: false };
  }, [landscape, view]);

  const shown = landscape?.method ?? settings?.directions ?? 'filter';
  const canRecompute = !imported && runExists && !progress;
  return (
    <Panel
      id="landscape"
      title="Loss landscape"
      description={`Training loss on a slice L(θ + α·d₁ + β·d₂) through parameter space along ${DESCRIBE[shown]}; the red line is the training trajectory projected onto the slice, the cross the current point${landscape?.curvature ? '; the map below it is the top Hessian eigenvalue on a coarse grid' : ''}.`}
    >
      {settings ? (
        <LandscapeSettings settings={settings} />
      ) : (
        <p className="small">
          This experiment draws no landscape.{' '}
          <button data-testid="landscape-add" onClick={() => editSpec((draft) => void (draft.landscape = landscapeDefaults()))}>
            Add a landscape
          </button>
        </p>
      )}
      <div className="landscape-actions">
        <button data-testid="landscape-recompute" disabled={!canRecompute} onClick={() => controller.recomputeLandscape()} title="Draw the landscape now, at the current parameters">
          Recompute
        </button>
        {landscape?.betas && (
          <label className="inline">
            <select data-testid="landscape-view" value={view} onChange={(e) => setView(e.target.value as LandscapeView)}>
              <option value="contour">contour</option>
              <option value="surface">3-D surface</option>
            </select>
          </label>
        )}
        {landscape && (
          <span className="small" data-testid="landscape-info">
            step {landscape.step}, {landscape.betas ? `${landscape.alphas.length}×${landscape.betas.length}` : landscape.alphas.length} points in {(landscape.ms / 1000).toFixed(2)} s
            ({landscape.evaluation === 'batched' ? 'batched on the GPU' : 'point by point'})
          </span>
        )}
      </div>
      {progress && (
        <div className="progress" data-testid="landscape-progress">
          <div className="bar" style={{ width: `${(100 * progress.done) / Math.max(1, progress.total)}%` }} />
          <span>
            landscape at step {progress.step}: {PHASE[progress.phase]} {progress.done}/{progress.total}
          </span>
        </div>
      )}
      {error && <div className="run-message error" data-testid="landscape-error">{error}</div>}
      {landscape?.note && <div className="small">{landscape.note}</div>}
      {/* Mounted (empty) as soon as a landscape is asked for: Plotly's first draw is not paid mid-run. */}
      {landscape || settings ? (
        <Plot id="landscape" data={data} layout={layout} height={340} threeD={view === 'surface'} placeholder="Drawn after the last step (and every “every” steps), or now with Recompute." />
      ) : (
        <Empty>Add a landscape, then run.</Empty>
      )}
      {curvature && landscape && (
        <Plot
          id="landscape-curvature"
          data={curvature}
          layout={{ xaxis: { title: { text: axisTitles(landscape).alpha } }, yaxis: { title: { text: landscape.betas ? axisTitles(landscape).beta : 'top Hessian eigenvalue λmax' } }, showlegend: false }}
          height={260}
        />
      )}
    </Panel>
  );
}
