/**
 * Microsoft Entra ID sign-in logs: the record where a stolen token shows up as a sign-in from a
 * new place (non-interactive refreshes, service-principal and managed-identity token requests).
 * One format for every shape the same log is exported in, detected per record:
 * - Microsoft Graph `signIn` objects (camelCase, nested objects): Graph API, Extractor Suite exports;
 * - the diagnostic-settings / Event Hub shape (`time`, `category`, `callerIpAddress`,
 *   `properties{…Graph-like…}`), including Panther's lower-cased top-level keys;
 * - Log Analytics rows of SigninLogs, AADNonInteractiveUserSignInLogs,
 *   AADServicePrincipalSignInLogs and AADManagedIdentitySignInLogs (PascalCase columns, dynamic
 *   columns often exported as JSON inside strings), as JSON or CSV (the container drops the
 *   ` [UTC]` that the CSV export adds to time columns);
 * - the Entra portal's CSV download (one row object per line, human column titles).
 * Entra's other sign-in logs, in the same shapes:
 * - ADFSSignInLogs (AD FS sign-ins Connect Health sends to Entra; the SigninLogs columns, token
 *   issuer AD FS): users, read like interactive or non-interactive sign-ins by IsInteractive;
 * - MicrosoftServicePrincipalSignInLogs (Microsoft's own first-party service principals signing in
 *   to your tenant; no address, ResultSignature success/failure): the platform acting, kind
 *   `service`, so no identity indicator weighs it as a tenant identity;
 * - ProvisioningLogs / AADProvisioningLogs and Graph provisioningObjectSummary: not sign-ins but
 *   the provisioning service creating, updating, disabling or deleting accounts in a target
 *   system; read as `account_change` events of the provisioning service (no identity of its own
 *   unless a user or an app started the cycle).
 * Field mapping follows lib/model/README.md (Entra sign-in column). Key casing differs between
 * shapes, so the body is read through a case-insensitive `reader`; the common camelCase hit is a
 * plain property read.
 */
import { putDetail } from '../../model/details';
import {
  asArray,
  asObject,
  bool,
  field,
  jsonInStringTwice,
  num,
  reader,
  str,
  text,
  type Get,
  type RawRecord,
} from '../../model/fields';
import { readSourceAddress } from '../../model/source-address';
import { eventTime, rawTimeText, timeKey, type EventTime } from '../../model/time';
import type { ActorKind, CredentialKind, RiskLevel, TokenEvent, TokenEventDetails } from '../../model/token-event';
import { neverThrowing, ok, reject, type ParseContext, type ParseResult, type SourceFormat } from '../source-format';
import { ENTRA_SIGNIN_CATEGORY_BY_LOWER, ENTRA_SIGNIN_TABLE_BY_LOWER } from './shared/microsoft';

const PROVISIONING = 'ProvisioningLogs';
const MICROSOFT_SP = 'MicrosoftServicePrincipalSignInLogs';

/** Graph `signInEventTypes` values → diagnostic category. */
const EVENT_TYPE_BY_LOWER: Record<string, string> = {
  interactiveuser: 'SignInLogs',
  noninteractiveuser: 'NonInteractiveUserSignInLogs',
  serviceprincipal: 'ServicePrincipalSignInLogs',
  managedidentity: 'ManagedIdentitySignInLogs',
};

const RISK_ORDER: Record<string, number> = { none: 0, low: 1, medium: 2, high: 3 };

function lookup(map: Record<string, string>, v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const k = v.toLowerCase();
  return Object.prototype.hasOwnProperty.call(map, k) ? map[k] : undefined;
}

function topCategory(rec: RawRecord): unknown {
  return rec.category ?? rec.Category;
}

function isCsvRow(rec: RawRecord): boolean {
  const hasDate = rec['Date (UTC)'] !== undefined || rec['Date'] !== undefined;
  if (!hasDate) return false;
  return (
    rec['Request ID'] !== undefined ||
    rec['Sign-in error code'] !== undefined ||
    rec['Unique token identifier'] !== undefined ||
    (rec['Application'] !== undefined && rec['IP address'] !== undefined && rec['Status'] !== undefined)
  );
}

