/**
 * GitHub webhook deliveries as SIEMs store them (Panther's GitHub.Webhook, raw `X-GitHub-Event`
 * bodies kept as NDJSON): a `repository` object plus one event object. Webhooks say what happened
 * in a repository (workflow runs, pushes, pull requests, comments…) and who GitHub attributes it
 * to; they carry no IP, user agent or token fields, so these events add context (which repository,
 * which account, when) rather than token evidence. GitHub's audit log is `github-audit`; the two
 * never claim the same record (audit records keep `repository` as a string and have markers such
 * as `_document_id`, `@timestamp`, `actor_ip`, `org_id`, `business`, which this format refuses).
 *
 * Event type, from the keys present (first row that matches wins; the type is GitHub's own
 * `X-GitHub-Event` name, the "object" is what the id, time and actor are read from):
 *
 * | keys present                                   | type                          | object            |
 * |------------------------------------------------|-------------------------------|-------------------|
 * | `workflow_job`                                 | `workflow_job`                | workflow_job      |
 * | `workflow_run`                                 | `workflow_run`                | workflow_run      |
 * | `check_run` / `check_suite`                    | `check_run` / `check_suite`   | same              |
 * | `deployment_status`                            | `deployment_status`           | deployment_status |
 * | `deployment`                                   | `deployment`                  | deployment        |
 * | `discussion` + `comment` / `discussion`        | `discussion_comment` / `discussion` | comment / discussion |
 * | `review` (+ `pull_request`)                    | `pull_request_review`         | review            |
 * | `comment` + `pull_request`                     | `pull_request_review_comment` | comment           |
 * | `comment` + `issue`                            | `issue_comment`               | comment           |
 * | `comment`                                      | `commit_comment`              | comment           |
 * | `pull_request`                                 | `pull_request`                | pull_request      |
 * | `issue`                                        | `issues`                      | issue             |
 * | `release` / `member` / `membership` / `team` / `label` / `milestone` / `package` | same name | same |
 * | `forkee` / `key` / `rule` / `repository_ruleset` | `fork` / `deploy_key` / `branch_protection_rule` / `repository_ruleset` | same |
 * | `pages` (array)                                | `gollum`                      | pages[0]          |
 * | `hook` (+ `zen`)                               | `ping` with zen, else `meta`  | hook              |
 * | `ref` + `ref_type`                             | `create` with `master_branch`, else `delete` | —  |
 * | `commits` / `head_commit`, or `ref` + one of `before`/`after`/`pusher`/`action: "push"` | `push` | head_commit |
 * | `sha` + `state` + `context`                    | `status`                      | the payload       |
 * | `repositories_added`/`_removed` / `installation` | `installation_repositories` / `installation` | installation |
 * | only envelope objects (`repository`, `sender`, `organization`, `installation`, `enterprise`, `changes`) and a string `action` | `repository` | repository |
 *
 * `installation` comes last because every delivery to a GitHub App carries it. A payload with an
 * object key not in this table (e.g. `alert`) is not claimed: it is reported, never guessed.
 *
 * Choices made here:
 * - action.name `<type>.<action>`, or `<type>` when there is no action or the action repeats the
 *   type (Panther test pushes say `action: "push"`); service `github`; verb via classifyVerb.
 * - Actor: `sender.login`, else `pusher.name`, else the object's `user`/`actor`/`triggering_actor`/
 *   `author`/`creator` login, else `unknown` (kind unknown). `[bot]` logins and type `Bot` →
 *   service_principal, else human. Account: the repository owner (or organization) login.
 * - Target: the repository (`full_name`); details `repo`, `org`, `repositoryPublic` (`!private`,
 *   or `visibility`), `conclusion` (workflow/check runs). No IP in webhooks: `source` is `{}`.
 * - Outcome describes the delivery: always success. A failed workflow stays in `details.conclusion`.
 * - App: `installation.id`, and the object's `performed_via_github_app` / `app` (id, name or slug).
 * - Time: the object's `updated_at`, `completed_at`, `submitted_at`, `published_at`, `started_at`,
 *   `created_at`; pushes: `repository.pushed_at` (epoch seconds in real pushes), then
 *   `head_commit.timestamp`, then the last commit's `timestamp`; `repository` events: the
 *   repository's `created_at` for `created`, else its `updated_at`. `repository.pushed_at` is not
 *   used for other types (it is the last push, not the event). None readable → time 0 with
 *   `timeKnown: false`, and `details.rawTime` when a value was there but unreadable.
 * - Id: `github-webhook:<type>:<object id>:<action>` (`:<action>` only when the name has one). The
 *   object id is the object's `id` (or `node_id`); a push's `after` / head commit / last commit id;
 *   create/delete: the ref; gollum: the page sha or name; `repository` events: the repository id.
 *   Per-repository numbers become `<full_name>#<number>`. With none of these, a hash of the
 *   record: deterministic, never a file position.
 */
