/**
 * One copy of each log string that repeats across records (issue 12: memory bounded by state, not
 * by input). A month of CloudTrail names a few hundred identities, keys, addresses and user agents
 * a million times over; JSON.parse makes a fresh copy of each every time, and a scan keeps every
 * event. The reader (lib/sources/read-events.ts) passes each event's most repeated fields through
 * a pool, so each distinct value is held once.
 *
 * Bounded: past `maxSize` distinct values the pool starts again (the values already handed out
 * stay valid; only later repeats of them are no longer shared).
 */
import type { TokenEvent } from './token-event';

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

  /**
   * Pools `e`'s fields that repeat across records, in place: the identity and its issuer and
   * account, the source address and user agent, the credential id, the service, and the
   * details' account ids, region and session name. Values are unchanged; only copies go.
   */
  event(e: TokenEvent): void {
    // A part shared already (./part-pool.ts: frozen, one record's events may hold the same part)
    // was pooled when it was first seen.
    const a = e.actor;
    if (!Object.isFrozen(a)) {
      a.id = this.of(a.id);
      if (a.issuer !== undefined) a.issuer = this.of(a.issuer);
      if (a.account !== undefined) a.account = this.of(a.account);
      if (a.name !== undefined) a.name = this.of(a.name);
    }
    const s = e.source;
    if (!Object.isFrozen(s)) {
      if (s.ip !== undefined) s.ip = this.of(s.ip);
      if (s.userAgent !== undefined) s.userAgent = this.of(s.userAgent);
    }
    if (e.action.service !== undefined && !Object.isFrozen(e.action)) e.action.service = this.of(e.action.service);
    const c = e.credential;
    if (c?.id !== undefined && !Object.isFrozen(c)) c.id = this.of(c.id);
    const d = e.details;
    if (d && !Object.isFrozen(d)) {
      for (const k of POOLED_DETAILS) {
        const v = d[k];
        if (typeof v === 'string') d[k] = this.of(v);
      }
    }
  }
}

/** Details that repeat per identity or account (the others are per record, or rare). */
const POOLED_DETAILS = ['accountId', 'recipientAccountId', 'region', 'sessionName', 'roleArn', 'invokedBy'] as const;