/** Graph provisioningObjectSummary, or a Log Analytics AADProvisioningLogs row that lost its Type. */
function isProvisioningShape(rec: RawRecord): boolean {
  return (
    (rec.activityDateTime ?? rec.ActivityDateTime) !== undefined &&
    (rec.provisioningAction ??
      rec.ProvisioningAction ??
      rec.provisioningStatusInfo ??
      rec.ProvisioningStatusInfo ??
      rec.jobId ??
      rec.JobId) !== undefined
  );
}

/** The log a record names (diagnostic category, Log Analytics table), if any. */
function namedCategory(rec: RawRecord): string | undefined {
  return (
    lookup(ENTRA_SIGNIN_CATEGORY_BY_LOWER, topCategory(rec)) ??
    lookup(ENTRA_SIGNIN_TABLE_BY_LOWER, rec.Type) ??
    lookup(ENTRA_SIGNIN_TABLE_BY_LOWER, rec.$table)
  );
}

function detect(rec: RawRecord): boolean {
  if (namedCategory(rec)) return true;
  if (isProvisioningShape(rec)) return true;
  // Graph signIn: createdDateTime plus a sign-in field (directoryAudits have activityDateTime instead).
  const created = rec.createdDateTime ?? rec.createddatetime ?? rec.CreatedDateTime;
  if (
    created !== undefined &&
    rec.activityDisplayName === undefined &&
    (rec.appId !== undefined ||
      rec.ipAddress !== undefined ||
      rec.status !== undefined ||
      rec.uniqueTokenIdentifier !== undefined ||
      rec.userPrincipalName !== undefined ||
      rec.appid !== undefined ||
      rec.ipaddress !== undefined ||
      rec.AppId !== undefined ||
      rec.IPAddress !== undefined)
  ) {
    return true;
  }
  return isCsvRow(rec);
}

function categoryOf(top: Get, g: Get): string | undefined {
  const c =
    lookup(ENTRA_SIGNIN_CATEGORY_BY_LOWER, top('category')) ??
    lookup(ENTRA_SIGNIN_TABLE_BY_LOWER, top('Type')) ??
    lookup(ENTRA_SIGNIN_TABLE_BY_LOWER, top('$table'));
  if (c) return c;
  const types = asArray(g('signInEventTypes'));
  if (types) {
    for (const t of types) {
      const m = lookup(EVENT_TYPE_BY_LOWER, t);
      if (m) return m;
    }
  }
  // Infer from the record itself (Graph objects without signInEventTypes).
  const cct = text(g('clientCredentialType'))?.toLowerCase();
  const msi = asObject(g('managedServiceIdentity'));
  const msiType = msi ? text(field(msi, 'msiType'))?.toLowerCase() : undefined;
  if (
    cct === 'managedidentity' ||
    (msiType && msiType !== 'none') ||
    text(g('managedIdentityType'))?.toLowerCase().includes('assigned')
  ) {
    return 'ManagedIdentitySignInLogs';
  }
  const hasUser = text(g('userPrincipalName')) !== undefined || text(g('userId')) !== undefined;
  if (!hasUser && text(g('servicePrincipalId')) !== undefined) return 'ServicePrincipalSignInLogs';
  const inter = bool(g('isInteractive'));
  if (inter === false) return 'NonInteractiveUserSignInLogs';
  if (inter === true) return 'SignInLogs';
  return undefined;
}

/** "Oauth Scope Info" in authenticationProcessingDetails: a JSON array kept as a string. */
function scopesFromProcessingDetails(v: unknown): string[] | undefined {
  const items = asArray(v);
  if (!items) return undefined;
  for (const it of items) {
    const o = asObject(it);
    if (!o) continue;
    const key = str(field(o, 'key'));
    if (!key || key.toLowerCase() !== 'oauth scope info') continue;
    return scopeList(field(o, 'value'));
  }
  return undefined;
}

