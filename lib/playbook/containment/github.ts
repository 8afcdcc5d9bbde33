/**
 * GitHub containment actions (REST API with curl and jq, bash, plus settings pages), with the
 * case's organization, user and token identifiers filled in.
 *
 * What it handles and why: a stolen GitHub application token is a personal access token
 * (fine-grained or classic), an OAuth app token, or the SSO authorization that lets either reach
 * a SAML-protected organization. Organization owners can revoke a fine-grained PAT's access to the
 * org (GitHub App token only) and remove SSO credential authorizations (forcing the user through
 * the IdP again); a classic PAT can only be revoked by its owner or, with the raw token in hand,
 * through the credential revocation API; an OAuth grant can only be revoked with the app's own
 * client credentials. Then review the org's token policies and monitor the audit log.
 *
 * Values: the organization and login (GitHub name shape), token_id (numeric) and hashed_token
 * (base64 SHA-256) from the audit events, OAuth client ids (Ov23…/Iv1.…) — shape-checked and
 * bash-quoted. API tokens come from the analyst's environment (GITHUB_TOKEN for an org owner,
 * GITHUB_APP_TOKEN for a GitHub App installation) and are never filled in; a raw leaked token is
 * read from a file the analyst creates, never written into a command.
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
  caseTime,
  earliestFlaggedTime,
  eventsFor,
  flaggedFirst,
  pathSegment,
} from './shared';

export interface GithubFacts {
  orgs: string[];
  logins: string[];
  tokenIds: string[];
  hashedTokens: string[];
  clientIds: string[];
}

export function githubFacts(c: Case): GithubFacts {
  const events = flaggedFirst(eventsFor(c, 'github'));
  const humans = events.filter((e) => e.actorKind !== 'service_principal');
  return {
    orgs: allShaped(
      events.map((e) => e.account),
      SHAPES.githubLogin,
    ),
    logins: allShaped([...humans.map((e) => e.actor), ...(events.length ? [c.subject.id] : [])], SHAPES.githubLogin),
    tokenIds: allShaped(
      events.map((e) => e.credentialId),
      SHAPES.githubTokenId,
    ),
    hashedTokens: allShaped(
      events.map((e) => e.credentialId),
      SHAPES.githubHashedToken,
    ),
    clientIds: allShaped(
      events.map((e) => e.appId),
      SHAPES.githubClientId,
    ),
  };
}

const HEADERS = "-H 'Accept: application/vnd.github+json' -H 'X-GitHub-Api-Version: 2022-11-28'";
const API = 'https://api.github.com';

/** What each GitHub action's command is written from. */
interface GithubContext {
  c: Case;
  f: GithubFacts;
}

const q = bashQuote;

/** The organization as a URL path segment, or the placeholder. */
const orgSeg = (fill: Fill, f: GithubFacts): string =>
  fill.raw(f.orgs[0] === undefined ? undefined : pathSegment(f.orgs[0]), '<ORG>');
const loginOf = (fill: Fill, f: GithubFacts): string => fill.raw(f.logins[0], '<LOGIN>');

function revokeFineGrainedPat(fill: Fill, { f }: GithubContext): string[] {
  const org = orgSeg(fill, f);
  const select = f.tokenIds.length
    ? `[.[] | select(${f.tokenIds.map((t) => `.token_id == ${t}`).join(' or ')}) | .id]`
    : '[.[].id]';
  return [
    '# Needs a GitHub App installation token with the "Personal access tokens" organization permission (write).',
    `pat_ids=$(curl -sS --get ${HEADERS} -H "Authorization: Bearer \${GITHUB_APP_TOKEN}" \\`,
    `  ${q(`${API}/orgs/${org}/personal-access-tokens`)} --data-urlencode ${q(`owner[]=${loginOf(fill, f)}`)} |`,
    `  jq -c ${q(select)})`,
    'echo "$pat_ids"',
    `jq -n --argjson ids "$pat_ids" '{action: "revoke", pat_ids: $ids}' |`,
    `  curl -sS -X POST ${HEADERS} -H "Authorization: Bearer \${GITHUB_APP_TOKEN}" \\`,
    `  ${q(`${API}/orgs/${org}/personal-access-tokens`)} --data @-`,
  ];
}

