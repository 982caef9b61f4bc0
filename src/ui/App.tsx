import type { ReactNode } from 'react';
import type { LabController } from '../store/lab-controller.ts';
import type { LabStore } from '../store/lab-store.ts';
import { ExperimentControls } from './controls/ExperimentControls.tsx';
import { RaceControls } from './controls/RaceControls.tsx';
import { DemoPanel } from './demos/DemoPanel.tsx';
import { DecisionBoundaryPanel } from './panels/DecisionBoundaryPanel.tsx';
import { ExactHessianPanel } from './panels/ExactHessianPanel.tsx';
import { GpuStatusPanel } from './panels/GpuStatusPanel.tsx';
import { LandscapePanel } from './panels/LandscapePanel.tsx';
import { LossPanel } from './panels/LossPanel.tsx';
import { PanelBoundary } from './panels/PanelBoundary.tsx';
import { RacePanel } from './panels/RacePanel.tsx';
import { SpectrumPanel } from './panels/SpectrumPanel.tsx';
import { TracePanel } from './panels/TracePanel.tsx';
import type { DrawScheduler } from './plots/draw-scheduler.ts';
import { DrawSchedulerContext } from './plots/Plot.tsx';
import { RunBar } from './RunBar.tsx';
import { LabStoreContext, useLab } from './store-context.ts';

function LoadMessages() {
  const loadMessage = useLab((s) => s.loadMessage);
  const warnings = useLab((s) => s.warnings);
  return (
    <>
      {loadMessage && (
        <div className="load-message" data-testid="load-message" role="alert">
          {loadMessage.split('\n').map((line, i) => (
            <div key={i}>{line}</div>
          ))}
        </div>
      )}
      {warnings.length > 0 && (
        <ul className="warnings" data-testid="spec-warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The result panels in page order, each named as its error boundary (PanelBoundary) names it when it fails. */
function resultPanels(controller: LabController): [string, ReactNode][] {
  return [
    ['Race', <RacePanel />],
    ['Loss and accuracy', <LossPanel />],
    ['Hessian spectrum', <SpectrumPanel />],
    ['Trace', <TracePanel />],
    ['Decision boundary', <DecisionBoundaryPanel />],
    ['Exact Hessian', <ExactHessianPanel />],
    ['Loss landscape', <LandscapePanel controller={controller} />],
  ];
}

export interface AppProps {
  readonly store: LabStore;
  readonly controller: LabController;
  /** Shared by every plot, so that the page draws one plot per task (see draw-scheduler.ts). */
  readonly drawScheduler: DrawScheduler;
}

export function App({ store, controller, drawScheduler }: AppProps) {
  return (
    <LabStoreContext value={store}>
      <DrawSchedulerContext value={drawScheduler}>
        <div className="app">
          <header>
            <h1>Curvature Lab</h1>
            <p className="tagline">
              Hessian spectra, traces and landscapes of small networks, live, on WebGPU. <a href="./gallery.html">Teaching demos</a>
            </p>
          </header>
          <GpuStatusPanel />
          <LoadMessages />
          <RunBar controller={controller} />
          <div className="layout">
            <ExperimentControls controller={controller} />
            <main className="panels">
              <PanelBoundary title="Teaching demo">
                <DemoPanel controller={controller} />
              </PanelBoundary>
              <RaceControls />
              {resultPanels(controller).map(([title, panel]) => (
                <PanelBoundary key={title} title={title}>
                  {panel}
                </PanelBoundary>
              ))}
            </main>
          </div>
        </div>
      </DrawSchedulerContext>
    </LabStoreContext>
  );
}
