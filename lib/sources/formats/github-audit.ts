/**
 * GitHub organization / enterprise audit log: the REST API (`/orgs/{org}/audit-log`,
 * `/enterprises/{e}/audit-log`) JSON, audit-log streaming (NDJSON, incl. Panther's GitHub.Audit with
 * `at_sign_timestamp`) and the org audit log CSV export (same field names as columns). This is
 * where a stolen PAT or OAuth token shows: `hashed_token`, `programmatic_access_type`,
 * `token_id`, `token_scopes`, the OAuth app, and the actor's IP and country.
 *
 * Choices made here:
 * - Time: `@timestamp` (or `at_sign_timestamp`), else `created_at`; epoch ms numbers, digit strings
 *   or date strings (all via `parseTime`). No readable time → kept with time 0 and `timeKnown: false`
 *   (lib/model/token-event.ts), what the log said in `details.rawTime`.
 * - Id: `_document_id`. When absent (older exports, Panther test events) the id is
 *   `github:<epoch ms or no-time>:<action>:<actor>`: deterministic, so the same record read from JSON and from
 *   CSV gets the same id; two records with the same time, action and actor collapse to one id.
 * - Webhook payloads (Panther GitHub_Webhook: `workflow_run`, `pull_request`, `push`…) are not
 *   audit records: they carry `repository`/`sender`/`organization` objects, no string `actor` and no
 *   token fields. `detect` returns false for them so they are reported as an unknown shape.
 * - Credential = what performed the action. GitHub's "Identifying audit log events performed by an
 *   access token" says `hashed_token` (SHA-256 of the token), `programmatic_access_type` and
 *   `token_scopes` show how the caller authenticated when the action happened outside the web UI.
 *   So on ordinary events the credential id is `hashed_token`, else `token_id`; kind from
 *   `programmatic_access_type` (PATs → pat, OAuth / GitHub App tokens → oauth_access_token,
 *   SSH/deploy keys → long_term_key).
 * - Token lifecycle events (`personal_access_token.*`, `oauth_access.*`, `oauth_authorization.*`,
 *   `integration_installation.*`, `programmatic_access.*`, `public_key.*`, `deploy_key.*`,
 *   `org_credential_authorization.*`) are read the other way round: their `hashed_token`,
 *   `token_id` and `user_programmatic_access_name` name the token that was requested, granted,
 *   created or revoked. That token is the `target` (type "personal access token", "OAuth token",
 *   …), never the credential, so creating a token in the browser at home does not count as a use
 *   of that token from home. The performer there is the web session (`explanation: web_user`, a
 *   browser user agent, or an access type that says web session) → credential kind `session`
 *   without id; otherwise the `programmatic_access_type` gives the performer's kind, without id
 *   (the log's token id is the subject's). Exception, when the log says so: an access type of
 *   another kind than the token acted on (an OAuth token adding an SSH key with `public_key.create`)
 *   is the performer, and the event is read like any other.
 * - Outside lifecycle events, a record the log marks as a web session (`explanation: web_user`
 *   or an access type naming a web session) with no token fields gets credential kind `session`.
 * - Booleans may be strings (`actor_is_bot: "False"`); `token_id: 0` (OCSF sample) means no token.
 */
import { bool, field, isRecord, jsonInString, str, type RawRecord } from '../../model/fields';
import { eventTime, rawTimeText, timeKey } from '../../model/time';
import { putDetail } from '../../model/details';
import { readSourceAddress } from '../../model/source-address';
import { classifyVerb } from '../../model/verb';
import type { CredentialKind, EventClass, TokenEvent, TokenEventDetails } from '../../model/token-event';
import { ok, reject, type SourceFormat } from '../source-format';
import { eventApp } from './shared/event-app';

/** Top-level objects that only webhook payloads have (audit records keep `repository` as a string). */
const WEBHOOK_OBJECTS = [
  'repository',
  'sender',
  'organization',
  'installation',
  'enterprise',
  'workflow_run',
  'workflow_job',
  'pull_request',
  'issue',
  'comment',
  'pusher',
  'head_commit',
  'review',
  'check_run',
  'check_suite',
  'release',
  'deployment',
  'hook',
  'commits',
  'pages',
];

