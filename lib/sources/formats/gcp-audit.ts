/**
 * GCP Cloud Audit Logs → TokenEvent. The LogEntry as Logs Explorer downloads it (and as Pub/Sub
 * sinks and Panther deliver it): `protoPayload` of type `google.cloud.audit.AuditLog`, also with
 * lower-cased top-level keys (`protopayload`, `insertid`) and `@type` spelled `at_sign_type`.
 *
 * Why it matters for T1550.001: iamcredentials GenerateAccessToken/SignJwt/SignBlob mint tokens for
 * a service account (`impersonated`), SetIamPolicy binding deltas grant the roles that allow it,
 * and service-account keys (`serviceAccountKeyName`) are the long-lived credential to track.
 * A failed call may redact the principal: that is still evidence, so it parses with actor
 * `unknown (redacted)` rather than being rejected. Google's own system events (`system@google.com`,
 * e.g. `compute.instances.migrateOnHostMaintenance`) are the service's, not a person's. Each event
 * carries `source.clientKind` (lib/model/client-kind.ts): a browser user agent the front end
 * stamps `,gzip(gfe)` is the Cloud Console; Terraform, gcloud and client libraries are named too.
 */
import { asRecord, field, isRecord, str, strArray, type RawRecord } from '../../model/fields';
import { eventTime, rawTimeText, timeKey } from '../../model/time';
import { putDetail } from '../../model/details';
import { readSourceAddress } from '../../model/source-address';
import { classifyVerb } from '../../model/verb';
import { classifyClient } from '../../model/client-kind';
import type { ActorKind, TokenEvent, TokenEventDetails } from '../../model/token-event';
import { ok, reject, unreadable, type ParseContext, type ParseResult, type SourceFormat } from '../source-format';

const AUDIT_LOG_TYPE = 'type.googleapis.com/google.cloud.audit.AuditLog';

/** gRPC canonical code names for status.code (google.rpc.Code). */
const GRPC_CODES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];

function payloadOf(rec: RawRecord): RawRecord | undefined {
  const pp = rec.protoPayload ?? field(rec, 'protoPayload');
  return isRecord(pp) ? pp : undefined;
}

/** `projects/-/serviceAccounts/sa@p.iam.gserviceaccount.com` → the account (email or unique id). */
function serviceAccountOf(name: unknown): string | undefined {
  const s = str(name);
  if (!s) return undefined;
  const i = s.lastIndexOf('/serviceAccounts/');
  if (i < 0) return undefined;
  const rest = s.slice(i + '/serviceAccounts/'.length);
  const end = rest.indexOf('/');
  return (end < 0 ? rest : rest.slice(0, end)) || undefined;
}

function firstPermission(info: unknown): string | undefined {
  if (!Array.isArray(info)) return undefined;
  for (const a of info) {
    const p = str(field(asRecord(a), 'permission'));
    if (p) return p;
  }
  return undefined;
}

function actorKind(id: string): ActorKind {
  if (id === 'system@google.com') return 'service';
  if (id.endsWith('-compute@developer.gserviceaccount.com')) return 'workload';
  // GKE workload identity (`PROJECT.svc.id.goog[ns/ksa]`) runs inside Google Cloud.
  if (id.includes('.svc.id.goog')) return 'workload';
  // Workload identity federation pools exist for identities from outside Google Cloud (CI, other
  // clouds): federated, so being used off-GCP is their normal, not an exfiltration sign.
  if (id.includes('/workloadIdentityPools/') || id.startsWith('principalSet://')) return 'federated';
  if (id.endsWith('.gserviceaccount.com') || id.startsWith('serviceAccount:')) return 'service_principal';
  return 'human';
}

/** The delegating principal of one serviceAccountDelegationInfo entry. */
function delegator(entry: unknown): string | undefined {
  const e = asRecord(entry);
  if (!e) return undefined;
  const first = asRecord(field(e, 'firstPartyPrincipal'));
  const third = asRecord(field(e, 'thirdPartyPrincipal'));
  return (
    str(field(first, 'principalEmail')) ??
    str(field(first, 'principalSubject')) ??
    str(field(asRecord(field(third, 'thirdPartyClaims')), 'sub')) ??
    str(field(e, 'principalSubject'))
  );
}

