/** Run controls, progress, the engine in use, share and export. */
import { useRef, useState } from 'react';
import type { LabController } from '../store/lab-controller.ts';
import { useLab } from './store-context.ts';
import { download, historyCsv, probesCsv } from './export-files.ts';

/** Files larger than this are refused before reading: results of the lab's models are far smaller. */
export const MAX_IMPORT_BYTES = 50 * 2 ** 20;

export function RunBar({ controller }: { controller: LabController }) {
  const status = useLab((s) => s.status);
  const progress = useLab((s) => s.progress);
  const message = useLab((s) => s.message);
  const engineLabel = useLab((s) => s.engineLabel);
  const resumable = useLab((s) => s.resumableStep);
  const result = useLab((s) => s.result);
  const history = useLab((s) => s.history);
  const probes = useLab((s) => s.probes);
  const [note, setNote] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const live = status === 'running' || status === 'paused';

  const share = async () => {
    const url = window.location.href;
    try {
      await navigator.clipboard.writeText(url);
      setNote('Link copied: it reproduces this experiment, including mid-run changes.');
    } catch {
      setNote(`Copy this link: ${url}`);
    }
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      setNote(`${file.name} is ${(file.size / 2 ** 20).toFixed(0)} MiB; results larger than ${MAX_IMPORT_BYTES / 2 ** 20} MiB are not imported. Choose a result exported by the lab.`);
      return;
    }
    const error = controller.importResult(await file.text());
    setNote(error ?? `Imported ${file.name}: shown without re-running.`);
  };

  const fraction = progress.steps ? Math.min(1, progress.step / progress.steps) : 0;
  return (
    <section className="runbar" data-testid="runbar">
      <div className="buttons">
        {!live && <button data-testid="run" onClick={() => controller.run()}>Run</button>}
        {status === 'running' && <button data-testid="pause" onClick={() => controller.pause()}>Pause</button>}
        {status === 'paused' && <button data-testid="resume" onClick={() => controller.resume()}>Resume</button>}
        <button data-testid="step" disabled={status === 'running'} onClick={() => controller.step()}>Step</button>
        <button data-testid="reset" onClick={() => controller.reset()}>Reset</button>
        {resumable !== null && <button data-testid="continue" onClick={() => controller.continueAfterLoss()}>Continue from step {resumable}</button>}
        <span className="sep" />
        <button data-testid="share" onClick={() => void share()}>Share</button>
        <button data-testid="export-json" disabled={!result} onClick={() => download('curvature-lab-result.json', JSON.stringify(result, null, 1), 'application/json')}>
          Export result (JSON)
        </button>
        <button data-testid="export-csv" disabled={!history.length} onClick={() => { download('curvature-lab-history.csv', historyCsv(history), 'text/csv'); if (probes.length) download('curvature-lab-probes.csv', probesCsv(probes), 'text/csv'); }}>
          Export CSV
        </button>
        <button data-testid="import" onClick={() => fileInput.current?.click()}>Import result…</button>
        <input ref={fileInput} data-testid="import-file" type="file" accept="application/json,.json" hidden onChange={(e) => void onFile(e.target.files?.[0])} />
      </div>
      <div className="progress" data-testid="progress" data-status={status} data-step={progress.step}>
        <div className="bar" style={{ width: `${(100 * fraction).toFixed(1)}%` }} />
        <span>
          {status} · step {progress.step}/{progress.steps}
          {progress.probe && ` · ${progress.probe.what} ${progress.probe.done}/${progress.probe.total}`}
          {engineLabel && <> · <span data-testid="engine-label">{engineLabel}</span></>}
        </span>
      </div>
      {message && <div className={`run-message ${status === 'failed' ? 'error' : ''}`} data-testid="run-message" role="status">{message}</div>}
      {note && <div className="run-note" data-testid="run-note">{note}</div>}
    </section>
  );
}