export const githubAudit: SourceFormat = {
  id: 'github-audit',
  provider: 'github',
  title: 'GitHub audit log (API JSON, streaming NDJSON, CSV export)',

  detect(rec) {
    const action = field(rec, 'action');
    if (typeof action !== 'string' || action === '') return false;
    const actor = field(rec, 'actor');
    if (actor !== undefined && actor !== null && typeof actor !== 'string') return false;
    for (const k of WEBHOOK_OBJECTS) {
      const v = rec[k];
      if (v !== undefined && (isRecord(v) || Array.isArray(v))) return false;
    }
    return (
      typeof actor === 'string' ||
      field(rec, '@timestamp') !== undefined ||
      field(rec, 'created_at') !== undefined ||
      field(rec, '_document_id') !== undefined ||
      field(rec, 'actor_ip') !== undefined
    );
  },

  parse(rec, ctx) {
    const action = str(field(rec, 'action'));
    if (!action) return reject('GitHub audit record without action');
    const tsRaw = field(rec, '@timestamp') ?? field(rec, 'created_at') ?? field(rec, 'timestamp');
    const when = eventTime(tsRaw, field(rec, 'created_at'));

    const actorId = str(field(rec, 'actor')) ?? 'unknown';
    const accessType = str(field(rec, 'programmatic_access_type'));
    const org = str(field(rec, 'org'));
    const actor = auditActor(actorId, accessType, bool(field(rec, 'actor_is_bot')), org ?? str(field(rec, 'business')));
    const source = auditSource(rec);

    const hashedToken = str(field(rec, 'hashed_token'));
    const tokenIdRaw = str(field(rec, 'token_id'));
    const tokenId = tokenIdRaw === '0' ? undefined : tokenIdRaw;
    const explanation = str(field(rec, 'explanation'));
    const webAccess = accessType !== undefined && WEB_ACCESS.test(accessType);
    const performerKind = accessType && !webAccess ? credentialKind(accessType) : undefined;
    const lifecycle = lifecycleOf(action, performerKind);
    const webSession =
      webAccess ||
      (explanation !== undefined && WEB_ACCESS.test(explanation)) ||
      (lifecycle !== undefined && source.userAgent !== undefined && BROWSER_UA.test(source.userAgent));
    const subject = lifecycle
      ? lifecycleSubject(lifecycle, hashedToken ?? tokenId, str(field(rec, 'user_programmatic_access_name')))
      : undefined;
    const credential = lifecycle
      ? webSession
        ? { kind: 'session' as const }
        : performerKind
          ? { kind: performerKind }
          : undefined
      : actingCredential(webAccess, webSession, hashedToken, tokenId, accessType);

    const repo = str(field(rec, 'repo')) ?? str(field(rec, 'repository'));
    const user = str(field(rec, 'user'));
    const target = auditTarget(subject, repo, user, org);
    const app = auditApp(rec, action);

    const details: TokenEventDetails = {};
    if (accessType) details['programmaticAccessType'] = accessType;
    if (tokenId) details['tokenId'] = tokenId;
    if (repo) details['repo'] = repo;
    if (subject && user) details['targetUser'] = user;
    if (explanation) putDetail(details, 'explanation', explanation);
    if (org) details['org'] = org;
    const repoPublic = bool(field(rec, 'repository_public')) ?? bool(field(rec, 'public_repo'));
    if (repoPublic !== undefined) details['repositoryPublic'] = repoPublic;
    if (when.timeKnown === false) putDetail(details, 'rawTime', rawTimeText(tsRaw));

    const event: TokenEvent = {
      id: str(field(rec, '_document_id')) ?? `github:${timeKey(when)}:${action}:${actorId}`,
      ...when,
      provider: 'github',
      format: 'github-audit',
      class: eventClass(action),
      actor,
      source,
      action: { name: action, service: 'github', verb: classifyVerb(action, 'github') },
      outcome: { success: true },
      ref: ctx.ref,
    };
    if (credential) event.credential = credential;
    if (target) event.target = target;
    if (app) event.app = app;
    if (Object.keys(details).length) event.details = details;
    return ok(event);
  },
};

