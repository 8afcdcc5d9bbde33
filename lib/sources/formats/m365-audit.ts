/**
 * Microsoft 365 Unified Audit Log: what a stolen Microsoft token reached in Exchange, SharePoint,
 * OneDrive and Teams, with the token's ids in `AppAccessContext` (UniqueTokenId, AADSessionId)
 * that join it to the Entra sign-in, plus the Entra sign-ins and directory changes UAL mirrors
 * (UserLoggedIn / UserLoginFailed → authentication; consent → authorization_grant).
 * Shapes, detected per record:
 * - UAL JSON records (Management Activity API, Search-UnifiedAuditLog), including Panther's
 *   lower-cased keys for Exchange events;
 * - the Purview audit search CSV export, where the record is JSON text in the `AuditData`
 *   column (columns CreationDate, UserIds/UserId, Operations/Operation, AuditData);
 * - the OfficeActivity Log Analytics table (TimeGenerated, OfficeId, Operation, UserId, ClientIP,
 *   OfficeWorkload, ResultStatus, JSON text in ExtendedProperties/AppAccessContext).
 * Mail and file reads keep what tells an app from the mailbox owner's own client: the app id
 * (AppId / ClientAppId / ApplicationId), ClientInfoString (`Client=REST` is Graph), OperationCount
 * (items one MailItemsAccessed record stands for) and MailAccessType (Bind / Sync).
 * Cmdlet parameters (Exchange `Parameters`) are not copied: they can carry passwords.
 *
 * Sign-in records (UserLoggedIn / UserLoginFailed):
 * - the identity is the user principal name, taken whole: real exports carry `UserId` values
 *   that lost or changed their `@` (`Adelecontoso.onmicrosoft.com` next to the same record's
 *   `Actor` entry `Adele@contoso.onmicrosoft.com`), so a `UserId` that is not an address gives way
 *   to the `Actor` entry of type 5 (UPN), then to the object id (`Actor` type 0, `UserKey`);
 * - the UAL `Id` names one record: the same `Id` twice in one scan (overlapping audit searches,
 *   concatenated exports) is one sign-in, read once (`uniqueRecordId`).
 */
import { putDetail } from '../../model/details';
import {
  asArray,
  asObject,
  field,
  isRecord,
  jsonInString,
  reader,
  text,
  type Get,
  type RawRecord,
} from '../../model/fields';
import { readSourceAddress } from '../../model/source-address';
import { eventTime, parseTime, rawTimeText, timeKey, type EventTime } from '../../model/time';
import type { ActorKind, EventClass, TokenEvent, TokenEventDetails } from '../../model/token-event';
import { classifyVerb } from '../../model/verb';
import { neverThrowing, ok, reject, type ParseContext, type ParseResult, type SourceFormat } from '../source-format';
import {
  GRANT_OPERATION,
  MAX_MODIFIED_PROPERTIES,
  grantFacts,
  isResourceAppId,
  modifiedPropertyText,
  namedValueMap,
  namedValues,
} from './shared/microsoft';

const LOGIN_OPS = /^(UserLoggedIn|UserLoginFailed)$/i;

/** UAL UserType: 0 Regular, 2 Admin, 3 DcAdmin, 4 System, 5 Application, 6 ServicePrincipal, 7/8 policies. */
const USER_TYPE_NAMES = [
  'Regular',
  'Reserved',
  'Admin',
  'DcAdmin',
  'System',
  'Application',
  'ServicePrincipal',
  'CustomPolicy',
  'SystemPolicy',
  'PartnerTechnician',
  'Guest',
];

function isCsvRow(rec: RawRecord): boolean {
  return (
    typeof rec.AuditData === 'string' &&
    (rec.CreationDate !== undefined ||
      rec.Operations !== undefined ||
      rec.Operation !== undefined ||
      rec.RecordId !== undefined)
  );
}

function detect(rec: RawRecord): boolean {
  if (isCsvRow(rec)) return true;
  const type = rec.Type;
  if (typeof type === 'string' && type.toLowerCase() === 'officeactivity') return true;
  if (rec.OfficeWorkload !== undefined && rec.Operation !== undefined) return true;
  const created = rec.CreationTime ?? rec.creationtime;
  const op = rec.Operation ?? rec.operation;
  if (created === undefined || typeof op !== 'string') return false;
  return (
    rec.Workload !== undefined ||
    rec.workload !== undefined ||
    rec.RecordType !== undefined ||
    rec.recordtype !== undefined ||
    rec.Id !== undefined ||
    rec.id !== undefined
  );
}