function scopeList(v: unknown): string[] | undefined {
  const p = jsonInStringTwice(v);
  const out: string[] = [];
  if (Array.isArray(p)) {
    for (const s of p) if (typeof s === 'string' && s.trim()) out.push(s.trim());
  } else if (typeof p === 'string') {
    for (const s of p.split(/[\s,]+/)) if (s) out.push(s);
  }
  return out.length ? [...new Set(out)] : undefined;
}

function riskOf(g: Get): { risk?: TokenEvent['risk']; state?: string } {
  let level: RiskLevel | undefined;
  for (const key of ['riskLevelDuringSignIn', 'riskLevelAggregated']) {
    const l = text(g(key))?.toLowerCase();
    if (l && Object.prototype.hasOwnProperty.call(RISK_ORDER, l)) {
      const rl = l as RiskLevel;
      if (level === undefined || RISK_ORDER[rl]! > RISK_ORDER[level]!) level = rl;
    }
  }
  let detections: string[] = [];
  for (const key of ['riskEventTypes_v2', 'riskEventTypes']) {
    const arr = asArray(g(key));
    const list = arr
      ? arr.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim())
      : [];
    if (list.length) {
      detections = list;
      break;
    }
    const s = text(g(key));
    if (s && !s.startsWith('[')) {
      detections = s.split(/[\s,]+/).filter(Boolean);
      break;
    }
  }
  const state = text(g('riskState'));
  const stateLower = state?.toLowerCase();
  const compromised = stateLower === 'confirmedcompromised';
  if ((level === undefined || level === 'none') && detections.length === 0 && !compromised && stateLower !== 'atrisk') {
    return {};
  }
  const finalLevel: RiskLevel = compromised && (level === undefined || level === 'none') ? 'high' : (level ?? 'none');
  return { risk: { level: finalLevel, detections: [...new Set(detections)], vendor: 'entra' }, state };
}

function credentialKind(
  category: string | undefined,
  interactive: boolean | undefined,
  incoming: string | undefined,
): CredentialKind {
  if (category === 'ServicePrincipalSignInLogs' || category === 'ManagedIdentitySignInLogs')
    return 'oauth_access_token';
  const inc = incoming?.toLowerCase();
  const refresh = inc === 'refreshtoken' || inc === 'primaryrefreshtoken';
  if (interactive === true) return 'session';
  if (interactive === false) return refresh ? 'oauth_refresh_token' : 'oauth_access_token';
  return refresh ? 'oauth_refresh_token' : 'session';
}

function mfaOf(authReq: string | undefined): boolean | undefined {
  const a = authReq?.toLowerCase();
  if (a === 'multifactorauthentication') return true;
  if (a === 'singlefactorauthentication') return false;
  return undefined;
}

