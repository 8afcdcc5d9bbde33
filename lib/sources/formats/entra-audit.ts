/**
 * Microsoft Entra ID audit log: where token abuse leaves persistence (consent to an application,
 * delegated/app-role grants, new service-principal credentials, redirect URIs, federated
 * credentials) and remediation (`StsRefreshTokensValidFrom`). Shapes, detected per record:
 * - Microsoft Graph `directoryAudit` objects (activityDisplayName, activityDateTime, initiatedBy,
 *   targetResources[].modifiedProperties with JSON-string old/new values);
 * - the Log Analytics AuditLogs table (OperationName, InitiatedBy / TargetResources /
 *   AdditionalDetails as JSON inside strings), also as its CSV export (JSON in cells, time
 *   columns `TimeGenerated [UTC]` / `ActivityDateTime [UTC]`);
 * - the diagnostic-settings / Event Hub shape (`category` AuditLogs — or, in Panther's samples,
 *   the Graph category such as ApplicationManagement — with the Graph fields under `properties`).
 * Consent events fill `app` (id, name, scopes, adminConsent, allUsers) per lib/model/README.md.
 * Grants (`Consent to application`, `Add delegated permission grant`, `Add app role assignment to
 * service principal`) are read down to the scopes (ConsentAction.Permissions,
 * DelegatedPermissionGrant.Scope, AppRole.Value) and the consent type (AllPrincipals / Principal);
 * the client app is the second service-principal target of the two grant activities (the first is
 * the resource API, e.g. Microsoft Graph, never taken for the app), and an app role granted to a
 * service principal is an application permission: every user's data (`allUsers`). Grants and
 * credential changes name their app in `details.appKeys` (app id, object ids, display name) so
 * that oauth-consent can join an app's grant, its new secret and its mail reads in the UAL.
 * Modified properties become `details.modifiedProperties` as `Name=newValue`, truncated, and never
 * with secret or key-material values.
 */
import { putDetail } from '../../model/details';
import { asArray, asObject, field, isRecord, reader, text, type Get, type RawRecord } from '../../model/fields';
import { readSourceAddress } from '../../model/source-address';
import { eventTime, rawTimeText, timeKey } from '../../model/time';
import type { ActorKind, TokenEvent, TokenEventDetails } from '../../model/token-event';
import { classifyVerb } from '../../model/verb';
import { neverThrowing, ok, reject, type ParseContext, type ParseResult, type SourceFormat } from '../source-format';
import {
  ENTRA_SIGNIN_CATEGORIES,
  GRANT_OPERATION,
  MAX_MODIFIED_PROPERTIES,
  grantFacts,
  isResourceAppId,
  modifiedPropertyText,
  namedValueMap,
  namedValues,
} from './shared/microsoft';

const ACCOUNT_CHANGE =
  /user|group|role|member|owner|application|service principal|credential|password|policy|device|domain|federation|directory|security info|StsRefreshToken/i;

function auditLike(o: RawRecord): boolean {
  return (
    o.activityDisplayName !== undefined ||
    o.activityDateTime !== undefined ||
    o.initiatedBy !== undefined ||
    o.targetResources !== undefined ||
    o.loggedByService !== undefined ||
    o.activitydisplayname !== undefined ||
    o.initiatedby !== undefined ||
    o.targetresources !== undefined
  );
}

function detect(rec: RawRecord): boolean {
  // Graph directoryAudit.
  if (
    (rec.activityDisplayName !== undefined || rec.activitydisplayname !== undefined) &&
    (rec.activityDateTime !== undefined || rec.activitydatetime !== undefined)
  ) {
    return true;
  }
  // Log Analytics AuditLogs row.
  const type = rec.Type;
  if (typeof type === 'string' && type.toLowerCase() === 'auditlogs') return true;
  if (
    rec.OperationName !== undefined &&
    rec.InitiatedBy !== undefined &&
    (rec.TargetResources !== undefined || rec.LoggedByService !== undefined)
  ) {
    return true;
  }
  // Diagnostic settings: category AuditLogs, or any non-sign-in category whose properties are a directoryAudit.
  const cat = rec.category ?? rec.Category;
  const props = rec.properties ?? rec.Properties;
  if (typeof cat === 'string') {
    const c = cat.toLowerCase();
    if (ENTRA_SIGNIN_CATEGORIES.has(c)) return false;
    if (c === 'auditlogs' && isRecord(props)) return true;
  }
  return isRecord(props) && auditLike(props);
}

interface Target {
  id?: string;
  name?: string;
  type?: string;
  upn?: string;
  props: [string, unknown][];
}

