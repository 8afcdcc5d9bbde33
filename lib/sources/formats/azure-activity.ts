/**
 * Azure Activity log (control-plane operations on subscriptions): what a stolen Azure access token
 * was used for (role assignments, listKeys, runCommand, federated credentials…). The log carries
 * the token's own id in `claims.uti`, which joins it to the Entra sign-in that issued it.
 * Shapes, detected per record:
 * - diagnostic settings / Event Hub (`time`, `operationName` string, `category`, `resultType`,
 *   `callerIpAddress`, `identity.claims`, `properties`), plus Azure Monitor resource logs in the
 *   same common schema that Panther's Azure.MonitorActivity type carries (storage
 *   StorageRead/Write/Delete, Key Vault AuditEvent);
 * - the Activity Log REST API / portal JSON download (`operationName.value`, `status.value`,
 *   `eventTimestamp`, `caller`, `claims`, `httpRequest.clientIpAddress`, `eventDataId`,
 *   `authorization.scope` for the resource when there is no resourceId);
 * - the same REST objects as the Azure SDKs serialise them in snake_case (`event_timestamp`,
 *   `operation_name.value`, `http_request.client_ip_address`, `event_data_id`: what plaso and
 *   Python tooling write);
 * - the AzureActivity Log Analytics table (OperationNameValue, ActivityStatusValue, Caller,
 *   CallerIpAddress, Claims as JSON text, TimeGenerated, CorrelationId), as JSON or as the
 *   portal's CSV export (JSON inside cells; the container drops the ` [UTC]` of time columns),
 *   and its pre-2020 column set (OperationName, ActivityStatus, ActivitySubstatus, Category,
 *   ResourceProvider);
 * - the portal's "Download as CSV" of the Activity log (Operation name, Status, Event category,
 *   Time, Subscription, Event initiated by, Resource type/group, Resource; no address, no token).
 * Every category is read, Administrative and Policy as well as ServiceHealth, ResourceHealth,
 * Alert, Autoscale, Recommendation and Security. Those six are the platform reporting on the
 * subscription (the schema gives them no caller, or a service name such as
 * `Microsoft.Insights/alertRules`), so they are read as the platform's own events (kind
 * `service`, no identity): an alert rule firing is not an identity acting.
 * Request bodies and storage URIs (which can hold SAS signatures) are never copied.
 */
import { putDetail } from '../../model/details';
import { asObject, field, isRecord, num, reader, text, type Get, type RawRecord } from '../../model/fields';
import { readSourceAddress } from '../../model/source-address';
import { eventTime, rawTimeText, timeKey } from '../../model/time';
import type { ActorKind, CredentialKind, TokenEvent, TokenEventDetails } from '../../model/token-event';
import { classifyVerb } from '../../model/verb';
import { neverThrowing, ok, reject, type ParseContext, type ParseResult, type SourceFormat } from '../source-format';
import { ENTRA_SIGNIN_CATEGORIES } from './shared/microsoft';

/** Categories where the platform reports on the subscription: read as the platform, never as an identity. */
const PLATFORM_CATEGORIES = new Set([
  'servicehealth',
  'resourcehealth',
  'alert',
  'autoscale',
  'recommendation',
  'security',
]);
/** Activity log categories (diagnostic `category`, REST `category.value`, `CategoryValue`). */
const ACTIVITY_CATEGORIES = new Set(['administrative', 'policy', ...PLATFORM_CATEGORIES]);
/**
 * The diagnostic-settings copy of an Administrative event can carry the operation's kind as its
 * `category` (Microsoft's own storage sample: `"category": "Write"`), the real category then being
 * `properties.eventCategory`.
 */
const OPERATION_KIND_CATEGORIES = new Set(['write', 'delete', 'action']);
/** Resource-log categories in the same common schema that this format also reads. */
const RESOURCE_CATEGORIES = new Set(['storageread', 'storagewrite', 'storagedelete', 'auditevent']);

const CLAIM_UPN = [
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn',
  'upn',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  'email',
  'unique_name',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
  'name',
];
const CLAIM_OID = ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid'];
const CLAIM_SPN = ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/spn', 'spn'];

/** The portal's "Download as CSV" columns (third-party copies of the export agree on these titles). */
const PORTAL_OPERATION = 'Operation name';
const PORTAL_CALLER = 'Event initiated by';

function valueOf(v: unknown): string | undefined {
  if (isRecord(v)) return text(field(v, 'value'));
  return text(v);
}

