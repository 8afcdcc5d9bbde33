/**
 * geo-anomaly — a country new for the identity, and impossible travel.
 *
 * Playbook: "access from geographical locations that do not match typical user behaviour".
 * Public content (docs/detections.md, 'geo-anomaly'): Elastic "Microsoft Entra ID Impossible Travel
 * Sign-in" and "Google Workspace Impossible Travel Login" (≥ 500 km and ≥ 800 km/h, interactive
 * sign-ins only), Panther Standard.ImpossibleTravel.Login (> 900 km/h; VPN, Apple Private Relay and
 * satellite excluded), Elastic "M365 Login from Atypical Region" / Splunk "Detect AWS Console Login
 * by User from New Country" (new country for the user), Entra `newCountry` / `unlikelyTravel`
 * (learning: earliest of 14 days or 10 logins), SCC `Persistence: New Geography`.
 *
 * False-positive lessons: VPN/SDP egress, Tor, in-flight satellite Wi-Fi and Apple Private
 * Relay move the apparent location → skipped; so are cloud providers' addresses (network kind
 * `cloud`): they are where a service runs, not where a person is (Entra audit records whose
 * initiatedBy IP is a Microsoft/Azure address produced "FR → NL in 0 min"; Microsoft's
 * infrastructure also proxies sign-ins, Elastic's Graph-session tuning), and a token used from a cloud host is
 * risky-network's and workload-credential-offsite's matter. Entra
 * non-interactive sign-ins egress through cloud regions unrelated to the user → not used for
 * travel unless enabled; geolocation needs successful events of a real actor (elastic#3438);
 * non-routable addresses have no location. Both skips apply to new country and impossible travel.
 * Two events at the same millisecond are never a travel hop (a hop must take > 0 ms): two places
 * at once is not movement but one identity or token used from two sources at the same moment,
 * which token-multi-source judges with its own delay and ASN conditions ("delay > 0", from the same tuning).
 * Coordinates: the log's own (Entra, Okta) first, then intel, then the country's reference point.
 * A new country is judged against active days as well as events (as new-source): below
 * `minActiveDays` of history it stays low, "judged on this view only" — a person seen on two days
 * has no known normal yet (dftimewolf's project audit log: one engineer, the same browser, a
 * neighbouring country three weeks later).
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import type { IpIntel } from '../../intel/intel-provider';
import { identitySubject } from '../../baseline/history';
import { activeDaysBefore, isFirstSeenWithWarmHistory } from '../../baseline/novelty';
import { countryCentroid, haversineKm } from '../../intel/geo';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { findingFrom, maxEvidenceSetting } from '../finding';

const MIN = 60_000;
const HOUR = 60 * MIN;

export const geoAnomalySettings = z.object({
  /** Minimum distance between consecutive locations, km (Elastic's Entra and Workspace impossible-travel rules: ≥ 500 km). */
  minDistanceKm: z.number().min(0).default(500),
  /** Minimum implied speed, km/h (Elastic's impossible-travel rules: ≥ 800 km/h; Panther Standard.ImpossibleTravel.Login uses > 900). */
  minSpeedKmh: z.number().min(0).default(800),
  /**
   * Network kinds whose location is not the user's, for new country and travel alike (Panther Standard.ImpossibleTravel.Login:
   * VPN, Private Relay, satellite; cloud: a provider's egress or service address, not a person).
   */
  skipKinds: z.array(z.string()).default(['vpn', 'tor', 'satellite', 'cloud', 'private', 'reserved']),
  /** Use only events marked interactive (Elastic "Microsoft Entra ID Impossible Travel Sign-in": interactive SignInLogs only). */
  interactiveOnly: z.boolean().default(false),
  /** Use Entra non-interactive sign-ins for travel (they egress through cloud regions unrelated to the user). */
  includeNonInteractiveEntra: z.boolean().default(false),
  /** New country: prior events of the identity (Entra unlikelyTravel learning: 10 logins). */
  minHistoryEvents: z.number().int().min(0).default(10),
  /** New country: history span, hours (Entra unfamiliarFeatures ≥ 5 days). */
  minHistoryHours: z.number().min(0).default(120),
  /** New country: distinct days of activity before it for medium; fewer stays low ("judged on this view only"). */
  minActiveDays: z.number().int().min(0).default(3),
  /** Impossible-travel pairs of one identity closer than this merge into one finding, hours. */
  groupGapHours: z.number().min(0).default(24),
  maxEvidence: maxEvidenceSetting,
});
export type GeoAnomalySettings = z.infer<typeof geoAnomalySettings>;

interface Located {
  e: TokenEvent;
  net: IpIntel;
  lat: number;
  lon: number;
  country?: string;
}

interface Hop {
  from: Located;
  to: Located;
  km: number;
  kmh: number;
}

