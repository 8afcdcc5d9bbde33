/**
 * Microsoft Entra ID / Microsoft 365 / Azure containment actions (Microsoft Graph PowerShell SDK,
 * plus console steps where Graph has no supported cmdlet), with the case's identities filled in.
 *
 * What it handles and why: a stolen Entra token is a refresh token or session cookie (revoke the
 * user's sign-in sessions), a delegated OAuth grant to an app the attacker controls (remove the
 * grant and app role assignments), or an application secret (remove the service principal /
 * application password). Then MFA re-registration, review (Conditional Access, CAE, token
 * lifetime, consent settings) and monitoring (Identity Protection risk, a sign-in alert).
 *
 * Values: user object ids (GUID) or UPNs from the events' actors, app ids (GUID) from the events,
 * the tenant id (GUID) from the account — each shape-checked and PowerShell-quoted (or put in an
 * OData/KQL literal only after the GUID check); anything else is a placeholder in `missing`.
 * Sources: entra (sign-in, audit), azure (activity log) and m365 (unified audit log) events.
 */
import type { Case, CaseEvent } from '../../model/case';
import type { ContainmentAction } from './types';
import {
  SHAPES,
  type ActionDef,
  type Fill,
  allShaped,
  blankBetween,
  buildActions,
  caseTime,
  eventsFor,
  flaggedFirst,
  kqlQuote,
  orPlaceholder,
  psQuote,
} from './shared';

const APP_ACTOR_KINDS = new Set<CaseEvent['actorKind']>(['service_principal', 'workload', 'service']);
const MAX_APPS = 5;

export interface EntraFacts {
  /** Users (object id or UPN), flagged events first. */
  users: string[];
  /** Apps the user(s) authorized or signed in to (appId GUIDs), consent events first. */
  userApps: string[];
  /** Apps that signed in as themselves (service principal appIds). */
  spApps: string[];
  tenant?: string;
  sessions: string[];
}

const isUserId = (v: string): boolean => SHAPES.guid.test(v) || SHAPES.email.test(v);

export function entraFacts(c: Case): EntraFacts {
  const events = flaggedFirst(eventsFor(c, 'entra'));
  const userEvents = events.filter((e) => !APP_ACTOR_KINDS.has(e.actorKind));
  const appEvents = events.filter((e) => APP_ACTOR_KINDS.has(e.actorKind));
  const users: string[] = [];
  for (const v of [
    ...userEvents.map((e) => e.actor),
    ...(events.length && c.subject.kind === 'identity' ? [c.subject.id] : []),
  ]) {
    if (isUserId(v) && !users.includes(v)) users.push(v);
  }
  const grants = userEvents.filter((e) => e.class === 'authorization_grant');
  const userApps = allShaped(
    [...grants, ...userEvents].map((e) => e.appId),
    SHAPES.guid,
  ).slice(0, MAX_APPS);
  const spApps = allShaped(
    appEvents.flatMap((e) => [e.appId, e.actor]),
    SHAPES.guid,
  ).slice(0, MAX_APPS);
  const tenant = allShaped(
    events.map((e) => e.account),
    SHAPES.guid,
  )[0];
  const sessions = allShaped(
    events.map((e) => e.sessionId),
    SHAPES.guid,
  );
  return { users, userApps, spApps, tenant, sessions };
}

/** What each Entra action's command is written from. */
interface EntraContext {
  c: Case;
  f: EntraFacts;
  /** The users, or one placeholder when the case has none. */
  users: (string | undefined)[];
}

const q = psQuote;

/** `Connect-MgGraph` with the scopes the action needs (and the tenant when the case names it). */
function connect(f: EntraFacts, scopes: string[]): string {
  return `Connect-MgGraph -Scopes ${scopes.map((s) => q(s)).join(', ')}${f.tenant ? ` -TenantId ${q(f.tenant)}` : ''}`;
}

function revokeSessions(fill: Fill, { f, users }: EntraContext): string[] {
  return [
    connect(f, ['User.RevokeSessions.All']),
    ...users.map((u) => `Revoke-MgUserSignInSession -UserId ${fill.q(u, '<USER_ID_OR_UPN>', q)}`),
  ];
}

