/**
 * AWS CloudTrail → TokenEvent. CloudTrail is the main evidence for stolen AWS keys (who used
 * which accessKeyId from where) and for minting (GetFederationToken, AssumeRole*, GetSigninToken).
 *
 * One record at a time, in the shapes analysts actually have:
 * - a raw record (from `{"Records":[…]}` files, arrays, NDJSON, the console's JSON download);
 * - with lower-cased top-level keys (Panther) and `@timestamp`/`at_sign_timestamp`/`p_event_time`
 *   instead of `eventTime`;
 * - a CloudTrail Lake row whose record sits, as JSON text, in `eventJson` (`eventjson` in exports),
 *   and Lake `get-query-results` / `lookup-events` documents holding many rows;
 * - a console Event history CSV row ("Event ID", "Event time", …): its "CloudTrail event" column
 *   when that holds the record, else the columns themselves.
 *
 * A record without eventName is rejected; one without a readable time is kept with `timeKnown: false`.
 *
 * Hot path (the CLI parses 200k records): plain property reads on CloudTrail's own key names; a
 * record with other casing gets one shallow re-keyed copy of its top level first; structs that
 * Lake and some exports flatten to JSON text are read with `asObject`. No zod. Secrets
 * beside the fields read here (responseElements.credentials.sessionToken/secretAccessKey) are
 * never read.
 *
 * Each event carries `source.clientKind` (lib/model/client-kind.ts): the console's own front and
 * back ends, a service acting for the caller (`invokedBy`), infrastructure as code, an SDK…, so
 * indicators tell console page loads from a second client. A record with only `accountId` and
 * `invokedBy` (EC2's `SharedSnapshotVolumeCreated`) is the service's own event; one without any
 * `userIdentity` (minimised exports) names no caller (lib/model/caller.ts).
 */
import { asObject, bool, field, isRecord, num, str, type RawRecord } from '../../model/fields';
import { parseTime, rawTimeText } from '../../model/time';
import { putDetail } from '../../model/details';
import { readSourceAddress, type SourceAddress } from '../../model/source-address';
import { classifyVerb } from '../../model/verb';
import { classifyClient } from '../../model/client-kind';
import type {
  ActorKind,
  CredentialKind,
  EventClass,
  TokenEvent,
  TokenEventDetails,
  VerbClass,
} from '../../model/token-event';
import { ok, reject, unreadable, type ParseContext, type ParseResult, type SourceFormat } from '../source-format';

export const cloudtrail: SourceFormat = {
  id: 'cloudtrail',
  provider: 'aws',
  title: 'AWS CloudTrail (trail files, Event history JSON/CSV, Lake results)',

  detect(r: RawRecord): boolean {
    if (isCloudTrailShape(r)) return true;
    const lake = r.eventJson ?? r.eventjson ?? r.CloudTrailEvent ?? r['CloudTrail event'];
    if (typeof lake === 'string') return lake.includes('"eventName"');
    if (isRecord(lake)) return isCloudTrailShape(lake);
    const many = r.Events ?? r.QueryResultRows;
    if (Array.isArray(many)) {
      const first = many.length ? rowOf(many[0]) : undefined;
      return first !== undefined && !Array.isArray(first.Events ?? first.QueryResultRows) && cloudtrail.detect(first);
    }
    return typeof r['Event name'] === 'string' && ('Event source' in r || 'AWS access key' in r);
  },

  parse(r: RawRecord, ctx: ParseContext): ParseResult {
    try {
      if (r.eventName !== undefined) return parseRecord(r, ctx);
      if (r.eventname !== undefined) return parseRecord(canonical(r), ctx);
      const many = r.Events ?? r.QueryResultRows;
      if (Array.isArray(many)) return parseMany(many, ctx);
      const inner = embedded(r);
      if (inner.record) return cloudtrail.parse(inner.record, ctx);
      const cols = fromColumns(r);
      if (cols) return parseRecord(cols.record, ctx, cols);
      if (inner.bad) return reject(inner.bad);
      return parseRecord(canonical(r), ctx);
    } catch (err) {
      return unreadable('CloudTrail record', err);
    }
  },
};