function auditActor(
  actorId: string,
  accessType: string | undefined,
  isBot: boolean | undefined,
  account: string | undefined,
): TokenEvent['actor'] {
  const actor: TokenEvent['actor'] = {
    id: actorId,
    kind:
      actorId.endsWith('[bot]') ||
      isBot === true ||
      (accessType !== undefined && /server-to-server|github_app|installation/i.test(accessType))
        ? 'service_principal'
        : actorId === 'unknown'
          ? 'unknown'
          : 'human',
  };
  if (account) actor.account = account;
  return actor;
}

/** actor_ip, user_agent and the actor's location. */
function auditSource(rec: RawRecord): TokenEvent['source'] {
  const source: TokenEvent['source'] = readSourceAddress(field(rec, 'actor_ip'));
  const ua = str(field(rec, 'user_agent'));
  if (ua) source.userAgent = ua;
  const loc = readLocation(rec);
  const country = str(loc['country_code']);
  if (country) source.country = country;
  const city = str(loc['city']);
  if (city) source.city = city;
  const region = str(loc['region_name']) ?? str(loc['region']);
  if (region) source.region = region;
  return source;
}

/**
 * The lifecycle category of the action, unless the access type is another kind of credential than
 * the one acted on (an OAuth token adding an SSH key): that says who performed it, so the event
 * is read as an ordinary one.
 */
function lifecycleOf(action: string, performerKind: CredentialKind | undefined): string | undefined {
  const category = LIFECYCLE.exec(action)?.[1];
  return category !== undefined &&
    !(
      performerKind &&
      performerKind !== 'unknown' &&
      SUBJECT_KIND[category] &&
      performerKind !== SUBJECT_KIND[category]
    )
    ? category
    : undefined;
}

/** The token a lifecycle event acts on (by its hash or id, and its name). */
function lifecycleSubject(
  lifecycle: string,
  subjectId: string | undefined,
  tokenName: string | undefined,
): TokenEvent['target'] {
  if (!subjectId && !tokenName) return undefined;
  const subject: NonNullable<TokenEvent['target']> = { type: LIFECYCLE_SUBJECT[lifecycle] ?? 'token' };
  if (subjectId) subject.id = subjectId;
  if (tokenName) subject.name = tokenName;
  return subject;
}

/** The credential an ordinary (non-lifecycle) event was performed with. */
function actingCredential(
  webAccess: boolean,
  webSession: boolean,
  hashedToken: string | undefined,
  tokenId: string | undefined,
  accessType: string | undefined,
): TokenEvent['credential'] {
  if (!webAccess && (hashedToken || tokenId || accessType)) {
    const credential: NonNullable<TokenEvent['credential']> = { kind: credentialKind(accessType) };
    const credId = hashedToken ?? tokenId;
    if (credId) credential.id = credId;
    return credential;
  }
  return webSession ? { kind: 'session' } : undefined;
}

/** A lifecycle event is about its token; else the repository, the user or the organization acted on. */
function auditTarget(
  subject: TokenEvent['target'],
  repo: string | undefined,
  user: string | undefined,
  org: string | undefined,
): TokenEvent['target'] {
  let target: TokenEvent['target'] = subject;
  if (!target && repo) target = { id: repo, type: 'repository' };
  else if (!target && user) target = { id: user, type: 'user' };
  else if (!target && org) target = { id: org, type: 'organization' };
  if (target && org && target.type !== 'organization') target.account = org;
  return target;
}

function auditApp(rec: RawRecord, action: string): TokenEvent['app'] {
  const appId =
    str(field(rec, 'oauth_application_id')) ?? str(field(rec, 'oauth_app_id')) ?? str(field(rec, 'integration_id'));
  const appName =
    str(field(rec, 'oauth_application_name')) ??
    str(field(rec, 'oauth_application')) ??
    str(field(rec, 'integration')) ??
    (action.startsWith('integration_installation.') ? str(field(rec, 'name')) : undefined);
  const scopes = readScopes(field(rec, 'token_scopes'));
  return eventApp(appId, appName, scopes);
}

