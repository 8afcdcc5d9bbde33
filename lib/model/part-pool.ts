/**
 * One copy of each event part that repeats whole (issue 12: memory bounded by state, not by
 * input). On a month of CloudTrail the same identity calls the same actions from the same address
 * with the same key a million times: after ./string-pool.ts each of those parts still costs an
 * object per event (about 350 of an event's 660 heap bytes). The reader passes each event through
 * this pool: an event whose actor, source, action, outcome, credential or details equal, field by
 * field, a part seen before gets that part instead of its own; a new part's repeated strings go
 * through ./string-pool.ts (only new parts: a shared one's strings were pooled when it was new).
 *
 * Events are never changed after the reader (the engine and the views copy what they change),
 * so a shared part is safe; shared parts are frozen, so a change that slipped in would throw in
 * the tests instead of changing other events. Each kind is compared field by field over every
 * field the schema (./token-event.ts) gives it; a test holds the comparisons to the schema, so a
 * field added there cannot be silently ignored here. App, target and risk are left alone: they
 * are rare.
 *
 * Bounded: past `maxParts` kept parts the pool starts again (the parts already handed out stay
 * valid; only later repeats of them are no longer shared).
 */
import { StringPool } from './string-pool';
import type { TokenEvent } from './token-event';

type Actor = TokenEvent['actor'];
type Source = TokenEvent['source'];
type Action = TokenEvent['action'];
type Outcome = TokenEvent['outcome'];
type Credential = NonNullable<TokenEvent['credential']>;
type Details = NonNullable<TokenEvent['details']>;

/** How many different parts one key may have before later ones are kept unshared. */
const VARIANTS_PER_KEY = 8;

/**
 * Parts of one kind, by a field that tells most of them apart, each kept with its own comparison
 * and the list of its fields that repeat across parts (pooled when a part is new).
 */
class Kind<T extends object> {
  readonly byKey = new Map<string, T[]>();
  constructor(
    readonly same: (a: T, b: T) => boolean,
    readonly poolStrings: (part: T, strings: StringPool) => void,
  ) {}
}

export class PartPool {
  private readonly actors = new Kind<Actor>(
    (a, b) =>
      a.id === b.id &&
      a.kind === b.kind &&
      a.name === b.name &&
      a.type === b.type &&
      a.account === b.account &&
      a.issuer === b.issuer &&
      a.mfa === b.mfa,
    (a, strings) => {
      a.id = strings.of(a.id);
      if (a.issuer !== undefined) a.issuer = strings.of(a.issuer);
      if (a.account !== undefined) a.account = strings.of(a.account);
      if (a.name !== undefined) a.name = strings.of(a.name);
    },
  );
  private readonly sources = new Kind<Source>(
    (a, b) =>
      a.ip === b.ip &&
      a.caller === b.caller &&
      a.userAgent === b.userAgent &&
      a.clientKind === b.clientKind &&
      a.country === b.country &&
      a.region === b.region &&
      a.city === b.city &&
      a.lat === b.lat &&
      a.lon === b.lon &&
      a.asn === b.asn &&
      a.asOrg === b.asOrg &&
      a.isProxy === b.isProxy,
    (s, strings) => {
      if (s.ip !== undefined) s.ip = strings.of(s.ip);
      if (s.userAgent !== undefined) s.userAgent = strings.of(s.userAgent);
    },
  );
  private readonly actions = new Kind<Action>(
    (a, b) => a.name === b.name && a.verb === b.verb && a.service === b.service && a.interactive === b.interactive,
    (a, strings) => {
      if (a.service !== undefined) a.service = strings.of(a.service);
    },
  );
  private readonly outcomes = new Kind<Outcome>(
    (a, b) => a.success === b.success && a.code === b.code && a.reason === b.reason,
    () => {},
  );
  private readonly credentials = new Kind<Credential>(
    (a, b) =>
      a.id === b.id &&
      a.kind === b.kind &&
      a.sessionId === b.sessionId &&
      a.deviceId === b.deviceId &&
      a.issuedAt === b.issuedAt &&
      a.fromConsole === b.fromConsole &&
      a.incomingType === b.incomingType,
    (c, strings) => {
      if (c.id !== undefined) c.id = strings.of(c.id);
    },
  );
  private readonly details = new Kind<Details>(sameDetails, (d, strings) => {
    for (const k of POOLED_DETAILS) {
      const v = d[k];
      if (typeof v === 'string') d[k] = strings.of(v);
    }
  });
  private kept = 0;

  constructor(
    private readonly maxParts = 200_000,
    private readonly strings = new StringPool(),
  ) {}

  get size(): number {
    return this.kept;
  }

  /** Replaces `e`'s repeated parts with their shared copies, in place. Values are unchanged. */
  event(e: TokenEvent): void {
    if (this.kept >= this.maxParts) this.clear();
    e.actor = this.share(this.actors, e.actor.id, e.actor);
    e.source = this.share(this.sources, e.source.ip ?? e.source.caller ?? '', e.source);
    e.action = this.share(this.actions, e.action.name, e.action);
    e.outcome = this.share(this.outcomes, e.outcome.code ?? '', e.outcome);
    if (e.credential) e.credential = this.share(this.credentials, e.credential.id ?? '', e.credential);
    // Details repeat per identity (account, region, session name), rarely across identities.
    if (e.details) e.details = this.share(this.details, e.actor.id, e.details);
  }

  private share<T extends object>(kind: Kind<T>, key: string, part: T): T {
    const seen = kind.byKey.get(key);
    if (seen) for (const p of seen) if (kind.same(p, part)) return p;
    // A new part: its repeated strings are held once, whether the part is kept or not. A frozen
    // one was kept before the pool last started again (one record's events may share a part).
    if (Object.isFrozen(part)) return part;
    kind.poolStrings(part, this.strings);
    if (seen) {
      if (seen.length >= VARIANTS_PER_KEY) return part;
      seen.push(Object.freeze(part));
    } else {
      kind.byKey.set(key, [Object.freeze(part)]);
    }
    this.kept += 1;
    return part;
  }

  private clear(): void {
    for (const k of [this.actors, this.sources, this.actions, this.outcomes, this.credentials, this.details]) {
      k.byKey.clear();
    }
    this.kept = 0;
  }
}

/** Same keys with the same values; a list (the only non-plain value details hold) by its items. */
function sameDetails(a: Details, b: Details): boolean {
  let n = 0;
  for (const k in a) {
    const x = a[k];
    const y = b[k];
    if (x !== y && !(Array.isArray(x) && Array.isArray(y) && sameList(x, y))) return false;
    n += 1;
  }
  for (const k in b) {
    // A key `a` lacks, even one holding undefined, makes different details.
    if (--n < 0 || !(k in a)) return false;
  }
  return n === 0;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Details that repeat per identity or account (the others are per record, or rare). */
const POOLED_DETAILS = ['accountId', 'recipientAccountId', 'region', 'sessionName', 'roleArn', 'invokedBy'] as const;