/** camelCase key → the snake_case the Azure SDKs serialise (`eventTimestamp` → `event_timestamp`). */
function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

/** A case-insensitive getter that also finds the snake_case spelling of a camelCase key. */
function activityReader(rec: RawRecord): Get {
  const base = reader(rec);
  return (key: string) => {
    const v = base(key);
    if (v !== undefined || !/[a-z][A-Z]/.test(key)) return v;
    return base(snake(key));
  };
}

function own(rec: RawRecord, ...keys: string[]): unknown {
  for (const k of keys) {
    const v = rec[k];
    if (v !== undefined) return v;
  }
  return undefined;
}

function isPortalCsvRow(rec: RawRecord): boolean {
  return (
    typeof rec[PORTAL_OPERATION] === 'string' &&
    (rec[PORTAL_CALLER] !== undefined || rec['Event category'] !== undefined) &&
    (rec['Time'] !== undefined || rec['Time stamp'] !== undefined || rec['Correlation id'] !== undefined)
  );
}

function detect(rec: RawRecord): boolean {
  // Log Analytics AzureActivity (current and pre-2020 column sets).
  const type = rec.Type;
  if (typeof type === 'string' && type.toLowerCase() === 'azureactivity') return true;
  if (
    rec.OperationNameValue !== undefined &&
    (rec.TimeGenerated !== undefined || rec.ActivityStatusValue !== undefined)
  )
    return true;
  if (
    rec.TimeGenerated !== undefined &&
    typeof rec.OperationName === 'string' &&
    (rec.ActivityStatus !== undefined || rec.ResourceProvider !== undefined) &&
    rec.CorrelationId !== undefined
  ) {
    return true;
  }
  if (isPortalCsvRow(rec)) return true;

  const op = own(rec, 'operationName', 'operationname', 'OperationName', 'operation_name');
  // REST / portal JSON (and its snake_case SDK serialisation): operationName is {value, localizedValue}.
  if (isRecord(op)) {
    return (
      typeof op.value === 'string' &&
      own(
        rec,
        'eventTimestamp',
        'event_timestamp',
        'eventDataId',
        'event_data_id',
        'submissionTimestamp',
        'submission_timestamp',
        'time',
        'caller',
      ) !== undefined
    );
  }
  if (typeof op !== 'string') return false;
  // Diagnostic / Event Hub shape.
  const time = rec.time ?? rec.Time;
  if (time === undefined) return false;
  const resourceId = rec.resourceId ?? rec.resourceid;
  if (typeof resourceId === 'string' && /microsoft\.aadiam/i.test(resourceId)) return false;
  const cat = rec.category ?? rec.Category;
  const props = rec.properties;
  if (
    isRecord(props) &&
    (props.activityDisplayName !== undefined ||
      props.initiatedBy !== undefined ||
      props.createdDateTime !== undefined ||
      props.loggedByService !== undefined)
  ) {
    return false;
  }
  if (typeof cat === 'string') {
    const c = cat.toLowerCase();
    if (ENTRA_SIGNIN_CATEGORIES.has(c) || c === 'auditlogs') return false;
    if (OPERATION_KIND_CATEGORIES.has(c)) return typeof resourceId === 'string' && op.includes('/');
    return ACTIVITY_CATEGORIES.has(c) || RESOURCE_CATEGORIES.has(c);
  }
  if (cat !== undefined) return false;
  // No category (trimmed samples): a resource-provider operation, or a storage resource log.
  if (op.includes('/') && (resourceId !== undefined || rec.callerIpAddress !== undefined)) return true;
  return (
    isRecord(props) &&
    (props.objectKey !== undefined || props.accountName !== undefined) &&
    (rec.callerIpAddress !== undefined || resourceId !== undefined)
  );
}

function claimOf(claims: RawRecord | undefined, names: string[]): string | undefined {
  if (!claims) return undefined;
  for (const n of names) {
    const v = text(claims[n] ?? field(claims, n));
    if (v !== undefined) return v;
  }
  return undefined;
}

function successOf(raw: string | undefined, statusCode: number | undefined): boolean {
  if (statusCode !== undefined) return statusCode < 400;
  if (!raw) return true;
  return !/^(fail|failed|failure|error|denied|unauthorized|forbidden)/i.test(raw);
}

