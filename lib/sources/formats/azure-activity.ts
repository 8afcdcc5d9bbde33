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
 *   `eventTimestamp`, `caller`, `claims`, `httpRequest.clientIpAddress`, `eventDataId`);
 * - the AzureActivity Log Analytics table (OperationNameValue, ActivityStatusValue, Caller,
 *   CallerIpAddress, Claims as JSON text, TimeGenerated, CorrelationId).
 * Request bodies and storage URIs (which can hold SAS signatures) are never copied.
 */
import { putDetail } from '../../model/details';
import { asObject, field, isRecord, num, reader, text, type RawRecord } from '../../model/fields';
import { readSourceAddress } from '../../model/source-address';
import { eventTime, rawTimeText, timeKey } from '../../model/time';
import type { ActorKind, CredentialKind, TokenEvent, TokenEventDetails } from '../../model/token-event';
import { classifyVerb } from '../../model/verb';
import { neverThrowing, ok, reject, type ParseContext, type ParseResult, type SourceFormat } from '../source-format';
import { ENTRA_SIGNIN_CATEGORIES } from './shared/microsoft';

/** Activity log categories (diagnostic `category`, REST `category.value`). */
const ACTIVITY_CATEGORIES = new Set([
  'administrative', 'security', 'servicehealth', 'alert', 'recommendation', 'policy', 'autoscale', 'resourcehealth',
]);
/** Resource-log categories in the same common schema that this format also reads. */
const RESOURCE_CATEGORIES = new Set(['storageread', 'storagewrite', 'storagedelete', 'auditevent']);

const CLAIM_UPN = ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn', 'upn', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', 'email', 'unique_name', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', 'name'];
const CLAIM_OID = ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid'];

function valueOf(v: unknown): string | undefined {
  if (isRecord(v)) return text(field(v, 'value'));
  return text(v);
}

