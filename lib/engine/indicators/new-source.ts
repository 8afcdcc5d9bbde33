/**
 * new-source — first-seen IP / ASN / country for a token and for an identity.
 *
 * Playbook: "anomalies in the source IP addresses used for token access".
 * Public content (docs/detections.md, 'new-source'): Elastic new_terms on key × IP ("AWS IAM
 * Long-Term Access Key First Seen from Source IP"), SP × ASN ("Service Principal with Unusual Source
 * ASN"), GWS user × ASN ("Google Workspace User Login with Unusual ASN"), GitHub PAT × IP (the
 * "new IP address for PAT" building block); Entra `unfamiliarFeatures`; Okta
 * behaviours `New IP` / `New ASN`; SCC `Persistence: New Geography`.
 *
 * False-positive lessons: a value is only "new" against a warm history (Entra
 * unfamiliarFeatures learns ≥ 5 days; unlikelyTravel learns 10 logins), so a single exported file
 * does not flag every first event; a new IP inside a known ASN (DHCP, CGNAT, mobile) weighs less
 * than a new ASN or country; non-routable addresses and service callers (no IP) carry no signal.
 * History is counted in active days as well as events: a file that holds two console sessions and
 * then a third from a new network has seen two days of this person, whatever the number of API
 * calls (dftimewolf's project audit log: one engineer, three addresses over six weeks, the same
 * browser). Below `minActiveDays` the finding stays low and says it was judged on this view only.
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import { identitySubject, tokenSubject } from '../../baseline/history';
import { activeDaysBefore, hasWarmHistory, isFirstSeen } from '../../baseline/novelty';
import type { IpIntel } from '../../intel/intel-provider';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { findingFrom, maxEvidenceSetting, maxSeverity } from '../finding';
import { describeNetwork } from './catalog/network-description';

const HOUR = 3_600_000;

export const newSourceSettings = z.object({
  /** Events the subject must have before the event (Entra unlikelyTravel learning: 10 logins). */
  minHistoryEvents: z.number().int().min(0).default(10),
  /** Span of the subject's history before the event, hours (Entra unfamiliarFeatures ≥ 5 days; Elastic's shortest new_terms window is 5 d). */
  minHistoryHours: z.number().min(0).default(120),
  /** Distinct days of activity before the event for a new network or country to weigh medium; fewer stays low ("judged on this view only"). */
  minActiveDays: z.number().int().min(0).default(3),
  /** Judge tokens (AKIA keys, PATs, refresh tokens) as well as identities (key state on the token). */
  checkTokens: z.boolean().default(true),
  /** Only successful events (a failed attempt from a new IP is failures-then-success / multi-account territory). */
  successOnly: z.boolean().default(true),
  maxEvidence: maxEvidenceSetting,
});
export type NewSourceSettings = z.infer<typeof newSourceSettings>;

type Dim = 'ip' | 'asn' | 'country';

interface Novelty {
  e: TokenEvent;
  net: IpIntel;
  /** Dimensions new for the identity / for the token. */
  forIdentity: Dim[];
  forToken: Dim[];
  /** Active days of the thinner history the novelty was judged against. */
  days: number;
}

export const newSource = defineIndicator({
  id: 'new-source',
  title: 'First-seen source for a token or identity',
  signals: ['unfamiliar-source'],
  settings: newSourceSettings,
  evaluate(ctx: EngineContext, s: NewSourceSettings): Finding[] {
    const findings: Finding[] = [];
    for (const [actor, events] of ctx.byIdentity) {
      if (!actor || actor === 'unknown') continue;
      // One group per identity and network (ASN, else IP): several new IPs at one VPS provider are one story.
      const groups = new Map<string, Novelty[]>();
      const idSubject = identitySubject(events[0]!); // one actor per group
      for (const e of events) {
        if (e.actor.kind === 'service') continue;
        if (s.successOnly && !e.outcome.success) continue;
        const ip = e.source.ip;
        if (!ip) continue; // source.caller only (ec2.amazonaws.com, AWS Internal): no IP
        const net = ctx.network(e);
        if (!net || net.kind === 'private' || net.kind === 'reserved') continue;
        const forIdentity = warm(ctx, idSubject, e.time, s) ? newDims(ctx, idSubject, e, net) : [];
        const tok = s.checkTokens ? tokenSubject(e) : undefined;
        const forToken = tok && warm(ctx, tok, e.time, s) ? newDims(ctx, tok, e, net) : [];
        if (!forIdentity.length && !forToken.length) continue;
        const key = net.asn !== undefined ? 'asn:' + net.asn : 'ip:' + ip;
        const g = groups.get(key);
        const days = Math.min(
          forIdentity.length ? activeDaysBefore(ctx.history, idSubject, e.time) : Infinity,
          forToken.length && tok ? activeDaysBefore(ctx.history, tok, e.time) : Infinity,
        );
        const n: Novelty = { e, net, forIdentity, forToken, days };
        if (g) g.push(n);
        else groups.set(key, [n]);
      }
      for (const g of groups.values()) findings.push(toFinding(actor, g, s));
    }
    return findings.sort((a, b) => a.time - b.time);
  },
});

