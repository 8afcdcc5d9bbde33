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
  // an ordered input comes out as it went in either way).
  let ordered = true;
  for (let i = 1; i < input.length && ordered; i++) ordered = input[i - 1]!.time <= input[i]!.time;
  const events = ordered ? [...input] : [...input].sort((a, b) => a.time - b.time);
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
  const byIdentity = new Map<string, TokenEvent[]>();
  const byToken = new Map<string, TokenEvent[]>();
  const timed = events.filter((e) => e.timeKnown !== false);
  for (const e of timed) {
    history.observe(e, network(e));
    if (hasCaller(e)) push(byIdentity, e.actor.id, e);
    if (e.credential?.id) push(byToken, e.credential.id, e);
  }
  const noCaller = events.filter((e) => !hasCaller(e));
  return { events, timed, history, intel, network, byIdentity, byToken, noCaller, tenants: opts.tenants };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const arr = m.get(k);
  if (arr) arr.push(v);
  else m.set(k, [v]);
}

function ipKindOf(ip: string): IpIntel['kind'] {
  return /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|f[cd])/i.test(ip) ? 'private' : 'reserved';
}
