/**
 * token-multi-source — one token or session used from ≥ 2 IPs and ≥ 2 ASNs within 30 minutes.
 *
 * Playbook: "anomalies in the source IP addresses used for token access" (token replay, AiTM
 * cookie replay). Public content: Elastic "AWS Access Token Used from Multiple Addresses" (≥ 2 IPs
 * and ≥ 2 ASNs in a 30-min bucket), Elastic "Entra ID OAuth User Impersonation to Microsoft Graph"
 * (sign-in sessionId → Graph from another ASN), Elastic "Okta AiTM Session Cookie Replay" and
 * "Multiple Device Token Hashes for Single Okta Session" (rootSessionId replay), Panther
 * Azure.Audit.GraphSessionMultipleIPs (2 IPs per Graph session / 60 min).
 *
 * False-positive lessons built in (from those rules' published tuning):
 * - require a different ASN, not only a different IP (about 16 % of the Graph rule's false
 *   positives were same-ASN CGNAT/mobile);
 * - require delay > 0 between the networks (about 44 % of them were tokens used the same minute
 *   because Microsoft's infrastructure proxies the sign-in);
 * - drop the provider's own cloud addresses (Microsoft ASN for Entra/M365/Azure; AWS service
 *   endpoints for AWS), console sessions and IaC tool UAs (the AWS rule excludes them);
 * - Okta: correlate on rootSessionId (our credential.id), never on externalSessionId, which
 *   changes between login and post-login (elastic/detection-rules#3506);
 * - Entra sessions: same app (the Graph rule requires same app and user).
 * - Phones move between their carrier and Wi-Fi: a session on one mobile carrier and one home
 *   network in one country is what a person with a phone does (Elastic's Graph-session rule lists
 *   "roaming between networks (e.g., corporate to mobile)" as its false positive), so it is `low`;
 *   a mobile carrier in another country than the other network is `medium`, not `high` (carrier
 *   addresses geolocate to the carrier, not the phone).
 * - Okta: records the Admin Console's own servers make (Okta-Integrations) carry no address of the
 *   admin's (okta-system reader), so they never add a network.
 *
 * The adversary-in-the-middle signature (Microsoft's `attackerinTheMiddle` risk detection; Elastic
 * "Entra ID Session Reuse with Suspicious Graph Access"; Panther Azure.Audit.GraphSessionMultipleIPs):
 * one Entra session (`sessionId`) whose interactive sign-in (SigninLogs) comes from one network and
 * whose non-interactive sign-ins (AADNonInteractiveUserSignInLogs: the session cookie or refresh
 * token being redeemed, for any app) come from another ASN during the session's life. The phishing
 * proxy signs in interactively; the stolen session is redeemed from the attacker's machine. High
 * when redeemed within the token window (30 min) or from infrastructure or another country; two
 * fixed lines hours apart (a laptop carried home) medium; a phone's carrier and Wi-Fi low.
 * A single sign-in record never carries the other addresses of its session (Panther's rule keeps
 * them in a cache), so one record alone is not evidence here.
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import type { IpIntel, NetworkKind } from '../../intel/intel-provider';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { findingFrom, maxEvidenceSetting } from '../finding';
import { agentIncludesAny } from '../../model/client-kind';

const MIN = 60_000;

export const tokenMultiSourceSettings = z.object({
  /** Window, minutes (Elastic AWS Access Token Used from Multiple Addresses: 30-min bucket). */
  windowMinutes: z.number().positive().default(30),
  /** Distinct IPs in the window (≥ 2). */
  minIps: z.number().int().min(2).default(2),
  /** Distinct ASNs in the window (≥ 2: prefer a different ASN over a different IP). */
  minAsns: z.number().int().min(2).default(2),
  /** Smallest gap between uses from two different ASNs, seconds (Graph rule lesson: delay > 0 min). */
  minDelaySeconds: z.number().min(0).default(60),
  /** Also correlate on credential.sessionId (Entra sessionId, M365 AADSessionId). */
  useSessionId: z.boolean().default(true),
  /** Okta externalSessionId is unreliable (elastic/detection-rules#3506): off by default. */
  oktaExternalSessionId: z.boolean().default(false),
  /** For session correlation, keep the same app (the Graph rule: same app and user). */
  sessionSameApp: z.boolean().default(true),
  /** Ignore addresses in the provider's own cloud (Microsoft ASN for Entra; the Graph rule excludes it). */
  ignoreProviderCloud: z.boolean().default(true),
  /** Ignore console-session credentials (CloudTrail sessionCredentialFromConsole; elastic/detection-rules#5781). */
  ignoreConsoleSessions: z.boolean().default(true),
  /** UA substrings of infrastructure tools to skip (the AWS rule excludes Terraform/Ansible/Pulumi). */
  ignoreUserAgents: z.array(z.string()).default(['Terraform', 'ansible', 'Pulumi']),
  /** Adversary-in-the-middle: an Entra session's interactive and non-interactive sign-ins from different ASNs within this many hours. */
  aitmWindowHours: z.number().positive().default(24),
  maxEvidence: maxEvidenceSetting,
});
export type TokenMultiSourceSettings = z.infer<typeof tokenMultiSourceSettings>;

