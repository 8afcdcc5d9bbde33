/**
 * risky-network — Tor, anonymizer/VPN, hosting/VPS sources (and Okta `isProxy`).
 *
 * Playbook: "access from … unfamiliar or risky locations".
 * Public content (docs/detections.md, 'risky-network'): GuardDuty `TorIPCaller`, Entra
 * `anonymizedIPAddress`, Sigma's Okta anonymising-proxy rule / Panther Okta.Anonymizing.VPN.Login
 * (Okta `securityContext.isProxy`; Apple Private Relay → INFO), Elastic "AWS Discovery API Calls
 * from VPN ASN for the First Time by Identity" (VPN/hosting ASN list), "First Occurrence of Okta
 * User Session Started via Proxy", Sentinel "Sign-ins From VPS Providers" and "Successful API
 * executed from a Tor exit node".
 *
 * Severity by kind: Tor high; VPN / hosting medium, unless the identity already used that network
 * kind (history dimension `network`), which is the VPN-heavy user of Elastic's rare-ASN tuning ("VPN, split DNS … break-
 * glass from home ISP"). Without enough history to judge, VPN/hosting are low. Cloud is never
 * flagged here (workload-credential-offsite judges workloads), and hosting is skipped for
 * non-human callers, whose integrations run on VPSs by design.
 *
 * High-risk countries (`riskyCountries`, default and reasons in lib/intel/risky-countries.ts:
 * the OFAC comprehensively sanctioned jurisdictions plus Russia and Belarus): any successful
 * event from one of them is at least `riskyCountrySeverity` (medium), whatever the network kind
 * and even when the identity has been there before — the playbook's "risky locations". The
 * country is the log's own (GitHub `actor_location`, Entra, Okta) else the address data's. Failed
 * attempts from there are not flagged here (password spraying has its own indicator).
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import type { IpIntel } from '../../intel/intel-provider';
import { identitySubject } from '../../baseline/history';
import { hasWarmHistory } from '../../baseline/novelty';
import {
  defineIndicator,
  type EngineContext,
  type Finding,
  type HistoryUse,
  type Severity,
  SEVERITIES,
} from '../types';
import { findingFrom, maxEvidenceSetting } from '../finding';
import { countryCode, countryLabel, riskyCountriesSetting } from '../../intel/risky-countries';

const MIN = 60_000;
const HOUR = 60 * MIN;

export const riskyNetworkSettings = z.object({
  /** Prior events before the identity's habits can be judged (Entra unlikelyTravel learning: 10 logins). */
  minHistoryEvents: z.number().int().min(0).default(10),
  /** A kind is "usual" for the identity when first used at least this long before (Elastic new_terms windows start at 5 d; we accept 1 d of habit). */
  familiarAfterHours: z.number().min(0).default(24),
  /** Consecutive events of one identity on one kind further apart than this start a new finding. */
  groupGapMinutes: z.number().min(0).default(60),
  /** asOrg substrings of Apple iCloud Private Relay egress: INFO only (Panther Okta.Anonymizing.VPN.Login). */
  privateRelayOrgs: z.array(z.string()).default(['iCloud Private Relay', 'Private Relay']),
  /** Flag hosting addresses for service principals / workloads too (off: integrations live on VPSs). */
  hostingForNonHumans: z.boolean().default(false),
  /** High-risk countries (ISO 3166-1 alpha-2); default in lib/intel/risky-countries.ts. */
  riskyCountries: riskyCountriesSetting,
  /** Lowest severity of a successful event from a high-risk country. */
  riskyCountrySeverity: z.enum(SEVERITIES).default('medium'),
  maxEvidence: maxEvidenceSetting,
});
export type RiskyNetworkSettings = z.infer<typeof riskyNetworkSettings>;

type RiskyKind = 'tor' | 'vpn' | 'hosting';
const NON_HUMAN = new Set(['service_principal', 'workload', 'service']);

