/**
 * Runs a teaching demo in the page: each variant in turn becomes the lab's experiment (so the
 * panels draw it live and the URL is its link), runs to its end, and leaves its result; then the
 * demo's analysis turns the results into its findings. A Reset, a failed variant or a lost device
 * stops the demo with a message; the variants finished so far are kept.
 */
import type { Demo } from '../demos/demo.ts';
import { variantSpec } from '../demos/demo-spec.ts';
import type { ExperimentResult } from '../experiment/result.ts';
import type { LabController } from './lab-controller.ts';
import type { LabStore } from './lab-store.ts';

/** A diverged run reports 'failed' first and its result right after; an error has no result at all. */
const RESULT_AFTER_FAILURE_MS = 3000;

type VariantOutcome = { readonly ok: true; readonly result: ExperimentResult } | { readonly ok: false; readonly message: string };

function awaitVariant(store: LabStore): Promise<VariantOutcome> {
  return new Promise((resolve) => {
    let failureTimer: ReturnType<typeof setTimeout> | null = null;
    const finish = (outcome: VariantOutcome): void => {
      unsubscribe();
      if (failureTimer !== null) clearTimeout(failureTimer);
      resolve(outcome);
    };
    const check = (): void => {
      const { status, result, message } = store.getState();
      if (result) return finish({ ok: true, result: result as ExperimentResult });
      if (status === 'idle') return finish({ ok: false, message: 'The demo was stopped (Reset). Press “Run demo” to start it again.' });
      if (status === 'failed' && failureTimer === null) {
        failureTimer = setTimeout(() => finish({ ok: false, message: message ?? 'the run failed' }), RESULT_AFTER_FAILURE_MS);
      }
    };
    const unsubscribe = store.subscribe(check);
    check();
  });
}

export async function runDemo(store: LabStore, controller: LabController, demo: Demo): Promise<void> {
  const { setDemoRun } = store.getState();
  setDemoRun({ demoId: demo.id, status: 'running', variant: 0, results: [], analysis: null, error: null });
  const results: ExperimentResult[] = [];
  for (let i = 0; i < demo.variants.length; i++) {
    store.getState().replaceSpec(variantSpec(demo, i));
    setDemoRun({ variant: i });
    controller.run();
    const outcome = await awaitVariant(store);
    if (!outcome.ok) {
      setDemoRun({ status: 'failed', variant: null, error: `Variant ${i + 1} (${demo.variants[i]!.label}) did not finish: ${outcome.message}` });
      return;
    }
    results.push(outcome.result);
    setDemoRun({ results: [...results] });
  }
  setDemoRun({ status: 'analyzing', variant: null });
  try {
    const analysis = await demo.analyze(results);
    setDemoRun({ status: 'done', analysis });
  } catch (error) {
    setDemoRun({ status: 'failed', error: `The analysis of the results failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}
