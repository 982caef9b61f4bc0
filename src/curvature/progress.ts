/** Options every curvature algorithm takes, and the cancellation check they share. */

export interface RunControl {
  /** Called after each unit of work (a step, a probe, a column); done ≤ total. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting rejects the running algorithm with the signal's reason (an AbortError by default). */
  signal?: AbortSignal;
}

/**
 * Throws if the signal was aborted. Called between operator applications: a GPU dispatch in
 * flight cannot be interrupted, but nothing new is queued after an abort.
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal === undefined || !signal.aborted) return;
  const reason: unknown = signal.reason;
  if (reason instanceof Error) throw reason;
  // A non-Error reason (abort('why')) still surfaces as an AbortError that callers can recognize.
  throw new DOMException(
    reason === undefined ? 'The operation was aborted' : String(reason),
    'AbortError',
  );
}

export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'AbortError'
  );
}