function parseStructured(rec: RawRecord, ctx: ParseContext): ParseResult {
  const propsRaw = rec.properties ?? field(rec, 'properties');
  const props = asObject(propsRaw);
  const top = reader(rec);
  const g = props ? reader(props) : top;

  const when = eventTime(g('createdDateTime'), top('TimeGenerated'), top('time'), g('TimeGenerated'));
  const category = categoryOf(top, g);
  const appId = text(g('appId'));
  const appName = text(g('appDisplayName'));
  const actor = signinActor(g, category, appId, appName);

  if (when.timeKnown === false && !actor.id && !appId && g('ipAddress') === undefined) {
    return reject(
      'neither a sign-in time nor an identity (createdDateTime / TimeGenerated / userPrincipalName / appId)',
    );
  }
  if (!actor.id && !appId && text(g('ipAddress')) === undefined && text(g('appDisplayName')) === undefined) {
    return reject(
      'no one signed in: no user, service principal, application or address (userPrincipalName / servicePrincipalId / appId / ipAddress)',
    );
  }

  const outcome = signinOutcome(g, top, props !== undefined);
  const authReq = text(g('authenticationRequirement'));
  actor.account = text(g('homeTenantId')) ?? text(g('tenantId')) ?? text(top('tenantId')) ?? text(g('AADTenantId'));
  actor.mfa = outcome.success ? mfaOf(authReq) : undefined;

  const device = asObject(g('deviceDetail'));
  const incoming = text(g('incomingTokenType'));
  const interactiveRaw = bool(g('isInteractive'));
  const interactive =
    interactiveRaw ??
    (category === 'SignInLogs' ? true : category === 'ADFSSignInLogs' ? undefined : category ? false : undefined);

  const protocolRaw = text(g('authenticationProtocol'));
  const protocol = protocolRaw && protocolRaw.toLowerCase() !== 'none' ? protocolRaw : undefined;
  const scopes = scopesFromProcessingDetails(g('authenticationProcessingDetails'));
  const resource = text(g('resourceDisplayName'));
  const { risk, state: riskState } = riskOf(g);

  const id =
    text(g('id')) ??
    text(g('originalRequestId')) ??
    text(g('correlationId')) ??
    text(props ? top('correlationId') : undefined) ??
    syntheticId(category, when, actor.id);

  const ev: TokenEvent = {
    id,
    ...when,
    provider: 'entra',
    format: 'entra-signin',
    class: 'authentication',
    actor,
    credential: {
      kind: credentialKind(category, interactive, incoming),
      id: text(g('uniqueTokenIdentifier')),
      sessionId: text(g('sessionId')),
      deviceId: device ? text(field(device, 'deviceId')) : undefined,
      incomingType: incoming,
    },
    source: signinSource(g, top, props !== undefined),
    action: { name: 'Sign-in', service: resource, verb: 'auth', interactive },
    app:
      appId || appName || resource || scopes || protocol
        ? { id: appId, name: appName, resource, protocol, scopes }
        : undefined,
    outcome,
    risk,
    details: signinDetails(g, top, when, category, authReq, device, risk ? riskState : undefined),
    ref: ctx.ref,
  };
  return ok(ev);
}

/** Who signed in: the service principal or managed identity for those categories, else the user (account and mfa are set by the caller). */
function signinActor(
  g: Get,
  category: string | undefined,
  appId: string | undefined,
  appName: string | undefined,
): TokenEvent['actor'] {
  const isMicrosoftSp = category === MICROSOFT_SP;
  const isSp = category === 'ServicePrincipalSignInLogs' || isMicrosoftSp;
  const isMi = category === 'ManagedIdentitySignInLogs';
  const upn = text(g('userPrincipalName'));
  const userId = text(g('userId'));
  const spId = text(g('servicePrincipalId'));
  if (isSp || isMi) {
    return {
      id: spId ?? appId ?? upn ?? userId ?? '',
      name: text(g('servicePrincipalName')) ?? appName,
      kind: isMi ? 'workload' : isMicrosoftSp ? 'service' : 'service_principal',
      type: isMi ? 'managedIdentity' : isMicrosoftSp ? 'microsoftServicePrincipal' : 'servicePrincipal',
    };
  }
  const kind: ActorKind = upn || userId ? 'human' : spId ? 'service_principal' : 'unknown';
  return { id: upn ?? userId ?? spId ?? appId ?? '', name: text(g('userDisplayName')), kind, type: 'user' };
}

/** Outcome: status.errorCode (Graph, diagnostic), ResultType (Log Analytics, diagnostic top level), else ResultSignature. */
function signinOutcome(g: Get, top: Get, hasProps: boolean): TokenEvent['outcome'] {
  const status = asObject(g('status'));
  const errorCode = status ? num(field(status, 'errorCode')) : undefined;
  const resultType = g('resultType') ?? (hasProps ? top('resultType') : undefined);
  let success = true;
  let code: string | undefined;
  if (errorCode !== undefined) {
    success = errorCode === 0;
    code = String(errorCode);
  } else if (num(resultType) !== undefined) {
    const n = num(resultType)!;
    success = n === 0;
    code = String(n);
  } else if (typeof resultType === 'string' && resultType.trim() !== '') {
    success = /^(success|succeeded|0)$/i.test(resultType.trim());
    if (!success) code = resultType.trim();
  } else {
    // MicrosoftServicePrincipalSignInLogs: no ResultType, ResultSignature is success or failure.
    const sig = text(g('resultSignature')) ?? text(hasProps ? top('resultSignature') : undefined);
    if (sig && /^fail/i.test(sig)) {
      success = false;
      code = sig;
    }
  }
  const reason = success
    ? undefined
    : (text(status ? field(status, 'failureReason') : undefined) ??
      text(g('ResultDescription')) ??
      text(hasProps ? top('resultDescription') : undefined));
  return { success, code, reason };
}

