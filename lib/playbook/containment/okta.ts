/**
 * Okta containment actions (Okta Management API with curl, bash), with the case's user and
 * OAuth clients filled in.
 *
 * What it handles and why: a stolen Okta token is a session (cookie / sessionId replay) or an
 * OAuth access / refresh token an Okta authorization server issued to a client, or an Okta API
 * token (SSWS) an admin created. Clear the user's sessions with their OAuth tokens, revoke the
 * per-client tokens and grants, revoke the API token, reset password and factors so the user
 * re-enrols MFA; then review the authorization servers' token lifetimes and API tokens, and pull
 * the user's System Log for monitoring.
 *
 * Values: the Okta user id (`00u…`) when an event carries it, else the login (a mail address,
 * looked up to an id at run time); client ids and API token ids (`00T…`) from the events — each
 * shape-checked, URL-path-encoded and bash-quoted. The API token and org URL come from the
 * analyst's environment (OKTA_API_TOKEN, OKTA_ORG_URL) and are never filled in.
 */
import type { Case } from '../../model/case';
import type { ContainmentAction } from './types';
import {
  SHAPES,
  type ActionDef,
  type Fill,
  allShaped,
  bashQuote,
  buildActions,
  earliestFlaggedTime,
  caseTime,
  eventsFor,
  flaggedFirst,
  orPlaceholder,
  pathSegment,
} from './shared';

export interface OktaFacts {
  userIds: string[];
  logins: string[];
  clients: string[];
  apiTokens: string[];
}

export function oktaFacts(c: Case): OktaFacts {
  const events = flaggedFirst(eventsFor(c, 'okta'));
  const ids = [...events.map((e) => e.actor), ...(events.length ? [c.subject.id] : [])];
  return {
    userIds: allShaped(ids, SHAPES.oktaUserId),
    logins: allShaped(ids, SHAPES.email),
    clients: allShaped(
      events.map((e) => e.appId),
      SHAPES.oktaClientId,
    ).filter((id) => !SHAPES.oktaUserId.test(id)),
    apiTokens: allShaped(
      events.filter((e) => e.credentialKind === 'pat').map((e) => e.credentialId),
      SHAPES.oktaApiTokenId,
    ),
  };
}

const AUTH = '-H "Authorization: SSWS ${OKTA_API_TOKEN}" -H \'Accept: application/json\'';

/** `"${OKTA_ORG_URL}"'/api/v1/…'` with `"${VAR}"` pieces for shell variables. */
function url(...parts: (string | { shellVar: string })[]): string {
  // Adjacent literal pieces are joined first, so each literal run is one single-quoted word part.
  const merged: (string | { shellVar: string })[] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if (typeof p === 'string' && typeof last === 'string') merged[merged.length - 1] = last + p;
    else merged.push(p);
  }
  return (
    '"${OKTA_ORG_URL}"' + merged.map((p) => (typeof p === 'string' ? bashQuote(p) : `"\${${p.shellVar}}"`)).join('')
  );
}

interface UserRef {
  /** Lines that set the shell variable (login lookup), if needed. */
  setup: string[];
  /** The path piece for `/api/v1/users/{id}`. */
  part: string | { shellVar: string };
}

/** How the command names the user: a literal 00u id, a looked-up id, or the placeholder. */
function userRef(f: OktaFacts, fill: Fill): UserRef {
  const id = f.userIds[0];
  if (id) return { setup: [], part: pathSegment(id) };
  const login = f.logins[0];
  if (login) {
    return {
      setup: [`OKTA_USER_ID=$(curl -sS ${AUTH} ${url(`/api/v1/users/${pathSegment(login)}`)} | jq -r .id)`],
      part: { shellVar: 'OKTA_USER_ID' },
    };
  }
  return { setup: [], part: fill.raw(undefined, '<OKTA_USER_ID>') };
}

/** What each Okta action's command is written from. */
interface OktaContext {
  c: Case;
  f: OktaFacts;
}

function clearSessions(fill: Fill, { f }: OktaContext): string[] {
  const u = userRef(f, fill);
  return [
    ...u.setup,
    `curl -sS -X DELETE ${AUTH} \\`,
    `  ${url('/api/v1/users/', u.part, '/sessions?oauthTokens=true')}`,
  ];
}

function revokeClientTokens(fill: Fill, { f }: OktaContext): string[] {
  const u = userRef(f, fill);
  const lines = [
    ...u.setup,
    `curl -sS ${AUTH} ${url('/api/v1/users/', u.part, '/clients')} | jq '.[] | {client_id, client_name}'`,
  ];
  for (const cl of orPlaceholder(f.clients)) {
    const seg = fill.raw(cl === undefined ? undefined : pathSegment(cl), '<CLIENT_ID>');
    lines.push(
      `curl -sS -X DELETE ${AUTH} ${url('/api/v1/users/', u.part, `/clients/${seg}/tokens`)}`,
      `curl -sS -X DELETE ${AUTH} ${url('/api/v1/users/', u.part, `/clients/${seg}/grants`)}`,
    );
  }
  for (const t of f.apiTokens) {
    lines.push(
      '# The case used an Okta API token: revoke it (every integration using it stops).',
      `curl -sS -X DELETE ${AUTH} ${url(`/api/v1/api-tokens/${pathSegment(t)}`)}`,
    );
  }
  return lines;
}