function actorKind(userType: unknown, userId: string | undefined): { kind: ActorKind; type?: string } {
  let t: string | undefined;
  if (typeof userType === 'number' && Number.isInteger(userType)) t = USER_TYPE_NAMES[userType];
  else if (typeof userType === 'string' && userType.trim()) {
    const n = Number(userType);
    t = Number.isInteger(n) && userType.trim() !== '' ? (USER_TYPE_NAMES[n] ?? userType) : userType;
  }
  const tl = t?.toLowerCase();
  if (tl === 'application' || tl === 'serviceprincipal' || (userId && /^ServicePrincipal_/i.test(userId))) {
    return { kind: 'service_principal', type: t };
  }
  if (
    tl === 'system' ||
    tl === 'custompolicy' ||
    tl === 'systempolicy' ||
    (userId && /^NT AUTHORITY\\|^S-1-5-18/i.test(userId))
  ) {
    return { kind: 'service', type: t };
  }
  if (userId || t) return { kind: 'human', type: t };
  return { kind: 'unknown', type: t };
}

// Linear: the domain's labels cannot hold a dot themselves, so a long dotted value never backtracks.
const ADDRESS = /^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$/;

/** Sign-in records: the UPN when one is whole, else the object id (see the header). */
function loginIdentity(g: Get, userId: string | undefined): string | undefined {
  if (userId && ADDRESS.test(userId)) return userId;
  let upn: string | undefined;
  let objectId: string | undefined;
  for (const a of asArray(g('Actor')) ?? []) {
    const o = asObject(a);
    if (!o) continue;
    const id = text(field(o, 'ID'));
    const type = Number(field(o, 'Type'));
    if (!id) continue;
    if (type === 5 && !upn && ADDRESS.test(id)) upn = id;
    if (type === 0 && !objectId) objectId = id;
  }
  return upn ?? objectId ?? text(g('UserKey')) ?? userId;
}

function successOf(op: string, raw: string | undefined): boolean {
  if (/^UserLoginFailed$/i.test(op)) return false;
  if (!raw) return true;
  return !/^(fail|failed|failure|false|error|denied)/i.test(raw);
}

