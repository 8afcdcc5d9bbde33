/**
 * Google Workspace containment actions (Admin SDK Directory and Reports APIs with curl, bash,
 * plus Admin console steps), with the case's user and OAuth client ids filled in.
 *
 * What it handles and why: in Workspace a stolen application token is an OAuth grant a user
 * gave a third-party (or attacker-registered) client — refresh tokens the client keeps — or a
 * stolen session cookie. Delete the client's tokens for the user, sign the user out of every
 * web and device session (resets sign-in cookies), force a new password and invalidate backup
 * codes and app passwords; then review API controls (block the client, domain-wide delegation)
 * and monitor the user's OAuth token activity.
 *
 * Values: the user key (primary mail address or numeric user id) from the actors, client ids
 * (`….apps.googleusercontent.com` or numeric) from the token events — each shape-checked and
 * URL-path-encoded inside a bash single-quoted URL. The admin access token comes from the
 * analyst's environment (GOOGLE_ADMIN_TOKEN, scope admin.directory.user.security) and is never
 * filled in.
 */
import type { Case } from '../../model/case';
import type { ContainmentAction } from './types';
import {
  SHAPES,
  type ActionDef,
  type Fill,
  allShaped,
  bashQuote,
  blankBetween,
  buildActions,
  caseTime,
  earliestFlaggedTime,
  eventsFor,
  flaggedFirst,
  orPlaceholder,
  pathSegment,
} from './shared';

export interface WorkspaceFacts {
  users: string[];
  clients: string[];
}

const isUserKey = (v: string): boolean => SHAPES.email.test(v) || SHAPES.workspaceUserId.test(v);

export function workspaceFacts(c: Case): WorkspaceFacts {
  const events = flaggedFirst(eventsFor(c, 'workspace'));
  const users: string[] = [];
  for (const v of [...events.map((e) => e.actor), ...(events.length ? [c.subject.id] : [])])
    if (isUserKey(v) && !users.includes(v)) users.push(v);
  const tokenEvents = events.filter(
    (e) => e.service === 'token' || e.class === 'authorization_grant' || e.credentialKind === 'oauth_access_token',
  );
  return {
    users,
    clients: allShaped(
      [...tokenEvents, ...events].map((e) => e.appId),
      SHAPES.workspaceClientId,
    ),
  };
}

const AUTH = '-H "Authorization: Bearer ${GOOGLE_ADMIN_TOKEN}"';
const DIRECTORY = 'https://admin.googleapis.com/admin/directory/v1/users/';

/** What each Workspace action's command is written from. */
interface WorkspaceContext {
  c: Case;
  f: WorkspaceFacts;
  /** The users, or one placeholder when the case has none. */
  users: (string | undefined)[];
}

const q = bashQuote;

/** The user key as a URL path segment, or the placeholder. */
const userSeg = (fill: Fill, u: string | undefined): string =>
  fill.raw(u === undefined ? undefined : pathSegment(u), '<USER_KEY>');

function deleteOauthTokens(fill: Fill, { f, users }: WorkspaceContext): string[] {
  const clients = orPlaceholder(f.clients);
  return blankBetween(users, (u) => {
    const seg = userSeg(fill, u);
    return [
      `curl -sS ${AUTH} ${q(`${DIRECTORY}${seg}/tokens`)} | jq '.items[]? | {clientId, displayText, scopes}'`,
      ...clients.map(
        (cl) =>
          `curl -sS -X DELETE ${AUTH} ${q(`${DIRECTORY}${seg}/tokens/${fill.raw(cl === undefined ? undefined : pathSegment(cl), '<CLIENT_ID>')}`)}`,
      ),
    ];
  });
}

function signOut(fill: Fill, { users }: WorkspaceContext): string[] {
  return users.map(
    (u) => `curl -sS -X POST ${AUTH} -H 'Content-Length: 0' ${q(`${DIRECTORY}${userSeg(fill, u)}/signOut`)}`,
  );
}

function requireReauth(fill: Fill, { users }: WorkspaceContext): string[] {
  const lines = blankBetween(users, (u) => {
    const seg = userSeg(fill, u);
    return [
      '# Force a new password at next sign-in:',
      `curl -sS -X PUT ${AUTH} -H 'Content-Type: application/json' ${q(`${DIRECTORY}${seg}`)} \\`,
      `  --data ${q(JSON.stringify({ changePasswordAtNextLogin: true }))}`,
      '# Invalidate backup verification codes and delete app passwords:',
      `curl -sS -X POST ${AUTH} -H 'Content-Length: 0' ${q(`${DIRECTORY}${seg}/verificationCodes/invalidate`)}`,
      `curl -sS ${AUTH} ${q(`${DIRECTORY}${seg}/asps`)} | jq -r '.items[]?.codeId' | while read -r id; do`,
      `  curl -sS -X DELETE ${AUTH} ${q(`${DIRECTORY}${seg}/asps/`)}"$id"`,
      'done',
    ];
  });
  lines.push(
    "# 2-Step Verification: Admin console > Directory > Users > (user) > Security > 2-Step Verification; enforce 2SV for the user's organizational unit.",
  );
  return lines;
}

