// Answers the gateway may reuse for a few seconds: who a token stands for, whether the host's
// RBAC lets a user into a vCluster, how to reach a vCluster. kubectl sends several requests a
// second (discovery alone is a dozen); asking the API server each time would double the latency
// the gateway adds. The price is a bound on staleness, stated where each cache is made. Pending
// answers are shared, so a burst of requests asks once.
export class RecentAnswers<T> {
  private readonly entries = new Map<string, { value: Promise<T>; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const at = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > at) return hit.value;
    if (this.entries.size >= this.maxEntries) this.sweep(at);
    const value = compute();
    this.entries.set(key, { value, expires: at + this.ttlMs });
    // A failure (the host did not answer) is not an answer to keep.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  forget(matches: (key: string) => boolean): void {
    for (const key of [...this.entries.keys()]) if (matches(key)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  private sweep(at: number): void {
    for (const [key, entry] of this.entries) if (entry.expires <= at) this.entries.delete(key);
    // Still full of live entries: drop the oldest half rather than grow without bound.
    if (this.entries.size >= this.maxEntries) {
      let drop = Math.ceil(this.entries.size / 2);
      for (const key of this.entries.keys()) {
        if (drop-- <= 0) break;
        this.entries.delete(key);
      }
    }
  }
}
