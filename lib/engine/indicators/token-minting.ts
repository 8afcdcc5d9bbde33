/**
 * token-minting — calls that hand out new credentials: sts GetSessionToken, GetFederationToken,
 * AssumeRole*, AssumeRoot, GetSigninToken, sso CreateToken; GCP GenerateAccessToken /
 * GenerateIdToken / SignJwt / SignBlob and sts.googleapis.com ExchangeToken; Okta
 * client_credentials grants.
 *
 * Playbook: "Pay attention to any 'sts:GetFederationToken' or equivalent API calls".
 * Public content (research/detections.md §1 I9): S1–S4, E1 (first GetFederationToken per user,
 * 10 d), E4/E5 (building blocks), E6–E9, E26, E63, SP1/SP2, P1/P2/P7/P17, AZ13a, ST2/ST4.
 *
 * False-positive lessons (§5): AssumeRole is the noisiest content of every repository — never
 * more than `low` here, and only when the identity has never made this call before (history
 * 'action' dimension); AWS-service-invoked calls are dropped (Elastic's invoked_by allow-list);
 * the SSO portal's GetSigninToken (`Jersey/${project.version}`) is normal; GetSessionToken with
 * an MFA serial is routine CLI use and stays `info`. Entra client-credential sign-ins are not
 * minting (they are ordinary SP sign-ins). A minting call alone never escalates: the verdict
 * needs a second signal.
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import { identitySubject } from '../../baseline/history';
import { isFirstSeenWithWarmHistory } from '../../baseline/novelty';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { findingFrom, listSome, maxSeverity, maxEvidenceSetting } from '../finding';
import { isServiceInvoked, isSsoPortalUserAgent, mintingCallOf, SSO_PORTAL_USER_AGENT_PREFIXES } from './catalog/minting-calls';

export const tokenMintingSettings = z.object({
  /** Raise to `low` when the identity makes this call for the first time (E1 new_terms per user; E6–E8 new pairs). */
  firstSeenIsLow: z.boolean().default(true),
  /** Earlier events the identity needs before "first time" means anything (cold start otherwise). */
  minPriorEvents: z.number().int().min(0).default(1),
  /** Drop calls an AWS service made on the identity's behalf (Elastic #4425 invoked_by allow-list). */
  ignoreServiceInvoked: z.boolean().default(true),
  /** User-agent prefixes of the SSO portal, whose GetSigninToken is normal (S3, E5, P1). */
  ssoPortalUserAgents: z.array(z.string()).default([...SSO_PORTAL_USER_AGENT_PREFIXES]),
  /** GetSessionToken with an MFA serial stays `info` (Splunk SP1: "can be very noisy"; check serialNumber). */
  mfaSessionTokenIsInfo: z.boolean().default(true),
  /** Failed minting calls belong to failures-then-success; off by default. */
  includeFailures: z.boolean().default(false),
  maxEvidence: maxEvidenceSetting,
});
export type TokenMintingSettings = z.infer<typeof tokenMintingSettings>;

interface Group {
  call: string;
  actor: string;
  target?: string;
  events: TokenEvent[];
  severity: Severity;
  firstSeen: TokenEvent[];
  withMfa: number;
}

export const tokenMinting = defineIndicator({
  id: 'token-minting',
  title: 'Credentials minted or exchanged',
  signals: ['token-minting'],
  settings: tokenMintingSettings,
  evaluate(ctx: EngineContext, s: TokenMintingSettings): Finding[] {
    const groups = new Map<string, Group>();
    for (const e of ctx.events) {
      const call = mintingCallOf(e);
      if (!call) continue;
      if (!s.includeFailures && !e.outcome.success) continue;
      if (s.ignoreServiceInvoked && isServiceInvoked(e)) continue;
      if (call === 'GetSigninToken' && isSsoPortalUserAgent(e.source.userAgent, s.ssoPortalUserAgents)) continue;

      const withMfa = call === 'GetSessionToken' && e.details?.['mfaSerial'] === true;
      let severity: Severity = 'info';
      const first = isFirstForIdentity(ctx, e, s);
      if (first && !(withMfa && s.mfaSessionTokenIsInfo)) severity = 'low';

      const target = targetOf(e);
      const key = `${e.actor.id}\u0000${call}\u0000${target ?? ''}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { call, actor: e.actor.id, target, events: [], severity: 'info', firstSeen: [], withMfa: 0 }));
      g.events.push(e);
      g.severity = maxSeverity(g.severity, severity);
      if (first) g.firstSeen.push(e);
      if (withMfa) g.withMfa += 1;
    }
    const out: Finding[] = [];
    for (const g of groups.values()) out.push(toFinding(g, s));
    return out.sort((a, b) => a.time - b.time);
  },
});

function isFirstForIdentity(ctx: EngineContext, e: TokenEvent, s: TokenMintingSettings): boolean {
  return s.firstSeenIsLow && isFirstSeenWithWarmHistory(ctx.history, identitySubject(e), 'action', e.action.name, e.time, s.minPriorEvents);
}

/** What was minted for: role ARN, impersonated service account, target, or client app. */
function targetOf(e: TokenEvent): string | undefined {
  const d = e.details;
  const role = d?.['roleArn'];
  if (typeof role === 'string' && role) return role;
  const imp = d?.['impersonated'];
  if (typeof imp === 'string' && imp) return imp;
  return e.target?.id ?? e.target?.name ?? e.app?.id ?? e.app?.name;
}

function toFinding(g: Group, s: TokenMintingSettings): Finding {
  const n = g.events.length;
  const into = g.target ? ` for ${g.target}` : '';
  const times = n > 1 ? ` ${n} times` : '';
  const facts: string[] = [`${g.call}${into} by ${g.actor}${times}`];
  if (g.firstSeen.length) facts.push(`first ${g.call} by this identity (history had none before)`);
  if (g.withMfa) facts.push(`${g.withMfa} with an MFA serial (routine CLI use)`);
  const uas = new Set(g.events.map((e) => e.source.userAgent).filter((u): u is string => !!u));
  if (uas.size) facts.push(`user agent ${listSome(uas, 3)}`);
  facts.push('a minting call alone is not evidence of theft; look for a second signal');
  return findingFrom('token-minting', {
    severity: g.severity,
    title: g.firstSeen.length ? `First ${g.call} by ${g.actor}` : `${g.call} by ${g.actor}`,
    detail: facts.join('; '),
  }, g.events, s.maxEvidence);
}
