/**
 * oauth-consent — new or unusual applications authorized: the first consent of a user to an app,
 * risky scopes, tenant-wide / admin consent, device-code and ROPC sign-in flows, and Microsoft
 * first-party (FOCI) clients pointed at the directory.
 *
 * Playbook: L1 "Check for new or unusual applications authorized by users that could be malicious".
 * Public content (docs/detections.md, 'oauth-consent'): Sigma's Entra consent, device-code and ROPC
 * rules; Elastic's illicit-consent, unusual-client, device-code and "OAuth Phishing via First-Party
 * Microsoft Application" rules, "First Time Seen Google Workspace OAuth Login from Third-Party
 * Application"; Splunk "Azure AD OAuth Application Consent Granted By User"; Panther "Microsoft
 * Entra ID Anomalous Application Consent" (new user×app), Google.Workspace.OAuth.Privileged.Scopes,
 * Azure.Audit.DeviceCodeBrokerClient, Azure.Audit.VSCodeOAuthPhishing; Sentinel "Rare application
 * consent" and "Suspicious application consent for offline access" (offline_access + read scopes).
 *
 * Microsoft grants count as consents too: `Add delegated permission grant` (ConsentType
 * AllPrincipals = every user) and `Add app role assignment to service principal` (an application
 * permission), which PowerShell and Graph write without any `Consent to application`; a grant made
 * from PowerShell or a script says so. The application-permission chain (grant of mail or file
 * scopes for every user → new secret or certificate on the app → the app reading mail or files in
 * the UAL) is one high finding: see `permissionChains`.
 * Visual Studio Code's client to Microsoft Graph is medium unless the identity used VS Code before
 * (Panther Azure.Audit.VSCodeOAuthPhishing; Elastic's VS Code OAuth phishing rule): phishing kits
 * send victims a VS Code authorization link; a developer's own VS Code use is in their history.
 *
 * "Consent" means a consent / grant event, never the scope list of a sign-in: the Azure portal's
 * own client (ADIbizaUX) carries broad admin scopes in ordinary non-interactive sign-ins.
 * Consents whose scopes are all low-privilege (a Gmail add-on: gmail.addons.*, script.*,
 * userinfo.email) stay `info`, first time or not.
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import { identitySubject } from '../../baseline/history';
import { isFirstSeen, isFirstSeenWithWarmHistory } from '../../baseline/novelty';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { clip, findingFrom, listSome, maxSeverity, maxEvidenceSetting } from '../finding';
import { FOCI_CLIENTS, VSCODE_APP_ID, isDirectoryResource, isGraphResource } from './catalog/microsoft-clients';
import { detailText } from '../../model/details';
import { MATERIAL_RULES } from './new-auth-material';

/** Consent / authorization events per provider (vendor spelling). */
export const CONSENT_EVENTS: readonly { providers: readonly TokenEvent['provider'][]; action: RegExp }[] = [
  // Microsoft: the consent itself, and the grants it writes (or that PowerShell / Graph write without a consent).
  {
    providers: ['entra', 'azure', 'm365'],
    action:
      /^(Consent to application|Add delegated permission grant|Add OAuth2PermissionGrant|Add app role assignment to service principal)\.?$/i,
  },
  { providers: ['okta'], action: /^app\.oauth2\.as\.consent\.grant$/ },
  {
    providers: ['github'],
    action: /^(oauth_authorization\.create|integration_installation\.create|org\.oauth_app_access_approved)$/,
  },
  { providers: ['workspace'], action: /^authorize$/ },
];

/** Scopes that hand over the directory, roles, apps or a whole mailbox / org (→ high). */
export const HIGH_RISK_SCOPES: readonly RegExp[] = [
  /^Directory\.(ReadWrite|AccessAsUser)\.All$/i,
  /^RoleManagement\./i,
  /^Application\.ReadWrite/i,
  /^AppRoleAssignment\.ReadWrite/i,
  /^full_access_as_(app|user)$/i,
  /^admin\.directory\./i,
  /^ediscovery/i,
  /^vault/i,
  /^cloud_search/i,
  /^mail\.google\.com$/i,
  /^admin:(org|enterprise)$/i,
];
/** Scopes that read or write a lot of data (→ medium). */
export const RISKY_SCOPES: readonly RegExp[] = [
  /^Directory\./i,
  /^User\.ReadWrite\.All$/i,
  /^Mail\.(ReadWrite|Send)/i,
  /^Files\.ReadWrite/i,
  /^Sites\.(FullControl|ReadWrite|Manage)/i,
  /^EWS\.AccessAsUser\.All$/i,
  /^drive(\.readonly)?$/i,
  /^gmail\.(readonly|modify|compose|send|insert|settings\.)/i,
  /^repo$/i,
  /^workflow$/i,
  /^delete_repo$/i,
  /^admin:/i,
  /^write:(org|packages)$/i,
];
/** Data-reading scopes that are risky together with offline_access (Sentinel "Suspicious application consent
 * for offline access"; Splunk's mail/file consent rules). */
