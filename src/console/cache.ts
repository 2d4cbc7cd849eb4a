/**
 * Keeps a read for a few seconds, so a page view (or fifty of them, paging through 5,000 topics)
 * does not ask the cluster for everything again. Concurrent readers share one request in flight.
 */
export class BriefCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(private readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.at < this.ttlMs) return entry.value as Promise<T>;
    const value = load();
    this.entries.set(key, { at: this.now(), value });
    // A failed read is not kept: the next view asks again.
    value.catch(() => this.entries.get(key)?.value === value && this.entries.delete(key));
    return value;
  }

  /** After a change made through the console, its pages show it at once. */
  clear(): void {
    this.entries.clear();
  }
}