function removeOauthGrants(fill: Fill, { f, users }: EntraContext): string[] {
  const apps = orPlaceholder(f.userApps);
  const lines = [
    connect(f, [
      'DelegatedPermissionGrant.ReadWrite.All',
      'AppRoleAssignment.ReadWrite.All',
      'Application.Read.All',
      'User.Read.All',
    ]),
  ];
  for (const u of users) {
    lines.push('', `$user = Get-MgUser -UserId ${fill.q(u, '<USER_ID_OR_UPN>', q)}`);
    for (const a of apps) {
      lines.push(
        `$sp = Get-MgServicePrincipal -Filter "appId eq '${fill.raw(a, '<APP_ID>')}'"`,
        `Get-MgOauth2PermissionGrant -All -Filter "clientId eq '$($sp.Id)'" |`,
        '  Where-Object { $_.PrincipalId -eq $user.Id } |',
        '  ForEach-Object { Remove-MgOauth2PermissionGrant -OAuth2PermissionGrantId $_.Id }',
        'Get-MgUserAppRoleAssignment -UserId $user.Id -All |',
        '  Where-Object { $_.ResourceId -eq $sp.Id } |',
        '  ForEach-Object { Remove-MgUserAppRoleAssignment -UserId $user.Id -AppRoleAssignmentId $_.Id }',
        '# Tenant-wide (AllPrincipals) grants to the same app: review before removing, they cover every user.',
        `Get-MgOauth2PermissionGrant -All -Filter "clientId eq '$($sp.Id)' and consentType eq 'AllPrincipals'"`,
      );
    }
  }
  return lines;
}

function removeSpCredentials(fill: Fill, { f }: EntraContext): string[] {
  const lines = [connect(f, ['Application.ReadWrite.All'])];
  for (const a of orPlaceholder(f.spApps)) {
    const appId = fill.raw(a, '<APP_ID>');
    lines.push(
      '',
      `$sp = Get-MgServicePrincipal -Filter "appId eq '${appId}'"`,
      '$sp.PasswordCredentials | Format-Table KeyId, DisplayName, StartDateTime, EndDateTime',
      `$app = Get-MgApplication -Filter "appId eq '${appId}'"`,
      '$app.PasswordCredentials | Format-Table KeyId, DisplayName, StartDateTime, EndDateTime',
      '# Remove the secret the attacker used or added (KeyId from the tables above):',
      `Remove-MgServicePrincipalPassword -ServicePrincipalId $sp.Id -KeyId ${fill.q(undefined, '<KEY_ID>', q)}`,
      `Remove-MgApplicationPassword -ApplicationId $app.Id -KeyId ${fill.q(undefined, '<KEY_ID>', q)}`,
    );
  }
  return lines;
}

function requireMfaReregistration(fill: Fill, { users }: EntraContext): string[] {
  return blankBetween(users, (u) => [
    `Microsoft Entra admin center > Identity > Users > All users > ${fill.raw(u, '<USER_ID_OR_UPN>')} > Authentication methods`,
    '  1. Delete any method the user does not recognise (an attacker-registered authenticator or phone).',
    '  2. Select "Require re-register multifactor authentication".',
    '  3. Select "Revoke multifactor authentication sessions".',
    '  4. Reset the password if it may be known to the attacker.',
  ]);
}

function reviewAccessPolicies(_fill: Fill, { f }: EntraContext): string[] {
  return [
    connect(f, ['Policy.Read.All']),
    'Get-MgIdentityConditionalAccessPolicy -All |',
    '  Format-List DisplayName, State, Conditions, GrantControls, SessionControls',
    'Get-MgPolicyTokenLifetimePolicy | Format-List DisplayName, Definition, IsOrganizationDefault',
    'Get-MgPolicyAuthorizationPolicy | Select-Object -ExpandProperty DefaultUserRolePermissions |',
    '  Format-List PermissionGrantPoliciesAssigned',
  ];
}

function reviewAppConsent(fill: Fill, { f, users }: EntraContext): string[] {
  const lines = [connect(f, ['DelegatedPermissionGrant.Read.All', 'Directory.Read.All'])];
  for (const u of users) {
    const id = fill.q(u, '<USER_ID_OR_UPN>', q);
    lines.push(
      `Get-MgUserOauth2PermissionGrant -UserId ${id} -All | Format-Table ClientId, ConsentType, Scope`,
      `Get-MgUserAppRoleAssignment -UserId ${id} -All | Format-Table ResourceDisplayName, AppRoleId, CreatedDateTime`,
    );
  }
  return lines;
}

function monitorRisk(fill: Fill, { f, users }: EntraContext): string[] {
  const lines = [connect(f, ['IdentityRiskyUser.ReadWrite.All', 'IdentityRiskEvent.Read.All', 'User.Read.All'])];
  for (const u of users) {
    lines.push(
      '',
      `$user = Get-MgUser -UserId ${fill.q(u, '<USER_ID_OR_UPN>', q)}`,
      'Get-MgRiskyUser -RiskyUserId $user.Id',
      `Get-MgRiskDetection -All -Filter "userId eq '$($user.Id)'"`,
      '# Once the compromise is confirmed (raises user risk to high, so risk-based policies apply):',
      'Confirm-MgRiskyUserCompromised -UserIds $user.Id',
    );
  }
  return lines;
}