function readTargets(v: unknown): Target[] {
  const arr = asArray(v);
  if (!arr) return [];
  const out: Target[] = [];
  for (const t of arr) {
    const o = asObject(t);
    if (!o) continue;
    out.push({
      id: text(field(o, 'id')),
      name: text(field(o, 'displayName')),
      type: text(field(o, 'type')),
      upn: text(field(o, 'userPrincipalName')),
      props: namedValues(field(o, 'modifiedProperties'), 'displayName', 'newValue'),
    });
  }
  return out;
}

/** `Add app role assignment to service principal`: an application permission granted to an app. */
const APP_ROLE_TO_SP = /^Add app role assignment to service principal\.?$/i;

/**
 * The client app and the resource API of a grant. `Add delegated permission grant` and `Add app
 * role assignment to service principal` list the resource (Microsoft Graph…) first, carrying the
 * DelegatedPermissionGrant.* / AppRole.* properties, and the client service principal second;
 * `Consent to application` names only the client.
 */
function grantTargets(targets: Target[]): { client?: Target; resource?: Target } {
  const sps = targets.filter((t) => t.type?.toLowerCase() === 'serviceprincipal');
  const resource =
    sps.length > 1
      ? (sps.find((t) => t.props.some(([n]) => /^(DelegatedPermissionGrant|AppRole)\./i.test(n))) ?? sps[0])
      : undefined;
  const client = sps.find((t) => t !== resource) ?? targets[0];
  return { client, resource };
}

function outcomeOf(g: Get, top: Get, hasProps: boolean): TokenEvent['outcome'] {
  const raw =
    text(g('result')) ??
    text(hasProps ? top('result') : undefined) ??
    text(g('resultType')) ??
    text(hasProps ? top('resultType') : undefined);
  const r = raw?.toLowerCase();
  const success = r === undefined || r === 'success' || r === 'succeeded' || r === '0';
  return {
    success,
    code: success ? undefined : raw,
    reason: text(g('resultReason')) ?? text(g('resultDescription')),
  };
}

function parseAudit(rec: RawRecord, ctx: ParseContext): ParseResult {
  const props = asObject(rec.properties ?? field(rec, 'properties'));
  const top = reader(rec);
  const g = props ? reader(props) : top;

  // Log Analytics CSV exports name the time columns `ActivityDateTime [UTC]` / `TimeGenerated [UTC]`.
  const when = eventTime(
    g('activityDateTime'),
    top('TimeGenerated'),
    top('time'),
    g('TimeGenerated'),
    top('ActivityDateTime [UTC]'),
    top('TimeGenerated [UTC]'),
  );

  const name = text(g('activityDisplayName')) ?? text(g('operationName')) ?? text(top('operationName'));
  if (!name) return reject('no activity name (activityDisplayName / OperationName)');

  const initiated = asObject(g('initiatedBy'));
  const user = initiated ? asObject(field(initiated, 'user')) : undefined;
  const actor = readInitiator(user, initiated ? asObject(field(initiated, 'app')) : undefined, g, top);
  actor.account = text(g('tenantId')) ?? text(top('tenantId')) ?? text(g('AADTenantId'));
  const extra = namedValueMap(g('additionalDetails'), 'key', 'value');
  const addr = readSourceAddress(
    callerIp(actor.kind === 'human' ? field(user!, 'ipAddress') : undefined, props !== undefined, top, extra),
  );

  // What was changed.
  const targets = readTargets(g('targetResources'));
  const first = targets[0];
  const allProps: [string, unknown][] = targets.flatMap((t) => t.props);
  const isGrant = GRANT_OPERATION.test(name);
  const grant = isGrant ? readGrant(name, targets, allProps, extra) : undefined;
  const service = text(g('loggedByService'));

  const details: TokenEventDetails = {};
  putDetail(details, 'category', 'AuditLogs');
  putDetail(details, 'auditCategory', auditCategoryOf(text(g('category')), props ? text(top('category')) : undefined));
  putDetail(
    details,
    'modifiedProperties',
    allProps.slice(0, MAX_MODIFIED_PROPERTIES).map(([n, v]) => modifiedPropertyText(n, v)),
  );
  putDetail(details, 'targetType', first?.type);
  putDetail(details, 'operationType', text(g('operationType')) ?? text(g('AADOperationType')));
  putDetail(details, 'consentType', grant?.consentType);
  putDetail(details, 'permissionType', grant?.permissionType);
  putDetail(details, 'appKeys', [...new Set(grant ? grant.appKeys : appTargetKeys(targets, extra))].slice(0, 8));
  if (when.timeKnown === false)
    putDetail(
      details,
      'rawTime',
      rawTimeText(g('activityDateTime'), top('TimeGenerated'), top('time'), top('TimeGenerated [UTC]')),
    );

  // Trimmed diagnostic samples have no id: correlationId + activity, else time + activity + actor (never the file position).
  const correlation = text(g('correlationId')) ?? text(top('correlationId'));
  const id = text(g('id')) ?? (correlation ? `${correlation}:${name}` : `${timeKey(when)}:${name}:${actor.id}`);

  const ev: TokenEvent = {
    id,
    ...when,
    provider: 'entra',
    format: 'entra-audit',
    class: isGrant ? 'authorization_grant' : ACCOUNT_CHANGE.test(name) ? 'account_change' : 'api_activity',
    actor,
    source: {
      ip: addr.ip,
      caller: addr.caller,
      userAgent: extra.get('user-agent') ?? text(g('userAgent')),
    },
    action: { name, service, verb: classifyVerb(name, service) },
    target: first ? { id: first.id, name: first.name ?? first.upn, type: first.type } : undefined,
    app: grant?.app,
    outcome: outcomeOf(g, top, props !== undefined),
    details,
    ref: ctx.ref,
  };
  return ok(ev);
}

