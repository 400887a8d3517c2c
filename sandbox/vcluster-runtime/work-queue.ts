// A keyed work queue as controllers use it: a key is queued once however many events name it,
// never processed twice at the same time, processed again if it changed meanwhile, and retried
// with growing delays when its handler fails. Handlers read the current state from caches, so a
// key is all they need.
export type Reconcile = (key: string) => Promise<number | void>;

export interface WorkQueueOptions {
  name: string;
  concurrency?: number;
  log?: (line: string) => void;
  /** Errors for which a retry is expected and not worth a log line (e.g. 409 conflicts). */
  quiet?: (error: unknown) => boolean;
}

const MAX_BACKOFF_MS = 10_000;

export class WorkQueue {
  private readonly queued: string[] = [];
  private readonly queuedSet = new Set<string>();
  private readonly active = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = 0;
  private paused = true;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly reconcile: Reconcile,
    private readonly options: WorkQueueOptions,
  ) {}

  /** Keys added before start() wait until the caches they read have synced. */
  start(): void {
    this.paused = false;
    this.pump();
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.queued.length = 0;
    this.queuedSet.clear();
  }

  add(key: string, delayMs = 0): void {
    if (this.stopped) return;
    if (delayMs > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.add(key);
      }, delayMs);
      this.timers.add(timer);
      return;
    }
    if (this.active.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queuedSet.has(key)) return;
    this.queuedSet.add(key);
    this.queued.push(key);
    this.pump();
  }

  /** Resolves when nothing is queued or running (for tests and orderly shutdown). */
  idle(): Promise<void> {
    if (this.running === 0 && this.queued.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 4;
    while (!this.paused && !this.stopped && this.running < limit && this.queued.length > 0) {
      const key = this.queued.shift()!;
      this.queuedSet.delete(key);
      this.active.add(key);
      this.running += 1;
      void this.process(key);
    }
    if (this.running === 0 && this.queued.length === 0) {
      for (const waiter of this.idleWaiters.splice(0)) waiter();
    }
  }

  private async process(key: string): Promise<void> {
    let retryIn: number | undefined;
    try {
      const requeue = await this.reconcile(key);
      this.failures.delete(key);
      if (typeof requeue === 'number') retryIn = requeue;
    } catch (error) {
      const count = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, count);
      retryIn = Math.min(100 * 2 ** Math.min(count, 7), MAX_BACKOFF_MS);
      // After stop() in-flight work fails against a control plane going away; not worth a line.
      if (!this.stopped && (!this.options.quiet?.(error) || count > 5)) {
        const message = error instanceof Error ? error.message : String(error);
        this.options.log?.(`${this.options.name} ${key}: ${message} (retry ${count} in ${retryIn} ms)`);
      }
    } finally {
      this.active.delete(key);
      this.running -= 1;
    }
    if (this.dirty.delete(key)) this.add(key);
    else if (retryIn !== undefined) this.add(key, retryIn);
    this.pump();
  }
}