function reviewApiControls(fill: Fill, { f }: WorkspaceContext): string[] {
  return [
    'Admin console > Security > Access and data control > API controls > Manage Third-Party App Access',
    ...orPlaceholder(f.clients).map(
      (cl) => `  - App with client ID ${fill.raw(cl, '<CLIENT_ID>')}: set access to "Blocked" unless it is approved.`,
    ),
    '  - Unconfigured third-party apps: allow users to access only trusted apps (or none).',
    'Admin console > Security > Access and data control > API controls > Manage Domain Wide Delegation',
    '  - Remove any client the organization does not recognise, and over-broad scopes.',
    'Admin console > Security > Authentication > 2-Step Verification: enforcement on for every organizational unit.',
  ];
}

function monitorTokenActivity(fill: Fill, { c, users }: WorkspaceContext): string[] {
  const since = earliestFlaggedTime(c) ?? caseTime(c);
  const lines = blankBetween(users, (u) => [
    `curl -sS --get ${AUTH} \\`,
    `  ${q(`https://admin.googleapis.com/admin/reports/v1/activity/users/${userSeg(fill, u)}/applications/token`)} \\`,
    `  --data-urlencode ${q(`startTime=${since}`)} |`,
    "  jq '.items[]? | {time: .id.time, ip: .ipAddress, event: .events[0].name, params: .events[0].parameters}'",
  ]);
  lines.push(
    '# Alerting: Admin console > Rules > Create rule > Reporting, data source "OAuth log events", condition on the user or client ID.',
  );
  return lines;
}

/** The Workspace actions, in the order the UI lists them. */
const WORKSPACE_ACTIONS: readonly ActionDef<WorkspaceContext>[] = [
  {
    id: 'workspace-delete-oauth-tokens',
    playbookItem: 'c-revoke-reauth',
    title: "Delete the app's OAuth tokens for the user",
    why:
      'Deletes every access and refresh token the user issued to the client, so the app loses access ' +
      'until the user consents again; block the client in API controls to stop that. It does not sign ' +
      'the user out of Google.',
    language: 'bash',
    command: deleteOauthTokens,
  },
  {
    id: 'workspace-sign-out',
    playbookItem: 'c-revoke-reauth',
    title: 'Sign the user out of all sessions',
    why:
      'Signs the user out of every web and device session and resets their sign-in cookies, so a stolen ' +
      'cookie stops working. OAuth tokens held by apps are not affected: delete those separately.',
    language: 'bash',
    command: signOut,
  },
  {
    id: 'workspace-require-reauth',
    playbookItem: 'c-revoke-reauth',
    title: 'Force a new password and 2SV re-verification',
    why:
      'Makes the user set a new password at next sign-in and removes the fallbacks an attacker could ' +
      'keep (backup codes, app passwords). It does not revoke sessions or OAuth tokens by itself; ' +
      'verify the user out of band before they re-enrol 2SV.',
    language: 'bash',
    command: requireReauth,
  },
  {
    id: 'workspace-review-api-controls',
    playbookItem: 'c-review-policies',
    title: 'Review API controls and app access',
    why:
      'Blocking the client stops every user from granting it new tokens (existing ones must still ' +
      'be deleted); domain-wide delegation is how a service account token can act as any user, so ' +
      'it needs the same scrutiny.',
    language: 'console',
    command: reviewApiControls,
  },
  {
    id: 'workspace-monitor-token-activity',
    playbookItem: 'c-audit-monitoring',
    title: "Watch the user's OAuth token activity",
    why:
      "Lists every authorize, revoke and API call made with the user's OAuth tokens since the first " +
      'flagged event (which app, which API, from where), to confirm the deletion held; a reporting ' +
      'rule on OAuth log events alerts on new grants.',
    language: 'bash',
    command: monitorTokenActivity,
  },
];

export function buildWorkspace(c: Case): ContainmentAction[] {
  const f = workspaceFacts(c);
  return buildActions('workspace', WORKSPACE_ACTIONS, { c, f, users: orPlaceholder(f.users) });
}
