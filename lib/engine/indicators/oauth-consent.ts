/**
 * oauth-consent — new or unusual applications authorized: the first consent of a user to an app,
 * risky scopes, tenant-wide / admin consent, device-code and ROPC sign-in flows, and Microsoft
 * first-party (FOCI) clients pointed at the directory.
 *
 * Playbook: L1 "Check for new or unusual applications authorized by users that could be malicious".
 * Public content (research/detections.md §1 I12): S10, S11, E35/E51 (illicit consent), E80, E32–E34,
 * E45/E46/E52 (device code, FOCI), E101, SP10, P13 (new user×app consent), P18a/d (GWS privileged
 * scopes), P11/P12a (device code + broker; VS Code → Graph), P19, AZ4, AZ5 (offline_access +
 * read scopes).
 *
 * "Consent" means a consent / grant event, never the scope list of a sign-in: the Azure portal's
 * own client (ADIbizaUX) carries broad admin scopes in ordinary non-interactive sign-ins (§5).
 * Consents whose scopes are all low-privilege (a Gmail add-on: gmail.addons.*, script.*,
 * userinfo.email) stay `info`, first time or not.
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import { identitySubject } from '../../baseline/history';
import { isFirstSeen, isFirstSeenWithWarmHistory } from '../../baseline/novelty';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { findingFrom, listSome, maxSeverity, maxEvidenceSetting } from '../finding';
import { FOCI_CLIENTS, isDirectoryResource } from './catalog/microsoft-clients';

/** Consent / authorization events per provider (vendor spelling). */
export const CONSENT_EVENTS: readonly { providers: readonly TokenEvent['provider'][]; action: RegExp }[] = [
  { providers: ['entra', 'azure', 'm365'], action: /^Consent to application\.?$/i },
  { providers: ['okta'], action: /^app\.oauth2\.as\.consent\.grant$/ },
  { providers: ['github'], action: /^(oauth_authorization\.create|integration_installation\.create|org\.oauth_app_access_approved)$/ },
  { providers: ['workspace'], action: /^authorize$/ },
];

/** Scopes that hand over the directory, roles, apps or a whole mailbox / org (→ high). */
export const HIGH_RISK_SCOPES: readonly RegExp[] = [
  /^Directory\.(ReadWrite|AccessAsUser)\.All$/i, /^RoleManagement\./i, /^Application\.ReadWrite/i,
  /^AppRoleAssignment\.ReadWrite/i, /^full_access_as_(app|user)$/i,
  /^admin\.directory\./i, /^ediscovery/i, /^vault/i, /^cloud_search/i, /^mail\.google\.com$/i,
  /^admin:(org|enterprise)$/i,
];
/** Scopes that read or write a lot of data (→ medium). */
export const RISKY_SCOPES: readonly RegExp[] = [
  /^Directory\./i, /^User\.ReadWrite\.All$/i, /^Mail\.(ReadWrite|Send)/i, /^Files\.ReadWrite/i, /^Sites\.(FullControl|ReadWrite|Manage)/i,
  /^EWS\.AccessAsUser\.All$/i, /^drive(\.readonly)?$/i, /^gmail\.(readonly|modify|compose|send|insert|settings\.)/i,
  /^repo$/i, /^workflow$/i, /^delete_repo$/i, /^admin:/i, /^write:(org|packages)$/i,
];
/** Data-reading scopes that are risky together with offline_access (AZ5, SP10). */
export const READ_WITH_OFFLINE_SCOPES: readonly RegExp[] = [
  /^(Mail|Files|Chat|ChannelMessage|Sites|Notes|Calendars|Contacts|MailboxSettings)\.Read/i,
];
/** Scopes that cannot alert above info on their own (the Gmail add-on example). */
export const LOW_PRIVILEGE_SCOPES: readonly RegExp[] = [
  /^gmail\.addons\./i, /^script\./i, /^userinfo\.(email|profile)$/i, /^(openid|profile|email|offline_access)$/i,
  /^User\.Read$/i, /^(read:user|user:email)$/i, /^okta\.(myAccount|users\.read\.self)/i,
];

const GOOGLE_SCOPE_PREFIX = /^https:\/\/www\.googleapis\.com\/auth\//i;

