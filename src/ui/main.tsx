import { createRoot } from 'react-dom/client';
import { createLabStore } from '../store/lab-store.ts';
import { connectUrl, specFromHash } from '../store/url-sync.ts';
import { decodeSpecFromHash } from '../experiment/url.ts';
import { App } from './App.tsx';
import { DrawScheduler, postMacrotask } from './plots/draw-scheduler.ts';
import { loadPlotly } from './plots/plotly-loader.ts';
import { warmUpPlotly } from './plots/warm-up.ts';
import { WorkerLabController } from './worker/worker-lab-controller.ts';

const loaded = specFromHash(window.location.hash);
const store = createLabStore(loaded.spec);
store.getState().replaceSpec(loaded.spec, loaded.warnings);
store.getState().setLoadMessage(loaded.message);
store.getState().setProgress({ step: 0, steps: loaded.spec.train.steps });
connectUrl(store, window);

const worker = new Worker(new URL('./worker/run-worker.ts', import.meta.url), { type: 'module' });
// ?engine=cpu forces the float64 engine (for comparisons, and for tests of the no-WebGPU path).
const enginePreference = new URLSearchParams(window.location.search).get('engine') === 'cpu' ? 'cpu' : 'auto';
const controller = new WorkerLabController(store, worker, () => enginePreference);
// The run worker holds its compute at its next yield (≤ 10 ms) once told the page is drawing, and
// answers when the GPU has finished what was queued: the first plot of a burst waits for that
// answer (a fixed 25 ms wait left draws sharing the CPU with SwiftShader, 50–90 ms instead of
// 15–30), and no longer than this.
const DRAW_QUIET_MAX_MS = 150;
const drawScheduler = new DrawScheduler(postMacrotask, (task) => void controller.quiet(DRAW_QUIET_MAX_MS).then(task));
drawScheduler.onBusyChange((busy) => controller.setPageBusy(busy));

/**
 * A handle for people poking at a run from the console and for the e2e tests: the store, the URL
 * decoder, and a way to rehearse a lost GPU device.
 */
const labHandle = {
  store,
  decodeHash: decodeSpecFromHash,
  simulateDeviceLoss: () => worker.postMessage({ type: 'simulate-device-loss' }),
  /** GPU pipelines built by the run worker after its warm-up and after each run. */
  pipelineCounts: controller.pipelineCounts,
  plotlyReady: false,
};
(window as unknown as { curvatureLab: typeof labHandle }).curvatureLab = labHandle;
// Plotly is large: load it while the user reads the page, not when the first result arrives, and
// let it draw once (warm-up.ts) so its first real draw is not compiled in the middle of a run.
void loadPlotly('cartesian')
  .then((plotly) => warmUpPlotly(plotly, document.body))
  .catch(() => undefined)
  .then(() => (labHandle.plotlyReady = true))
  // Then, with the page drawn, the worker compiles the experiment's kernels before Run is pressed.
  .then(() => controller.prepare());

const root = document.getElementById('root');
if (root) createRoot(root).render(<App store={store} controller={controller} drawScheduler={drawScheduler} />);
