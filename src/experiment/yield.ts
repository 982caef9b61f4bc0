/**
 * Handing the thread back to the event loop during long runs, so that a browser page keeps
 * painting and answering clicks (and a Node process its signals) while the runner computes.
 */

/** A macrotask, not a microtask: only a macrotask lets rendering and input handlers run. */
export function macrotask(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  // setTimeout(0) is clamped to ≥ 4 ms after a few nested calls in browsers; a message is not.
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Resolves after a macrotask when more than `intervalMs` passed since the last yield, at once otherwise. */
export function createYielder(intervalMs: number): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < intervalMs) return;
    await macrotask();
    last = performance.now();
  };
}

/**
 * `breathe`, then `hold` (a page drawing asks the worker to stand still: see src/ui/worker/hold.ts);
 * `breathe` alone without a hold.
 */
export function withHold(breathe: () => Promise<void>, hold: (() => Promise<void>) | undefined): () => Promise<void> {
  if (!hold) return breathe;
  return async () => {
    await breathe();
    await hold();
  };
}