/** Lifecycle actions: the token fields name the token acted on (the category → its words). */
const LIFECYCLE =
  /^(personal_access_token|oauth_access|oauth_authorization|integration_installation|programmatic_access|public_key|deploy_key|org_credential_authorization)\./;
const LIFECYCLE_SUBJECT: Record<string, string> = {
  personal_access_token: 'personal access token',
  programmatic_access: 'personal access token',
  oauth_access: 'OAuth token',
  oauth_authorization: 'OAuth authorization',
  integration_installation: 'GitHub App installation',
  public_key: 'SSH key',
  deploy_key: 'deploy key',
  org_credential_authorization: 'SSO credential authorization',
};
/** The credential kind each lifecycle category acts on (none: either kind, e.g. SSO authorization of a PAT or a key). */
const SUBJECT_KIND: Partial<Record<string, CredentialKind>> = {
  personal_access_token: 'pat',
  programmatic_access: 'pat',
  oauth_access: 'oauth_access_token',
  oauth_authorization: 'oauth_access_token',
  integration_installation: 'oauth_access_token',
  public_key: 'long_term_key',
  deploy_key: 'long_term_key',
};
/** `explanation` / `programmatic_access_type` values that say the caller was a signed-in browser. */
const WEB_ACCESS = /^web[ _-]?(user|session|ui)$|^browser$/i;
const BROWSER_UA = /^Mozilla\/\d/;

/** `actor_location` as an object, a JSON string (CSV), or dotted CSV columns `actor_location.country_code`. */
function readLocation(rec: RawRecord): RawRecord {
  const v = jsonInString(field(rec, 'actor_location'));
  if (isRecord(v)) return v;
  const out: RawRecord = {};
  for (const k of ['country_code', 'city', 'region', 'region_name']) {
    const cell = rec[`actor_location.${k}`];
    if (cell !== undefined) out[k] = cell;
  }
  return out;
}

function credentialKind(type: string | undefined): CredentialKind {
  if (!type) return 'unknown';
  const t = type.toLowerCase();
  if (t.includes('personal access token') || t.includes('personal_access_token')) return 'pat';
  if (
    t.includes('oauth') ||
    t.includes('server-to-server') ||
    t.includes('user-to-server') ||
    t.includes('github_app') ||
    t.includes('github app')
  ) {
    return 'oauth_access_token';
  }
  if (t.includes('public key') || t.includes('deploy_key') || t.includes('deploy key')) return 'long_term_key';
  return 'unknown';
}

/** Actions that grant an application, an OAuth app or a token access. */
const GRANT_ACTION =
  /^(oauth_authorization|oauth_access|personal_access_token|integration_installation|org_credential_authorization)\.|^org\.oauth_app_access_/;
const AUTHENTICATION_ACTION = /(^|\.)(sso_response|login|logout)$|^user\.(two_factor|login)/;
/** Membership, keys, OAuth apps and enterprise admins: who may act changes. */
const ACCOUNT_CHANGE_ACTION = new RegExp(
  '^(org\\.(add_member|remove_member|update_member|invite_member|add_billing_manager)|team\\.(add_member|remove_member)' +
    '|user\\.|public_key\\.|repo\\.(add_member|remove_member)|oauth_application\\.|business\\.(add_admin|remove_admin))',
);

function eventClass(action: string): EventClass {
  if (GRANT_ACTION.test(action)) return 'authorization_grant';
  if (AUTHENTICATION_ACTION.test(action)) return 'authentication';
  if (ACCOUNT_CHANGE_ACTION.test(action)) return 'account_change';
  return 'api_activity';
}

/** `token_scopes`: an array, `"repo,workflow"`, or a JSON array kept as text (CSV). */
function readScopes(v: unknown): string[] | undefined {
  const parsed = jsonInString(v);
  let list: string[] = [];
  if (Array.isArray(parsed)) list = parsed.filter((s): s is string => typeof s === 'string');
  else if (typeof parsed === 'string') list = parsed.split(/[\s,]+/);
  list = list.map((s) => s.trim()).filter((s) => s.length > 0);
  return list.length ? list : undefined;
}