/** Exact-key reads only (CloudTrail's casing and Panther's lower case): detect runs on every record of a scan. */
function isCloudTrailShape(r: RawRecord): boolean {
  if (typeof (r.eventName ?? r.eventname) !== 'string') return false;
  const src = r.eventSource ?? r.eventsource;
  if (typeof src === 'string') return src.endsWith('.amazonaws.com');
  // Trimmed records without eventSource still carry AWS-only keys.
  return (
    (r.awsRegion ?? r.awsregion ?? r.recipientAccountId ?? r.recipientaccountid ?? r.userIdentity ?? r.useridentity) !==
    undefined
  );
}

/** Top-level keys as CloudTrail spells them, looked up by their lower-case form. */
const CANONICAL = new Map(
  [
    'eventVersion',
    'userIdentity',
    'eventTime',
    'eventSource',
    'eventName',
    'awsRegion',
    'sourceIPAddress',
    'userAgent',
    'requestParameters',
    'responseElements',
    'additionalEventData',
    'requestID',
    'eventID',
    'readOnly',
    'eventType',
    'recipientAccountId',
    'errorCode',
    'errorMessage',
    'sessionCredentialFromConsole',
    'vpcEndpointId',
    'resources',
    'managementEvent',
    'eventCategory',
    'sharedEventID',
    'tlsDetails',
  ].map((k) => [k.toLowerCase(), k] as const),
);

/** A shallow copy of a record whose top-level keys are not CloudTrail's casing (Panther, Lake exports). */
function canonical(r: RawRecord): RawRecord {
  const out: RawRecord = {};
  for (const k in r) {
    const lower = k.toLowerCase();
    const key = lower === '@timestamp' || lower === 'at_sign_timestamp' ? '@timestamp' : (CANONICAL.get(lower) ?? k);
    if (out[key] === undefined) out[key] = r[k];
  }
  return out;
}

/** The record a Lake row, lookup-events entry or Event history CSV row carries as JSON text. */
function embedded(r: RawRecord): { record?: RawRecord; bad?: string } {
  const text =
    r.eventJson ??
    r.eventjson ??
    r.CloudTrailEvent ??
    r['CloudTrail event'] ??
    field(r, 'eventJson') ??
    field(r, 'CloudTrailEvent');
  if (isRecord(text)) return { record: text };
  if (typeof text !== 'string' || text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? { record: parsed } : { bad: 'the embedded CloudTrail event is not a JSON object' };
  } catch {
    return { bad: 'the embedded CloudTrail event is not valid JSON' };
  }
}

/** Event history CSV (and lookup-events) columns, when no whole record came with the row. */
function fromColumns(r: RawRecord): { record: RawRecord; resource?: TokenEvent['target'] } | undefined {
  const name = r['Event name'] ?? r.EventName;
  if (name === undefined) return undefined;
  const user = str(r['User name'] ?? r.Username);
  const key = str(r['AWS access key'] ?? r.AccessKeyId);
  const record: RawRecord = {
    eventID: r['Event ID'] ?? r.EventId,
    eventTime: r['Event time'] ?? r.EventTime,
    eventName: name,
    eventSource: r['Event source'] ?? r.EventSource,
    awsRegion: r['AWS region'],
    sourceIPAddress: r['Source IP address'],
    errorCode: r['Error code'],
    readOnly: r['Read-only'] ?? r.ReadOnly,
    userIdentity: user || key ? { userName: user, accessKeyId: key } : undefined,
  };
  const resType = str(r['Resource type']);
  const resName = str(r['Resource name']);
  if (!resType && !resName) return { record };
  const resource: NonNullable<TokenEvent['target']> = {};
  if (resName) resource.name = resName;
  if (resType) resource.type = resType;
  return { record, resource };
}