/** Source address and place: Graph/diagnostic `location` is an object; Log Analytics has `LocationDetails` and a country-code `Location`. */
function signinSource(g: Get, top: Get, hasProps: boolean): TokenEvent['source'] {
  let ipRaw = g('ipAddress');
  if (ipRaw === undefined && hasProps) ipRaw = top('callerIpAddress');
  const addr = readSourceAddress(ipRaw);
  const locObj = asObject(g('location')) ?? asObject(g('LocationDetails'));
  let country: string | undefined;
  let region: string | undefined;
  let city: string | undefined;
  let lat: number | undefined;
  let lon: number | undefined;
  if (locObj) {
    country = text(field(locObj, 'countryOrRegion'));
    region = text(field(locObj, 'state'));
    city = text(field(locObj, 'city'));
    const geo = asObject(field(locObj, 'geoCoordinates'));
    if (geo) {
      lat = num(field(geo, 'latitude'));
      lon = num(field(geo, 'longitude'));
      if (lat === undefined || lon === undefined) lat = lon = undefined;
    }
  }
  if (!country) {
    const flatLoc = hasProps ? top('location') : g('Location');
    const c = typeof flatLoc === 'string' ? flatLoc.trim() : '';
    if (/^[A-Za-z]{2}$/.test(c)) country = c.toUpperCase();
  }
  const asnN = num(g('autonomousSystemNumber'));
  const asn = asnN !== undefined && asnN > 0 ? asnN : undefined;
  return { ip: addr.ip, caller: addr.caller, userAgent: text(g('userAgent')), country, region, city, lat, lon, asn };
}

function signinDetails(
  g: Get,
  top: Get,
  when: EventTime,
  category: string | undefined,
  authReq: string | undefined,
  device: RawRecord | undefined,
  riskState: string | undefined,
): TokenEventDetails | undefined {
  const details: TokenEventDetails = {};
  putDetail(details, 'category', category);
  putDetail(details, 'clientCredentialType', text(g('clientCredentialType')));
  putDetail(details, 'authRequirement', authReq);
  if (device) {
    putDetail(details, 'deviceManaged', bool(field(device, 'isManaged')));
    putDetail(details, 'deviceCompliant', bool(field(device, 'isCompliant')));
  }
  putDetail(details, 'tokenIssuerType', text(g('tokenIssuerType')));
  putDetail(details, 'originalTransferMethod', text(g('originalTransferMethod')));
  putDetail(details, 'riskState', riskState);
  if (when.timeKnown === false)
    putDetail(details, 'rawTime', rawTimeText(g('createdDateTime'), top('TimeGenerated'), top('time')));
  return Object.keys(details).length ? details : undefined;
}

/** Built from the content, not the file position, so the same record read twice keeps its id. */
function syntheticId(category: string | undefined, when: EventTime, actor: string): string {
  return `entra-signin:${category ?? 'signin'}:${timeKey(when)}:${actor}`;
}

// ---------------------------------------------------------------------------------------------
// The portal's CSV download: human column titles, every value a string, missing columns allowed.

