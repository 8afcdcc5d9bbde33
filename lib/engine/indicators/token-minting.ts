/**
 * token-minting — calls that hand out new credentials: sts GetSessionToken, GetFederationToken,
 * AssumeRole*, AssumeRoot, GetSigninToken, sso CreateToken and GetRoleCredentials; GCP GenerateAccessToken /
 * GenerateIdToken / SignJwt / SignBlob and sts.googleapis.com ExchangeToken; Okta
 * client_credentials grants.
 *
 * Playbook: "Pay attention to any 'sts:GetFederationToken' or equivalent API calls".
 * Public content (docs/detections.md, 'token-minting'): Sigma's AWS STS GetSessionToken / AssumeRole
 * / GetSigninToken / SAML rules, Elastic "AWS First Occurrence of STS GetFederationToken Request by
 * User" (10 d), the GetSessionToken and sign-in-token building blocks, the role-assumption and
 * AssumeRoot new-terms rules, Splunk's STS abuse hunts, Panther's GetSigninToken, GetSessionToken,
 * SSO-token and GCP impersonation rules, Stratus Red Team's federation-token and impersonation
 * techniques.
 *
 * False-positive lessons: AssumeRole is the noisiest content of every repository — never
 * more than `low` here, and only when the identity has never made this call before (history
 * 'action' dimension); AWS-service-invoked calls are dropped (Elastic's invoked_by allow-list);
 * the SSO portal's GetSigninToken (`Jersey/${project.version}`) is normal; GetSessionToken with
 * an MFA serial is routine CLI use and stays `info`. Entra client-credential sign-ins are not
 * minting (they are ordinary SP sign-ins). A minting call alone never escalates: the verdict
 * needs a second signal.
 *
 * Three minting calls are more than routine on their own (medium, still context for the verdict):
 * - GetSessionToken by an IAM user with a long-term access key (AKIA…) and no MFA serial: how a
 *   stolen key is turned into session credentials whose ASIA… key id no longer matches the one
 *   being searched for (Panther AWS.STS.GetSessionToken.Misuse, Elastic "AWS STS GetSessionToken
 *   Usage", Sigma "AWS STS GetSessionToken Misuse"). Routine for users whose credential helper calls
 *   it every day: once the identity's history has the call, it is low.
 * - IAM Identity Center CreateToken with the device_code grant from a client that is not the AWS
 *   CLI or an AWS IDE toolkit: device-code phishing ends with the attacker's own script polling
 *   CreateToken for the token the victim approved (Panther Retrieve.SSO.access.token; the token
 *   then buys GetRoleCredentials for every account the user can reach). Low once the identity's
 *   history has the same user agent.
 * - A GCP service account authenticated with a downloaded key (`serviceAccountKeyName`) asking
 *   iamcredentials to mint or sign (GenerateAccessToken, SignJwt, SignBlob): a key holder can sign
 *   locally, so asking Google to do it is how a copied key becomes Google-signed credentials
 *   (Panther GCP.IAM.serviceAccounts.getAccessToken / signJwt / signBlob). Only calls whose
 *   `authorizationInfo` was granted count; a denied one is a failure.
 * A service account minting for itself without a key (the attached account on a VM, GKE workload
 * identity) stays low or info; a user minting for a service account is broader-permissions'.
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import { identitySubject } from '../../baseline/history';
import { isFirstSeen, isFirstSeenWithWarmHistory } from '../../baseline/novelty';
import { detailText } from '../../model/details';
import { defineIndicator, type EngineContext, type Finding, type Severity, severityRank } from '../types';
import { clip, findingFrom, listSome, maxSeverity, maxEvidenceSetting } from '../finding';
import {
  GCP_MINTED_WORDS,
  isServiceInvoked,
  isSsoPortalUserAgent,
  mintingCallOf,
  sameServiceAccount,
  SSO_DEVICE_CODE_CLIENTS,
  SSO_PORTAL_USER_AGENT_PREFIXES,
} from './catalog/minting-calls';

export const tokenMintingSettings = z.object({
  /** Raise to `low` when the identity makes this call for the first time (Elastic's GetFederationToken
   * new_terms per user; its role-assumption rules' new pairs). */
  firstSeenIsLow: z.boolean().default(true),
  /** Earlier events the identity needs before "first time" means anything (cold start otherwise). */
  minPriorEvents: z.number().int().min(0).default(1),
  /** Drop calls an AWS service made on the identity's behalf (Elastic #4425 invoked_by allow-list). */
  ignoreServiceInvoked: z.boolean().default(true),
  /** User-agent prefixes of the SSO portal, whose GetSigninToken is normal (Sigma, Elastic and Panther GetSigninToken rules). */
  ssoPortalUserAgents: z.array(z.string()).default([...SSO_PORTAL_USER_AGENT_PREFIXES]),
  /** GetSessionToken with an MFA serial stays `info` (Splunk "aws detect sts get session token abuse": "can be very noisy"; check serialNumber). */
  mfaSessionTokenIsInfo: z.boolean().default(true),
  /** GetSessionToken by an IAM user's long-term key (AKIA…) without MFA is medium until the identity's
   * history has the call (Panther, Elastic, Sigma GetSessionToken rules). */
  longTermKeySessionTokenIsMedium: z.boolean().default(true),
  /** IAM Identity Center device-code CreateToken from a client whose user agent contains none of these is medium (Panther Retrieve.SSO.access.token). */
  ssoDeviceCodeClients: z.array(z.string()).default([...SSO_DEVICE_CODE_CLIENTS]),
  /** GCP minting or signing by a service account authenticated with a downloaded key is medium (Panther GCP.IAM.serviceAccounts.* rules). */
  serviceAccountKeyMintingIsMedium: z.boolean().default(true),
  /** Failed minting calls belong to failures-then-success; off by default. */
  includeFailures: z.boolean().default(false),
  maxEvidence: maxEvidenceSetting,
});
export type TokenMintingSettings = z.infer<typeof tokenMintingSettings>;