/**
 * `aws cloudtrail lookup-events` (`{"Events":[…]}`) and Lake `get-query-results`
 * (`{"QueryResultRows":[[{"eventJson":…}],…]}`) hold many records in one document. A row that
 * cannot be read is named in the reject only when no row could be read.
 */
function parseMany(rows: unknown[], ctx: ParseContext): ParseResult {
  const events: TokenEvent[] = [];
  let firstBad: string | undefined;
  rows.forEach((row, i) => {
    const r = rowOf(row);
    const res =
      r && !Array.isArray(r.Events ?? r.QueryResultRows)
        ? cloudtrail.parse(r, { ref: `${ctx.ref}#${i}` })
        : reject('not a CloudTrail row');
    if (res.ok) events.push(...res.events);
    else firstBad ??= `row ${i}: ${res.reason}`;
  });
  return firstBad !== undefined && events.length === 0 ? reject(firstBad) : ok(...events);
}

/** A Lake result row is a list of one-column objects; lookup-events rows are objects already. */
function rowOf(row: unknown): RawRecord | undefined {
  if (isRecord(row)) return row;
  if (!Array.isArray(row)) return undefined;
  const out: RawRecord = {};
  for (const col of row) if (isRecord(col)) Object.assign(out, col);
  return out;
}

// Per-value memos: eventNames, source IPs and second-resolution times repeat heavily in real trails.
const verbMemo = new Map<string, Map<string, VerbClass>>();
function verbOf(name: string, service: string | undefined): VerbClass {
  const svc = service ?? '';
  let byName = verbMemo.get(svc);
  if (!byName) verbMemo.set(svc, (byName = new Map()));
  let v = byName.get(name);
  if (v === undefined) {
    v = classifyVerb(name, service);
    if (byName.size > 5_000) byName.clear();
    byName.set(name, v);
  }
  return v;
}

const addrMemo = new Map<string, SourceAddress>();
function addressOf(raw: unknown): SourceAddress {
  if (typeof raw !== 'string') return {};
  let a = addrMemo.get(raw);
  if (a === undefined) {
    a = readSourceAddress(raw);
    if (addrMemo.size > 50_000) addrMemo.clear();
    addrMemo.set(raw, a);
  }
  return a;
}

/** CloudTrail's own `2024-07-30T21:31:10Z` read without regex; anything else goes to parseTime. */
function timeOf(v: unknown): number | undefined {
  if (
    typeof v === 'string' &&
    v.length === 20 &&
    v.charCodeAt(10) === 84 /* T */ &&
    v.charCodeAt(19) === 90 /* Z */ &&
    v.charCodeAt(4) === 45 &&
    v.charCodeAt(7) === 45 &&
    v.charCodeAt(13) === 58 &&
    v.charCodeAt(16) === 58
  ) {
    const y = digits(v, 0, 4),
      mo = digits(v, 5, 2),
      d = digits(v, 8, 2);
    const h = digits(v, 11, 2),
      mi = digits(v, 14, 2),
      s = digits(v, 17, 2);
    if (
      y >= 0 &&
      mo >= 1 &&
      mo <= 12 &&
      d >= 1 &&
      d <= 31 &&
      h >= 0 &&
      h <= 23 &&
      mi >= 0 &&
      mi <= 59 &&
      s >= 0 &&
      s <= 60
    ) {
      return Date.UTC(y, mo - 1, d, h, mi, s);
    }
  }
  return parseTime(v);
}

function digits(s: string, from: number, n: number): number {
  let out = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    out = out * 10 + c;
  }
  return out;
}