export const oauthConsentSettings = z.object({
  /** Apps the organisation approved (client ids): their consents stay `info` (§5 allow-lists). */
  trustedAppIds: z.array(z.string()).default([]),
  /** Earlier events an identity needs before a FOCI client counts as "first time" (cold start otherwise). */
  minPriorEvents: z.number().int().min(0).default(1),
  /** Device-code sign-ins (S11, E45, P11). */
  checkDeviceCode: z.boolean().default(true),
  /** ROPC sign-ins (S11). */
  checkRopc: z.boolean().default(true),
  /** FOCI clients to Graph / AAD Graph / DRS (E46, P12a). */
  checkFociToDirectory: z.boolean().default(true),
  maxEvidence: maxEvidenceSetting,
});
export type OauthConsentSettings = z.infer<typeof oauthConsentSettings>;

interface Group {
  kind: 'consent' | 'device-code' | 'ropc' | 'foci';
  actor: string;
  app: string;
  events: TokenEvent[];
  severity: Severity;
  facts: Set<string>;
  blocked: number;
}

export const oauthConsent = defineIndicator({
  id: 'oauth-consent',
  title: 'New or unusual application authorized',
  signals: ['new-application'],
  settings: oauthConsentSettings,
  evaluate(ctx: EngineContext, s: OauthConsentSettings): Finding[] {
    const trusted = new Set(s.trustedAppIds.map((x) => x.toLowerCase()));
    const groups = new Map<string, Group>();
    const add = (kind: Group['kind'], e: TokenEvent, severity: Severity, facts: string[]) => {
      const app = e.app?.name ?? e.app?.id ?? e.target?.name ?? e.target?.id ?? 'unknown app';
      const key = [kind, e.actor.id, e.app?.id ?? app].join('\u0000');
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { kind, actor: e.actor.id, app, events: [], severity: 'info', facts: new Set(), blocked: 0 }));
      g.events.push(e);
      g.severity = maxSeverity(g.severity, severity);
      for (const f of facts) g.facts.add(f);
      if (!e.outcome.success) g.blocked += 1;
    };

    for (const e of ctx.events) {
      if (isConsent(e)) {
        const r = judgeConsent(ctx, e, trusted);
        add('consent', e, r.severity, r.facts);
        continue;
      }
      if (e.class !== 'authentication' || !e.outcome.success) continue;
      if (e.provider !== 'entra' && e.provider !== 'm365') continue;
      const appId = e.app?.id?.toLowerCase();
      const foci = appId ? FOCI_CLIENTS[appId] : undefined;
      const toDirectory = isDirectoryResource(e.app?.resource) || isDirectoryResource(e.action.service);
      if (s.checkDeviceCode && isDeviceCode(e)) {
        add('device-code', e, foci ? 'high' : 'medium', [
          `device-code sign-in (${e.app?.protocol ?? String(e.details?.['originalTransferMethod'] ?? '')})${foci ? ` with first-party client ${foci}` : ''}${e.app?.resource ? ' to ' + e.app.resource : ''}`,
        ]);
      } else if (s.checkRopc && /^ropc$/i.test(e.app?.protocol ?? '')) {
        add('ropc', e, 'low', ['resource-owner password (ROPC) sign-in: the password was sent by a script or legacy client']);
      } else if (s.checkFociToDirectory && foci && toDirectory) {
        const first = firstAppForIdentity(ctx, e, s.minPriorEvents);
        add('foci', e, first ? 'medium' : 'low', [
          `first-party client ${foci} (${e.app!.id}) to ${e.app?.resource ?? e.action.service}${first ? '; first time this identity uses this client' : ''}`,
        ]);
      }
    }

    const out: Finding[] = [];
    for (const g of groups.values()) {
      const n = g.events.length;
      const facts = [...g.facts];
      if (n > 1) facts.push(`${n} events`);
      out.push(findingFrom('oauth-consent', {
        severity: g.severity,
        title: titleOf(g),
        detail: `${g.actor} → ${g.app}: ${facts.join('; ')}`,
      }, g.events, s.maxEvidence));
    }
    return out.sort((a, b) => a.time - b.time);
  },
});

function titleOf(g: Group): string {
  switch (g.kind) {
    case 'consent': return g.blocked === g.events.length ? `Consent to ${g.app} by ${g.actor} was blocked` : `${g.actor} authorized ${g.app}`;
    case 'device-code': return `Device-code sign-in by ${g.actor} to ${g.app}`;
    case 'ropc': return `Password (ROPC) sign-in by ${g.actor} to ${g.app}`;
    case 'foci': return `${g.actor} used first-party client ${g.app} against the directory`;
  }
}