function removeSsoAuthorizations(fill: Fill, { f }: GithubContext): string[] {
  const org = orgSeg(fill, f);
  return [
    '# Organization owner token; SAML single sign-on organizations (GitHub Enterprise Cloud) only.',
    `curl -sS --get ${HEADERS} -H "Authorization: Bearer \${GITHUB_TOKEN}" \\`,
    `  ${q(`${API}/orgs/${org}/credential-authorizations`)} --data-urlencode ${q(`login=${loginOf(fill, f)}`)} |`,
    "  jq -r '.[].credential_id' | while read -r id; do",
    `    curl -sS -X DELETE ${HEADERS} -H "Authorization: Bearer \${GITHUB_TOKEN}" ${q(`${API}/orgs/${org}/credential-authorizations/`)}"$id"`,
    '  done',
  ];
}

/** Pure data: the command reads the leaked tokens from a file the analyst creates. */
const REVOKE_LEAKED_TOKEN_LINES = [
  '# Only with the raw token(s) in hand (found leaked), one per line in leaked-tokens.txt. Send it unauthenticated: authenticated calls get 403.',
  "jq -Rn '{credentials: [inputs | select(length > 0)]}' < leaked-tokens.txt |",
  `  curl -sS -X POST ${HEADERS} ${q(`${API}/credentials/revoke`)} --data @-`,
  '# Without the raw token: the owner revokes it at Settings > Developer settings > Personal access tokens.',
];

function revokeOauthGrant(fill: Fill, { f }: GithubContext): string[] {
  const client = fill.raw(f.clientIds[0], '<CLIENT_ID>');
  const clientSeg = f.clientIds[0] !== undefined ? pathSegment(f.clientIds[0]) : client;
  return [
    "# Needs the OAuth app's own client secret (only the app's owner has it) and the raw token in leaked-oauth-token.txt.",
    "jq -Rn '{access_token: input}' < leaked-oauth-token.txt |",
    `  curl -sS -X DELETE ${HEADERS} -u ${q(`${client}:`)}"\${GITHUB_OAUTH_CLIENT_SECRET}" \\`,
    `  ${q(`${API}/applications/${clientSeg}/grant`)} --data @-`,
    '# Otherwise: the user revokes the app at Settings > Applications > Authorized OAuth Apps;',
    '# organization owners can deny it at Organization settings > Third-party access > OAuth app policy.',
  ];
}

function reviewTokenPolicies(fill: Fill, { f }: GithubContext): string[] {
  const org = fill.raw(f.orgs[0], '<ORG>');
  return [
    `Organization ${org} > Settings > Personal access tokens > Settings`,
    '  - Fine-grained tokens: require administrator approval; set a maximum lifetime.',
    '  - Personal access tokens (classic): restrict access to the organization.',
    `Organization ${org} > Settings > Personal access tokens > Active tokens and Pending requests: revoke what is not needed.`,
    `Organization ${org} > Settings > Third-party access > OAuth app policy: restrict access and review approved apps.`,
    `Organization ${org} > Settings > Authentication security: require two-factor authentication and SAML single sign-on.`,
  ];
}