const clientMemo = new Map<string, NonNullable<TokenEvent['source']['clientKind']>>();
/** lib/model/client-kind.ts per distinct (user agent, invokedBy, caller, console flag, service): they repeat heavily. */
function clientKindMemo(
  ua: string | undefined,
  invokedBy: string | undefined,
  caller: string | undefined,
  fromConsole: boolean | undefined,
  serviceActor: boolean,
  service: string | undefined,
): NonNullable<TokenEvent['source']['clientKind']> {
  const key = `${ua ?? ''}\u0000${invokedBy ?? ''}\u0000${caller ?? ''}\u0000${fromConsole ? 1 : 0}${serviceActor ? 1 : 0}\u0000${service ?? ''}`;
  let k = clientMemo.get(key);
  if (k === undefined) {
    k = classifyClient({ provider: 'aws', userAgent: ua, invokedBy, caller, fromConsole, serviceActor, service }).kind;
    if (clientMemo.size > 20_000) clientMemo.clear();
    clientMemo.set(key, k);
  }
  return k;
}

/** Services whose use of a role means the caller is a workload (instance profile, function, task, pod). */
const WORKLOAD_INVOKERS = new Set([
  'ec2.amazonaws.com',
  'lambda.amazonaws.com',
  'ecs-tasks.amazonaws.com',
  'ecs.amazonaws.com',
  'eks.amazonaws.com',
  'pods.eks.amazonaws.com',
  'eks-fargate-pods.amazonaws.com',
]);
const WORKLOAD_SESSION = /^(i-[0-9a-f]{8,17}|[0-9a-f]{32})$/;

/** Instance-profile sessions are named after the instance; ECS task-role sessions after the 32-hex task id. */
export function isWorkloadSession(session: string): boolean {
  return WORKLOAD_SESSION.test(session);
}

function sessionName(arn: string | undefined, principalId: string | undefined): string | undefined {
  if (arn && arn.includes(':assumed-role/')) return arn.slice(arn.lastIndexOf('/') + 1);
  if (principalId) {
    const i = principalId.indexOf(':');
    if (i >= 0) return principalId.slice(i + 1);
  }
  return undefined;
}

/** AKIA… is an IAM user's (or root's) long-term key, ASIA… an STS temporary one. */
export function accessKeyKind(keyId: string): CredentialKind {
  if (keyId.startsWith('ASIA')) return 'temporary_key';
  if (keyId.startsWith('AKIA')) return 'long_term_key';
  return 'unknown';
}

/**
 * One record with CloudTrail's key names. `columns` is set for Event history CSV rows built from
 * their columns: they name the user but not the identity type, and the resource by type and name.
 */