import { bool, field, isRecord, str, type RawRecord } from '../../model/fields';
import { eventTime, rawTimeText } from '../../model/time';
import { putDetail } from '../../model/details';
import { classifyVerb } from '../../model/verb';
import type { EventClass, TokenEvent, TokenEventDetails } from '../../model/token-event';
import { ok, reject, type SourceFormat } from '../source-format';
import { eventApp } from './shared/event-app';

/** Top-level keys only GitHub audit-log records have. */
const AUDIT_MARKERS = [
  '_document_id',
  '@timestamp',
  'at_sign_timestamp',
  'actor_ip',
  'actor_location',
  'org_id',
  'business',
  'business_id',
  'hashed_token',
  'programmatic_access_type',
  'operation_type',
];

/** Objects every kind of delivery may carry besides its event object. */
const ENVELOPE = new Set(['repository', 'sender', 'organization', 'installation', 'enterprise', 'changes']);

/** Single-key event types: key → type (the key is also the object). Checked in this order. */
const SIMPLE: readonly (readonly [string, string])[] = [
  ['release', 'release'],
  ['member', 'member'],
  ['membership', 'membership'],
  ['team', 'team'],
  ['label', 'label'],
  ['milestone', 'milestone'],
  ['package', 'package'],
  ['registry_package', 'registry_package'],
  ['forkee', 'fork'],
  ['key', 'deploy_key'],
  ['rule', 'branch_protection_rule'],
  ['repository_ruleset', 'repository_ruleset'],
];

interface Kind {
  type: string;
  /** The event object: id, time, actor and app come from it. */
  obj: RawRecord | undefined;
}

const obj = (rec: RawRecord, key: string): RawRecord | undefined => {
  const v = rec[key];
  return isRecord(v) ? v : undefined;
};

/** The event type of a payload that has a `repository` object, or undefined when it is not a known one. */
function kindOf(rec: RawRecord): Kind | undefined {
  for (const k of ['workflow_job', 'workflow_run', 'check_run', 'check_suite', 'deployment_status', 'deployment']) {
    const o = obj(rec, k);
    if (o) return { type: k, obj: o };
  }
  const comment = obj(rec, 'comment');
  const discussion = obj(rec, 'discussion');
  if (discussion)
    return comment ? { type: 'discussion_comment', obj: comment } : { type: 'discussion', obj: discussion };
  const review = obj(rec, 'review');
  if (review) return { type: 'pull_request_review', obj: review };
  const pr = obj(rec, 'pull_request');
  const issue = obj(rec, 'issue');
  if (comment)
    return { type: pr ? 'pull_request_review_comment' : issue ? 'issue_comment' : 'commit_comment', obj: comment };
  if (pr) return { type: 'pull_request', obj: pr };
  if (issue) return { type: 'issues', obj: issue };
  for (const [k, type] of SIMPLE) {
    const o = obj(rec, k);
    if (o) return { type, obj: o };
  }
  const pages = rec['pages'];
  if (Array.isArray(pages)) return { type: 'gollum', obj: isRecord(pages[0]) ? pages[0] : undefined };
  const hook = obj(rec, 'hook');
  if (hook) return { type: rec['zen'] !== undefined ? 'ping' : 'meta', obj: hook };
  const ref = rec['ref'];
  if (typeof ref === 'string' && rec['ref_type'] !== undefined) {
    return { type: rec['master_branch'] !== undefined ? 'create' : 'delete', obj: undefined };
  }
  const headCommit = obj(rec, 'head_commit');
  if (
    Array.isArray(rec['commits']) ||
    headCommit ||
    (typeof ref === 'string' &&
      (rec['before'] !== undefined ||
        rec['after'] !== undefined ||
        isRecord(rec['pusher']) ||
        rec['action'] === 'push'))
  ) {
    return { type: 'push', obj: headCommit };
  }
  if (typeof rec['sha'] === 'string' && rec['state'] !== undefined && rec['context'] !== undefined)
    return { type: 'status', obj: rec };
  const installation = obj(rec, 'installation');
  if (Array.isArray(rec['repositories_added']) || Array.isArray(rec['repositories_removed'])) {
    return { type: 'installation_repositories', obj: installation };
  }
  // The `repository` event itself (created, deleted, archived, renamed…), or an App delivery of
  // `installation`: only envelope objects and an action.
  if (typeof rec['action'] !== 'string' || rec['action'] === '') return undefined;
  for (const k in rec) {
    const v = rec[k];
    if ((isRecord(v) || Array.isArray(v)) && !ENVELOPE.has(k)) return undefined;
  }
  if (installation && (installation['app_id'] !== undefined || isRecord(installation['account'])))
    return { type: 'installation', obj: installation };
  return { type: 'repository', obj: obj(rec, 'repository') };
}

