/**
 * The observables of a case, derived from its evidence events (snapshot.events): source IPs,
 * accounts (the acting identities), credential identifiers (access key ids, token ids), app
 * ids, user agents, ASNs and countries. Deduplicated per kind and value, with how often each
 * was seen, first and last seen (events without a readable time count but do not move those),
 * and how many of those events a finding flagged. Values are cleaned and masked
 * (./case-text.ts): identifiers are not secrets, but a source that failed to mask one must not
 * leak it here. Pure.
 */
import type { CaseEvent } from '../model/case';
import { cleanInline } from './case-text';

export const OBSERVABLE_KINDS = ['ip', 'account', 'credential', 'app', 'user-agent', 'asn', 'country'] as const;
export type ObservableKind = (typeof OBSERVABLE_KINDS)[number];

export const OBSERVABLE_KIND_TEXT: Record<ObservableKind, string> = {
  ip: 'IP address',
  account: 'Account',
  credential: 'Credential id',
  app: 'Application',
  'user-agent': 'User agent',
  asn: 'ASN',
  country: 'Country',
};

export interface CaseObservable {
  kind: ObservableKind;
  value: string;
  /** A readable name beside the value (the actor's name, the AS organisation, the app name). */
  label?: string;
  count: number;
  /** Events of this value that a finding flagged. */
  flaggedCount: number;
  /** Epoch ms; undefined when no event of this value had a readable time. */
  firstSeen?: number;
  lastSeen?: number;
}

function valuesOf(e: CaseEvent): [ObservableKind, string | undefined, string | undefined][] {
  return [
    ['ip', e.ip, undefined],
    ['account', e.actor, e.actorName],
    ['credential', e.credentialId, e.credentialKind],
    ['app', e.appId, e.appName],
    ['user-agent', e.userAgent, undefined],
    ['asn', e.asn === undefined ? undefined : `AS${e.asn}`, e.asOrg],
    ['country', e.country, undefined],
  ];
}

export function deriveObservables(events: readonly CaseEvent[]): CaseObservable[] {
  const byKey = new Map<string, CaseObservable>();
  for (const e of events) {
    for (const [kind, raw, rawLabel] of valuesOf(e)) {
      if (raw === undefined) continue;
      const value = cleanInline(raw).trim();
      if (!value) continue;
      const key = `${kind}\u0000${value}`;
      let o = byKey.get(key);
      if (!o) {
        o = { kind, value, count: 0, flaggedCount: 0 };
        byKey.set(key, o);
      }
      if (o.label === undefined && rawLabel) {
        const label = cleanInline(rawLabel).trim();
        if (label && label !== value) o.label = label;
      }
      o.count++;
      if (e.flagged.length) o.flaggedCount++;
      if (e.timeKnown && Number.isFinite(e.time)) {
        if (o.firstSeen === undefined || e.time < o.firstSeen) o.firstSeen = e.time;
        if (o.lastSeen === undefined || e.time > o.lastSeen) o.lastSeen = e.time;
      }
    }
  }
  const rank = (k: ObservableKind) => OBSERVABLE_KINDS.indexOf(k);
  return [...byKey.values()].sort(
    (a, b) => rank(a.kind) - rank(b.kind) || b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
  );
}