export const geoAnomaly = defineIndicator({
  id: 'geo-anomaly',
  title: 'Location that does not match the identity (new country, impossible travel)',
  signals: ['unfamiliar-source'],
  settings: geoAnomalySettings,
  evaluate(ctx: EngineContext, s: GeoAnomalySettings): Finding[] {
    const findings: Finding[] = [];
    const skip = new Set(s.skipKinds);
    for (const [actor, events] of ctx.byIdentity) {
      if (!actor || actor === 'unknown') continue;
      let prev: Located | undefined;
      let hops: Hop[] = [];
      const newCountries = new Map<string, TokenEvent[]>();
      const flushHops = (): void => {
        if (hops.length) findings.push(travelFinding(actor, hops, s));
        hops = [];
      };
      for (const e of events) {
        if (!e.outcome.success || e.actor.kind === 'service' || !e.source.ip) continue;
        const net = ctx.network(e);
        if (!net || skip.has(net.kind)) continue;
        const country = net.country?.toUpperCase();
        // New country for a warm identity.
        if (country) {
          const list = newCountries.get(country);
          if (list) list.push(e);
          else if (isNewCountry(ctx, e, country, s)) newCountries.set(country, [e]);
        }
        // Impossible travel between consecutive usable events.
        if (!usableForTravel(e, s)) continue;
        const here = locate(e, net, country);
        if (!here) continue;
        // Same millisecond: two sources at once, not travel (token-multi-source's matter).
        if (prev && e.time > prev.e.time) {
          const km = haversineKm(prev, here);
          const kmh = km / ((e.time - prev.e.time) / HOUR);
          if (km >= s.minDistanceKm && kmh >= s.minSpeedKmh) {
            const last = hops[hops.length - 1];
            if (last && prev.e.time - last.to.e.time > s.groupGapHours * HOUR) flushHops();
            hops.push({ from: prev, to: here, km, kmh });
          }
        }
        prev = here;
      }
      flushHops();
      for (const [country, list] of newCountries) findings.push(countryFinding(actor, country, list, ctx, s));
    }
    return findings.sort((a, b) => a.time - b.time || a.title.localeCompare(b.title));
  },
});

function isNewCountry(ctx: EngineContext, e: TokenEvent, country: string, s: GeoAnomalySettings): boolean {
  return isFirstSeenWithWarmHistory(
    ctx.history,
    identitySubject(e),
    'country',
    country,
    e.time,
    s.minHistoryEvents,
    s.minHistoryHours * HOUR,
  );
}

function usableForTravel(e: TokenEvent, s: GeoAnomalySettings): boolean {
  if (s.interactiveOnly) return e.action.interactive === true;
  if (!s.includeNonInteractiveEntra && e.provider === 'entra') {
    if (e.action.interactive === false) return false;
    const cat = e.details?.category;
    if (typeof cat === 'string' && /NonInteractive|ServicePrincipal|ManagedIdentity/i.test(cat)) return false;
  }
  return true;
}

function locate(e: TokenEvent, net: IpIntel, country: string | undefined): Located | undefined {
  if (net.lat !== undefined && net.lon !== undefined) return { e, net, lat: net.lat, lon: net.lon, country };
  const c = countryCentroid(country);
  return c ? { e, net, lat: c.lat, lon: c.lon, country } : undefined;
}

const place = (l: Located): string =>
  `${l.e.source.ip}${l.country ? ' (' + l.country + (l.net.asOrg ? ', ' + l.net.asOrg : '') + ')' : ''}`;

function travelFinding(actor: string, hops: Hop[], s: GeoAnomalySettings): Finding {
  const crossBorder = hops.some((h) => h.from.country && h.to.country && h.from.country !== h.to.country);
  const severity: Severity = crossBorder ? 'high' : 'medium';
  const worst = hops.reduce((a, b) => (b.kmh > a.kmh ? b : a));
  const mins = Math.round((worst.to.e.time - worst.from.e.time) / MIN);
  return findingFrom(
    'geo-anomaly',
    {
      severity,
      title: `Impossible travel for ${actor}: ${worst.from.country ?? '?'} → ${worst.to.country ?? '?'} in ${mins} min`,
      detail:
        `${place(worst.from)} then ${place(worst.to)}: ${Math.round(worst.km)} km in ${mins} min (${Math.round(worst.kmh)} km/h); ` +
        `${hops.length} impossible hop(s) (thresholds ≥ ${s.minDistanceKm} km and ≥ ${s.minSpeedKmh} km/h; ${s.skipKinds.join(', ')} addresses skipped).`,
    },
    hops.flatMap((h) => [h.from.e, h.to.e]),
    s.maxEvidence,
  );
}

function countryFinding(
  actor: string,
  country: string,
  list: TokenEvent[],
  ctx: EngineContext,
  s: GeoAnomalySettings,
): Finding {
  const first = list[0]!;
  const net = ctx.network(first);
  const days = activeDaysBefore(ctx.history, identitySubject(first), first.time);
  const thin = days < s.minActiveDays;
  return findingFrom(
    'geo-anomaly',
    {
      severity: thin ? 'low' : 'medium',
      title: `${actor} active from a new country: ${country}`,
      detail:
        `First event from ${country} at ${new Date(first.time).toISOString()} from ${first.source.ip}` +
        `${net?.asn !== undefined ? ` (AS${net.asn}${net.asOrg ? ' ' + net.asOrg : ''}, ${net.kind})` : ''}; ` +
        `${list.length} successful event(s) from ${country}; history ≥ ${s.minHistoryEvents} events over ≥ ${s.minHistoryHours} h without it` +
        (thin
          ? `; little history yet (${days} active day${days === 1 ? '' : 's'} before this, fewer than ${s.minActiveDays}): judged on this view only.`
          : '.'),
    },
    list,
    s.maxEvidence,
    { restsOn: 'first-seen' },
  );
}
