import { adapterSummary } from '../../engine/adapter-report.ts';
import { useLab } from '../store-context.ts';

/** The run worker's GPU device (see store/gpu-status.ts) and its kernel self-check. */
export function GpuStatusPanel() {
  const status = useLab((s) => s.gpuStatus);
  switch (status.state) {
    case 'pending':
      return (
        <section className="gpu-status" data-testid="gpu-status" data-state="pending">
          Looking for a WebGPU adapter…
        </section>
      );
    case 'unavailable':
    case 'lost':
      return (
        <section className="gpu-status warning" data-testid="gpu-status" data-state={status.state} role="alert">
          <strong>{status.state === 'lost' ? 'The GPU device was lost.' : 'WebGPU is not available.'}</strong>{' '}
          <span data-testid="gpu-message">{status.message}</span>
          <div className="hint">Small experiments still run on the float64 CPU engine, clearly labelled as such.</div>
        </section>
      );
    case 'ready': {
      const { adapter, check } = status;
      return (
        <section className="gpu-status" data-testid="gpu-status" data-state="ready">
          <div>
            <strong>GPU:</strong> <span data-testid="adapter-name">{adapterSummary(adapter)}</span>
            {adapter.isSoftware && <span className="badge">software renderer: right numbers, CPU speed</span>}
          </div>
          <div className="small">
            max storage buffer {Math.round(adapter.limits.maxStorageBufferBindingSize / 2 ** 20)} MiB · workgroup ≤{' '}
            {adapter.limits.maxComputeInvocationsPerWorkgroup} invocations · features: {adapter.features.join(', ') || 'none'}
          </div>
          {check && (
            <div className="small" data-testid="kernel-check" data-ok={String(check.ok)}>
              Kernel check {check.ok ? 'passed' : 'FAILED'}: dot = <span data-testid="kernel-dot">{check.dot.got}</span>{' '}
              (float64: {check.dot.expected}), Rademacher mismatches {check.rademacherMismatches}, {check.elapsedMs.toFixed(0)} ms
            </div>
          )}
        </section>
      );
    }
  }
}