function isConsent(e: TokenEvent): boolean {
  return CONSENT_EVENTS.some((c) => c.providers.includes(e.provider) && c.action.test(e.action.name));
}

function isDeviceCode(e: TokenEvent): boolean {
  const p = e.app?.protocol ?? '';
  const m = e.details?.['originalTransferMethod'];
  return /deviceCode|Cmsi/i.test(p) || (typeof m === 'string' && /deviceCode/i.test(m));
}

function judgeConsent(ctx: EngineContext, e: TokenEvent, trusted: Set<string>): { severity: Severity; facts: string[] } {
  const scopes = normalizeScopes(e.app?.scopes);
  const high = scopes.filter((x) => HIGH_RISK_SCOPES.some((re) => re.test(x)));
  const risky = scopes.filter((x) => !high.includes(x) && RISKY_SCOPES.some((re) => re.test(x)));
  const offline = scopes.some((x) => /^offline_access$/i.test(x));
  const readOffline = offline ? scopes.filter((x) => READ_WITH_OFFLINE_SCOPES.some((re) => re.test(x))) : [];
  const allLow = scopes.length > 0 && scopes.every((x) => LOW_PRIVILEGE_SCOPES.some((re) => re.test(x)));
  const tenantWide = e.app?.adminConsent === true || e.app?.allUsers === true;
  const facts: string[] = [];
  if (scopes.length) facts.push(`scopes ${listSome(scopes, 12)}`);

  if (!e.outcome.success) {
    facts.push(`consent failed${e.outcome.reason ? ': ' + e.outcome.reason : ''}`);
    return { severity: 'low', facts };
  }
  const appId = e.app?.id;
  if (appId && trusted.has(appId.toLowerCase())) {
    facts.push('app is on the trusted list');
    return { severity: 'info', facts };
  }

  let severity: Severity = 'info';
  const first = appId ? isFirstApp(ctx, e, appId) : false;
  if (first) facts.push('first consent by this user to this app');
  if (allLow) {
    facts.push('only low-privilege scopes');
    return { severity: tenantWide ? 'low' : 'info', facts: tenantWide ? [...facts, tenantWords(e)] : facts };
  }
  if (first) severity = 'low';
  if (readOffline.length) {
    severity = maxSeverity(severity, 'medium');
    facts.push(`offline_access with ${listSome(readOffline)} (long-lived data access, AZ5)`);
  }
  if (risky.length) {
    severity = maxSeverity(severity, 'medium');
    facts.push(`risky scopes ${listSome(risky)}`);
  }
  if (high.length) {
    severity = 'high';
    facts.push(`high-risk scopes ${listSome(high)}`);
  }
  if (tenantWide) {
    facts.push(tenantWords(e));
    severity = severity === 'medium' || severity === 'high' ? 'high' : 'medium';
  }
  return { severity, facts };
}

function tenantWords(e: TokenEvent): string {
  return e.app?.allUsers ? 'granted for all users (tenant-wide)' : 'admin consent';
}

/** First consent per user × app: the app id never seen for this identity before this event (P13, E35). */
function isFirstApp(ctx: EngineContext, e: TokenEvent, appId: string): boolean {
  return isFirstSeen(ctx.history, identitySubject(e), 'app', appId, e.time);
}

/** A FOCI client the identity has never used before, against enough prior events (cold start otherwise). */
function firstAppForIdentity(ctx: EngineContext, e: TokenEvent, minPrior: number): boolean {
  return !!e.app?.id && isFirstSeenWithWarmHistory(ctx.history, identitySubject(e), 'app', e.app.id, e.time, minPrior);
}

/** Splits "Mail.Read offline_access" entries and strips Google's scope URL prefix. */
export function normalizeScopes(scopes: readonly string[] | undefined): string[] {
  if (!scopes) return [];
  const out = new Set<string>();
  for (const raw of scopes) {
    for (const part of raw.split(/[\s,]+/)) {
      if (!part) continue;
      let s = part.replace(GOOGLE_SCOPE_PREFIX, '').replace(/^https:\/\/graph\.microsoft\.com\//i, '');
      if (/^https:\/\/mail\.google\.com\/?$/i.test(s)) s = 'mail.google.com';
      out.add(s);
    }
  }
  return [...out];
}