export const READ_WITH_OFFLINE_SCOPES: readonly RegExp[] = [
  /^(Mail|Files|Chat|ChannelMessage|Sites|Notes|Calendars|Contacts|MailboxSettings)\.Read/i,
];
/** Scopes that cannot alert above info on their own (the Gmail add-on example). */
export const LOW_PRIVILEGE_SCOPES: readonly RegExp[] = [
  /^gmail\.addons\./i,
  /^script\./i,
  /^userinfo\.(email|profile)$/i,
  /^(openid|profile|email|offline_access)$/i,
  /^User\.Read$/i,
  /^(read:user|user:email)$/i,
  /^okta\.(myAccount|users\.read\.self)/i,
];

const GOOGLE_SCOPE_PREFIX = /^https:\/\/www\.googleapis\.com\/auth\//i;

export const oauthConsentSettings = z.object({
  /** Apps the organisation approved (client ids): their consents stay `info` (every consent rule's advice: allow-list known app ids). */
  trustedAppIds: z.array(z.string()).default([]),
  /** Earlier events an identity needs before a FOCI client counts as "first time" (cold start otherwise). */
  minPriorEvents: z.number().int().min(0).default(1),
  /** Device-code sign-ins (Sigma "Device Code Authentication", Elastic's device-code rules, Panther Azure.Audit.DeviceCodeBrokerClient). */
  checkDeviceCode: z.boolean().default(true),
  /** ROPC sign-ins (Sigma's Entra ROPC rule). */
  checkRopc: z.boolean().default(true),
  /** FOCI clients to Graph / AAD Graph / DRS (Elastic "OAuth Phishing via First-Party Microsoft Application", Panther Azure.Audit.VSCodeOAuthPhishing). */
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
      // A portal consent writes `Consent to application` and `Add delegated permission grant` for one app: one finding.
      const key = [kind, e.actor.id, (e.app?.name ?? e.app?.id ?? app).toLowerCase()].join('\u0000');
      let g = groups.get(key);
      if (!g)
        groups.set(
          key,
          (g = { kind, actor: e.actor.id, app, events: [], severity: 'info', facts: new Set(), blocked: 0 }),
        );
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
          `device-code sign-in (${e.app?.protocol ?? String(e.details?.['originalTransferMethod'] ?? '')})` +
            `${foci ? ` with first-party client ${foci}` : ''}${e.app?.resource ? ' to ' + e.app.resource : ''}`,
        ]);
      } else if (s.checkRopc && /^ropc$/i.test(e.app?.protocol ?? '')) {
        add('ropc', e, 'low', [
          'resource-owner password (ROPC) sign-in: the password was sent by a script or legacy client',
        ]);
      } else if (s.checkFociToDirectory && isVsCodeToGraph(e)) {
        // Panther Azure.Audit.VSCodeOAuthPhishing / Elastic's VS Code → Graph OAuth rule: phishing kits
        // hand victims a VS Code authorization link so the stolen token reads Graph. Medium unless
        // this identity has used VS Code before (a developer's own tooling).
        const seen = !isFirstSeen(ctx.history, identitySubject(e), 'app', VSCODE_APP_ID, e.time);
        add('foci', e, seen ? 'low' : 'medium', [
          `Visual Studio Code (${VSCODE_APP_ID}) got a token for ${e.app?.resource ?? 'Microsoft Graph'}` +
            (seen
              ? '; this identity has used Visual Studio Code before'
              : '; no earlier use of Visual Studio Code by this identity (a known consent-phishing and device-code pattern)'),
        ]);
      } else if (s.checkFociToDirectory && foci && toDirectory) {
        const first = firstAppForIdentity(ctx, e, s.minPriorEvents);
        add('foci', e, first ? 'medium' : 'low', [
          `first-party client ${foci} (${e.app!.id}) to ${e.app?.resource ?? e.action.service}${first ? '; first time this identity uses this client' : ''}`,
        ]);
      }
    }

    const out: Finding[] = permissionChains(ctx, trusted, s);
    for (const g of groups.values()) {
      const n = g.events.length;
      const facts = [...g.facts];
      if (n > 1) facts.push(`${n} events`);
      out.push(
        findingFrom(
          'oauth-consent',
          {
            severity: g.severity,
            title: titleOf(g),
            detail: `${g.actor} → ${g.app}: ${facts.join('; ')}`,
          },
          g.events,
          s.maxEvidence,
        ),
      );
    }
    return out.sort((a, b) => a.time - b.time);
  },
});