const PROVIDER_CLOUD: Record<string, string> = {
  aws: 'aws',
  azure: 'azure',
  entra: 'azure',
  m365: 'azure',
  gcp: 'gcp',
  workspace: 'gcp',
};
/** Networks where a person sits (vs. infrastructure an attacker rents). */
const PERSON_KINDS: ReadonlySet<NetworkKind> = new Set(['residential', 'mobile', 'satellite']);
const INFRA_KINDS: ReadonlySet<NetworkKind> = new Set(['hosting', 'cloud', 'vpn', 'tor']);

interface Use {
  e: TokenEvent;
  ip: string;
  asn: string;
  net: IpIntel;
}

export const tokenMultiSource = defineIndicator({
  id: 'token-multi-source',
  title: 'One token or session used from several networks',
  signals: ['unfamiliar-source'],
  settings: tokenMultiSourceSettings,
  evaluate(ctx: EngineContext, s: TokenMultiSourceSettings): Finding[] {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    const emit = (f: Finding): void => {
      const sig = f.events.join(',');
      if (seen.has(sig)) return; // a session finding that repeats a token finding adds nothing
      seen.add(sig);
      findings.push(f);
    };
    for (const [token, events] of ctx.byToken) {
      for (const f of scan(ctx, s, token, 'token', events)) emit(f);
    }
    if (s.useSessionId) {
      const sessions = new Map<string, TokenEvent[]>();
      for (const e of ctx.timed) {
        const sid = e.credential?.sessionId;
        if (!sid) continue;
        if (e.provider === 'okta' && !s.oktaExternalSessionId) continue;
        const key = e.provider + '\u0000' + sid + (s.sessionSameApp && e.app?.id ? '\u0000' + e.app.id : '');
        const arr = sessions.get(key);
        if (arr) arr.push(e);
        else sessions.set(key, [e]);
      }
      for (const events of sessions.values()) {
        for (const f of scan(ctx, s, events[0]!.credential!.sessionId!, 'session', events)) emit(f);
      }
    }
    for (const f of aitm(ctx, s)) emit(f);
    return findings.sort((a, b) => a.time - b.time);
  },
});

const ENTRA_SESSION = new Set<TokenEvent['provider']>(['entra', 'm365']);

/** One Entra session: interactive sign-ins from one set of ASNs, non-interactive ones from an ASN outside it. */
function aitm(ctx: EngineContext, s: TokenMultiSourceSettings): Finding[] {
  const sessions = new Map<string, TokenEvent[]>();
  for (const e of ctx.timed) {
    const sid = e.credential?.sessionId;
    if (!sid || !ENTRA_SESSION.has(e.provider) || e.class !== 'authentication' || e.action.interactive === undefined)
      continue;
    const arr = sessions.get(sid);
    if (arr) arr.push(e);
    else sessions.set(sid, [e]);
  }
  const out: Finding[] = [];
  const windowMs = s.aitmWindowHours * 60 * MIN;
  for (const [sid, events] of sessions) {
    const uses = events.map((e) => usable(ctx, s, e)).filter((u): u is Use => !!u && u.e.outcome.success);
    const inter = uses.filter((u) => u.e.action.interactive === true);
    const nonInter = uses.filter((u) => u.e.action.interactive === false);
    if (!inter.length || !nonInter.length) continue;
    const interAsns = new Set(inter.map((u) => u.asn));
    const first = inter[0]!.e.time;
    const away = nonInter.filter(
      (u) =>
        !interAsns.has(u.asn) &&
        u.e.time >= first &&
        u.e.time - first <= windowMs &&
        Math.abs(u.e.time - nearest(inter, u.e.time)) >= s.minDelaySeconds * 1000,
    );
    if (!away.length) continue;
    const proof = [...inter, ...away].sort((a, b) => a.e.time - b.e.time);
    const byAsn = new Map<string, IpIntel>();
    for (const u of proof) if (!byAsn.has(u.asn)) byAsn.set(u.asn, u.net);
    // Two fixed lines hours apart can be a laptop carried from office to home: high only when the
    // session is redeemed elsewhere within the token window, or from infrastructure or abroad.
    const soon = away.some((u) => Math.abs(u.e.time - nearest(inter, u.e.time)) <= s.windowMinutes * MIN);
    const severity = weigh(byAsn, soon ? 'high' : 'medium');
    const describe = (list: Use[]): string =>
      [...new Map(list.map((u) => [u.asn, u])).values()].map((u) => `${u.ip} ${netText(u.asn, u.net)}`).join('; ');
    const apps = [...new Set(away.map((u) => u.e.app?.name ?? u.e.app?.id).filter((x): x is string => !!x))];
    const f = findingFrom(
      'token-multi-source',
      {
        severity,
        title: `One sign-in session redeemed from another network: interactive and non-interactive sign-ins of session ${sid} come from different ASNs`,
        detail:
          `The interactive sign-in that started session ${sid} came from ${describe(inter)}; ` +
          `${away.length} non-interactive sign-in${away.length > 1 ? 's' : ''} of the same session${apps.length ? ` (${apps.slice(0, 5).join(', ')})` : ''} ` +
          `came from ${describe(away)}. Normally a session's silent token refreshes come from the device that signed in; ` +
          `the same session redeemed from another network is how a session stolen by an adversary-in-the-middle phishing proxy shows ` +
          `(window ${s.aitmWindowHours} h, delay ≥ ${s.minDelaySeconds} s)` +
          `${
            severity === 'low'
              ? '. The networks are a mobile carrier and a fixed line in one country: a phone moving between ' +
                'its carrier and Wi-Fi does the same'
              : ''
          }.`,
      },
      proof.map((u) => u.e),
      s.maxEvidence,
    );
    if (!f.tokens.length) f.tokens.push(sid);
    out.push(f);
  }
  return out;
}