export const githubWebhook: SourceFormat = {
  id: 'github-webhook',
  provider: 'github',
  title: 'GitHub webhook deliveries (Panther GitHub.Webhook, stored X-GitHub-Event payloads)',

  detect(rec) {
    if (!isRecord(rec['repository'])) return false;
    for (const k of AUDIT_MARKERS) if (rec[k] !== undefined) return false;
    const actor = rec['actor'];
    if (typeof actor === 'string') return false;
    return kindOf(rec) !== undefined;
  },

  parse(rec, ctx) {
    try {
      return parseWebhook(rec, ctx.ref);
    } catch (err) {
      return reject(`unreadable GitHub webhook payload: ${err instanceof Error ? err.message : typeof err}`);
    }
  },
};

function parseWebhook(rec: RawRecord, ref: string): ReturnType<SourceFormat['parse']> {
  const repo = obj(rec, 'repository');
  if (!repo) return reject('GitHub webhook payload without a repository object');
  const kind = kindOf(rec);
  if (!kind)
    return reject(
      `GitHub webhook payload with no known event object (keys: ${Object.keys(rec).slice(0, 8).join(', ')})`,
    );
  const { type } = kind;
  const o = kind.obj;
  const actionRaw = str(rec['action']);
  const action = actionRaw === type ? undefined : actionRaw;
  const name = action ? `${type}.${action}` : type;

  const owner = str(obj(repo, 'owner')?.['login']) ?? str(obj(rec, 'organization')?.['login']);
  const actor = webhookActor(rec, o);
  if (owner) actor.account = owner;

  // Target and details
  const repoName =
    str(repo['full_name']) ?? (owner && str(repo['name']) ? `${owner}/${str(repo['name'])}` : str(repo['name']));
  let target: TokenEvent['target'];
  if (repoName) {
    target = { id: repoName, type: 'repository' };
    if (owner) target.account = owner;
  }
  const details: TokenEventDetails = {};
  if (repoName) details['repo'] = repoName;
  if (owner) details['org'] = owner;
  const priv = bool(repo['private']);
  const visibility = str(repo['visibility']);
  if (priv !== undefined) details['repositoryPublic'] = !priv;
  else if (visibility) details['repositoryPublic'] = visibility === 'public';
  const conclusion = o ? str(o['conclusion']) : undefined;
  if (conclusion) details['conclusion'] = conclusion;

  const candidates = timeCandidates(rec, kind, repo, action);
  const when = eventTime(...candidates);
  if (when.timeKnown === false) putDetail(details, 'rawTime', rawTimeText(...candidates));

  const event: TokenEvent = {
    id: `github-webhook:${type}:${objectId(rec, kind, repo, repoName)}${action ? `:${action}` : ''}`,
    ...when,
    provider: 'github',
    format: 'github-webhook',
    class: eventClass(type),
    actor,
    source: {},
    action: { name, service: 'github', verb: classifyVerb(name, 'github') },
    outcome: { success: true },
    ref,
  };
  if (target) event.target = target;
  const app = webhookApp(rec, o);
  if (app) event.app = app;
  if (Object.keys(details).length) event.details = details;
  return ok(event);
}