function resetFactors(fill: Fill, { f }: OktaContext): string[] {
  const u = userRef(f, fill);
  return [
    ...u.setup,
    '# 1. Invalidate the password (the user gets a reset link by email):',
    `curl -sS -X POST ${AUTH} ${url('/api/v1/users/', u.part, '/lifecycle/reset_password?sendEmail=true')}`,
    '# 2. Remove every enrolled factor so MFA is enrolled again at next sign-in:',
    `curl -sS -X POST ${AUTH} ${url('/api/v1/users/', u.part, '/lifecycle/reset_factors')}`,
  ];
}

/** Pure data: the same read-only listing for every case. */
const REVIEW_TOKEN_POLICY_LINES = [
  `curl -sS ${AUTH} ${url('/api/v1/authorizationServers')} | jq -r '.[].id' | while read -r as; do`,
  `  curl -sS ${AUTH} ${url('/api/v1/authorizationServers/', { shellVar: 'as' }, '/policies')} | jq -r '.[].id' | while read -r pol; do`,
  `    curl -sS ${AUTH} ${url('/api/v1/authorizationServers/', { shellVar: 'as' }, '/policies/', { shellVar: 'pol' }, '/rules')} |`,
  "      jq '.[] | {name, access: .actions.token.accessTokenLifetimeMinutes, refresh: .actions.token.refreshTokenLifetimeMinutes, " +
    "window: .actions.token.refreshTokenWindowMinutes}'",
  '  done',
  'done',
  `curl -sS ${AUTH} ${url('/api/v1/api-tokens')} | jq '.[] | {id, name, userId, clientName, created}'`,
];

function monitorSystemLog(fill: Fill, { c, f }: OktaContext): string[] {
  const id = f.userIds[0];
  const login = f.logins[0];
  const filter = id
    ? `actor.id eq "${id}" or target.id eq "${id}"`
    : `actor.alternateId eq "${fill.raw(login, '<OKTA_LOGIN>')}"`;
  const since = earliestFlaggedTime(c) ?? caseTime(c);
  return [
    `curl -sS --get ${AUTH} ${url('/api/v1/logs')} \\`,
    `  --data-urlencode ${bashQuote(`filter=${filter}`)} \\`,
    `  --data-urlencode ${bashQuote(`since=${since}`)} |`,
    "  jq '.[] | {published, eventType, ip: .client.ipAddress, outcome: .outcome.result, session: .authenticationContext.rootSessionId}'",
  ];
}

/** The Okta actions, in the order the UI lists them. */
const OKTA_ACTIONS: readonly ActionDef<OktaContext>[] = [
  {
    id: 'okta-clear-sessions',
    playbookItem: 'c-revoke-reauth',
    title: "Clear the user's sessions and OAuth tokens",
    why:
      'Ends every Okta session of the user and, with oauthTokens=true, revokes the OIDC/OAuth access ' +
      'and refresh tokens Okta issued to them. Sessions the downstream apps keep themselves are not ' +
      'ended (use Universal Logout where the app supports it).',
    language: 'bash',
    command: clearSessions,
  },
  {
    id: 'okta-revoke-client-tokens',
    playbookItem: 'c-revoke-reauth',
    title: "Revoke the client's refresh tokens and grants for the user",
    why:
      'Revokes every refresh token the client holds for the user and the consent grants behind them, ' +
      'so the app must send the user through sign-in and consent again. Access tokens are JWTs checked ' +
      'locally by many resource servers and stay usable there until they expire.',
    language: 'bash',
    command: revokeClientTokens,
  },
  {
    id: 'okta-reset-factors',
    playbookItem: 'c-revoke-reauth',
    title: 'Reset the password and MFA factors',
    why:
      'Forces a new password and MFA enrolment, removing any factor the attacker registered. The password ' +
      'goes first because with only the factors reset whoever knows the password could enrol their ' +
      'own factor; verify the user out of band before they re-enrol.',
    language: 'bash',
    command: resetFactors,
  },
  {
    id: 'okta-review-token-policies',
    playbookItem: 'c-review-policies',
    title: 'Review token lifetimes and API tokens',
    why:
      "Lists each authorization server rule's access and refresh token lifetimes (long refresh windows " +
      'keep a stolen token alive) and every API token with its owner, so stale or over-broad tokens ' +
      'can be revoked. Read-only.',
    language: 'bash',
    command: () => [...REVIEW_TOKEN_POLICY_LINES],
  },
  {
    id: 'okta-monitor-system-log',
    playbookItem: 'c-audit-monitoring',
    title: "Watch the user's System Log activity",
    why:
      'Pulls everything the user did (and was done to them) since the first flagged event, to confirm ' +
      'the revocation held and find other tokens. For ongoing alerting, forward the System Log to ' +
      'the SIEM or add an event hook on user.session.start and app.oauth2.as.token.grant for this ' +
      'user; enable ThreatInsight.',
    language: 'bash',
    command: monitorSystemLog,
  },
];

export function buildOkta(c: Case): ContainmentAction[] {
  return buildActions('okta', OKTA_ACTIONS, { c, f: oktaFacts(c) });
}