/** `ADD roles/x member` for each binding delta, from IAM policy deltas or BigQuery dataset changes. */
function bindingDeltas(pp: RawRecord): string[] | undefined {
  const lists: unknown[] = [
    field(asRecord(field(asRecord(field(pp, 'serviceData')), 'policyDelta')), 'bindingDeltas'),
    field(asRecord(field(asRecord(field(pp, 'metadata')), 'datasetChange')), 'bindingDeltas'),
  ];
  const out: string[] = [];
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const d of list) {
      if (!isRecord(d)) continue;
      const role = str(d.role);
      const member = str(d.member);
      if (role && member) out.push(`${str(d.action) ?? 'ADD'} ${role} ${member}`);
    }
  }
  return out.length ? out : undefined;
}

export const gcpAudit: SourceFormat = {
  id: 'gcp-audit',
  provider: 'gcp',
  title: 'GCP Cloud Audit Logs (Logs Explorer LogEntry JSON)',

  // Exact-key reads only: detect runs on every record of a scan.
  detect(rec: RawRecord): boolean {
    const pp = rec.protoPayload ?? rec.protopayload;
    if (!isRecord(pp)) return false;
    const type = pp['@type'] ?? pp.at_sign_type ?? pp.at_type;
    if (typeof type === 'string') return type === AUDIT_LOG_TYPE;
    // Trimmed entries without `@type` still look like an AuditLog.
    return typeof (pp.methodName ?? pp.serviceName ?? pp.authenticationInfo ?? pp.authorizationInfo) !== 'undefined';
  },

  parse(rec: RawRecord, ctx: ParseContext): ParseResult {
    try {
      return parseEntry(rec, ctx);
    } catch (err) {
      return unreadable('GCP audit entry', err);
    }
  },
};

function parseEntry(rec: RawRecord, ctx: ParseContext): ParseResult {
  const pp = payloadOf(rec);
  if (!pp) return reject('GCP log entry has no protoPayload');
  // Trimmed entries (SIEM rule tests, exports with field masks) may drop methodName; the checked
  // permission (`run.services.setIamPolicy`) names the action as precisely.
  const method = str(field(pp, 'methodName')) ?? firstPermission(field(pp, 'authorizationInfo'));
  if (!method) return reject('GCP audit entry has neither protoPayload.methodName nor an authorizationInfo permission');
  const reqMeta = asRecord(field(pp, 'requestMetadata'));
  // Panther's test events sometimes move `timestamp` into protoPayload or drop it.
  const rawTime =
    field(rec, 'timestamp') ??
    field(rec, 'receiveTimestamp') ??
    field(pp, 'timestamp') ??
    field(asRecord(field(reqMeta, 'requestAttributes')), 'time') ??
    field(rec, 'p_event_time');
  // An entry without a readable time is still evidence (lib/model/token-event.ts, `timeKnown`).
  const when = eventTime(rawTime);

  const service = str(field(pp, 'serviceName'));
  const verb = classifyVerb(method, service);
  const outcome = entryOutcome(asRecord(field(pp, 'status')));

  const auth = asRecord(field(pp, 'authenticationInfo'));
  const principal = str(field(auth, 'principalEmail')) ?? str(field(auth, 'principalSubject'));
  const delegation = field(auth, 'serviceAccountDelegationInfo');
  const delegators = Array.isArray(delegation)
    ? delegation.map(delegator).filter((d): d is string => d !== undefined)
    : [];
  const actor = entryActor(principal, outcome.success, delegators[0]);

  const keyName = str(field(auth, 'serviceAccountKeyName'));
  // Without a principal (redacted) there is nothing to say about the credential either.
  const credential: TokenEvent['credential'] = keyName
    ? { kind: 'service_account_key', id: keyName }
    : principal
      ? { kind: 'oauth_access_token' }
      : undefined;

  const action: TokenEvent['action'] = { name: method, verb };
  if (service) action.service = service;
  const details: TokenEventDetails = {};
  const deltas = entryDetails(details, rec, pp, service, delegators, when.timeKnown === false, rawTime);

  const event: TokenEvent = {
    id: str(field(rec, 'insertId')) ?? (ctx.ref || `gcp-audit:${timeKey(when)}:${method}`),
    ...when,
    provider: 'gcp',
    format: 'gcp-audit',
    class:
      deltas ||
      /setiampolicy$/i.test(method) ||
      (service === 'iam.googleapis.com' && verb !== 'read' && verb !== 'list')
        ? 'account_change'
        : 'api_activity',
    actor,
    source: entrySource(reqMeta, actor.kind === 'service', service),
    action,
    outcome,
  };
  if (credential) event.credential = credential;
  const target = entryTarget(rec, pp);
  if (target.id || target.type) event.target = target;
  if (Object.keys(details).length) event.details = details;
  if (ctx.ref) event.ref = ctx.ref;
  return ok(event);
}