/** A caller that names a platform service (`Microsoft.Insights/alertRules`), not an identity. */
function isServiceCaller(caller: string): boolean {
  return /^microsoft\.[a-z]+(\/|$)/i.test(caller) && !caller.includes('@');
}

function parseActivity(rec: RawRecord, ctx: ParseContext): ParseResult {
  if (isPortalCsvRow(rec)) return parsePortalCsv(rec, ctx);
  const g = activityReader(rec);
  const props = asObject(g('properties')) ?? asObject(g('Properties_d'));
  const p = props ? reader(props) : undefined;

  const when = eventTime(
    g('eventTimestamp'),
    g('time'),
    g('TimeGenerated'),
    g('submissionTimestamp'),
    g('EventSubmissionTimestamp'),
  );
  const name = operationNameOf(rec, g);
  if (!name) return reject('no operation name (operationName / OperationNameValue)');
  const category = activityCategory(g, p);

  // Identity: REST `claims`, diagnostic `identity.claims` (Key Vault: `identity.claim`), LA `Claims` text.
  const identity = asObject(g('identity'));
  const claims =
    asObject(g('claims')) ??
    asObject(g('Claims_d')) ??
    (identity ? (asObject(field(identity, 'claims')) ?? asObject(field(identity, 'claim'))) : undefined);
  const appid = claimOf(claims, ['appid', 'azp', 'appId']);
  const authType = identity ? text(field(identity, 'type')) : undefined;
  const actor = activityActor(
    text(g('caller')),
    claims,
    appid,
    authType,
    category !== undefined && PLATFORM_CATEGORIES.has(category.toLowerCase()),
  );
  const asPlatform = actor.kind === 'service';
  actor.account =
    text(g('tenantId')) ?? claimOf(claims, ['tid', 'http://schemas.microsoft.com/identity/claims/tenantid']);
  const addr = readSourceAddress(callerIp(g, claims));

  // Outcome: diagnostic resultType, REST status.value, LA ActivityStatusValue (older: ActivityStatus), resource-log statusCode.
  const statusRaw =
    text(g('ActivityStatusValue')) ?? valueOf(g('status')) ?? text(g('resultType')) ?? text(g('ActivityStatus'));
  const statusCode = num(g('statusCode'));

  // The RBAC scope checked (REST `authorization`, diagnostic `identity.authorization`, LA `Authorization` text) names the resource when nothing else does.
  const authz = asObject(g('authorization')) ?? (identity ? asObject(field(identity, 'authorization')) : undefined);
  const resourceId =
    text(g('resourceId')) ??
    text(g('_ResourceId')) ??
    text(g('ResourceId')) ??
    (authz ? text(field(authz, 'scope')) : undefined);
  const service = activityService(g, name, p);
  const subscription =
    text(g('subscriptionId')) ?? (resourceId ? /\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1] : undefined);
  const objectKey = p ? text(p('objectKey')) : undefined;
  const correlationId = text(g('correlationId'));

  const details: TokenEventDetails = {};
  putDetail(details, 'category', category);
  putDetail(details, 'authType', authType);
  putDetail(details, 'correlationId', correlationId);
  putDetail(details, 'eventName', valueOf(g('eventName')));
  if (when.timeKnown === false)
    putDetail(details, 'rawTime', rawTimeText(g('eventTimestamp'), g('time'), g('TimeGenerated')));

  const ev: TokenEvent = {
    id:
      text(g('eventDataId')) ??
      contentId(
        correlationId,
        text(g('operationId')),
        name,
        statusRaw ?? statusCode ?? '',
        timeKey(when),
        addr.ip ?? addr.caller ?? '',
        objectKey ?? '',
      ),
    ...when,
    provider: 'azure',
    format: 'azure-activity',
    class: 'api_activity',
    actor,
    credential: activityCredential(claims, asPlatform, authType),
    source: {
      ip: addr.ip,
      caller: addr.caller,
      userAgent: p ? text(p('userAgentHeader')) : undefined,
    },
    action: { name, service, verb: classifyVerb(name, service) },
    target: resourceId || objectKey ? { id: resourceId, name: objectKey, account: subscription } : undefined,
    app: appid && !asPlatform ? { id: appid } : undefined,
    outcome: activityOutcome(g, p, statusRaw, statusCode),
    details: Object.keys(details).length ? details : undefined,
    ref: ctx.ref,
  };
  return ok(ev);
}

