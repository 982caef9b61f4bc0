/** A flag others can wait on: wait() resolves when it is cleared, or after `maxMs` at the latest. */
export class Hold {
  private held = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly maxMs: number) {}

  set(held: boolean): void {
    this.held = held;
    if (!held) this.release();
  }

  get isHeld(): boolean {
    return this.held;
  }

  wait(): Promise<void> {
    if (!this.held) return Promise.resolve();
    return new Promise((resolve) => {
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(finish, this.maxMs);
      this.waiters.push(finish);
    });
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const finish of waiters) finish();
  }
}
