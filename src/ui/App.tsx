import { useEffect, useState } from 'react';
import type { GpuContext } from '../engine/gpu-context.ts';
import { runSelfCheck } from '../engine/self-check.ts';
import type { GpuStatus } from './gpu-status.ts';
import { GpuStatusPanel } from './panels/GpuStatusPanel.tsx';

export function App({ gpu }: { gpu: Promise<GpuContext> }) {
  const [status, setStatus] = useState<GpuStatus>({ state: 'pending' });

  useEffect(() => {
    let cancelled = false;
    gpu.then(
      async (ctx) => {
        ctx.onLost((loss) => !cancelled && setStatus({ state: 'lost', message: `${loss.reason}: ${loss.message}` }));
        if (!cancelled) setStatus({ state: 'ready', adapter: ctx.adapter, check: null });
        const check = await runSelfCheck(ctx).catch(() => null);
        if (!cancelled && !ctx.isLost) setStatus({ state: 'ready', adapter: ctx.adapter, check });
      },
      (error: unknown) => {
        if (!cancelled) setStatus({ state: 'unavailable', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [gpu]);

  return (
    <div className="app">
      <header>
        <h1>Curvature Lab</h1>
        <p className="tagline">Hessian spectra, traces and landscapes of small networks, live, on WebGPU.</p>
      </header>
      <GpuStatusPanel status={status} />
    </div>
  );
}
