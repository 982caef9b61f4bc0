/** Files the lab hands out: result JSON (same format as the headless runner) and CSV histories. */
import type { HistoryPoint, ProbePoint } from '../store/results-slice.ts';

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'number' ? String(value) : `"${String(value).replace(/"/g, '""')}"`;
}

export function historyCsv(history: readonly HistoryPoint[]): string {
  const rows = history.map((h) => [h.step, h.loss, h.accuracy, h.testLoss, h.testAccuracy].map(csvCell).join(','));
  return ['step,loss,accuracy,test_loss,test_accuracy', ...rows].join('\n') + '\n';
}

export function probesCsv(probes: readonly ProbePoint[]): string {
  const k = Math.max(0, ...probes.map((p) => p.eigenvalues.length));
  const header = ['step', 'operator', 'loss', ...Array.from({ length: k }, (_, i) => `lambda_${i + 1}`), 'trace', 'trace_stderr', 'trace_samples'];
  const rows = probes.map((p) =>
    [p.step, p.operator, p.loss, ...Array.from({ length: k }, (_, i) => p.eigenvalues[i]), p.trace?.estimate, p.trace?.stderr, p.trace?.samples]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...rows].join('\n') + '\n';
}

export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