function parseRecord(r: RawRecord, ctx: ParseContext, columns?: { resource?: TokenEvent['target'] }): ParseResult {
  const name = str(r.eventName);
  if (!name) return reject('CloudTrail record has no eventName');
  // A record without a readable time is still evidence (lib/model/token-event.ts, `timeKnown`).
  const rawTime = r.eventTime ?? r['@timestamp'] ?? r.at_sign_timestamp ?? r.p_event_time;
  const time = rawTime === undefined || rawTime === null || rawTime === '' ? undefined : timeOf(rawTime);

  const service = str(r.eventSource);
  const verb = verbOf(name, service);
  const ui = asObject(r.userIdentity);
  const type = str(ui?.type);
  const arn = str(ui?.arn);
  const principalId = str(ui?.principalId);
  const accountId = str(ui?.accountId);
  const invokedBy = str(ui?.invokedBy);
  const keyId = str(ui?.accessKeyId);
  const sc = asObject(ui?.sessionContext);
  const issuerArn = str(asObject(sc?.sessionIssuer)?.arn);
  const attrs = asObject(sc?.attributes);
  const session = type === 'AssumedRole' ? sessionName(arn, principalId) : undefined;

  const actor = readActor(
    type,
    arn,
    principalId,
    accountId,
    str(ui?.userName),
    invokedBy,
    keyId,
    issuerArn,
    session,
    columns !== undefined,
  );
  const mfaUsed = bool(asObject(r.additionalEventData)?.MFAUsed);
  const mfa = bool(attrs?.mfaAuthenticated) ?? mfaUsed;
  if (mfa !== undefined) actor.mfa = mfa;
  const credential = keyId ? readCredential(keyId, r.sessionCredentialFromConsole, attrs) : undefined;
  const source = readSource(
    r,
    invokedBy,
    credential?.fromConsole ?? bool(r.sessionCredentialFromConsole),
    actor.kind === 'service',
    service,
  );

  const isLogin = name === 'ConsoleLogin';
  const resp = asObject(r.responseElements);
  const outcome = readOutcome(r, isLogin, resp);

  // Details: flat, only the keys the indicators read (lib/model/README.md).
  const details: TokenEventDetails = {};
  requestDetails(details, asObject(r.requestParameters), resp, name);
  if (accountId) details.accountId = accountId;
  const recipient = str(r.recipientAccountId);
  if (recipient) details.recipientAccountId = recipient;
  recordDetails(details, r, sc, invokedBy, mfaUsed, session, outcome.reason);
  if (time === undefined) putDetail(details, 'rawTime', rawTimeText(rawTime));

  let hasDetails = false;
  for (const _ in details) {
    hasDetails = true;
    break;
  }
  // Every key a record usually has is in the literal, absent ones as undefined (which no reader,
  // JSON or structured clone tells from a missing key): keys added later would cost each event a
  // second object, on a month of CloudTrail 40 MB.
  const event: TokenEvent = {
    // Trimmed exports (Panther test events) drop eventID: the file position still names the row.
    id: str(r.eventID) ?? (ctx.ref || `cloudtrail:${time ?? 'no-time'}:${name}`),
    time: time ?? 0,
    provider: 'aws',
    format: 'cloudtrail',
    class: eventClassOf(name, service, verb),
    actor,
    source,
    action: readAction(name, verb, service, isLogin),
    outcome,
    credential,
    details: hasDetails ? details : undefined,
    ref: ctx.ref || undefined,
  };
  if (time === undefined) event.timeKnown = false;
  const target = columns ? columns.resource : targetOf(r.resources, recipient);
  if (target) event.target = target;
  return ok(event);
}

/** The actor (lib/model/README.md, AWS column); `fromColumns` for Event history CSV rows, which carry no identity type. */
function readActor(
  type: string | undefined,
  arn: string | undefined,
  principalId: string | undefined,
  accountId: string | undefined,
  userName: string | undefined,
  invokedBy: string | undefined,
  keyId: string | undefined,
  issuerArn: string | undefined,
  session: string | undefined,
  fromColumns: boolean,
): TokenEvent['actor'] {
  const serviceActor =
    type === 'AWSService' ||
    (type === undefined && invokedBy !== undefined && arn === undefined && principalId === undefined && !fromColumns);
  const actor: TokenEvent['actor'] = serviceActor
    ? { id: invokedBy ?? principalId ?? 'AWSService', kind: 'service' }
    : {
        id: arn ?? principalId ?? accountId ?? userName ?? 'unknown',
        kind: principalKind(type, invokedBy, issuerArn, userName, keyId, session, fromColumns),
      };
  // A role session is named after its session when the record gives no user name (only AssumedRole has a session).
  const actorName = userName ?? session;
  if (actorName) actor.name = actorName;
  if (type) actor.type = type;
  if (accountId) actor.account = accountId;
  if (issuerArn) actor.issuer = issuerArn;
  return actor;
}

