/**
 * multi-account — several identities affected the same way: one IP, one (non-cloud) ASN, one
 * device, one consented app, or one password spray.
 *
 * Playbook: escalate "if multiple accounts are affected in a similar manner"; T2: "check if
 * additional users or tokens are similarly compromised".
 * Public content (docs/detections.md, 'multi-account'): Elastic "Entra ID User Sign-in Brute
 * Force Attempted" / "M365 Identity User Brute Force Attempted" (spray ≥ 15 users ≤ 30 min;
 * stuffing ≥ 10 users), "Okta Authentication for Multiple Users with the Same Device Token Hash"
 * (> 20 users per dtHash), the Okta password-spraying hunt (≥ 10 accounts per IP / day), "Entra ID
 * Illicit Consent Grant via Registered Application" (consents aggregated per app); Splunk "AWS
 * Multiple Users Failing To Authenticate From Ip" (30 users per IP), "O365 Multiple Mailboxes
 * Accessed via API" (> 5 mailboxes); Panther AWS.CloudTrail.PasswordSpraying (> 9 users / 60 min);
 * Stratus Red Team's impersonation advice (one IP impersonating many service accounts).
 *
 * False-positive lessons: an office NAT, a corporate VPN or a home ISP is shared by design,
 * so an identity only counts on an IP or ASN that is not already its own (first used less than
 * `familiarAfterHours` before) and, for ordinary networks, only when its history is warm enough to
 * say so; ASN pivots are limited to hosting / VPN / Tor; cloud provider addresses (service
 * callers such as Defender for Cloud Apps polling from Microsoft, elastic#5205) and non-routable
 * addresses are excluded.
 *
 * High-risk countries (`riskyCountries`, default and reasons in lib/intel/risky-countries.ts):
 * an address the data or the log places in one of them counts like a risky network kind (no
 * history needed, ASN pivot allowed), and several identities each new to the same listed country
 * within `windowMinutes` are a finding of their own (pivot `country`, medium): the playbook's
 * "multiple accounts affected in a similar manner" from a risky location, even when each comes
 * from another address.
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import type { IpIntel } from '../../intel/intel-provider';
import { identitySubject } from '../../baseline/history';
import { hasWarmHistory } from '../../baseline/novelty';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { findingFrom, maxEvidenceSetting } from '../finding';
import { failureKind } from './catalog/auth-failures';
import { describeNetwork } from './catalog/network-description';
import { countryCode, countryLabel, riskyCountriesSetting } from '../../intel/risky-countries';

const MIN = 60_000;
const HOUR = 60 * MIN;

export const multiAccountSettings = z.object({
  /** Identities sharing one source / device / app (brief default 3; Splunk "O365 Multiple Mailboxes Accessed via API" uses > 5 per app). */
  minIdentities: z.number().int().min(2).default(3),
  /** Window for IP / ASN / device pivots, minutes (Panther AWS.CloudTrail.PasswordSpraying and Standard.BruteForceByIP: 60 min). */
  windowMinutes: z.number().positive().default(60),
  /** Window for app-consent pivots, hours (Elastic's Okta password-spraying hunt counts per day). */
  consentWindowHours: z.number().positive().default(24),
  /** Distinct identities failing from one IP that make a spray (Panther AWS.CloudTrail.PasswordSpraying: > 9 users / 60 min). */
  sprayMinIdentities: z.number().int().min(2).default(10),
  /** Spray window, minutes (Elastic's Entra ID / M365 brute-force rules, spraying: ≤ 30 min). */
  sprayWindowMinutes: z.number().positive().default(30),
  /** Spray size that is high on its own (Splunk "AWS Multiple Users Failing To Authenticate From Ip": 30 users per IP). */
  sprayHighIdentities: z.number().int().min(2).default(30),
  /** Identities per device hash that is high on its own (Elastic "Okta Authentication for Multiple Users with the Same Device Token Hash": > 20). */
  deviceHighIdentities: z.number().int().min(2).default(20),
  /** An IP/ASN first used by the identity at least this long before is its own (not "affected"). */
  familiarAfterHours: z.number().min(0).default(24),
  /** Prior events before an ordinary (residential/mobile/unknown) IP can count as new for the identity. */
  minHistoryEvents: z.number().int().min(0).default(10),
  /** Network kinds that count even without history, and the only kinds pivoted by ASN. */
  riskyKinds: z.array(z.string()).default(['hosting', 'vpn', 'tor']),
  /** High-risk countries (ISO 3166-1 alpha-2); default in lib/intel/risky-countries.ts. */
  riskyCountries: riskyCountriesSetting,
  maxEvidence: maxEvidenceSetting,
});
export type MultiAccountSettings = z.infer<typeof multiAccountSettings>;

