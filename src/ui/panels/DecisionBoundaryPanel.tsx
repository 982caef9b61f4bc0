import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { experimentData, shownSamples, type ShownSamples } from '../../experiment/experiment-data.ts';
import type { ExperimentSpec } from '../../experiment/spec.ts';
import type { TrainData } from '../../store/results-slice.ts';
import { useLab } from '../store-context.ts';
import { Plot } from '../plots/Plot.tsx';
import { imageLayer, matrixPixels, useImageUrl } from '../plots/heatmap-image.ts';
import { regionColors, sampleColor } from './boundary-colors.ts';
import { samplePixels } from '../plots/samples-image.ts';
import { Panel } from './Panel.tsx';
import { decisionGrid, gridAxes, gridBounds } from './decision-grid.ts';

/**
 * Grid points per axis. The forward pass over the grid runs on the main thread at every probe:
 * 48² points keep it to a few ms, and the image is smoothed when stretched.
 */
const BOUNDARY_RESOLUTION = 48;

/** The plot has no traces of its own: regions and samples are images over its axes. */
const AXES_ONLY = [{ type: 'scatter', mode: 'markers', x: [], y: [] }];

function sameSamples(a: TrainData, b: TrainData): boolean {
  return a.y.length === b.y.length && a.y.every((c, i) => c === b.y[i] && a.x[i]![0] === b.x[i]![0] && a.x[i]![1] === b.x[i]![1]);
}

/**
 * The spec's training samples, built on the page (for 2-D data, a few hundred points in a few ms),
 * so that the plot draws them, and fixes its axes, while the page loads: a run's first probe then
 * only adds the region image, where drawing new axes was a long task mid-run. The run's own copy
 * (`fromRun`) stands in until then; equal samples keep the same object, so their image is made once.
 */
function useSamples(spec: ExperimentSpec, twoD: boolean, fromRun: TrainData | null): TrainData | null {
  const [built, setBuilt] = useState<{ key: string; samples: ShownSamples } | null>(null);
  const key = JSON.stringify([spec.data, spec.seed]);
  useEffect(() => {
    if (!twoD) return;
    let alive = true;
    experimentData(spec)
      .then(({ train }) => alive && setBuilt({ key, samples: shownSamples(train) }))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
    // `key` stands for what the samples depend on (the data section and the seed), not all of the spec.
  }, [twoD, key]);
  const wanted = built?.key === key ? built.samples : fromRun;
  const last = useRef<TrainData | null>(null);
  if (wanted && !(last.current && sameSamples(last.current, wanted))) last.current = wanted;
  return wanted ? last.current : null;
}

export function DecisionBoundaryPanel() {
  const spec = useLab((s) => s.spec);
  // A test function (spec.problem) has no classifier to draw.
  const twoD = !spec.problem && spec.model.layers[0] === 2 && spec.loss !== 'mse';
  // Deferred: the grid's forward pass and its image are rendered in a task of their own after the
  // store update, not inside the worker message that brought new parameters (a long task there).
  const params = useDeferredValue(useLab((s) => s.params));
  const data = useSamples(spec, twoD, useDeferredValue(useLab((s) => s.trainData)));
  // The grid spans the samples; its axes also fix the plot's axes, before any grid is computed.
  // Only for 2-D classification data: everything drawn below derives from them.
  const axes = useMemo(() => (twoD && data && data.x.length > 0 ? gridAxes(data.x, BOUNDARY_RESOLUTION) : null), [twoD, data]);
  const grid = useMemo(() => {
    if (!params || !axes || params.values.length === 0) return null;
    try {
      return decisionGrid(spec.model, spec.loss, params.values, axes);
    } catch {
      // Parameters from a different architecture (e.g. a spec edited after the run): nothing to draw.
      return null;
    }
  }, [twoD, params, axes, spec.model, spec.loss]);
  const logistic = spec.loss === 'logistic' || spec.model.layers[spec.model.layers.length - 1] === 1;
  // Rows of z run up the y axis; image rows run down the screen.
  const pixels = useMemo(() => (grid ? matrixPixels([...grid.z].reverse(), regionColors(logistic)) : null), [grid, logistic]);
  const url = useImageUrl(pixels);
  const bounds = useMemo(() => (axes ? gridBounds(axes) : null), [axes]);
  // The samples as an image over the regions (samples-image.ts), made once per dataset.
  const samplesUrl = useImageUrl(
    useMemo(() => (data && bounds ? samplePixels(data.x, data.y.map((c) => sampleColor(Number(c))), bounds) : null), [data, bounds]),
  );
  const layout = useMemo(() => {
    if (!bounds) return { showlegend: false };
    const images = [];
    // The grid lies on `axes`, so its image covers `bounds` too.
    if (url && grid) images.push(imageLayer(url, bounds));
    if (samplesUrl) images.push(imageLayer(samplesUrl, bounds, 'above'));
    return {
      xaxis: { title: { text: 'x₁ (standardized)' }, range: [bounds.left, bounds.right] },
      yaxis: { title: { text: 'x₂ (standardized)' }, range: [bounds.bottom, bounds.top], scaleanchor: 'x' },
      images,
      showlegend: false,
    };
  }, [bounds, grid, url, samplesUrl]);
  if (!twoD) return null;
  return (
    <Panel id="boundary" title="Decision boundary" description={`The model's predicted class over the input plane at step ${params?.step ?? '—'}, with the training samples coloured by label.`}>
      <Plot id="boundary" data={AXES_ONLY} layout={layout} height={320} placeholder={samplesUrl ? undefined : 'The training samples appear here; the regions at the first probe.'} />
    </Panel>
  );
}