/** The kind of a principal that is not an AWS service: a role session is a workload when its name, invoker or issuer says so. */
function principalKind(
  type: string | undefined,
  invokedBy: string | undefined,
  issuerArn: string | undefined,
  userName: string | undefined,
  keyId: string | undefined,
  session: string | undefined,
  fromColumns: boolean,
): ActorKind {
  switch (type) {
    case 'IAMUser':
    case 'IdentityCenterUser':
      return 'human';
    case 'AssumedRole':
      return (session !== undefined && isWorkloadSession(session)) ||
        (invokedBy !== undefined && WORKLOAD_INVOKERS.has(invokedBy)) ||
        (issuerArn !== undefined && issuerArn.includes(':role/aws-service-role/'))
        ? 'workload'
        : 'human';
    case 'FederatedUser':
      return 'federated';
    case 'Root':
      return 'root';
    default:
      return fromColumns && userName === 'root'
        ? 'root'
        : fromColumns && keyId?.startsWith('AKIA')
          ? 'human'
          : 'unknown';
  }
}

/** Credential: the access key is the token to track. */
function readCredential(
  keyId: string,
  fromConsoleRaw: unknown,
  attrs: RawRecord | undefined,
): NonNullable<TokenEvent['credential']> {
  const credential: NonNullable<TokenEvent['credential']> = { kind: accessKeyKind(keyId), id: keyId };
  const fromConsole = bool(fromConsoleRaw);
  if (fromConsole !== undefined) credential.fromConsole = fromConsole;
  const issued = attrs?.creationDate === undefined ? undefined : timeOf(attrs.creationDate);
  if (issued !== undefined) credential.issuedAt = issued;
  return credential;
}

function readSource(
  r: RawRecord,
  invokedBy: string | undefined,
  fromConsole: boolean | undefined,
  serviceActor: boolean,
  service: string | undefined,
): TokenEvent['source'] {
  const addr = addressOf(r.sourceIPAddress);
  const source: TokenEvent['source'] = {};
  if (addr.ip) source.ip = addr.ip;
  if (addr.caller) source.caller = addr.caller;
  const ua = str(r.userAgent);
  if (ua) source.userAgent = ua;
  source.clientKind = clientKindMemo(ua, invokedBy, addr.caller, fromConsole, serviceActor, service);
  return source;
}

/** STS minting stays api_activity: the indicators key on the name, not the class. */
function eventClassOf(name: string, service: string | undefined, verb: VerbClass): EventClass {
  if (name === 'ConsoleLogin' || name === 'GetSigninToken') return 'authentication';
  return service === 'iam.amazonaws.com' && verb !== 'read' && verb !== 'list' ? 'account_change' : 'api_activity';
}

/** errorCode (or a failed ConsoleLogin's result) and errorMessage. */
function readOutcome(r: RawRecord, isLogin: boolean, resp: RawRecord | undefined): TokenEvent['outcome'] {
  const errorCode = str(r.errorCode);
  const errorMessage = str(r.errorMessage);
  const outcome: TokenEvent['outcome'] = { success: errorCode === undefined };
  if (isLogin) {
    const result = str(resp?.ConsoleLogin);
    if (result !== undefined && result !== 'Success') outcome.success = false;
  }
  if (errorCode) outcome.code = errorCode;
  else if (!outcome.success) outcome.code = str(resp?.ConsoleLogin);
  if (errorMessage) outcome.reason = errorMessage;
  return outcome;
}

function readAction(
  name: string,
  verb: VerbClass,
  service: string | undefined,
  isLogin: boolean,
): TokenEvent['action'] {
  const action: TokenEvent['action'] = { name, verb };
  if (service) action.service = service;
  if (isLogin) action.interactive = true;
  return action;
}

/**
 * The request parameters the indicators read (policies, durations, role and session names,
 * secrets), then the id of a key the call minted: only the key id, the sessionToken and
 * secretAccessKey beside it are never read.
 */
function requestDetails(
  details: TokenEventDetails,
  req: RawRecord | undefined,
  resp: RawRecord | undefined,
  name: string,
): void {
  if (req) requestParameterDetails(details, req, name);
  const minted = resp ? str(asObject(resp.credentials)?.accessKeyId) : undefined;
  if (minted) details.mintedKeyId = minted;
}