type Pivot = 'ip' | 'asn' | 'device' | 'app' | 'spray' | 'country';

interface Item {
  e: TokenEvent;
  who: string;
}

interface Episode {
  items: Item[];
  identities: Set<string>;
}

export const multiAccount = defineIndicator({
  id: 'multi-account',
  title: 'Several accounts affected the same way',
  signals: ['multiple-accounts'],
  settings: multiAccountSettings,
  evaluate(ctx: EngineContext, s: MultiAccountSettings): Finding[] {
    const risky = new Set(s.riskyKinds);
    const riskyCountries = new Set(s.riskyCountries);
    const pivots = new Map<string, { pivot: Pivot; value: string; net?: IpIntel; items: Item[] }>();
    const put = (pivot: Pivot, value: string, e: TokenEvent, net?: IpIntel): void => {
      const key = pivot + '\u0000' + value;
      let p = pivots.get(key);
      if (!p) pivots.set(key, (p = { pivot, value, net, items: [] }));
      p.items.push({ e, who: e.actor.id });
    };
    for (const e of ctx.timed) {
      const who = e.actor.id;
      if (!who || who === 'unknown' || e.actor.kind === 'service') continue;
      if (e.credential?.deviceId && e.outcome.success) put('device', e.credential.deviceId, e);
      if (e.class === 'authorization_grant' && e.outcome.success && e.app?.id && !e.app.adminConsent && !e.app.allUsers)
        put('app', e.app.id, e);
      const ip = e.source.ip;
      const logCountry = countryCode(e.source.country);
      if (!ip) {
        // No address, but the log names a listed country (GitHub actor_location without actor_ip).
        if (
          logCountry &&
          riskyCountries.has(logCountry) &&
          e.outcome.success &&
          !familiarCountry(ctx, identitySubject(e), logCountry, e.time, s)
        )
          put('country', logCountry, e);
        continue;
      }
      const net = ctx.network(e);
      if (!net || net.kind === 'private' || net.kind === 'reserved' || net.kind === 'cloud') continue;
      if (!e.outcome.success) {
        if (failureKind(e) === 'auth') put('spray', ip, e, net);
        continue;
      }
      const subject = identitySubject(e);
      const country = logCountry ?? countryCode(net.country);
      const inRiskyCountry = country !== undefined && riskyCountries.has(country);
      const isRisky = risky.has(net.kind) || inRiskyCountry;
      if (inRiskyCountry && !familiarCountry(ctx, subject, country, e.time, s)) put('country', country, e, net);
      const warm = hasWarmHistory(ctx.history, subject, e.time, s.minHistoryEvents);
      if ((isRisky || warm) && !familiar(ctx, subject, 'ip', ip, e.time, s)) put('ip', ip, e, net);
      if (isRisky && net.asn !== undefined && !familiar(ctx, subject, 'asn', String(net.asn), e.time, s))
        put('asn', String(net.asn), e, net);
    }

    const findings: Finding[] = [];
    for (const p of pivots.values()) {
      const windowMs =
        p.pivot === 'app'
          ? s.consentWindowHours * HOUR
          : p.pivot === 'spray'
            ? s.sprayWindowMinutes * MIN
            : s.windowMinutes * MIN;
      const threshold = p.pivot === 'spray' ? s.sprayMinIdentities : s.minIdentities;
      for (const ep of episodes(p.items, windowMs, threshold)) {
        // An ASN episode that is one IP says nothing the IP pivot does not.
        if (p.pivot === 'asn' && new Set(ep.items.map((i) => i.e.source.ip)).size < 2) continue;
        // A country episode that is one IP or one ASN says nothing those pivots do not.
        if (
          p.pivot === 'country' &&
          ep.items.every((i) => i.e.source.ip) &&
          new Set(ep.items.map((i) => ctx.network(i.e)?.asn ?? i.e.source.ip)).size < 2
        )
          continue;
        findings.push(toFinding(p.pivot, p.value, p.net, ep, s));
      }
    }
    return findings.sort((a, b) => a.time - b.time || a.title.localeCompare(b.title));
  },
});

function familiarCountry(
  ctx: EngineContext,
  subject: string,
  code: string,
  t: number,
  s: MultiAccountSettings,
): boolean {
  const first = ctx.history.firstSeen(subject, 'country', code);
  return first !== undefined && first <= t - s.familiarAfterHours * HOUR;
}

function familiar(
  ctx: EngineContext,
  subject: string,
  dim: 'ip' | 'asn',
  value: string,
  t: number,
  s: MultiAccountSettings,
): boolean {
  const first = ctx.history.firstSeen(subject, dim, value);
  return first !== undefined && first <= t - s.familiarAfterHours * HOUR;
}