/** Who acted: the initiating user, else the initiating app, else the record's `identity` text (account is set by the caller). */
function readInitiator(user: RawRecord | undefined, app: RawRecord | undefined, g: Get, top: Get): TokenEvent['actor'] {
  const userKey = user ? (text(field(user, 'userPrincipalName')) ?? text(field(user, 'id'))) : undefined;
  if (userKey) return { id: userKey, name: text(field(user!, 'displayName')), kind: 'human', type: 'User' };
  const appKey = app
    ? (text(field(app, 'servicePrincipalId')) ?? text(field(app, 'appId')) ?? text(field(app, 'displayName')))
    : undefined;
  if (appKey) {
    return {
      id: appKey,
      name: text(field(app!, 'displayName')) ?? text(field(app!, 'servicePrincipalName')),
      kind: 'service_principal',
      type: 'ServicePrincipal',
    };
  }
  const ident = text(g('identity')) ?? text(top('identity'));
  const kind: ActorKind = 'unknown';
  return ident ? { id: ident, name: ident, kind, type: undefined } : { id: '', name: undefined, kind, type: undefined };
}

/** The initiating user's address, else the diagnostic record's caller address, else additionalDetails' `ipaddr`. */
function callerIp(userIp: unknown, hasProps: boolean, top: Get, extra: Map<string, string>): unknown {
  let ipRaw = userIp;
  if (text(ipRaw) === undefined) ipRaw = hasProps ? (top('callerIpAddress') ?? top('ipAddress')) : undefined;
  if (text(ipRaw) === undefined) ipRaw = extra.get('ipaddr');
  return ipRaw;
}

/** What a consent or grant record says about the app: the event's `app`, the consent and permission types, the app's keys. */
function readGrant(
  name: string,
  targets: Target[],
  allProps: [string, unknown][],
  extra: Map<string, string>,
): { app: NonNullable<TokenEvent['app']>; consentType?: string; permissionType?: string; appKeys: string[] } {
  const facts = grantFacts(allProps);
  const { client, resource } = grantTargets(targets);
  const appOnly = APP_ROLE_TO_SP.test(name);
  const appId = [extra.get('appid'), facts.appId].find((x) => x !== undefined && !isResourceAppId(x));
  return {
    app: {
      id: appId ?? client?.id,
      name: client?.name,
      scopes: facts.scopes,
      resource: resource?.name ?? resource?.id,
      adminConsent: appOnly ? true : facts.adminConsent,
      // An application permission (app role of an API granted to a service principal) reaches every user's data.
      allUsers: appOnly ? true : facts.allUsers,
    },
    consentType: facts.allUsers === true ? 'AllPrincipals' : facts.allUsers === false ? 'Principal' : undefined,
    permissionType:
      appOnly || facts.appOnly
        ? 'application'
        : /delegated|OAuth2PermissionGrant/i.test(name)
          ? 'delegated'
          : undefined,
    // The app the record is about (client app id, service-principal and application object ids, display name).
    appKeys: [appId, client?.id, client?.name].filter((x): x is string => !!x),
  };
}

/** The keys of the application or service principal a (non-grant) record changed. */
function appTargetKeys(targets: Target[], extra: Map<string, string>): string[] {
  const appTargets = targets.filter((t) => /^(application|serviceprincipal)$/i.test(t.type ?? ''));
  if (!appTargets.length) return [];
  return [extra.get('appid'), ...appTargets.flatMap((t) => [t.id, t.name])].filter((x): x is string => !!x);
}

/** The directory's own category (ApplicationManagement, UserManagement…): diagnostic exports sometimes put it at the top. */
function auditCategoryOf(graphCategory: string | undefined, topCat: string | undefined): string | undefined {
  if (graphCategory && graphCategory.toLowerCase() !== 'auditlogs') return graphCategory;
  return topCat && topCat.toLowerCase() !== 'auditlogs' ? topCat : undefined;
}

export const entraAudit: SourceFormat = {
  id: 'entra-audit',
  provider: 'entra',
  title: 'Microsoft Entra ID audit log',
  ...neverThrowing('audit record', detect, parseAudit),
};