function nearest(list: readonly Use[], t: number): number {
  let best = list[0]!.e.time;
  for (const u of list) if (Math.abs(u.e.time - t) < Math.abs(best - t)) best = u.e.time;
  return best;
}

function netText(asn: string, n: IpIntel): string {
  return `AS${asn}${n.asOrg ? ' ' + n.asOrg : ''} (${n.kind}${n.country ? ', ' + n.country : ''})`;
}

/**
 * Severity from the networks' kinds: a phone's carrier with a fixed line in one country is low,
 * with another country medium; person ↔ infrastructure or two countries is high; otherwise `base`
 * capped at medium unless base is high.
 */
function weigh(byAsn: ReadonlyMap<string, IpIntel>, base: Severity): Severity {
  const nets = [...byAsn.values()];
  const kinds = new Set(nets.map((n) => n.kind));
  const countries = new Set(nets.map((n) => n.country).filter((c): c is string => !!c));
  const phone = kinds.has('mobile') && [...kinds].every((k) => k === 'mobile' || k === 'residential');
  if (phone) return countries.size >= 2 ? 'medium' : 'low';
  const mixed = [...kinds].some((k) => PERSON_KINDS.has(k)) && [...kinds].some((k) => INFRA_KINDS.has(k));
  if (mixed || countries.size >= 2) return 'high';
  return base;
}

function usable(ctx: EngineContext, s: TokenMultiSourceSettings, e: TokenEvent): Use | undefined {
  const ip = e.source.ip;
  if (!ip) return undefined;
  if (e.actor.kind === 'service') return undefined;
  if (s.ignoreConsoleSessions && e.credential?.fromConsole) return undefined;
  if (agentIncludesAny(e.source.userAgent, s.ignoreUserAgents)) return undefined;
  const net = ctx.network(e);
  if (!net || net.kind === 'private' || net.kind === 'reserved' || net.asn === undefined) return undefined;
  if (s.ignoreProviderCloud && net.kind === 'cloud' && net.cloud && net.cloud === PROVIDER_CLOUD[e.provider])
    return undefined;
  return { e, ip, asn: String(net.asn), net };
}