/** status.code: a number (7), sometimes its digits or enum name as text; absent, 0 or OK is success. */
function entryOutcome(status: RawRecord | undefined): TokenEvent['outcome'] {
  const rawCode = status?.code;
  const codeText = typeof rawCode === 'number' ? String(rawCode) : str(rawCode);
  const outcome: TokenEvent['outcome'] = { success: codeText === undefined || codeText === '0' || codeText === 'OK' };
  if (!outcome.success && codeText) {
    outcome.code = codeText;
    const reason = str(status?.message) ?? (/^\d+$/.test(codeText) ? GRPC_CODES[Number(codeText)] : undefined);
    if (reason) outcome.reason = reason;
  }
  return outcome;
}

/** The principal (redacted on some failures), its service account's project, and the first delegator as issuer. */
function entryActor(principal: string | undefined, success: boolean, issuer: string | undefined): TokenEvent['actor'] {
  const actor: TokenEvent['actor'] = principal
    ? { id: principal, kind: actorKind(principal) }
    : { id: success ? 'unknown' : 'unknown (redacted)', kind: 'unknown' };
  const saProject = principal ? /@([^.@]+)\.iam\.gserviceaccount\.com$/.exec(principal)?.[1] : undefined;
  if (saProject) actor.account = saProject;
  if (issuer) actor.issuer = issuer;
  return actor;
}

function entrySource(
  reqMeta: RawRecord | undefined,
  serviceActor: boolean,
  service: string | undefined,
): TokenEvent['source'] {
  const addr = readSourceAddress(field(reqMeta, 'callerIp'));
  const source: TokenEvent['source'] = {};
  if (addr.ip) source.ip = addr.ip;
  if (addr.caller) source.caller = addr.caller;
  const ua = str(field(reqMeta, 'callerSuppliedUserAgent'));
  if (ua) source.userAgent = ua;
  source.clientKind = classifyClient({
    provider: 'gcp',
    userAgent: ua,
    caller: addr.caller,
    serviceActor,
    service,
  }).kind;
  return source;
}

/**
 * Fills the details: delegation chain, the impersonated service account of a token-minting call,
 * the raw time when unreadable, IAM binding deltas, checked permissions. Returns the binding
 * deltas (they make the entry an account change).
 */
function entryDetails(
  details: TokenEventDetails,
  rec: RawRecord,
  pp: RawRecord,
  service: string | undefined,
  delegators: string[],
  timeUnknown: boolean,
  rawTime: unknown,
): ReturnType<typeof bindingDeltas> {
  const chain = strArray(field(asRecord(field(pp, 'metadata')), 'identityDelegationChain'));
  if (chain) details.delegationChain = chain;
  else if (delegators.length) details.delegationChain = delegators;
  if (service === 'iamcredentials.googleapis.com') {
    const resource = asRecord(field(rec, 'resource'));
    const target =
      serviceAccountOf(field(asRecord(field(pp, 'request')), 'name')) ??
      str(field(asRecord(field(resource, 'labels')), 'email_id')) ??
      serviceAccountOf(field(pp, 'resourceName'));
    if (target) details.impersonated = target;
  }
  if (timeUnknown) putDetail(details, 'rawTime', rawTimeText(rawTime));
  const deltas = bindingDeltas(pp);
  if (deltas) details.bindingDeltas = deltas;
  const authz = field(pp, 'authorizationInfo');
  if (Array.isArray(authz) && authz.length) {
    const perms: string[] = [];
    let granted = true;
    for (const a of authz) {
      if (!isRecord(a)) continue;
      const p = str(a.permission);
      if (p && !perms.includes(p)) perms.push(p);
      // proto3 omits `granted: false`: absent means not granted.
      if (a.granted !== true) granted = false;
    }
    if (perms.length) details.permissions = perms;
    details.granted = granted;
  }
  return deltas;
}

/** The resource named by the entry: resourceName, the monitored resource's type and project. */
function entryTarget(rec: RawRecord, pp: RawRecord): NonNullable<TokenEvent['target']> {
  const resource = asRecord(field(rec, 'resource'));
  const target: NonNullable<TokenEvent['target']> = {};
  const resourceName = str(field(pp, 'resourceName'));
  if (resourceName) target.id = resourceName;
  const resType = str(field(resource, 'type'));
  if (resType) target.type = resType;
  const project = str(field(asRecord(field(resource, 'labels')), 'project_id'));
  if (project) target.account = project;
  return target;
}