function requestParameterDetails(details: TokenEventDetails, req: RawRecord, name: string): void {
  const policy = req.policy;
  if (typeof policy === 'string' && policy) details.policy = policy;
  else if (isRecord(policy)) details.policy = JSON.stringify(policy);
  const arns = policyArns(req.policyArns, req.policyArn);
  if (arns) details.policyArns = arns;
  const duration = num(req.durationSeconds);
  if (duration !== undefined) details.durationSeconds = duration;
  const roleArn = str(req.roleArn);
  if (roleArn) details.roleArn = roleArn;
  const roleSessionName = str(req.roleSessionName);
  if (roleSessionName) details.roleSessionName = roleSessionName;
  // `name` is the federated user's name only here; other APIs use it for their own objects.
  if (name === 'GetFederationToken') {
    const fed = str(req.name);
    if (fed) details.federatedName = fed;
  }
  if (req.serialNumber !== undefined && req.serialNumber !== null) details.mfaSerial = true;
  const targetUser = str(req.userName);
  if (targetUser) details.targetUser = targetUser;
  // IAM Identity Center OIDC CreateToken: device_code is the flow device-code phishing abuses.
  const grantType = str(req.grantType);
  if (grantType) details.grantType = grantType;
  // Secret reads: which secret or parameter, and whether Parameter Store decrypted it.
  if (/^(GetSecretValue|GetParameters?|GetParametersByPath)$/.test(name)) {
    const secret =
      str(req.secretId) ??
      str(req.name) ??
      str(req.path) ??
      (Array.isArray(req.names) ? req.names.filter((x): x is string => typeof x === 'string').join(',') : undefined);
    if (secret) details.secretName = secret;
    const decrypt = bool(req.withDecryption);
    if (decrypt !== undefined) details.withDecryption = decrypt;
  }
}

/** The record-level details after the account ids: region, invoker, MFA, read-only, endpoint, instance role delivery, session, error. */
function recordDetails(
  details: TokenEventDetails,
  r: RawRecord,
  sc: RawRecord | undefined,
  invokedBy: string | undefined,
  mfaUsed: boolean | undefined,
  session: string | undefined,
  errorMessage: string | undefined,
): void {
  const region = str(r.awsRegion);
  if (region) details.region = region;
  if (invokedBy) details.invokedBy = invokedBy;
  if (mfaUsed !== undefined) details.mfaUsed = mfaUsed;
  const readOnly = bool(r.readOnly);
  if (readOnly !== undefined) details.readOnly = readOnly;
  const vpce = str(r.vpcEndpointId);
  if (vpce) details.vpcEndpointId = vpce;
  // Instance-profile credentials: "1.0" (IMDSv1) or "2.0" (IMDSv2), the session's role-session name.
  const roleDelivery = str(sc?.ec2RoleDelivery);
  if (roleDelivery) details.ec2RoleDelivery = roleDelivery;
  if (session) details.sessionName = session;
  if (errorMessage) details.errorMessage = errorMessage;
}

function policyArns(list: unknown, single: unknown): string[] | undefined {
  const out: string[] = [];
  if (Array.isArray(list)) {
    for (const p of list) {
      const arn = typeof p === 'string' ? p : isRecord(p) ? str(p.arn ?? p.Arn) : undefined;
      if (arn) out.push(arn);
    }
  }
  const one = str(single);
  if (one) out.push(one);
  return out.length ? out : undefined;
}

/** The first resource the record names (resources[].ARN). */
function targetOf(resources: unknown, account: string | undefined): TokenEvent['target'] | undefined {
  if (!Array.isArray(resources)) return undefined;
  const first: unknown = resources[0];
  if (!isRecord(first)) return undefined;
  const id = str(first.ARN ?? first.arn);
  if (!id) return undefined;
  const t: NonNullable<TokenEvent['target']> = { id };
  const type = str(first.type);
  if (type) t.type = type;
  const acct = str(first.accountId) ?? account;
  if (acct) t.account = acct;
  return t;
}