function monitorAuditLog(fill: Fill, { c, f }: GithubContext): string[] {
  const org = orgSeg(fill, f);
  const since = (earliestFlaggedTime(c) ?? caseTime(c)).slice(0, 10);
  const phrases = f.hashedTokens.length
    ? f.hashedTokens.map((h) => `hashed_token:"${h}" created:>=${since}`)
    : [`actor:${loginOf(fill, f)} created:>=${since}`];
  const lines = phrases.flatMap((p) => [
    `curl -sS --get ${HEADERS} -H "Authorization: Bearer \${GITHUB_TOKEN}" ${q(`${API}/orgs/${org}/audit-log`)} \\`,
    `  --data-urlencode ${q(`phrase=${p}`)} --data-urlencode 'per_page=100' |`,
    '  jq \'.[] | {at: ."@timestamp", action, actor, actor_ip, programmatic_access_type}\'',
  ]);
  lines.push(
    '# Ongoing: Enterprise settings > Audit log > Log streaming to the SIEM; alert on this token ' +
      'and on personal_access_token.* and oauth_authorization.create.',
  );
  return lines;
}

/** The GitHub actions, in the order the UI lists them. */
const GITHUB_ACTIONS: readonly ActionDef<GithubContext>[] = [
  {
    id: 'github-revoke-fine-grained-pat',
    playbookItem: 'c-revoke-reauth',
    title: "Revoke the fine-grained PAT's access to the organization",
    why: ({ f }) =>
      f.tokenIds.length
        ? "Revokes the organization access of the user's fine-grained token(s) with the case's token_id; " +
          "the token itself still works on the user's own and public resources, and SSH keys it created keep working."
        : 'Without a token_id in the case this revokes the organization access of every fine-grained token ' +
          "the user holds; the tokens still work on the user's own and public resources. Only GitHub Apps " +
          'can call this endpoint.',
    language: 'bash',
    command: revokeFineGrainedPat,
  },
  {
    id: 'github-remove-sso-authorizations',
    playbookItem: 'c-revoke-reauth',
    title: "Remove the user's SSO credential authorizations",
    why:
      "Every PAT, OAuth token and SSH key of the user loses access to the organization's resources " +
      'until the user signs in through the IdP again and re-authorizes it, which forces re-authentication ' +
      "with the IdP's MFA. The tokens themselves are not revoked and still work outside the organization.",
    language: 'bash',
    command: removeSsoAuthorizations,
  },
  {
    id: 'github-revoke-leaked-token',
    playbookItem: 'c-revoke-reauth',
    title: 'Revoke the token itself (classic or fine-grained PAT)',
    why:
      'Revokes the token everywhere, not only in the organization, and notifies its owner; revoked ' +
      'tokens cannot be reactivated. The audit log only holds a hash of the token, so this needs the ' +
      "raw value or the owner's help.",
    language: 'bash',
    command: () => [...REVOKE_LEAKED_TOKEN_LINES],
  },
  {
    id: 'github-revoke-oauth-grant',
    playbookItem: 'c-revoke-reauth',
    title: "Revoke the OAuth app's grant for the user",
    why:
      "Deletes the user's authorization of the OAuth app and every token it holds for them; the API " +
      "only accepts the app's own client ID and secret, so unless you own the app the user must revoke " +
      "it in their settings. The audit log's oauth_application_id is not the client ID.",
    language: 'bash',
    command: revokeOauthGrant,
  },
  {
    id: 'github-review-token-policies',
    playbookItem: 'c-review-policies',
    title: "Review the organization's token policies",
    why:
      'Approval and maximum lifetime for fine-grained tokens, a classic-token restriction, OAuth app ' +
      'restrictions and SSO decide how far the next stolen token gets. Changing them affects every ' +
      'member; agree it with the organization owners.',
    language: 'console',
    command: reviewTokenPolicies,
  },
  {
    id: 'github-monitor-audit-log',
    playbookItem: 'c-audit-monitoring',
    title: 'Search the audit log for the token and stream it',
    why:
      'Lists everything the token (by its hash) or the user did in the organization since the first ' +
      'flagged event, to find what it touched and confirm the revocation held. The audit-log API and ' +
      'streaming need GitHub Enterprise Cloud, and Git events are only in exports and streams.',
    language: 'bash',
    command: monitorAuditLog,
  },
];

export function buildGithub(c: Case): ContainmentAction[] {
  return buildActions('github', GITHUB_ACTIONS, { c, f: githubFacts(c) });
}