/** No eventDataId: correlationId + operationId; resource logs have neither, so the id is built from the content. */
function contentId(
  correlationId: string | undefined,
  operationId: string | undefined,
  name: string,
  status: string | number,
  time: number | string,
  address: string,
  objectKey: string,
): string {
  if (correlationId && operationId) return `${correlationId}:${operationId}`;
  return [correlationId ?? 'activity', name, status, time, correlationId ? '' : address, correlationId ? '' : objectKey]
    .join(':')
    .replace(/:+$/, '');
}

/** The operation: OperationNameValue, else the operation name (never the localized title of Log Analytics rows). */
function operationNameOf(rec: RawRecord, g: Get): string | undefined {
  // Pre-2020 AzureActivity rows name the operation in OperationName (today the localized title, beside OperationNameValue).
  const legacyName =
    rec.OperationNameValue === undefined && (rec.ActivityStatus !== undefined || rec.ResourceProvider !== undefined)
      ? text(rec.OperationName)
      : undefined;
  // In Log Analytics rows OperationName is the localized title ("Create role assignment"), never the operation.
  const op = g('operationName');
  const laRow = g('TimeGenerated') !== undefined && !isRecord(op);
  return text(g('OperationNameValue')) ?? (laRow ? legacyName : valueOf(op));
}

/** Category: REST `category.value`, LA `CategoryValue` / `Category`, diagnostic `category` or `properties.eventCategory`. */
function activityCategory(g: Get, p: Get | undefined): string | undefined {
  const category = text(g('CategoryValue')) ?? valueOf(g('category'));
  const eventCategory = p ? text(p('eventCategory')) : undefined;
  if (eventCategory && (!category || OPERATION_KIND_CATEGORIES.has(category.toLowerCase()))) return eventCategory;
  return category;
}

/**
 * Who acted, from the caller and the token's claims (account is set by the caller of this).
 * The platform reporting (alert rules, autoscale, health, Advisor, Defender) is an actor of kind
 * `service` with an empty id: no identity acted.
 */
function activityActor(
  callerRaw: string | undefined,
  claims: RawRecord | undefined,
  appid: string | undefined,
  authType: string | undefined,
  platformEvent: boolean,
): TokenEvent['actor'] {
  const upn = claimOf(claims, CLAIM_UPN);
  const oid = claimOf(claims, CLAIM_OID);
  const idtyp = claimOf(claims, ['idtyp'])?.toLowerCase();
  const spn = claimOf(claims, CLAIM_SPN);
  const serviceCaller =
    callerRaw && isServiceCaller(callerRaw) ? callerRaw : spn && isServiceCaller(spn) ? spn : undefined;
  const asPlatform = serviceCaller !== undefined || (platformEvent && !upn && !oid && !appid);
  if (asPlatform) return { id: '', name: serviceCaller, kind: 'service', type: 'platform' };
  const caller = callerRaw;
  const actorId = caller ?? (upn && upn.includes('@') ? upn : undefined) ?? oid ?? appid ?? upn ?? '';
  return {
    id: actorId,
    name: upn && upn !== actorId ? upn : undefined,
    kind: claimsActorKind(claimOf(claims, ['xms_mirid']), idtyp, upn, caller, appid),
    type: idtyp ?? authType,
  };
}

function claimsActorKind(
  miResource: string | undefined,
  idtyp: string | undefined,
  upn: string | undefined,
  caller: string | undefined,
  appid: string | undefined,
): ActorKind {
  if (miResource) return 'workload';
  if (idtyp === 'app') return 'service_principal';
  if (idtyp === 'user') return 'human';
  if (upn && upn.includes('@')) return 'human';
  if (caller && caller.includes('@')) return 'human';
  if (appid && !upn) return 'service_principal';
  return 'unknown';
}

/** Credential: the token id (uti) and issue time (iat) from the claims; storage logs name the auth type. */
function activityCredential(
  claims: RawRecord | undefined,
  asPlatform: boolean,
  authType: string | undefined,
): TokenEvent['credential'] {
  if (claims && !asPlatform) {
    const iat = num(claimOf(claims, ['iat']));
    return {
      kind: 'oauth_access_token',
      id: claimOf(claims, ['uti']),
      issuedAt: iat !== undefined && iat > 0 ? (iat < 1e11 ? iat * 1000 : iat) : undefined,
    };
  }
  if (!authType) return undefined;
  const t = authType.toLowerCase();
  const k: CredentialKind = t === 'oauth' ? 'oauth_access_token' : t === 'accountkey' ? 'long_term_key' : 'unknown';
  return { kind: k };
}