function monitorSigninAlert(fill: Fill, { c, f, users }: EntraContext): string[] {
  const conds = users.map((u) => {
    if (u === undefined) return `UserPrincipalName =~ ${kqlQuote(fill.raw(undefined, '<USER_ID_OR_UPN>'))}`;
    return SHAPES.guid.test(u) ? `UserId == ${kqlQuote(u)}` : `UserPrincipalName =~ ${kqlQuote(u)}`;
  });
  if (f.sessions.length) conds.push(`SessionId in (${f.sessions.map(kqlQuote).join(', ')})`);
  return [
    'Microsoft Sentinel > Analytics > Create > Scheduled query rule (or Azure Monitor > Alerts > Log search alert), query:',
    '',
    'union SigninLogs, AADNonInteractiveUserSignInLogs',
    `| where TimeGenerated > datetime(${caseTime(c)})`,
    `| where ${conds.join(' or ')}`,
    '| project TimeGenerated, UserPrincipalName, AppDisplayName, IPAddress, AutonomousSystemNumber, Location, ResultType, UniqueTokenIdentifier, SessionId',
  ];
}

/** The Entra actions, in the order the UI lists them. */
const ENTRA_ACTIONS: readonly ActionDef<EntraContext>[] = [
  {
    id: 'entra-revoke-sessions',
    playbookItem: 'c-revoke-reauth',
    title: "Revoke the user's refresh tokens and sessions",
    why:
      'Resets signInSessionsValidFromDateTime, which invalidates every refresh token and browser session ' +
      'cookie the user has, on every device. Access tokens already issued stay valid until they expire ' +
      '(about an hour) except at resources that support Continuous Access Evaluation.',
    language: 'powershell',
    command: revokeSessions,
  },
  {
    id: 'entra-remove-oauth-grants',
    playbookItem: 'c-revoke-reauth',
    title: "Remove the app's delegated grants for the user",
    why:
      'Removes the OAuth2 permission grants and app role assignments the user gave the app, so it ' +
      'cannot get new tokens for the user without a fresh consent. Tokens the app already holds are ' +
      'not revoked by this (revoke the sessions too), and Microsoft first-party apps usually have ' +
      'no grant to remove.',
    language: 'powershell',
    command: removeOauthGrants,
  },
  {
    id: 'entra-remove-sp-credentials',
    playbookItem: 'c-revoke-reauth',
    title: 'Remove the service principal secret the attacker used',
    why:
      'A client secret lets anyone mint app-only tokens; removing it stops new tokens, but access ' +
      'tokens already issued stay valid until they expire (about an hour). Certificates (KeyCredentials) ' +
      'and federated credentials need the same review; the application object exists only in the tenant ' +
      'that owns the app.',
    language: 'powershell',
    command: removeSpCredentials,
  },
  {
    id: 'entra-require-mfa-reregistration',
    playbookItem: 'c-revoke-reauth',
    title: 'Require MFA re-registration',
    why:
      'Forces the user to register MFA again at next sign-in and removes remembered MFA, so a method ' +
      'the attacker registered stops working. Do it after verifying the user out of band (a Temporary ' +
      'Access Pass helps); it does not revoke tokens on its own.',
    language: 'console',
    command: requireMfaReregistration,
  },
  {
    id: 'entra-review-access-policies',
    playbookItem: 'c-review-policies',
    title: 'Review Conditional Access, CAE and token lifetime',
    why:
      'Check that Conditional Access requires MFA or a compliant device for the user and app, that ' +
      'sign-in frequency, token protection and strict CAE location enforcement are set where they ' +
      'should be, and that no token lifetime policy stretches access tokens; check who may consent ' +
      'to apps. Read-only.',
    language: 'powershell',
    command: reviewAccessPolicies,
  },
  {
    id: 'entra-review-app-consent',
    playbookItem: 'c-review-policies',
    title: "Review the user's app consents and assignments",
    why:
      'Lists every delegated grant and app role assignment the user holds, so other apps the attacker ' +
      'may have consented to (offline_access, Mail.Read, Files.Read.All) are found and removed. Read-only.',
    language: 'powershell',
    command: reviewAppConsent,
  },
  {
    id: 'entra-monitor-risk',
    playbookItem: 'c-audit-monitoring',
    title: 'Check and confirm the user risk in Identity Protection',
    why:
      'Shows the risk detections (anomalous token, unfamiliar sign-in properties, AiTM) for the user; ' +
      'confirming the compromise makes user-risk Conditional Access policies block or challenge further ' +
      'sign-ins. Needs Entra ID P2.',
    language: 'powershell',
    command: monitorRisk,
  },
  {
    id: 'entra-monitor-signin-alert',
    playbookItem: 'c-audit-monitoring',
    title: 'Alert on further sign-ins by the identity',
    why:
      'Raises an alert on every interactive and non-interactive sign-in (refresh-token redemptions ' +
      'included) after the snapshot, so a token that survived revocation or a new one shows up. Needs ' +
      'the sign-in logs sent to a Log Analytics workspace.',
    language: 'console',
    command: monitorSigninAlert,
  },
];

export function buildEntra(c: Case): ContainmentAction[] {
  const f = entraFacts(c);
  return buildActions('entra', ENTRA_ACTIONS, { c, f, users: orPlaceholder(f.users) });
}