/** The sender, else the pusher, else the event object's user (actor, author…); account is set by the caller. */
function webhookActor(rec: RawRecord, o: RawRecord | undefined): TokenEvent['actor'] {
  const sender = obj(rec, 'sender');
  let who: RawRecord | undefined;
  let actorId = str(sender?.['login']);
  if (actorId) who = sender;
  else actorId = str(obj(rec, 'pusher')?.['name']);
  if (!actorId && o) {
    for (const k of ['user', 'actor', 'triggering_actor', 'author', 'creator']) {
      const u = obj(o, k);
      const login = str(u?.['login']);
      if (login) {
        actorId = login;
        who = u;
        break;
      }
    }
  }
  const id = actorId ?? 'unknown';
  const userType = str(who?.['type']);
  const actor: TokenEvent['actor'] = {
    id,
    kind: !actorId ? 'unknown' : id.endsWith('[bot]') || userType === 'Bot' ? 'service_principal' : 'human',
  };
  if (userType) actor.type = userType;
  return actor;
}

/** The GitHub App that acted (performed_via_github_app / app), else the installation. */
function webhookApp(rec: RawRecord, o: RawRecord | undefined): TokenEvent['app'] {
  const appObj = (o && (obj(o, 'performed_via_github_app') ?? obj(o, 'app'))) ?? undefined;
  const appId = str(appObj?.['id']) ?? str(obj(rec, 'installation')?.['id']);
  const appName = str(appObj?.['name']) ?? str(appObj?.['slug']);
  return eventApp(appId, appName);
}

function timeCandidates(rec: RawRecord, kind: Kind, repo: RawRecord, action: string | undefined): unknown[] {
  if (kind.type === 'push') {
    const commits = rec['commits'];
    const last = Array.isArray(commits) && commits.length ? commits[commits.length - 1] : undefined;
    return [repo['pushed_at'], kind.obj?.['timestamp'], isRecord(last) ? last['timestamp'] : undefined];
  }
  if (kind.type === 'repository') return [action === 'created' ? repo['created_at'] : repo['updated_at']];
  const o = kind.obj;
  if (!o) return [];
  return ['updated_at', 'completed_at', 'submitted_at', 'published_at', 'started_at', 'created_at'].map((k) =>
    field(o, k),
  );
}

function objectId(rec: RawRecord, kind: Kind, repo: RawRecord, repoName: string | undefined): string {
  const o = kind.obj;
  let oid: string | undefined;
  switch (kind.type) {
    case 'push': {
      const commits = rec['commits'];
      const last = Array.isArray(commits) && commits.length ? commits[commits.length - 1] : undefined;
      oid = str(rec['after']) ?? str(o?.['id']) ?? (isRecord(last) ? str(last['id']) : undefined) ?? str(rec['ref']);
      break;
    }
    case 'create':
    case 'delete':
      oid = str(rec['ref']);
      break;
    case 'gollum':
      oid = str(o?.['sha']) ?? str(o?.['page_name']);
      break;
    case 'repository':
      oid = str(repo['id']) ?? repoName;
      break;
    default: {
      oid = str(o?.['id']) ?? str(o?.['node_id']) ?? str(o?.['sha']);
      const number = str(o?.['number']);
      if (!oid && number) oid = `${repoName ?? 'repo'}#${number}`;
    }
  }
  return oid ?? `h${hashRecord(rec)}`;
}

function eventClass(type: string): EventClass {
  if (type === 'installation' || type === 'installation_repositories' || type === 'deploy_key')
    return 'authorization_grant';
  if (type === 'member' || type === 'membership' || type === 'team') return 'account_change';
  return 'api_activity';
}

/** FNV-1a over the record's JSON text: a deterministic id part for payloads without any id. */
function hashRecord(rec: RawRecord): string {
  let s: string;
  try {
    s = JSON.stringify(rec) ?? '';
  } catch {
    s = Object.keys(rec).join(',');
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
