/**
 * Turns for racers sharing one thread. Exactly one racer runs at a time, in index order, so that
 * the wall-clock time of each update is that racer's alone and the interleaving (hence every number)
 * is the same on every run. A round ends when the last unfinished racer yields; `beforeRound` (the
 * runner's pause/step gate) runs before the next round begins, so one "step" of a paused race is
 * one update of every racer.
 */
export class RaceTurns {
  private readonly finished: boolean[];
  private readonly granted = new Set<number>();
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: unknown) => void }>();
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly count: number,
    private readonly beforeRound: () => Promise<void>,
  ) {
    this.finished = new Array<boolean>(count).fill(false);
    if (count > 0) this.granted.add(0);
  }

  /** Resolves when it is racer `i`'s turn (racer 0 holds the first one). */
  wait(i: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.granted.delete(i)) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiting.set(i, { resolve, reject }));
  }

  /** Racer `i` ends its turn; resolves at its next one. */
  pass(i: number): Promise<void> {
    const next = this.wait(i);
    void this.handOff(i);
    return next;
  }

  /** Racer `i` is done for good: the others go on without it. */
  finish(i: number): void {
    this.finished[i] = true;
    void this.handOff(i);
  }

  /** Stops the race: every waiting racer (and every later wait) rejects with `error`. */
  fail(error: unknown): void {
    if (this.failure) return;
    this.failure = { error };
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }

  private nextAfter(from: number): number | undefined {
    for (let k = 1; k <= this.count; k++) {
      const j = (from + k) % this.count;
      if (!this.finished[j]) return j;
    }
    return undefined;
  }

  private async handOff(from: number): Promise<void> {
    const next = this.nextAfter(from);
    if (next === undefined || this.failure) return;
    if (next <= from) {
      try {
        await this.beforeRound();
      } catch (error) {
        this.fail(error);
        return;
      }
    }
    const waiter = this.waiting.get(next);
    if (waiter) {
      this.waiting.delete(next);
      waiter.resolve();
    } else this.granted.add(next);
  }
}