function warm(ctx: EngineContext, subject: string, t: number, s: NewSourceSettings): boolean {
  return hasWarmHistory(ctx.history, subject, t, s.minHistoryEvents, s.minHistoryHours * HOUR);
}

/** Dimensions whose value this event shows for the first time for `subject`. */
function newDims(ctx: EngineContext, subject: string, e: TokenEvent, net: IpIntel): Dim[] {
  const out: Dim[] = [];
  if (isFirstSeen(ctx.history, subject, 'ip', e.source.ip!, e.time)) out.push('ip');
  if (net.asn !== undefined && isFirstSeen(ctx.history, subject, 'asn', String(net.asn), e.time)) out.push('asn');
  if (net.country && isFirstSeen(ctx.history, subject, 'country', net.country.toUpperCase(), e.time))
    out.push('country');
  return out;
}

/** A new ASN or country weighs more than a new IP inside a known network (the public rules' tuning: prefer ASN over IP). */
function severityOf(dims: Dim[]): Severity {
  if (dims.includes('asn') || dims.includes('country')) return 'medium';
  return dims.length ? 'low' : 'info';
}

function toFinding(actor: string, g: Novelty[], s: NewSourceSettings): Finding {
  let severity: Severity = 'info';
  const idDims = new Set<Dim>();
  const tokDims = new Set<Dim>();
  const ips = new Set<string>();
  const tokens = new Set<string>();
  let thin = Infinity;
  for (const n of g) {
    let sev = maxSeverity(severityOf(n.forIdentity), severityOf(n.forToken));
    if (n.days < s.minActiveDays && sev === 'medium') {
      sev = 'low';
      thin = Math.min(thin, n.days);
    }
    severity = maxSeverity(severity, sev);
    n.forIdentity.forEach((d) => idDims.add(d));
    n.forToken.forEach((d) => tokDims.add(d));
    ips.add(n.e.source.ip!);
    if (n.forToken.length && n.e.credential?.id) tokens.add(n.e.credential.id);
  }
  const netText = describeNetwork(g[0]!.net);
  const what = (dims: Set<Dim>): string =>
    (['country', 'asn', 'ip'] as const)
      .filter((d) => dims.has(d))
      .map((d) => (d === 'asn' ? 'ASN' : d === 'ip' ? 'IP' : 'country'))
      .join(', ');
  const whom: string[] = [];
  if (idDims.size) whom.push(`identity ${actor} (new ${what(idDims)})`);
  if (tokDims.size) whom.push(`token ${[...tokens].join(', ')} (new ${what(tokDims)})`);
  const headline =
    idDims.has('country') || tokDims.has('country')
      ? 'country'
      : idDims.has('asn') || tokDims.has('asn')
        ? 'network'
        : 'IP address';
  const ipList = [...ips];
  return findingFrom(
    'new-source',
    {
      severity,
      title: `${actor} used from ${headline === 'IP address' ? 'an' : 'a'} ${headline} never seen before: ${netText}`,
      detail:
        `First use of ${ipList.slice(0, 10).join(', ')}${ipList.length > 10 ? ` and ${ipList.length - 10} more IPs` : ''} ` +
        `(${netText}) for ${whom.join(' and for ')}, against a history of ≥ ${s.minHistoryEvents} events over ≥ ${s.minHistoryHours} h; ` +
        `${g.length} first-seen event(s).` +
        (thin < Infinity && severity === 'low'
          ? ` Little history yet (${thin} active day${thin === 1 ? '' : 's'} before this, fewer than ${s.minActiveDays}): judged on this view only.`
          : ''),
    },
    g.map((n) => n.e),
    s.maxEvidence,
    { tokens: [...tokens], restsOn: 'first-seen' },
  );
}