/** callerIpAddress, else the HTTP request's client address, else the token's `ipaddr` claim. */
function callerIp(g: Get, claims: RawRecord | undefined): unknown {
  const http = asObject(g('httpRequest')) ?? asObject(g('HTTPRequest'));
  let ipRaw: unknown = g('callerIpAddress');
  if (text(ipRaw) === undefined && http) ipRaw = field(http, 'clientIpAddress') ?? field(http, 'client_ip_address');
  if (text(ipRaw) === undefined) ipRaw = claimOf(claims, ['ipaddr']);
  return ipRaw;
}

/** The resource provider, else the operation's namespace, else the storage service type. */
function activityService(g: Get, name: string, p: Get | undefined): string | undefined {
  const provider =
    valueOf(g('resourceProviderName')) ?? text(g('ResourceProviderValue')) ?? text(g('ResourceProvider'));
  const slash = name.indexOf('/');
  return provider ?? (slash > 0 ? name.slice(0, slash) : undefined) ?? (p ? text(p('serviceType')) : undefined);
}

function activityOutcome(
  g: Get,
  p: Get | undefined,
  statusRaw: string | undefined,
  statusCode: number | undefined,
): TokenEvent['outcome'] {
  const success = successOf(statusRaw, statusCode);
  const sub =
    text(g('ActivitySubstatusValue')) ??
    valueOf(g('subStatus')) ??
    text(g('resultSignature')) ??
    text(g('ActivitySubstatus')) ??
    (statusCode !== undefined ? String(statusCode) : undefined);
  const code = success
    ? sub && !/^(none|succeeded|success|ok)$/i.test(sub) && !/^2\d\d$/.test(sub)
      ? sub
      : undefined
    : (sub ?? statusRaw);
  const reason = success
    ? undefined
    : (text(g('resultDescription')) ?? text(g('statusText')) ?? (p ? text(p('statusMessage')) : undefined));
  return { success, code, reason };
}

/**
 * The portal's "Download as CSV": localized operation names and statuses, the caller as
 * "Event initiated by", no address and no token. Read so the analyst sees who did what; the
 * identity indicators have little to go on from it.
 */
function parsePortalCsv(rec: RawRecord, ctx: ParseContext): ParseResult {
  const col = (k: string): string | undefined => text(rec[k] ?? field(rec, k));
  const name = col(PORTAL_OPERATION);
  if (!name) return reject('no operation name (Operation name)');
  const when = eventTime(col('Time'), col('Time stamp'));
  const category = col('Event category');
  const callerRaw = col(PORTAL_CALLER);
  const asPlatform =
    (callerRaw !== undefined && isServiceCaller(callerRaw)) ||
    (category !== undefined && PLATFORM_CATEGORIES.has(category.replace(/\s+/g, '').toLowerCase()));
  const caller = asPlatform ? undefined : callerRaw;
  const status = col('Status');
  const success = successOf(status, undefined);
  const subscription = col('Subscription');
  const resource = col('Resource');
  const correlationId = col('Correlation id');
  const details: TokenEventDetails = {};
  putDetail(details, 'category', category);
  putDetail(details, 'correlationId', correlationId);
  if (when.timeKnown === false) putDetail(details, 'rawTime', rawTimeText(col('Time'), col('Time stamp')));
  const ev: TokenEvent = {
    id: [correlationId ?? 'activity-csv', name, status ?? '', timeKey(when), resource ?? ''].join(':'),
    ...when,
    provider: 'azure',
    format: 'azure-activity',
    class: 'api_activity',
    actor: {
      id: caller ?? '',
      kind: asPlatform ? 'service' : caller?.includes('@') ? 'human' : 'unknown',
      name: asPlatform ? callerRaw : undefined,
      type: asPlatform ? 'platform' : undefined,
    },
    source: {},
    action: { name, service: col('Resource type')?.split('/')[0], verb: classifyVerb(name) },
    target: resource || subscription ? { name: resource, account: subscription } : undefined,
    outcome: { success, code: success ? undefined : status },
    details: Object.keys(details).length ? details : undefined,
    ref: ctx.ref,
  };
  return ok(ev);
}

export const azureActivity: SourceFormat = {
  id: 'azure-activity',
  provider: 'azure',
  title: 'Azure Activity log',
  ...neverThrowing('activity record', detect, parseActivity),
};