interface Group {
  kind: RiskyKind;
  severity: Severity;
  why: string;
  /** Judged against the identity's history (a network kind it has not used, or too little history to tell). */
  restsOn?: HistoryUse;
  events: TokenEvent[];
  nets: Map<string, string>;
  proxyFlag: boolean;
  last: number;
}

export const riskyNetwork = defineIndicator({
  id: 'risky-network',
  title: 'Access from Tor, an anonymizer or a hosting provider',
  signals: ['unfamiliar-source', 'known-malicious'],
  settings: riskyNetworkSettings,
  evaluate(ctx: EngineContext, s: RiskyNetworkSettings): Finding[] {
    const findings: Finding[] = [];
    const relayOrgs = s.privateRelayOrgs.map((o) => o.toLowerCase());
    const risky = new Set(s.riskyCountries);
    for (const [actor, events] of ctx.byIdentity) {
      const open = new Map<string, Group>();
      for (const e of events) {
        if (!e.source.ip || e.actor.kind === 'service') continue;
        const net = ctx.network(e);
        if (!net) continue;
        const kind = net.kind;
        if (kind !== 'tor' && kind !== 'vpn' && kind !== 'hosting') continue;
        if (kind === 'hosting' && NON_HUMAN.has(e.actor.kind) && !s.hostingForNonHumans) continue;
        const relay = !!net.asOrg && relayOrgs.some((o) => net.asOrg!.toLowerCase().includes(o));
        const groupKey = relay ? 'relay' : kind;
        let g = open.get(groupKey);
        if (g && e.time - g.last > s.groupGapMinutes * MIN) {
          findings.push(toFinding(actor, g, s));
          g = undefined;
          open.delete(groupKey);
        }
        if (!g) {
          const judged = judge(ctx, e, kind, relay, s);
          if (!judged) continue; // the identity's usual network: nothing to say
          g = {
            kind,
            severity: judged.severity,
            why: judged.why,
            restsOn: judged.restsOn,
            events: [],
            nets: new Map(),
            proxyFlag: false,
            last: e.time,
          };
          open.set(groupKey, g);
        }
        g.events.push(e);
        g.last = e.time;
        if (e.source.isProxy) g.proxyFlag = true;
        const k = net.asn !== undefined ? `AS${net.asn}` : e.source.ip;
        if (!g.nets.has(k)) g.nets.set(k, describe(k, net, e.source.ip));
      }
      for (const g of open.values()) findings.push(toFinding(actor, g, s));
      if (risky.size) findings.push(...countryFindings(ctx, actor, events, risky, s));
    }
    return findings.sort((a, b) => a.time - b.time);
  },
});

interface CountryGroup {
  code: string;
  events: TokenEvent[];
  nets: Map<string, string>;
  before: boolean;
  last: number;
}