/** OIDC device-code grant as IAM Identity Center logs it in requestParameters.grantType. */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

interface Group {
  call: string;
  actor: string;
  target?: string;
  events: TokenEvent[];
  severity: Severity;
  firstSeen: TokenEvent[];
  withMfa: number;
  /** Why some of these calls are more than routine (distinct sentences). */
  reasons: Set<string>;
  /** Title words of the strongest reason. */
  label?: string;
  labelSeverity: Severity;
}

/** Why one minting call is more than routine: its severity and the analyst's sentence. */
interface Reason {
  severity: Severity;
  /** A few words for the title ("from a long-term key without MFA"). */
  label: string;
  text: string;
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
      // GCP logs a denied permission check with an empty status: `granted` false is the failure.
      const failed = !e.outcome.success || e.details?.['granted'] === false;
      if (!s.includeFailures && failed) continue;
      if (s.ignoreServiceInvoked && isServiceInvoked(e)) continue;
      if (call === 'GetSigninToken' && isSsoPortalUserAgent(e.source.userAgent, s.ssoPortalUserAgents)) continue;

      const withMfa = call === 'GetSessionToken' && e.details?.['mfaSerial'] === true;
      let severity: Severity = 'info';
      const first = isFirstForIdentity(ctx, e, s);
      if (first && !(withMfa && s.mfaSessionTokenIsInfo)) severity = 'low';
      const reason = failed ? undefined : reasonOf(ctx, e, call, s);
      if (reason) severity = maxSeverity(severity, reason.severity);

      const target = targetOf(e);
      const key = `${e.actor.id}\u0000${call}\u0000${target ?? ''}`;
      let g = groups.get(key);
      if (!g)
        groups.set(
          key,
          (g = {
            call,
            actor: e.actor.id,
            target,
            events: [],
            severity: 'info',
            firstSeen: [],
            withMfa: 0,
            reasons: new Set(),
            labelSeverity: 'info',
          }),
        );
      g.events.push(e);
      g.severity = maxSeverity(g.severity, severity);
      if (first) g.firstSeen.push(e);
      if (withMfa) g.withMfa += 1;
      if (reason) {
        g.reasons.add(reason.text);
        if (!g.label || severityRank(reason.severity) > severityRank(g.labelSeverity)) {
          g.label = reason.label;
          g.labelSeverity = reason.severity;
        }
      }
    }
    const out: Finding[] = [];
    for (const g of groups.values()) out.push(toFinding(g, s));
    return out.sort((a, b) => a.time - b.time);
  },
});

function isFirstForIdentity(ctx: EngineContext, e: TokenEvent, s: TokenMintingSettings): boolean {
  return (
    s.firstSeenIsLow &&
    isFirstSeenWithWarmHistory(ctx.history, identitySubject(e), 'action', e.action.name, e.time, s.minPriorEvents)
  );
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
  facts.push(...g.reasons);
  if (g.firstSeen.length) facts.push(`first ${g.call} by this identity (history had none before)`);
  if (g.withMfa) facts.push(`${g.withMfa} with an MFA serial (routine CLI use)`);
  const uas = new Set(g.events.map((e) => e.source.userAgent).filter((u): u is string => !!u));
  if (uas.size) facts.push(`user agent ${listSome(uas, 3)}`);
  facts.push('a minting call alone is not evidence of theft; look for a second signal');
  return findingFrom(
    'token-minting',
    {
      severity: g.severity,
      title:
        (g.firstSeen.length ? `First ${g.call} by ${g.actor}` : `${g.call} by ${g.actor}`) +
        (g.label ? ` ${g.label}` : ''),
      detail: facts.join('; '),
    },
    g.events,
    s.maxEvidence,
    g.firstSeen.length ? { restsOn: 'first-seen' } : {},
  );
}