/** Sliding window over one token's uses; overlapping qualifying windows form one episode. */
function scan(
  ctx: EngineContext,
  s: TokenMultiSourceSettings,
  key: string,
  what: 'token' | 'session',
  events: readonly TokenEvent[],
): Finding[] {
  // Most tokens keep one address all their life: with fewer than two addresses no window can
  // reach minIps (at least 2), so skip them before judging each use.
  let firstIp: string | undefined;
  let several = false;
  for (const e of events) {
    const ip = e.source.ip;
    if (!ip) continue;
    if (firstIp === undefined) firstIp = ip;
    else if (ip !== firstIp) {
      several = true;
      break;
    }
  }
  if (!several) return [];
  const uses: Use[] = [];
  for (const e of events) {
    const u = usable(ctx, s, e);
    if (u) uses.push(u);
  }
  if (uses.length < 2) return [];
  const windowMs = s.windowMinutes * MIN;
  const delayMs = s.minDelaySeconds * 1000;
  const ipCount = new Map<string, number>();
  // ASN → its earliest use in the window and how many uses it has there. nextSame[i] is the
  // next use with the same ASN, so dropping the left edge is O(1).
  const nextSame = new Array<number>(uses.length).fill(-1);
  const lastOf = new Map<string, number>();
  for (let i = uses.length - 1; i >= 0; i--) {
    nextSame[i] = lastOf.get(uses[i]!.asn) ?? -1;
    lastOf.set(uses[i]!.asn, i);
  }
  const asnActive = new Map<string, { first: number; count: number }>();
  const out: Finding[] = [];
  let episode: { uses: Use[]; lastIndex: number; delay: number } | undefined;
  let l = 0;
  for (let r = 0; r < uses.length; r++) {
    const u = uses[r]!;
    while (u.e.time - uses[l]!.e.time > windowMs) {
      const old = uses[l]!;
      dec(ipCount, old.ip);
      const a = asnActive.get(old.asn)!;
      a.count--;
      if (a.count === 0) asnActive.delete(old.asn);
      else a.first = nextSame[l]!;
      l++;
    }
    ipCount.set(u.ip, (ipCount.get(u.ip) ?? 0) + 1);
    const a = asnActive.get(u.asn);
    if (a) a.count++;
    else asnActive.set(u.asn, { first: r, count: 1 });
    if (ipCount.size < s.minIps || asnActive.size < s.minAsns) continue;
    // delay > 0: some other ASN was in use at least minDelay before this use.
    let delay = -1;
    for (const [asn, act] of asnActive) {
      if (asn === u.asn) continue;
      const gap = u.e.time - uses[act.first]!.e.time;
      if (gap >= delayMs && gap > delay) delay = gap;
    }
    if (delay < 0) continue;
    if (episode && l <= episode.lastIndex) {
      for (let i = episode.lastIndex + 1; i <= r; i++) episode.uses.push(uses[i]!);
      episode.lastIndex = r;
      episode.delay = Math.max(episode.delay, delay);
    } else {
      if (episode) out.push(toFinding(key, what, episode.uses, episode.delay, s));
      episode = { uses: uses.slice(l, r + 1), lastIndex: r, delay };
    }
  }
  if (episode) out.push(toFinding(key, what, episode.uses, episode.delay, s));
  return out;
}

function dec(m: Map<string, number>, k: string): void {
  const n = (m.get(k) ?? 0) - 1;
  if (n <= 0) m.delete(k);
  else m.set(k, n);
}

function toFinding(
  key: string,
  what: 'token' | 'session',
  uses: Use[],
  delay: number,
  s: TokenMultiSourceSettings,
): Finding {
  const ips = new Set(uses.map((u) => u.ip));
  const byAsn = new Map<string, IpIntel>();
  for (const u of uses) if (!byAsn.has(u.asn)) byAsn.set(u.asn, u.net);
  // High when the networks are of different kinds (home → VPS) or in different countries (the AWS
  // rule: ≥ 2 cities = high fidelity); low for a phone's carrier and Wi-Fi (see the header).
  const severity = weigh(byAsn, 'medium');
  const nets = [...byAsn.entries()].map(([asn, n]) => netText(asn, n));
  const span = Math.round((uses[uses.length - 1]!.e.time - uses[0]!.e.time) / MIN);
  const f = findingFrom(
    'token-multi-source',
    {
      severity,
      title: `The same ${what} was used from ${byAsn.size} different networks within ${s.windowMinutes} min`,
      detail:
        `${what === 'token' ? 'Token' : 'Session'} ${key} used from ${ips.size} IPs (${[...ips].slice(0, 10).join(', ')}${ips.size > 10 ? ', …' : ''}) ` +
        `in ${byAsn.size} ASNs: ${nets.join('; ')}; ${uses.length} uses over ${span} min; ` +
        `${Math.round(delay / MIN)} min between networks (thresholds: ≥ ${s.minIps} IPs and ≥ ${s.minAsns} ` +
        `ASNs within ${s.windowMinutes} min, delay ≥ ${s.minDelaySeconds} s)` +
        `${
          severity === 'low'
            ? '. One network is a mobile carrier and the other a fixed line in the same country: a phone moving ' +
              'between its carrier and Wi-Fi does the same'
            : ''
        }.`,
    },
    uses.map((u) => u.e),
    s.maxEvidence,
  );
  // A session whose events carry no credential id is named by the session id.
  if (what === 'session' && !f.tokens.length) f.tokens.push(key);
  return f;
}