/** Successful events from a high-risk country, grouped per country like the network kinds. */
function countryFindings(
  ctx: EngineContext,
  actor: string,
  events: readonly TokenEvent[],
  risky: ReadonlySet<string>,
  s: RiskyNetworkSettings,
): Finding[] {
  const out: Finding[] = [];
  const open = new Map<string, CountryGroup>();
  const codeOf = (e: TokenEvent): string | undefined =>
    countryCode(e.source.country) ?? (e.source.ip ? countryCode(ctx.network(e)?.country) : undefined);
  // What is normal for the identity in this input: its most frequent countries off the list.
  const counts = new Map<string, number>();
  for (const e of events) {
    const c = codeOf(e);
    if (c && !risky.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const usual = [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([c]) => c);
  for (const e of events) {
    if (!e.outcome.success || e.actor.kind === 'service') continue;
    const code = codeOf(e);
    if (!code || !risky.has(code)) continue;
    const net = e.source.ip ? ctx.network(e) : undefined;
    let g = open.get(code);
    if (g && e.time - g.last > s.groupGapMinutes * MIN) {
      out.push(countryFinding(actor, g, usual, s));
      g = undefined;
    }
    if (!g) {
      const first = ctx.history.firstSeen(identitySubject(e), 'country', code);
      g = { code, events: [], nets: new Map(), before: first !== undefined && first < e.time, last: e.time };
      open.set(code, g);
    }
    g.events.push(e);
    g.last = e.time;
    const ip = e.source.ip;
    if (ip && net) {
      const k = net.asn !== undefined ? `AS${net.asn}` : ip;
      if (!g.nets.has(k)) g.nets.set(k, describe(k, { ...net, country: undefined }, ip));
    }
  }
  for (const g of open.values()) out.push(countryFinding(actor, g, usual, s));
  return out;
}

function countryFinding(actor: string, g: CountryGroup, usual: readonly string[], s: RiskyNetworkSettings): Finding {
  const place = countryLabel(g.code);
  const from = g.nets.size ? ` via ${[...g.nets.values()].slice(0, 10).join('; ')}` : '';
  return findingFrom(
    'risky-network',
    {
      severity: s.riskyCountrySeverity,
      title: `${actor} active from a high-risk country: ${place}`,
      detail:
        `${g.events.length} successful event(s) from ${place}${from}; it is on the high-risk country list ` +
        `(setting riskyCountries; default: the OFAC comprehensively sanctioned jurisdictions plus Russia and Belarus); ` +
        `${usual.length ? `otherwise this identity acts from ${usual.map(countryLabel).join(', ')}; ` : ''}` +
        `${g.before ? 'it has been active from there before, which the list does not excuse' : 'it has no earlier activity from there'}.`,
    },
    g.events,
    s.maxEvidence,
  );
}

function judge(
  ctx: EngineContext,
  e: TokenEvent,
  kind: RiskyKind,
  relay: boolean,
  s: RiskyNetworkSettings,
): { severity: Severity; why: string; restsOn?: HistoryUse } | undefined {
  if (relay)
    return {
      severity: 'info',
      why: 'Apple iCloud Private Relay, informational as in Panther’s Okta anonymizing-proxy rule',
    };
  if (kind === 'tor') return { severity: 'high', why: 'Tor exit node' };
  const subject = identitySubject(e);
  const first = ctx.history.firstSeen(subject, 'network', kind);
  if (first !== undefined && first <= e.time - s.familiarAfterHours * HOUR) return undefined;
  if (!hasWarmHistory(ctx.history, subject, e.time, s.minHistoryEvents)) {
    return {
      severity: 'low',
      restsOn: 'profile',
      why: `not enough history (< ${s.minHistoryEvents} events) to tell whether ${kind} is usual for this identity`,
    };
  }
  return {
    severity: 'medium',
    restsOn: 'first-seen',
    why: `${kind} is not a network kind this identity has used before`,
  };
}

function describe(k: string, net: IpIntel, ip: string): string {
  return `${ip} ${k !== ip ? k : ''}${net.asOrg ? ' ' + net.asOrg : ''}${net.country ? ' (' + net.country + ')' : ''}`
    .replace(/\s+/g, ' ')
    .trim();
}

const KIND_WORDS: Record<RiskyKind, string> = {
  tor: 'a Tor exit node',
  vpn: 'a VPN / anonymizing proxy',
  hosting: 'a hosting provider (VPS)',
};

function toFinding(actor: string, g: Group, s: RiskyNetworkSettings): Finding {
  const failures = g.events.filter((e) => !e.outcome.success).length;
  const words = g.severity === 'info' ? 'Apple iCloud Private Relay' : KIND_WORDS[g.kind];
  return findingFrom(
    'risky-network',
    {
      severity: g.severity,
      title: `${actor} accessed from ${words}`,
      detail:
        `${g.events.length} event(s) (${failures} failed) from ${[...g.nets.values()].slice(0, 10).join('; ')}` +
        `${g.proxyFlag ? '; the log itself marks the source as a proxy (Okta isProxy)' : ''}; ${g.why}.`,
    },
    g.events,
    s.maxEvidence,
    g.restsOn ? { restsOn: g.restsOn } : {},
  );
}