function detect(rec: RawRecord): boolean {
  // Log Analytics AzureActivity.
  const type = rec.Type;
  if (typeof type === 'string' && type.toLowerCase() === 'azureactivity') return true;
  if (rec.OperationNameValue !== undefined && (rec.TimeGenerated !== undefined || rec.ActivityStatusValue !== undefined)) return true;

  const op = rec.operationName ?? rec.operationname ?? rec.OperationName;
  // REST / portal JSON: operationName is {value, localizedValue}.
  if (isRecord(op)) {
    return typeof op.value === 'string' &&
      (rec.eventTimestamp !== undefined || rec.eventDataId !== undefined || rec.submissionTimestamp !== undefined ||
       rec.time !== undefined || rec.caller !== undefined);
  }
  if (typeof op !== 'string') return false;
  // Diagnostic / Event Hub shape.
  const time = rec.time ?? rec.Time;
  if (time === undefined) return false;
  const resourceId = rec.resourceId ?? rec.resourceid;
  if (typeof resourceId === 'string' && /microsoft\.aadiam/i.test(resourceId)) return false;
  const cat = rec.category ?? rec.Category;
  const props = rec.properties;
  if (isRecord(props) && (props.activityDisplayName !== undefined || props.initiatedBy !== undefined ||
      props.createdDateTime !== undefined || props.loggedByService !== undefined)) {
    return false;
  }
  if (typeof cat === 'string') {
    const c = cat.toLowerCase();
    if (ENTRA_SIGNIN_CATEGORIES.has(c) || c === 'auditlogs') return false;
    return ACTIVITY_CATEGORIES.has(c) || RESOURCE_CATEGORIES.has(c);
  }
  if (cat !== undefined) return false;
  // No category (trimmed samples): a resource-provider operation, or a storage resource log.
  if (op.includes('/') && (resourceId !== undefined || rec.callerIpAddress !== undefined)) return true;
  return isRecord(props) && (props.objectKey !== undefined || props.accountName !== undefined) &&
    (rec.callerIpAddress !== undefined || resourceId !== undefined);
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

function parseActivity(rec: RawRecord, ctx: ParseContext): ParseResult {
  const g = reader(rec);
  const props = asObject(g('properties')) ?? asObject(g('Properties_d'));
  const p = props ? reader(props) : undefined;

  const when = eventTime(g('eventTimestamp'), g('time'), g('TimeGenerated'), g('submissionTimestamp'));

  const name = text(g('OperationNameValue')) ?? valueOf(g('operationName'));
  if (!name) return reject('no operation name (operationName / OperationNameValue)');

  // Identity: REST `claims`, diagnostic `identity.claims` (Key Vault: `identity.claim`), LA `Claims` text.
  const identity = asObject(g('identity'));
  const claims = asObject(g('claims')) ?? asObject(g('Claims_d')) ??
    (identity ? asObject(field(identity, 'claims')) ?? asObject(field(identity, 'claim')) : undefined);
  const caller = text(g('caller'));
  const upn = claimOf(claims, CLAIM_UPN);
  const oid = claimOf(claims, CLAIM_OID);
  const appid = claimOf(claims, ['appid', 'azp', 'appId']);
  const idtyp = claimOf(claims, ['idtyp'])?.toLowerCase();
  const miResource = claimOf(claims, ['xms_mirid']);

  let kind: ActorKind;
  if (miResource) kind = 'workload';
  else if (idtyp === 'app') kind = 'service_principal';
  else if (idtyp === 'user') kind = 'human';
  else if (upn && upn.includes('@')) kind = 'human';
  else if (caller && caller.includes('@')) kind = 'human';
  else if (appid && !upn) kind = 'service_principal';
  else kind = 'unknown';
  const authType = identity ? text(field(identity, 'type')) : undefined;
  const actorId = caller ?? (upn && upn.includes('@') ? upn : undefined) ?? oid ?? appid ?? upn ?? '';

  // Credential: the token id (uti) and issue time (iat) from the claims; storage logs name the auth type.
  let credential: TokenEvent['credential'];
  if (claims) {
    const iat = num(claimOf(claims, ['iat']));
    credential = {
      kind: 'oauth_access_token',
      id: claimOf(claims, ['uti']),
      issuedAt: iat !== undefined && iat > 0 ? (iat < 1e11 ? iat * 1000 : iat) : undefined,
    };
  } else if (authType) {
    const t = authType.toLowerCase();
    const k: CredentialKind = t === 'oauth' ? 'oauth_access_token' : t === 'accountkey' ? 'long_term_key' : 'unknown';
    credential = { kind: k };
  }

  const http = asObject(g('httpRequest'));
  let ipRaw: unknown = g('callerIpAddress');
  if (text(ipRaw) === undefined && http) ipRaw = field(http, 'clientIpAddress');
  if (text(ipRaw) === undefined) ipRaw = claimOf(claims, ['ipaddr']);
  const addr = readSourceAddress(ipRaw);

  // Outcome: diagnostic resultType, REST status.value, LA ActivityStatusValue, resource-log statusCode.
  const statusRaw = text(g('ActivityStatusValue')) ?? valueOf(g('status')) ?? text(g('resultType'));
  const statusCode = num(g('statusCode'));
  const success = successOf(statusRaw, statusCode);
  const sub = text(g('ActivitySubstatusValue')) ?? valueOf(g('subStatus')) ?? text(g('resultSignature')) ??
    (statusCode !== undefined ? String(statusCode) : undefined);
  const code = success ? (sub && !/^(none|succeeded|success|ok)$/i.test(sub) && !/^2\d\d$/.test(sub) ? sub : undefined) : (sub ?? statusRaw);
  const reason = success ? undefined :
    text(g('resultDescription')) ?? text(g('statusText')) ?? (p ? text(p('statusMessage')) : undefined);

  const resourceId = text(g('resourceId')) ?? text(g('_ResourceId'));
  const provider = valueOf(g('resourceProviderName')) ?? text(g('ResourceProviderValue'));
  const slash = name.indexOf('/');
  const service = provider ?? (slash > 0 ? name.slice(0, slash) : undefined) ??
    (p ? text(p('serviceType')) : undefined);
  const category = text(g('CategoryValue')) ?? valueOf(g('category'));
  const subscription = text(g('subscriptionId')) ?? (resourceId ? /\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1] : undefined);
  const objectKey = p ? text(p('objectKey')) : undefined;

  const details: TokenEventDetails = {};
  putDetail(details, 'category', category);
  putDetail(details, 'authType', authType);
  putDetail(details, 'correlationId', text(g('correlationId')));
  if (when.timeKnown === false) putDetail(details, 'rawTime', rawTimeText(g('eventTimestamp'), g('time'), g('TimeGenerated')));

  const eventDataId = text(g('eventDataId'));
  const correlationId = text(g('correlationId'));
  const operationId = text(g('operationId'));
  // eventDataId, else correlationId + operationId; resource logs have neither: build it from the content.
  const id = eventDataId ??
    (correlationId && operationId ? `${correlationId}:${operationId}` :
      [correlationId ?? 'activity', name, statusRaw ?? statusCode ?? '', timeKey(when), correlationId ? '' : addr.ip ?? addr.caller ?? '',
        correlationId ? '' : objectKey ?? ''].join(':').replace(/:+$/, ''));

  const ev: TokenEvent = {
    id,
    ...when,
    provider: 'azure',
    format: 'azure-activity',
    class: 'api_activity',
    actor: {
      id: actorId,
      name: upn && upn !== actorId ? upn : undefined,
      kind,
      type: idtyp ?? authType,
      account: text(g('tenantId')) ?? claimOf(claims, ['tid', 'http://schemas.microsoft.com/identity/claims/tenantid']),
    },
    credential,
    source: {
      ip: addr.ip,
      caller: addr.caller,
      userAgent: p ? text(p('userAgentHeader')) : undefined,
    },
    action: { name, service, verb: classifyVerb(name, service) },
    target: resourceId || objectKey ? { id: resourceId, name: objectKey, account: subscription } : undefined,
    app: appid ? { id: appid } : undefined,
    outcome: { success, code, reason },
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
