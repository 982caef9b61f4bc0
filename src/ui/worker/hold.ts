/**
 * A flag others can wait on: wait() resolves when it is cleared, or after `maxMs` at the latest.
 * Whoever set it can learn when the held work has stopped (reached()): at its next wait().
 */
export class Hold {
  private held = false;
  private waiters: (() => void)[] = [];
  private stopped: (() => void)[] = [];

  constructor(private readonly maxMs: number) {}

  set(held: boolean): void {
    this.held = held;
    if (!held) this.release();
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Resolves when the hold is cleared, or after `maxMs` (by default the constructor's). */
  wait(maxMs = this.maxMs): Promise<void> {
    if (!this.held) return Promise.resolve();
    this.notifyStopped();
    return new Promise((resolve) => {
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        // Gone on: no longer a sign that the work stands still.
        this.waiters = this.waiters.filter((waiter) => waiter !== finish);
        resolve();
      };
      const timer = setTimeout(finish, maxMs);
      this.waiters.push(finish);
    });
  }

  /**
   * Resolves once the held work stands still: at once if a waiter is waiting already, else at the
   * next wait() while held; also when the hold is cleared first (there is then nothing to wait for).
   */
  reached(): Promise<void> {
    if (!this.held || this.waiters.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.stopped.push(resolve));
  }

  private notifyStopped(): void {
    const stopped = this.stopped;
    this.stopped = [];
    for (const resolve of stopped) resolve();
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const finish of waiters) finish();
    this.notifyStopped();
  }
}