/** A non-negative integer count (OperationCount), from a number or its text. */
function countOf(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

function parseUal(rec: RawRecord, ctx: ParseContext, csv?: Get): ParseResult {
  const g = reader(rec);
  const when = eventTime(g('CreationTime'), g('TimeGenerated'), csv?.('CreationDate'));
  const op = text(g('Operation')) ?? text(csv?.('Operations')) ?? text(csv?.('Operation'));
  if (!op) return reject('no Operation');

  const workload = text(g('Workload')) ?? text(g('OfficeWorkload'));
  const rawUserId = text(g('UserId')) ?? text(csv?.('UserIds')) ?? text(csv?.('UserId'));
  const isLogin = LOGIN_OPS.test(op);
  const userId = isLogin ? loginIdentity(g, rawUserId) : rawUserId;
  const { kind, type } = actorKind(g('UserType'), rawUserId ?? userId);

  const ext = namedValueMap(g('ExtendedProperties'), 'Name', 'Value');
  const ctxObj = asObject(g('AppAccessContext'));
  const c = ctxObj ? reader(ctxObj) : undefined;
  const isGrant = GRANT_OPERATION.test(op);
  const cls: EventClass = isLogin
    ? 'authentication'
    : isGrant
      ? 'authorization_grant'
      : workload?.toLowerCase() === 'azureactivedirectory'
        ? 'account_change'
        : 'api_activity';
  const addr = readSourceAddress(
    text(g('ClientIP')) ?? text(g('ClientIPAddress')) ?? text(g('Client_IPAddress')) ?? text(g('ActorIpAddress')),
  );

  // Modified properties (directory changes mirrored into UAL), and consent facts from them.
  const pairs = namedValues(g('ModifiedProperties'), 'Name', 'NewValue');
  const requestType = ext.get('requesttype');
  const objectId = text(g('ObjectId')) ?? text(g('OfficeObjectId'));

  const id =
    text(g('Id')) ??
    text(g('OfficeId')) ??
    text(csv?.('RecordId')) ??
    `m365-audit:${timeKey(when)}:${op}:${userId ?? ''}`;

  const ev: TokenEvent = {
    id,
    ...when,
    provider: 'm365',
    format: 'm365-audit',
    class: cls,
    actor: {
      id: userId ?? text(g('UserKey')) ?? '',
      kind,
      type,
      account: text(g('OrganizationId')),
    },
    credential: ualCredential(g, c, isLogin),
    source: {
      ip: addr.ip,
      caller: addr.caller,
      userAgent: text(g('UserAgent')) ?? ext.get('useragent') ?? text(g('ClientInfoString')),
    },
    action: { name: op, service: workload, verb: classifyVerb(op, workload) },
    target:
      objectId || text(g('ItemType'))
        ? {
            id: objectId,
            name: text(g('SourceFileName')),
            type: text(g('ItemType')),
          }
        : undefined,
    app: isGrant ? grantApp(g, pairs, objectId) : ualApp(g, c, requestType),
    outcome: ualOutcome(g, op, ext),
    details: ualDetails(g, csv, when, requestType, pairs),
    ref: ctx.ref,
  };
  return ok(ev);
}

/** The app access context's token (id, AAD session, issue time), else a sign-in's session from DeviceProperties. */
function ualCredential(g: Get, c: Get | undefined, isLogin: boolean): TokenEvent['credential'] {
  const tokenId = c ? text(c('UniqueTokenId')) : undefined;
  const aadSession = c ? text(c('AADSessionId')) : undefined;
  const issued = c ? parseTime(c('IssuedAtTime')) : undefined;
  if (tokenId || aadSession || issued !== undefined) {
    return { kind: 'oauth_access_token', id: tokenId, sessionId: aadSession, issuedAt: issued };
  }
  if (!isLogin) return undefined;
  return { kind: 'session', sessionId: namedValueMap(g('DeviceProperties'), 'Name', 'Value').get('sessionid') };
}

/** A consent or grant: the app from the modified properties (never the resource API), its name from the Target list. */
function grantApp(g: Get, pairs: [string, unknown][], objectId: string | undefined): TokenEvent['app'] {
  const facts = grantFacts(pairs);
  let targetName: string | undefined;
  const targets = asArray(g('Target'));
  if (targets) {
    for (const t of targets) {
      const o = asObject(t);
      if (o && Number(field(o, 'Type')) === 1) {
        targetName = text(field(o, 'ID'));
        break;
      }
    }
  }
  return {
    // An app-role grant names the resource API (Microsoft Graph) in TargetId.ServicePrincipalNames: never the app.
    id: (facts.appId && !isResourceAppId(facts.appId) ? facts.appId : undefined) ?? objectId,
    name: targetName,
    scopes: facts.scopes,
    adminConsent: facts.adminConsent,
    allUsers: facts.allUsers,
  };
}

/** The client app of any other record, and the device-code flow when the request type says so. */
function ualApp(g: Get, c: Get | undefined, requestType: string | undefined): TokenEvent['app'] {
  const appId =
    text(g('ApplicationId')) ?? (c ? text(c('ClientAppId')) : undefined) ?? text(g('AppId')) ?? text(g('ClientAppId'));
  const appName = c ? text(c('ClientAppName')) : undefined;
  const protocol = requestType && /^cmsi:cmsi$/i.test(requestType) ? 'deviceCode' : undefined;
  return appId || appName || protocol ? { id: appId, name: appName, protocol } : undefined;
}

function ualOutcome(g: Get, op: string, ext: Map<string, string>): TokenEvent['outcome'] {
  const rawStatus = text(g('ResultStatus'));
  const success = successOf(op, rawStatus);
  const logonError = text(g('LogonError'));
  const errNum = text(g('ErrorNumber'));
  const code = success ? undefined : (errNum ?? logonError ?? rawStatus);
  const reason = success ? undefined : (logonError ?? ext.get('resultstatusdetail'));
  return { success, code, reason };
}

function ualDetails(
  g: Get,
  csv: Get | undefined,
  when: EventTime,
  requestType: string | undefined,
  pairs: [string, unknown][],
): TokenEventDetails | undefined {
  const details: TokenEventDetails = {};
  putDetail(details, 'requestType', requestType);
  putDetail(details, 'recordType', text(g('RecordType')));
  // Mailbox reads (MailItemsAccessed): how many items one record stands for, the client string
  // (`Client=REST;…` is Graph/REST, `Client=MSExchangeRPC` Outlook desktop) and Bind or Sync.
  putDetail(details, 'operationCount', countOf(g('OperationCount')));
  putDetail(details, 'clientInfo', text(g('ClientInfoString')));
  putDetail(details, 'mailAccessType', namedValueMap(g('OperationProperties'), 'Name', 'Value').get('mailaccesstype'));
  if (when.timeKnown === false)
    putDetail(details, 'rawTime', rawTimeText(g('CreationTime'), g('TimeGenerated'), csv?.('CreationDate')));
  if (pairs.length)
    putDetail(
      details,
      'modifiedProperties',
      pairs.slice(0, MAX_MODIFIED_PROPERTIES).map(([n, v]) => modifiedPropertyText(n, v)),
    );
  return Object.keys(details).length ? details : undefined;
}

function parseCsv(rec: RawRecord, ctx: ParseContext): ParseResult {
  const csv = reader(rec);
  const inner = jsonInString(rec.AuditData);
  if (!isRecord(inner)) {
    // AuditData cut or absent: what the columns alone say.
    return parseUal({}, ctx, csv);
  }
  return parseUal(inner, ctx, csv);
}

export const m365Audit: SourceFormat = {
  id: 'm365-audit',
  provider: 'm365',
  title: 'Microsoft 365 unified audit log',
  ...neverThrowing('audit record', detect, (rec, ctx) => (isCsvRow(rec) ? parseCsv(rec, ctx) : parseUal(rec, ctx))),
  // A sign-in's UAL Id (not the synthetic `m365-audit:` fallback) names one record.
  uniqueRecordId: (e) => e.class === 'authentication' && !e.id.startsWith('m365-audit:'),
};