function col(rec: RawRecord, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = text(rec[n] ?? field(rec, n));
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * The portal's sign-in downloads name their table only in the file name when the "Is Interactive"
 * column is not chosen: `InteractiveSignIns_<from>_<to>.csv`, `NonInteractiveSignIns_…`. The
 * record's ref is `file:line`.
 */
export function interactiveFromFileName(ref: string | undefined): boolean | undefined {
  const file =
    (ref ?? '')
      .replace(/:\d+(#\d+)?$/, '')
      .split(/[\\/]/)
      .pop() ?? '';
  if (/^NonInteractiveSignIns/i.test(file)) return false;
  if (/^InteractiveSignIns/i.test(file)) return true;
  return undefined;
}

function parseCsv(rec: RawRecord, ctx: ParseContext): ParseResult {
  const date = col(rec, 'Date (UTC)', 'Date', 'Created date time (UTC)');
  const when = eventTime(date);

  const spId = col(rec, 'Service principal ID');
  const miType = col(rec, 'Managed identity type', 'Managed Identity type');
  const upn = col(rec, 'Username', 'User principal name');
  const userId = col(rec, 'User ID');
  const appId = col(rec, 'Application ID', 'App ID');
  const appName = col(rec, 'Application');
  const isMi =
    (miType !== undefined && miType.toLowerCase() !== 'none') ||
    col(rec, 'Client credential type')?.toLowerCase() === 'managedidentity';
  const isSp = !isMi && !upn && !userId && spId !== undefined;
  const category = isMi ? 'ManagedIdentitySignInLogs' : isSp ? 'ServicePrincipalSignInLogs' : undefined;
  const interactiveCol = bool(col(rec, 'Is Interactive', 'Interactive')) ?? interactiveFromFileName(ctx.ref);
  const interactive = isMi || isSp ? false : interactiveCol;

  const statusCol = col(rec, 'Status');
  const codeN = num(col(rec, 'Sign-in error code', 'Error code'));
  const success = statusCol ? /^success/i.test(statusCol) : codeN === undefined || codeN === 0;
  const code = codeN !== undefined ? String(codeN) : undefined;
  const incoming = col(rec, 'Incoming token type');
  const authReq = col(rec, 'Authentication requirement');
  const protocolRaw = col(rec, 'Authentication Protocol', 'Authentication protocol');
  const protocol = protocolRaw && protocolRaw.toLowerCase() !== 'none' ? protocolRaw : undefined;
  const resource = col(rec, 'Resource');

  const actorId = isSp || isMi ? (spId ?? appId ?? '') : (upn ?? userId ?? spId ?? '');
  const id = col(rec, 'Request ID', 'Id') ?? col(rec, 'Correlation ID') ?? syntheticId(category, when, actorId);

  const ev: TokenEvent = {
    id,
    ...when,
    provider: 'entra',
    format: 'entra-signin',
    class: 'authentication',
    actor: {
      id: actorId,
      name: isSp || isMi ? (col(rec, 'Service principal name') ?? appName) : col(rec, 'User'),
      kind: isMi ? 'workload' : isSp ? 'service_principal' : upn || userId ? 'human' : 'unknown',
      type: isMi ? 'managedIdentity' : isSp ? 'servicePrincipal' : 'user',
      account: col(rec, 'Home tenant ID', 'Tenant ID'),
      mfa: success ? csvMfa(authReq, col(rec, 'Multifactor authentication result')) : undefined,
    },
    credential: {
      kind: credentialKind(category, interactive, incoming),
      id: col(rec, 'Unique token identifier'),
      sessionId: col(rec, 'Session ID'),
      deviceId: col(rec, 'Device ID'),
      incomingType: incoming,
    },
    source: csvSource(rec),
    action: { name: 'Sign-in', service: resource, verb: 'auth', interactive },
    app: appId || appName || resource || protocol ? { id: appId, name: appName, resource, protocol } : undefined,
    outcome: { success, code, reason: success ? undefined : col(rec, 'Failure reason') },
    details: csvDetails(rec, when, date, category, authReq),
    ref: ctx.ref,
  };
  return ok(ev);
}

/** The authentication requirement, else (for a successful sign-in) a satisfied MFA result. */
function csvMfa(authReq: string | undefined, mfaResult: string | undefined): boolean | undefined {
  const mfa = mfaOf(authReq);
  if (mfa === undefined && mfaResult && /satisfied|success|completed/i.test(mfaResult)) return true;
  return mfa;
}

/** Address, user agent, ASN and the "City, State, Country" location column. */
function csvSource(rec: RawRecord): TokenEvent['source'] {
  const addr = readSourceAddress(col(rec, 'IP address', 'IP Address'));
  let country: string | undefined;
  let region: string | undefined;
  let city: string | undefined;
  const loc = col(rec, 'Location');
  if (loc) {
    const parts = loc
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (parts.length >= 3) [city, region, country] = [parts[0], parts[parts.length - 2], parts[parts.length - 1]];
    else if (parts.length === 2) [city, country] = [parts[0], parts[1]];
    else if (parts.length === 1) country = parts[0];
  }
  const asnN = num(col(rec, 'Autonomous system number', 'ASN'));
  return {
    ip: addr.ip,
    caller: addr.caller,
    userAgent: col(rec, 'User agent', 'User Agent'),
    country,
    region,
    city,
    asn: asnN !== undefined && asnN > 0 ? asnN : undefined,
  };
}

function csvDetails(
  rec: RawRecord,
  when: EventTime,
  date: string | undefined,
  category: string | undefined,
  authReq: string | undefined,
): TokenEventDetails | undefined {
  const details: TokenEventDetails = {};
  putDetail(details, 'category', category);
  putDetail(details, 'clientCredentialType', col(rec, 'Client credential type'));
  putDetail(details, 'authRequirement', authReq);
  putDetail(details, 'deviceManaged', bool(col(rec, 'Managed')));
  putDetail(details, 'deviceCompliant', bool(col(rec, 'Compliant')));
  putDetail(details, 'tokenIssuerType', col(rec, 'Token issuer type'));
  putDetail(details, 'originalTransferMethod', col(rec, 'Original transfer method'));
  if (when.timeKnown === false) putDetail(details, 'rawTime', rawTimeText(date));
  return Object.keys(details).length ? details : undefined;
}

// ---------------------------------------------------------------------------------------------
// The provisioning log: Graph provisioningObjectSummary, its diagnostic copy (`properties`), and
// AADProvisioningLogs rows (the same fields as PascalCase columns, objects as JSON text).

function objectOrFirst(v: unknown): RawRecord | undefined {
  const o = asObject(v);
  if (o) return o;
  const arr = asArray(v);
  return arr ? asObject(arr[0]) : undefined;
}

function parseProvisioning(rec: RawRecord, ctx: ParseContext): ParseResult {
  const props = asObject(rec.properties ?? field(rec, 'properties'));
  const top = reader(rec);
  const g = props ? reader(props) : top;
  const when = eventTime(g('activityDateTime'), top('TimeGenerated'), top('time'));

  const action = text(g('provisioningAction')) ?? text(g('action'));
  const statusInfo = asObject(g('provisioningStatusInfo')) ?? asObject(g('statusInfo'));
  const status =
    (statusInfo ? text(field(statusInfo, 'status')) : undefined) ??
    text(g('resultType')) ??
    (props ? text(top('resultType')) : undefined);
  const sp = objectOrFirst(g('servicePrincipal'));
  const source = asObject(g('sourceIdentity'));
  const targetIdentity = asObject(g('targetIdentity'));
  const targetSystem = asObject(g('targetSystem'));
  if (!action && !status && !targetIdentity && when.timeKnown === false) {
    return reject(
      'neither a provisioning action, a status, a target nor a time (provisioningAction / provisioningStatusInfo / targetIdentity / activityDateTime)',
    );
  }

  const spId = sp ? text(field(sp, 'id')) : undefined;
  const spName = sp ? text(field(sp, 'displayName')) : undefined;
  const actor = provisioningActor(asObject(g('initiatedBy')), spName);
  actor.account = text(g('tenantId')) ?? text(top('AADTenantId'));

  const act = action?.toLowerCase();
  const details: TokenEventDetails = {};
  putDetail(details, 'category', PROVISIONING);
  putDetail(details, 'provisioningJobId', text(g('jobId')));
  putDetail(details, 'provisioningCycleId', text(g('cycleId')));
  putDetail(
    details,
    'sourceIdentity',
    source ? (text(field(source, 'displayName')) ?? text(field(source, 'id'))) : undefined,
  );
  if (when.timeKnown === false)
    putDetail(details, 'rawTime', rawTimeText(g('activityDateTime'), top('TimeGenerated'), top('time')));

  const targetName = targetIdentity ? text(field(targetIdentity, 'displayName')) : undefined;
  const ev: TokenEvent = {
    id:
      text(g('id')) ??
      text(g('changeId')) ??
      `entra-provisioning:${timeKey(when)}:${action ?? 'change'}:${targetName ?? ''}`,
    ...when,
    provider: 'entra',
    format: 'entra-signin',
    class: 'account_change',
    actor,
    source: {},
    action: {
      name: `Provisioning: ${action ?? 'change'}`,
      service: targetSystem ? text(field(targetSystem, 'displayName')) : undefined,
      verb: act === 'delete' || act === 'stageddelete' ? 'delete' : 'write',
    },
    target: targetIdentity
      ? {
          id: text(field(targetIdentity, 'id')),
          name: targetName,
          type: text(field(targetIdentity, 'identityType')),
          account: targetSystem ? text(field(targetSystem, 'displayName')) : undefined,
        }
      : undefined,
    app: spId || spName ? { id: spId, name: spName } : undefined,
    outcome: provisioningOutcome(g, status, statusInfo),
    details: Object.keys(details).length ? details : undefined,
    ref: ctx.ref,
  };
  return ok(ev);
}

/** The provisioning service acts; a user or an app only when it started the cycle (on-demand provisioning). */
function provisioningActor(initiator: RawRecord | undefined, spName: string | undefined): TokenEvent['actor'] {
  const initiatorType = initiator ? text(field(initiator, 'initiatorType'))?.toLowerCase() : undefined;
  const initiatorId = initiator ? text(field(initiator, 'id')) : undefined;
  const initiatorName = initiator ? text(field(initiator, 'displayName')) : undefined;
  const byUser = initiatorType === 'user' && (initiatorId || initiatorName);
  const byApp = initiatorType === 'application' && (initiatorId || initiatorName);
  return byUser
    ? { id: initiatorId ?? initiatorName!, name: initiatorName, kind: 'human', type: 'user' }
    : byApp
      ? { id: initiatorId ?? initiatorName!, name: initiatorName, kind: 'service_principal', type: 'application' }
      : {
          id: '',
          name: initiatorName ?? spName ?? 'Microsoft Entra provisioning service',
          kind: 'service',
          type: 'provisioningService',
        };
}

/** A skipped or warned change is not a failed one: nothing was refused. */
function provisioningOutcome(
  g: Get,
  status: string | undefined,
  statusInfo: RawRecord | undefined,
): TokenEvent['outcome'] {
  const errorInfo = statusInfo ? asObject(field(statusInfo, 'errorInformation')) : undefined;
  const success = !status || /^(success|succeeded|warning|skipped)$/i.test(status);
  const code = success
    ? status && !/^success/i.test(status)
      ? status
      : undefined
    : (text(errorInfo ? field(errorInfo, 'errorCode') : undefined) ?? text(g('resultSignature')) ?? status);
  const reason = success
    ? undefined
    : (text(errorInfo ? field(errorInfo, 'reason') : undefined) ?? text(g('resultDescription')));
  return { success, code, reason };
}

export const entraSignin: SourceFormat = {
  id: 'entra-signin',
  provider: 'entra',
  title: 'Microsoft Entra ID sign-in log',
  ...neverThrowing('sign-in record', detect, (rec, ctx) => {
    const named = namedCategory(rec);
    if (named === PROVISIONING || (!named && isProvisioningShape(rec))) return parseProvisioning(rec, ctx);
    return isCsvRow(rec) ? parseCsv(rec, ctx) : parseStructured(rec, ctx);
  }),
};
