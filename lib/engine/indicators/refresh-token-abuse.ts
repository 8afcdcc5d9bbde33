/**
 * refresh-token-abuse — refresh tokens and primary refresh tokens used the way a thief uses them:
 * Okta refresh-token reuse detection, Entra refresh token (Authentication Broker) turned into a
 * PRT on an unmanaged device within an hour, a session whose incoming token type changes, and an
 * expired/revoked refresh token (70008 / 700082) followed by a success from another address.
 *
 * Playbook: T2 "Check if additional users or tokens are similarly compromised".
 * Public content (docs/detections.md, 'refresh-token-abuse'): Elastic "OAuth PRT Issuance to
 * Non-Managed Device" (refresh token via the broker then PRT sign-in on an unmanaged device ≤ 1 h),
 * Panther Okta.Refresh.Access.Token.Reuse (Okta `token.detect_reuse`), Sentinel "Interactive STS
 * refresh token modifications", Entra `attemptedPrtAccess` (a vendor detection: see vendor-risk);
 * Entra sign-in error codes 70008 / 700082.
 *
 * False-positive lessons: Hybrid Azure AD joined devices report `isManaged: false`, and
 * non-interactive `incomingTokenType: none` background acquisitions are not token changes — `none`
 * is ignored; expired refresh tokens are common after inactivity, so the 70008/700082 pattern is
 * `low` unless the success comes from a different network (ASN) — "prefer different ASN over
 * different IP".
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { findingFrom, listSome, maxSeverity, maxEvidenceSetting } from '../finding';
import { AUTH_BROKER_APP_ID } from './catalog/microsoft-clients';

/** Okta refresh-token reuse detections (Panther Okta.Refresh.Access.Token.Reuse). */
export const OKTA_REUSE_EVENTS = ['app.oauth2.as.token.detect_reuse', 'app.oauth2.token.detect_reuse'] as const;
/** Entra errors for an expired or revoked refresh token (Entra sign-in log `status.errorCode`). */
export const REFRESH_TOKEN_ERROR_CODES = ['70008', '700082'] as const;

const MIN = 60_000;
const ENTRA = new Set<TokenEvent['provider']>(['entra', 'm365']);

export const refreshTokenAbuseSettings = z.object({
  /** Elastic "OAuth PRT Issuance to Non-Managed Device": refresh token (broker) → PRT on an unmanaged device within this window. */
  prtWindowMs: z
    .number()
    .int()
    .min(0)
    .default(60 * MIN),
  /** That rule's client ids whose refresh-token sign-in starts the chain (Microsoft Authentication Broker). */
  brokerAppIds: z.array(z.string()).default([AUTH_BROKER_APP_ID]),
  /** Report sessions whose incoming token type changes (ignoring `none`). */
  checkSessionTypeChange: z.boolean().default(true),
  /** 70008/700082 then success from another IP within this window (Sentinel "Successful logon from IP and failure from a different IP": 10 min). */
  revokedThenSuccessWindowMs: z
    .number()
    .int()
    .min(0)
    .default(10 * MIN),
  maxEvidence: maxEvidenceSetting,
});
export type RefreshTokenAbuseSettings = z.infer<typeof refreshTokenAbuseSettings>;

export const refreshTokenAbuse = defineIndicator({
  id: 'refresh-token-abuse',
  title: 'Refresh-token or PRT abuse',
  signals: ['known-malicious', 'unfamiliar-source'],
  settings: refreshTokenAbuseSettings,
  evaluate(ctx: EngineContext, s: RefreshTokenAbuseSettings): Finding[] {
    const out: Finding[] = [];
    const reuse = new Map<string, TokenEvent[]>();
    const sessions = new Map<string, TokenEvent[]>();
    for (const e of ctx.events) {
      if (e.provider === 'okta' && (OKTA_REUSE_EVENTS as readonly string[]).includes(e.action.name))
        push(reuse, e.actor.id, e);
      if (ENTRA.has(e.provider) && e.credential?.sessionId && e.class === 'authentication' && e.timeKnown !== false)
        push(sessions, e.credential.sessionId, e);
    }
    for (const [actor, events] of reuse) {
      const apps = new Set(events.map((e) => e.app?.name ?? e.app?.id).filter((x): x is string => !!x));
      out.push(
        findingFrom(
          'refresh-token-abuse',
          {
            severity: 'high',
            title: `Okta detected reuse of a refresh token of ${actor}`,
            detail:
              `${listSome(new Set(events.map((e) => e.action.name)))} ×${events.length}${apps.size ? ` for ${listSome(apps)}` : ''}: ` +
              `a rotated refresh token was presented again — two parties hold it`,
          },
          events,
          s.maxEvidence,
        ),
      );
    }
    for (const [actor, events] of ctx.byIdentity) {
      const entra = events.filter((e) => ENTRA.has(e.provider) && e.class === 'authentication');
      if (!entra.length) continue;
      const prt = prtChain(entra, s);
      if (prt)
        out.push(
          findingFrom(
            'refresh-token-abuse',
            { ...prt, title: `Refresh token turned into a PRT on an unmanaged device for ${actor}` },
            prt.events,
            s.maxEvidence,
          ),
        );
      const revoked = revokedThenSuccess(ctx, entra, s);
      if (revoked)
        out.push(
          findingFrom(
            'refresh-token-abuse',
            { ...revoked, title: `Expired refresh token, then a success from another address for ${actor}` },
            revoked.events,
            s.maxEvidence,
          ),
        );
    }
    if (s.checkSessionTypeChange) {
      for (const [sid, events] of sessions) {
        const seq: { type: string; e: TokenEvent }[] = [];
        for (const e of events) {
          const t = e.credential?.incomingType;
          if (!t || t.toLowerCase() === 'none') continue;
          if (seq.length && seq[seq.length - 1]!.type === t) continue;
          seq.push({ type: t, e });
        }
        if (seq.length < 2) continue;
        out.push(
          findingFrom(
            'refresh-token-abuse',
            {
              severity: 'low',
              title: `Incoming token type changed within one session of ${events[0]!.actor.id}`,
              detail: `session ${sid}: incomingTokenType ${seq.map((x) => x.type).join(' → ')}`,
            },
            seq.map((x) => x.e),
            s.maxEvidence,
          ),
        );
      }
    }
    return out.sort((a, b) => a.time - b.time);
  },
});

