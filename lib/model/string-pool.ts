/**
 * One copy of each log string that repeats across records (issue 12: memory bounded by state, not
 * by input). A month of CloudTrail names a few hundred identities, keys, addresses and user agents
 * a million times over; JSON.parse makes a fresh copy of each every time, and a scan keeps every
 * event. The reader's part pool (./part-pool.ts) passes each new event part's most repeated fields
 * through this pool, so each distinct value is held once.
 *
 * Bounded: past `maxSize` distinct values the pool starts again (the values already handed out
 * stay valid; only later repeats of them are no longer shared).
 */
export class StringPool {
  private readonly map = new Map<string, string>();

  constructor(private readonly maxSize = 250_000) {}

  /** The pooled copy of `s`. */
  of(s: string): string {
    const got = this.map.get(s);
    if (got !== undefined) return got;
    if (this.map.size >= this.maxSize) this.map.clear();
    this.map.set(s, s);
    return s;
  }

  get size(): number {
    return this.map.size;
  }
}
