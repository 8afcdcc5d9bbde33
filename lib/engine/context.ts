/**
 * Builds the EngineContext: sorts events, groups them by identity and token, enriches sources
 * once per IP and learns the baseline from the input (plus an optional stored history). Records
 * without a time stay in `events` for single-record indicators and are kept out of the rest.
 * Records that name no caller (lib/model/caller.ts) are no identity: they stay in `events` and
 * `byToken` and are listed in `noCaller`, never grouped under one "unknown" identity.
 */
import type { TokenEvent } from '../model/token-event';
import { isNonRoutable } from '../model/source-address';
import { hasCaller } from '../model/caller';
import { Baseline } from '../baseline/baseline';
import type { HistorySnapshot } from '../baseline/history';
import { type IntelProvider, type IpIntel, NO_INTEL } from '../intel/intel-provider';
import type { EngineContext } from './types';
import type { TenantSettings } from './settings';

export interface ContextOptions {
  intel?: IntelProvider;
  history?: HistorySnapshot;
  /** Per-tenant settings (settings `tenants`), passed to the indicators as they are. */
  tenants?: Readonly<Record<string, TenantSettings>>;
}

export function buildContext(input: readonly TokenEvent[], opts: ContextOptions = {}): EngineContext {
  const intel = opts.intel ?? NO_INTEL;
  // Exports are mostly in time order already: check that (one pass) before sorting (stable, so
  // an ordered input comes out as it went in either way). An ordered input is used as it is, and
  // so are its events for `timed` when all have a time: on a month of CloudTrail each copy is a
  // pointer per event, held for the whole run.
  let ordered = true;
  let untimed = 0;
  for (let i = 0; i < input.length; i++) {
    const e = input[i]!;
    if (e.timeKnown === false) untimed += 1;
    if (ordered && i > 0 && input[i - 1]!.time > e.time) ordered = false;
  }
  const events = ordered ? input : [...input].sort((a, b) => a.time - b.time);
  const cache = new Map<string, IpIntel>();
  const network = (e: TokenEvent): IpIntel | undefined => {
    const ip = e.source.ip;
    if (!ip) return undefined;
    let base = cache.get(ip);
    if (!base) {
      base = isNonRoutable(ip) ? { kind: ipKindOf(ip) } : intel.lookup(ip);
      cache.set(ip, base);
    }
    const s = e.source;
    if (s.asn === undefined && !s.country && s.lat === undefined && !s.isProxy) return base;
    // The log's own enrichment (Entra, Okta, GitHub) wins over offline data.
    return {
      ...base,
      asn: s.asn ?? base.asn,
      asOrg: s.asOrg ?? base.asOrg,
      country: s.country?.toUpperCase() ?? base.country,
      lat: s.lat ?? base.lat,
      lon: s.lon ?? base.lon,
      kind: s.isProxy ? (base.kind === 'tor' ? 'tor' : 'vpn') : base.kind,
    };
  };
  const history = new Baseline(opts.history);
  const timed = untimed ? events.filter((e) => e.timeKnown !== false) : events;
  // Counted first, then filled: each group's array is made once at its size, instead of growing
  // by copies that a month of CloudTrail leaves behind as garbage at the run's peak.
  const identities = new Map<string, Group>();
  const tokens = new Map<string, Group>();
  for (const e of timed) {
    history.observe(e, network(e));
    if (hasCaller(e)) count(identities, e.actor.id);
    const token = e.credential?.id;
    if (token) count(tokens, token);
  }
  for (const e of timed) {
    if (hasCaller(e)) add(identities.get(e.actor.id)!, e);
    const token = e.credential?.id;
    if (token) add(tokens.get(token)!, e);
  }
  const byIdentity = eventsOf(identities);
  const byToken = eventsOf(tokens);
  const noCaller = events.filter((e) => !hasCaller(e));
  return { events, timed, history, intel, network, byIdentity, byToken, noCaller, tenants: opts.tenants };
}

/** One group's events: counted in a first pass, then written into an array of that size. */
interface Group {
  size: number;
  filled: number;
  events?: TokenEvent[];
}

function count(m: Map<string, Group>, key: string): void {
  const g = m.get(key);
  if (g) g.size += 1;
  else m.set(key, { size: 1, filled: 0 });
}

function add(g: Group, e: TokenEvent): void {
  (g.events ??= new Array<TokenEvent>(g.size))[g.filled++] = e;
}

function eventsOf(m: Map<string, Group>): Map<string, TokenEvent[]> {
  const out = new Map<string, TokenEvent[]>();
  for (const [k, g] of m) out.set(k, g.events!);
  return out;
}

function ipKindOf(ip: string): IpIntel['kind'] {
  return /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|f[cd])/i.test(ip) ? 'private' : 'reserved';
}
