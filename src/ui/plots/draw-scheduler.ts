/**
 * Plotly draws synchronously, and React runs every effect of one commit in one task: a result
 * that touches five panels would draw five plots in one long main-thread task. The scheduler
 * runs one draw per macrotask instead, so the browser handles input between plots, and it keeps
 * only the latest request per plot, so a plot that fell behind draws its newest data once.
 */
import { macrotask } from '../../experiment/yield.ts';

export type PostTask = (task: () => void) => void;

/** Each task in a macrotask of its own (the runner's yield), so input is handled between them. */
export const postMacrotask: PostTask = (task) => void macrotask().then(task);

export class DrawScheduler {
  private readonly pending = new Map<string, () => void>();
  private posted = false;
  private busy = false;
  private readonly busyListeners = new Set<(busy: boolean) => void>();

  /**
   * @param post runs a task soon (a macrotask).
   * @param postFirst runs the first task of a burst; a page that holds other work while it draws
   *   (see onBusyChange) gives that work time to stop here before the first plot draws.
   */
  constructor(
    private readonly post: PostTask,
    private readonly postFirst: PostTask = post,
  ) {}

  /** Told true when draws are queued and false when the queue has drained; returns an unsubscribe. */
  onBusyChange(listener: (busy: boolean) => void): () => void {
    this.busyListeners.add(listener);
    return () => void this.busyListeners.delete(listener);
  }

  /** Draw `key` in a later task; a newer request for the same key replaces an older one. */
  request(key: string, draw: () => void): void {
    this.pending.delete(key);
    this.pending.set(key, draw);
    this.kick();
  }

  cancel(key: string): void {
    this.pending.delete(key);
  }

  get queued(): number {
    return this.pending.size;
  }

  private setBusy(busy: boolean): void {
    if (busy === this.busy) return;
    this.busy = busy;
    for (const listener of this.busyListeners) listener(busy);
  }

  private kick(): void {
    if (this.pending.size === 0) this.setBusy(false);
    if (this.posted || this.pending.size === 0) return;
    const first = !this.busy;
    this.setBusy(true);
    this.posted = true;
    (first ? this.postFirst : this.post)(() => {
      this.posted = false;
      const next = this.pending.entries().next();
      if (!next.done) {
        const [key, draw] = next.value;
        this.pending.delete(key);
        try {
          draw();
        } finally {
          this.kick();
        }
      }
    });
  }
}