function titleOf(g: Group): string {
  switch (g.kind) {
    case 'consent':
      return g.blocked === g.events.length
        ? `Consent to ${g.app} by ${g.actor} was blocked`
        : `${g.actor} authorized ${g.app}`;
    case 'device-code':
      return `Device-code sign-in by ${g.actor} to ${g.app}`;
    case 'ropc':
      return `Password (ROPC) sign-in by ${g.actor} to ${g.app}`;
    case 'foci':
      return `${g.actor} used first-party client ${g.app} against the directory`;
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

function judgeConsent(
  ctx: EngineContext,
  e: TokenEvent,
  trusted: Set<string>,
): { severity: Severity; facts: string[] } {
  const scopes = normalizeScopes(e.app?.scopes);
  const high = scopes.filter((x) => HIGH_RISK_SCOPES.some((re) => re.test(x)));
  const risky = scopes.filter((x) => !high.includes(x) && RISKY_SCOPES.some((re) => re.test(x)));
  const offline = scopes.some((x) => /^offline_access$/i.test(x));
  const readOffline = offline ? scopes.filter((x) => READ_WITH_OFFLINE_SCOPES.some((re) => re.test(x))) : [];
  const allLow = scopes.length > 0 && scopes.every((x) => LOW_PRIVILEGE_SCOPES.some((re) => re.test(x)));
  const tenantWide = e.app?.adminConsent === true || e.app?.allUsers === true;
  const facts: string[] = [];
  if (scopes.length) facts.push(`scopes ${listSome(scopes, 12)}`);
  const script = scriptOrigin(e);
  if (script) facts.push(`made from ${script}`);

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
    facts.push(`offline_access with ${listSome(readOffline)} (long-lived data access)`);
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
  if (detailText(e, 'permissionType') === 'application')
    return 'application permission (every mailbox or site, no user signed in)';
  return e.app?.allUsers ? 'granted for all users (tenant-wide)' : 'admin consent';
}

/** First consent per user × app: the app id never seen for this identity before this event (Panther "Microsoft Entra ID Anomalous Application Consent"). */
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

function isVsCodeToGraph(e: TokenEvent): boolean {
  const vscode = e.app?.id?.toLowerCase() === VSCODE_APP_ID || /visual studio code/i.test(e.source.userAgent ?? '');
  return vscode && (isGraphResource(e.app?.resource) || isGraphResource(e.action.service));
}

/** Clients that mark a grant as scripted: PowerShell (Graph SDK, AzureAD, Az), CLIs and HTTP libraries. */
const SCRIPT_CLIENTS: readonly [RegExp, string][] = [
  [/PowerShell/i, 'PowerShell'],
  [/azure-cli|AZURECLI/i, 'the Azure CLI'],
  [/python|aiohttp|httpx/i, 'a Python script'],
  [/^curl\/|\bcurl\/\d/i, 'curl'],
  [/go-http-client/i, 'a Go program'],
  [/node-fetch|axios|undici/i, 'a Node.js script'],
  [/okhttp|(^|\s)java\/\d/i, 'a Java program'],
];

/** "PowerShell (user agent …)" when the record's client is a script, else undefined. */
function scriptOrigin(e: TokenEvent): string | undefined {
  const ua = e.source.userAgent;
  if (!ua) return undefined;
  const hit = SCRIPT_CLIENTS.find(([re]) => re.test(ua));
  return hit ? `${hit[1]} (user agent "${clip(ua, 90)}")` : undefined;
}

/** Scopes and app roles that read or write mail, files or sites (the data a permission chain is after). */
const DATA_SCOPES: readonly RegExp[] = [
  /^Mail\.(Read|ReadWrite|ReadBasic|Send)/i,
  /^full_access_as_(app|user)$/i,
  /^EWS\./i,
  /^(IMAP|POP)\.AccessAsUser\.All$/i,
  /^Files\.(Read|ReadWrite)/i,
  /^Sites\./i,
  /^MailboxSettings\.ReadWrite$/i,
  /^Exchange\.ManageAsApp$/i,
];

/** Reads of mail and files in the unified audit log, by an application. */
const DATA_READ = /^(MailItemsAccessed|FileDownloaded|FileAccessed|FileSyncDownloadedFull|FileCopied)$/i;
const CHAIN_MATERIAL = new Set(['sp-credential', 'app-credential', 'federated-credential']);

function appKeysOf(e: TokenEvent): string[] {
  const v = e.details?.['appKeys'];
  const list: string[] = Array.isArray(v) ? [...v] : [];
  if (e.class === 'authorization_grant') list.push(...[e.app?.id, e.app?.name].filter((x): x is string => !!x));
  return [...new Set(list.map((x) => x.trim().toLowerCase()).filter(Boolean))];
}

function isChainMaterial(e: TokenEvent): boolean {
  return (
    e.outcome.success &&
    MATERIAL_RULES.some(
      (r) => CHAIN_MATERIAL.has(r.kind) && r.providers.includes(e.provider) && r.action.test(e.action.name),
    )
  );
}

function timeText(t: number): string {
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

function gapText(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 1) return 'within a minute';
  if (min < 120) return `${min} min later`;
  const h = Math.round(min / 60);
  return h < 48 ? `${h} h later` : `${Math.round(h / 24)} days later`;
}

/**
 * The application-permission chain of the Midnight Blizzard and Golden SAML intrusions (Microsoft's
 * guidance on Midnight Blizzard; Sentinel "Mail.Read Permissions Granted to Application" and
 * "Credential added after admin consented to Application"): an app is granted mail or file access
 * for every user (ConsentType AllPrincipals, or an application permission), gets a new secret,
 * certificate or federated credential, and then reads mail or files (MailItemsAccessed with its
 * AppId, `Client=REST`; FileDownloaded by the app). Links are joined by the app (client app id,
 * service-principal or application object id, display name) and taken in time order: the grant
 * first, data reads after it. Grant + credential, or grant + reads, is high: each link alone is
 * routine admin work, together they are an app turned into a mailbox reader.
 */
function permissionChains(ctx: EngineContext, trusted: Set<string>, s: OauthConsentSettings): Finding[] {
  const timed = ctx.timed;
  const grants = timed.filter(
    (e) =>
      e.class === 'authorization_grant' &&
      e.outcome.success &&
      isConsent(e) &&
      (e.app?.allUsers === true || e.app?.adminConsent === true) &&
      normalizeScopes(e.app?.scopes).some((x) => DATA_SCOPES.some((re) => re.test(x))),
  );
  if (!grants.length) return [];
  const withKeys = timed
    .filter((e) => e.provider !== 'm365' || e.class !== 'api_activity')
    .map((e) => ({ e, keys: appKeysOf(e) }))
    .filter((x) => x.keys.length);
  const used = new Set<TokenEvent>();
  const out: Finding[] = [];
  for (const seed of grants) {
    if (used.has(seed)) continue;
    // The app's aliases: every key that appears in one record with a key already known (two passes settle id ↔ name ↔ object id).
    const keys = new Set(appKeysOf(seed));
    for (let pass = 0; pass < 2; pass++) {
      for (const { keys: k } of withKeys) if (k.some((x) => keys.has(x))) for (const x of k) keys.add(x);
    }
    if ([...keys].some((k) => trusted.has(k))) continue;
    const appGrants = grants.filter((g) => appKeysOf(g).some((k) => keys.has(k)));
    for (const g of appGrants) used.add(g);
    const start = appGrants[0]!.time;
    const material = withKeys
      .filter(({ e, keys: k }) => isChainMaterial(e) && k.some((x) => keys.has(x)))
      .map((x) => x.e);
    const reads = timed.filter(
      (e) =>
        e.provider === 'm365' &&
        e.outcome.success &&
        DATA_READ.test(e.action.name) &&
        e.time >= start &&
        !!e.app?.id &&
        keys.has(e.app.id.toLowerCase()),
    );
    if (!material.length && !reads.length) continue;
    out.push(chainFinding(appGrants, material, reads, keys, s));
  }
  return out;
}

function chainFinding(
  grants: TokenEvent[],
  material: TokenEvent[],
  reads: TokenEvent[],
  keys: Set<string>,
  s: OauthConsentSettings,
): Finding {
  const g = grants[0]!;
  const name =
    grants.map((x) => x.app?.name).find(Boolean) ??
    material.map((x) => x.target?.name).find(Boolean) ??
    g.app?.id ??
    'unknown app';
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const appId =
    reads.map((r) => r.app?.id).find(Boolean) ??
    grants.map((x) => x.app?.id).find((x) => x && guid.test(x.toLowerCase())) ??
    [...keys].find((k) => guid.test(k));
  const scopes = [
    ...new Set(
      grants.flatMap((x) => normalizeScopes(x.app?.scopes)).filter((x) => DATA_SCOPES.some((re) => re.test(x))),
    ),
  ];
  const appOnly = grants.some((x) => detailText(x, 'permissionType') === 'application');
  const delegatedAll = grants.some(
    (x) => detailText(x, 'permissionType') !== 'application' && x.app?.allUsers === true,
  );
  const forWhom =
    [delegatedAll ? 'for all users' : '', appOnly ? 'as an application permission' : '']
      .filter(Boolean)
      .join(' and ') || 'by admin consent';
  const script = grants.map(scriptOrigin).find(Boolean);
  const parts: string[] = [
    `App '${clip(name, 80)}'${appId ? ` (appId ${appId})` : ''} was granted ${listSome(scopes, 6)} ${forWhom} by ${g.actor.id}` +
      `${script ? ` from ${script}` : ''}${g.source.ip ? ` (${g.source.ip})` : ''} at ${timeText(g.time)}`,
  ];
  if (material.length) {
    const m = material[0]!;
    const what =
      /federated/i.test(m.action.name) ||
      (m.details?.['modifiedProperties'] as string[] | undefined)?.some((p) =>
        /^FederatedIdentityCredentials=/i.test(p),
      )
        ? 'a federated credential'
        : /service principal/i.test(m.action.name)
          ? 'service-principal credentials'
          : 'a client secret or certificate';
    const when =
      m.time >= g.time
        ? gapText(m.time - g.time)
        : `${gapText(g.time - m.time).replace(' later', '')} before the grant`;
    parts.push(
      `${what} was added ${when} by ${m.actor.id}${material.length > 1 ? ` (${material.length} credential changes)` : ''}`,
    );
  }
  if (reads.length) {
    const mail = reads.filter((r) => /^MailItemsAccessed$/i.test(r.action.name));
    const files = reads.filter((r) => !/^MailItemsAccessed$/i.test(r.action.name));
    const items = mail.reduce(
      (n, r) => n + (typeof r.details?.['operationCount'] === 'number' ? r.details['operationCount'] : 1),
      0,
    );
    const clients = [
      ...new Set(
        mail
          .map((r) => detailText(r, 'clientInfo'))
          .filter((x): x is string => !!x)
          .map((c) => (/Client=REST/i.test(c) ? 'REST (Graph)' : clip(c, 40))),
      ),
    ];
    const ips = [...new Set(reads.map((r) => r.source.ip).filter((x): x is string => !!x))];
    const owners = [...new Set(mail.map((r) => r.actor.id).filter(Boolean))];
    const bits: string[] = [];
    if (mail.length)
      bits.push(
        `read ${items} mail item${items === 1 ? '' : 's'}` +
          (owners.length
            ? ` in ${owners.length} mailbox${owners.length === 1 ? '' : 'es'} (${listSome(owners, 4)})`
            : '') +
          (clients.length ? ` via ${listSome(clients, 3)}` : ''),
      );
    if (files.length)
      bits.push(`${files.length === 1 ? 'downloaded or opened 1 file' : `downloaded or opened ${files.length} files`}`);
    parts.push(
      `the app then ${bits.join(' and ')}${ips.length ? ` from ${listSome(ips, 4)}` : ''}, first ${gapText(reads[0]!.time - g.time)}`,
    );
  }
  const links = ['grant', material.length ? 'new credential' : '', reads.length ? 'mail or file reads' : '']
    .filter(Boolean)
    .join(' → ');
  const finding = findingFrom(
    'oauth-consent',
    {
      severity: 'high',
      title:
        `Application permission chain: '${clip(name, 60)}' given ${listSome(scopes, 3)} ${forWhom}` +
        `${material.length ? ', a new credential' : ''}${reads.length ? ', then read mail or files' : ''}`,
      detail:
        `${parts.join('; ')}. Chain ${links} for one app, the pattern of the Midnight Blizzard intrusion: ` +
        `confirm the grant and the credential with the app's owner.`,
    },
    [...grants, ...material, ...reads].sort((a, b) => a.time - b.time),
    s.maxEvidence,
  );
  // Reads by the app prove the grant is used: that is API use inconsistent with the app's purpose
  // (the behaviour ground), so the chain escalates; a grant and a secret alone stay persistence.
  return reads.length ? { ...finding, ground: 'behaviour' } : finding;
}