/** Sliding window over time-sorted items; windows with ≥ threshold distinct identities, overlapping ones merged. */
function episodes(items: Item[], windowMs: number, threshold: number): Episode[] {
  const out: Episode[] = [];
  const counts = new Map<string, number>();
  let ep: (Episode & { lastIndex: number }) | undefined;
  let l = 0;
  for (let r = 0; r < items.length; r++) {
    const it = items[r]!;
    while (it.e.time - items[l]!.e.time > windowMs) {
      const who = items[l]!.who;
      const n = counts.get(who)! - 1;
      if (n === 0) counts.delete(who);
      else counts.set(who, n);
      l++;
    }
    counts.set(it.who, (counts.get(it.who) ?? 0) + 1);
    if (counts.size < threshold) continue;
    if (ep && l <= ep.lastIndex) {
      for (let i = ep.lastIndex + 1; i <= r; i++) {
        ep.items.push(items[i]!);
        ep.identities.add(items[i]!.who);
      }
      ep.lastIndex = r;
    } else {
      if (ep) out.push(ep);
      const slice = items.slice(l, r + 1);
      ep = { items: slice, identities: new Set(slice.map((i) => i.who)), lastIndex: r };
    }
  }
  if (ep) out.push(ep);
  return out;
}

function netText(net: IpIntel | undefined): string {
  return net ? ` (${describeNetwork(net)})` : '';
}

function toFinding(
  pivot: Pivot,
  value: string,
  net: IpIntel | undefined,
  ep: Episode,
  s: MultiAccountSettings,
): Finding {
  const n = ep.identities.size;
  const items = ep.items;
  const mins = Math.round((items[items.length - 1]!.e.time - items[0]!.e.time) / MIN);
  let severity: Severity;
  let title: string;
  let what: string;
  switch (pivot) {
    case 'spray':
      severity = n >= s.sprayHighIdentities ? 'high' : 'medium';
      title = `Password spray: ${n} accounts failed to sign in from ${value}`;
      what =
        `${items.length} authentication failures for ${n} identities from ${value}${netText(net)} within ` +
        `${mins} min (threshold ${s.sprayMinIdentities} identities / ${s.sprayWindowMinutes} min)`;
      break;
    case 'ip':
      severity = net && (net.kind === 'tor' || net.kind === 'hosting') ? 'high' : 'medium';
      title = `${n} accounts used from the same address ${value}`;
      what = `${n} identities, each new to ${value}${netText(net)}, within ${mins} min (threshold ${s.minIdentities} / ${s.windowMinutes} min)`;
      break;
    case 'asn':
      severity = net?.kind === 'tor' ? 'high' : 'medium';
      title = `${n} accounts used from the same ${net?.kind ?? 'network'} AS${value}${net?.asOrg ? ' ' + net.asOrg : ''}`;
      what =
        `${n} identities, each new to AS${value}${netText(net)}, from ${new Set(items.map((i) => i.e.source.ip)).size} ` +
        `addresses within ${mins} min (threshold ${s.minIdentities} / ${s.windowMinutes} min)`;
      break;
    case 'country': {
      const place = countryLabel(value);
      const ips = new Set(items.map((i) => i.e.source.ip).filter(Boolean)).size;
      severity = 'medium';
      title = `${n} accounts active from the high-risk country ${place}`;
      what =
        `${n} identities, each new to ${place}, from ${ips || 'no'} address(es) within ${mins} min (threshold ${s.minIdentities} / ${s.windowMinutes} min; ` +
        `${place} is on the high-risk country list, setting riskyCountries)`;
      break;
    }
    case 'device':
      severity = n >= s.deviceHighIdentities ? 'high' : 'medium';
      title = `${n} accounts used the same device ${value}`;
      what =
        `device hash ${value} seen for ${n} identities within ${mins} min (threshold ${s.minIdentities}; ` +
        `Elastic's "Okta Authentication for Multiple Users with the Same Device Token Hash" alerts at > 20)`;
      break;
    case 'app':
      severity = 'low';
      title = `${n} accounts consented to the same application ${items[0]!.e.app?.name ?? value}`;
      what =
        `app ${value}${items[0]!.e.app?.name ? ' (' + items[0]!.e.app.name + ')' : ''} authorized by ` +
        `${n} identities within ${mins} min (threshold ${s.minIdentities} / ${s.consentWindowHours} h)`;
      break;
  }
  const ids = [...ep.identities];
  return findingFrom(
    'multi-account',
    {
      severity,
      title,
      detail: `${what}: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ` and ${ids.length - 10} more` : ''}.`,
    },
    items.map((i) => i.e),
    s.maxEvidence,
  );
}