/** Elastic "OAuth PRT Issuance to Non-Managed Device": a broker refresh-token sign-in, then a PRT sign-in on an unmanaged device within the window. */
function prtChain(
  events: readonly TokenEvent[],
  s: RefreshTokenAbuseSettings,
): { severity: Severity; detail: string; events: TokenEvent[] } | undefined {
  const brokers = new Set(s.brokerAppIds.map((x) => x.toLowerCase()));
  const proof: TokenEvent[] = [];
  const pairs: string[] = [];
  let lastRefresh: TokenEvent | undefined;
  for (const e of events) {
    if (!e.outcome.success) continue;
    const type = e.credential?.incomingType?.toLowerCase();
    if (type === 'refreshtoken' && e.app?.id && brokers.has(e.app.id.toLowerCase())) {
      lastRefresh = e;
      continue;
    }
    if (type === 'primaryrefreshtoken' && isUnmanaged(e) && lastRefresh && e.time - lastRefresh.time <= s.prtWindowMs) {
      if (!proof.includes(lastRefresh)) proof.push(lastRefresh);
      proof.push(e);
      const device = e.credential?.deviceId ?? 'unknown device';
      pairs.push(
        `refresh token via ${lastRefresh.app?.name ?? lastRefresh.app?.id} at ${iso(lastRefresh.time)} ` +
          `→ PRT sign-in on unmanaged ${device} at ${iso(e.time)}${e.source.ip ? ' from ' + e.source.ip : ''}`,
      );
    }
  }
  if (!proof.length) return undefined;
  return {
    severity: 'medium',
    detail: `${listSome(pairs, 3, 400)} (within ${s.prtWindowMs / MIN} min; Hybrid-joined devices also report unmanaged)`,
    events: proof,
  };
}

/** 70008/700082 failure, then a success from a different IP within the window; different ASN → medium. */
function revokedThenSuccess(
  ctx: EngineContext,
  events: readonly TokenEvent[],
  s: RefreshTokenAbuseSettings,
): { severity: Severity; detail: string; events: TokenEvent[] } | undefined {
  const codes = new Set<string>(REFRESH_TOKEN_ERROR_CODES);
  const recent: TokenEvent[] = [];
  const proof = new Set<TokenEvent>();
  const facts: string[] = [];
  let severity: Severity = 'info';
  for (const e of events) {
    while (recent.length && e.time - recent[0]!.time > s.revokedThenSuccessWindowMs) recent.shift();
    if (!e.outcome.success) {
      if (e.outcome.code && codes.has(e.outcome.code)) recent.push(e);
      continue;
    }
    if (!e.source.ip || !recent.length) continue;
    const other = recent.filter((f) => f.source.ip && f.source.ip !== e.source.ip);
    if (!other.length) continue;
    const asn = ctx.network(e)?.asn;
    const diffAsn = other.some((f) => {
      const a = ctx.network(f)?.asn;
      return a !== undefined && asn !== undefined && a !== asn;
    });
    severity = maxSeverity(severity, diffAsn ? 'medium' : 'low');
    for (const f of other) proof.add(f);
    proof.add(e);
    const f0 = other[0]!;
    facts.push(
      `error ${f0.outcome.code} from ${f0.source.ip} at ${iso(f0.time)} → success from ${e.source.ip}${diffAsn ? ' (different ASN)' : ''} at ${iso(e.time)}`,
    );
    recent.length = 0;
  }
  if (!proof.size) return undefined;
  return {
    severity,
    detail: `${listSome(facts, 3, 400)} (within ${s.revokedThenSuccessWindowMs / MIN} min)`,
    events: [...proof],
  };
}

function isUnmanaged(e: TokenEvent): boolean {
  const v = e.details?.['deviceManaged'];
  return v === false || v === 'false' || v === 'False';
}

function iso(t: number): string {
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}