/** The one-call rules of the header: undefined when the call is routine on its own. */
function reasonOf(ctx: EngineContext, e: TokenEvent, call: string, s: TokenMintingSettings): Reason | undefined {
  if (call === 'GetSessionToken' && s.longTermKeySessionTokenIsMedium) return sessionTokenFromLongTermKey(ctx, e);
  if (call === 'CreateToken') return ssoDeviceCodeToken(ctx, e, s);
  if (e.provider === 'gcp' && s.serviceAccountKeyMintingIsMedium) return serviceAccountKeyMinting(ctx, e, call);
  return undefined;
}

/** Earlier events of this identity already had `value` in `dim` (it is part of what is normal for it). */
function seenBefore(ctx: EngineContext, e: TokenEvent, dim: 'action' | 'ua', value: string): boolean {
  return !isFirstSeen(ctx.history, identitySubject(e), dim, value, e.time);
}

function sessionTokenFromLongTermKey(ctx: EngineContext, e: TokenEvent): Reason | undefined {
  const key = e.credential;
  if (key?.kind !== 'long_term_key' || !key.id) return undefined;
  if (e.actor.type !== undefined && e.actor.type !== 'IAMUser') return undefined;
  if (e.details?.['mfaSerial'] === true) return undefined;
  const user = e.actor.name ?? e.actor.id;
  const where = e.source.ip ? ` from ${e.source.ip}` : '';
  const minted = detailText(e, 'mintedKeyId');
  const into = minted ? ` (new key id ${minted})` : '';
  if (seenBefore(ctx, e, 'action', 'GetSessionToken')) {
    return {
      severity: 'low',
      label: 'with a long-term key, as before',
      text:
        `IAM user ${clip(user, 80)} exchanged long-term key ${key.id} for session credentials${into}${where} ` +
        `without MFA; its history has GetSessionToken before, so this may be its credential helper's routine`,
    };
  }
  return {
    severity: 'medium',
    label: 'with a long-term key, without MFA',
    text:
      `IAM user ${clip(user, 80)} exchanged long-term key ${key.id} for session credentials${into}${where} without MFA, for the first time in its history: ` +
      `this is how a stolen key is turned into session credentials whose ASIA… key id no longer matches the stolen one; ` +
      `check that ${clip(user, 80)} uses a credential helper that does this, from this network`,
  };
}

function ssoDeviceCodeToken(ctx: EngineContext, e: TokenEvent, s: TokenMintingSettings): Reason | undefined {
  if (detailText(e, 'grantType') !== DEVICE_CODE_GRANT) return undefined;
  const ua = e.source.userAgent;
  const lower = ua?.toLowerCase() ?? '';
  if (ua && s.ssoDeviceCodeClients.some((c) => c && lower.includes(c.toLowerCase()))) return undefined;
  const who = clip(e.actor.name ?? e.actor.id, 80);
  const client = ua ? `"${clip(ua, 100)}"` : 'a client that sent no user agent';
  const where = e.source.ip ? ` from ${e.source.ip}` : '';
  if (ua && seenBefore(ctx, e, 'ua', ua)) {
    return {
      severity: 'low',
      label: 'by device code, from a client used before',
      text: `IAM Identity Center device-code token for ${who} collected by ${client}${where}, a client this identity used before`,
    };
  }
  return {
    severity: 'medium',
    label: 'by device code, collected by a non-AWS client',
    text:
      `IAM Identity Center device-code token for ${who} collected by ${client}${where}, not the AWS CLI or an AWS IDE toolkit: ` +
      `in device-code phishing the victim approves a code in their browser and the attacker's script collects the token, ` +
      `which then buys role credentials (GetRoleCredentials) for every account ${who} can reach; ask ${who} whether they ran "aws sso login" just now`,
  };
}

function serviceAccountKeyMinting(ctx: EngineContext, e: TokenEvent, call: string): Reason | undefined {
  if (call === 'ExchangeToken' || e.credential?.kind !== 'service_account_key' || !e.credential.id) return undefined;
  const keyId = e.credential.id.slice(e.credential.id.lastIndexOf('/') + 1);
  const sa = clip(e.actor.id, 100);
  const target = detailText(e, 'impersonated');
  const forWhom = target && !sameServiceAccount(target, e.actor.id) ? `for ${clip(target, 100)}` : 'for itself';
  const where = e.source.ip ? ` from ${e.source.ip}` : e.source.caller ? ` from ${clip(e.source.caller, 60)}` : '';
  const what = GCP_MINTED_WORDS[call] ?? `called ${call}`;
  const routine = seenBefore(ctx, e, 'action', e.action.name);
  return {
    severity: routine ? 'low' : 'medium',
    label: 'with a downloaded service-account key',
    text:
      `service account ${sa} authenticated with its downloaded key ${clip(keyId, 48)}${where} and ${what} ${forWhom}` +
      (routine
        ? '; its history has this call before'
        : ': a key holder can sign locally, so asking Google to mint or sign with the key is how a copied ' +
          'key becomes Google-signed credentials; check where this key is kept and whether this address ' +
          'is one of its hosts'),
  };
}
