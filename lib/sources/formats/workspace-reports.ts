/**
 * Google Workspace Admin SDK Reports API activities (`kind: admin#reports#activity`), in the
 * API's own shape (`events[]` with `parameters[]` name/value lists; some exporters write a single
 * `events` object) and in Panther's flattened GSuite_ActivityEvent shape (one event per record,
 * top-level `name`/`type`, `parameters` as a plain object). The `token` application is where
 * OAuth grants show (`authorize` with client_id, app_name and scopes); `login` carries Google's
 * own suspicious-login verdicts; `admin` carries domain-wide delegation grants.
 *
 * One TokenEvent per event. Ids follow lib/model/README.md: `id.uniqueQualifier` when the
 * activity has one event, `uniqueQualifier#n` (n from 0) when it has several. Without a
 * uniqueQualifier the id is built from `applicationName:time:name:actor`, `no-time` when id.time is
 * absent (deterministic).
 * Activities without a readable `id.time` are kept with time 0 and `timeKnown: false`
 * (lib/model/token-event.ts), what the log said in `details.rawTime`: there is no other time to use.
 * `actor.kind` is human, except `callerType: KEY` (an API key / OAuth client acting on its own),
 * which is a service principal. `credential` is set only for `token` events (oauth_access_token).
 */
import { bool, field, isRecord, str, type RawRecord } from '../../model/fields';
import { eventTime, rawTimeText, type EventTime } from '../../model/time';
import { putDetail } from '../../model/details';
import { readSourceAddress } from '../../model/source-address';
import { classifyVerb } from '../../model/verb';
import type { EventClass, RiskLevel, TokenEvent, TokenEventDetails } from '../../model/token-event';
import { ok, reject, type SourceFormat } from '../source-format';
import { eventApp } from './shared/event-app';

const KIND = 'admin#reports#activity';

/** Login event names that are Google's own verdicts. */
const RISK_EVENTS: Record<string, RiskLevel> = {
  suspicious_login: 'medium',
  suspicious_login_less_secure_app: 'medium',
  suspicious_programmatic_login: 'medium',
  gov_attack_warning: 'high',
};

export const workspaceReports: SourceFormat = {
  id: 'workspace-reports',
  provider: 'workspace',
  title: 'Google Workspace Reports API activity (incl. Panther GSuite_ActivityEvent)',

  detect(rec) {
    const id = field(rec, 'id');
    if (field(rec, 'kind') === KIND)
      return isRecord(id) || field(rec, 'events') !== undefined || typeof field(rec, 'name') === 'string';
    if (!isRecord(id) || typeof field(id, 'applicationName') !== 'string') return false;
    const events = field(rec, 'events');
    return (
      Array.isArray(events) ||
      isRecord(events) ||
      typeof field(rec, 'name') === 'string' ||
      isRecord(field(rec, 'parameters')) ||
      typeof field(rec, 'type') === 'string' ||
      isRecord(field(rec, 'actor'))
    );
  },

  parse(rec, ctx) {
    const idRec = field(rec, 'id');
    const idObj = isRecord(idRec) ? idRec : undefined;
    const timeRaw = field(idObj, 'time');
    const when = eventTime(timeRaw);
    const application = str(field(idObj, 'applicationName'));
    const events = activityEvents(rec);
    if (events.length === 0) return reject('Workspace activity without events');

    const actor = activityActor(rec, idObj);
    const source: TokenEvent['source'] = readSourceAddress(field(rec, 'ipAddress'));
    const uq = str(field(idObj, 'uniqueQualifier'));
    const baseId =
      uq ??
      `${application ?? 'workspace'}:${str(timeRaw) ?? 'no-time'}:${str(field(events[0], 'name')) ?? ''}:${actor.id}`;
    const multi = events.length > 1;

    const out: TokenEvent[] = [];
    for (let i = 0; i < events.length; i++) {
      const event = activityEvent(
        events[i]!,
        multi ? `${baseId}#${i}` : baseId,
        when,
        timeRaw,
        application,
        actor,
        source,
        ctx.ref,
      );
      if (event) out.push(event);
    }
    if (out.length === 0) return reject('Workspace activity whose events have no name');
    return ok(...out);
  },
};

/** The activity's events: the Reports API's list (or one object), or Panther's flattened shape where the record is the event. */
function activityEvents(rec: RawRecord): RawRecord[] {
  const rawEvents = field(rec, 'events');
  if (Array.isArray(rawEvents)) return rawEvents.filter(isRecord);
  if (isRecord(rawEvents)) return [rawEvents];
  if (
    rawEvents === undefined &&
    (field(rec, 'name') !== undefined || field(rec, 'parameters') !== undefined || field(rec, 'type') !== undefined)
  ) {
    return [{ name: field(rec, 'name'), type: field(rec, 'type'), parameters: field(rec, 'parameters') }];
  }
  return [];
}

function activityActor(rec: RawRecord, idObj: RawRecord | undefined): TokenEvent['actor'] {
  const actorRec = field(rec, 'actor');
  const actorObj = isRecord(actorRec) ? actorRec : undefined;
  const callerType = str(field(actorObj, 'callerType'));
  const actorId = str(field(actorObj, 'email')) ?? str(field(actorObj, 'profileId')) ?? 'unknown';
  const actor: TokenEvent['actor'] = { id: actorId, kind: callerType === 'KEY' ? 'service_principal' : 'human' };
  if (callerType) actor.type = callerType;
  const customerId = str(field(idObj, 'customerId'));
  if (customerId) actor.account = customerId;
  return actor;
}

/** One event of the activity (actor and source copied per event), or undefined when it has no name. */
function activityEvent(
  ev: RawRecord,
  id: string,
  when: EventTime,
  timeRaw: unknown,
  application: string | undefined,
  actor: TokenEvent['actor'],
  source: TokenEvent['source'],
  ref: string,
): TokenEvent | undefined {
  const name = (str(field(ev, 'name')) ?? str(field(ev, 'type')))?.trim();
  if (!name) return undefined;
  const params = readParams(field(ev, 'parameters'));

  const event: TokenEvent = {
    id,
    ...when,
    provider: 'workspace',
    format: 'workspace-reports',
    class: eventClass(application, name),
    actor: { ...actor },
    source: { ...source },
    action: { name, verb: classifyVerb(name, application) },
    outcome: { success: !/^login_failure$/.test(name) },
    ref,
  };
  if (application) event.action.service = application;
  if (!event.outcome.success) {
    const failure = str(params.get('login_failure_type'));
    if (failure) event.outcome.reason = failure;
  }
  if (application === 'token') event.credential = { kind: 'oauth_access_token' };
  const app = paramApp(params);
  if (app) event.app = app;
  const target = docTarget(params);
  if (target) event.target = target;

  const details: TokenEventDetails = {};
  const loginType = str(params.get('login_type'));
  if (loginType) details['loginType'] = loginType;
  const clientType = str(params.get('client_type'));
  if (clientType) details['clientType'] = clientType;
  const suspicious = bool(params.get('is_suspicious'));
  if (suspicious !== undefined) details['isSuspicious'] = suspicious;
  if (when.timeKnown === false) putDetail(details, 'rawTime', rawTimeText(timeRaw));
  if (Object.keys(details).length) event.details = details;
  const risk = eventRisk(name, suspicious);
  if (risk) event.risk = risk;
  return event;
}

/** The OAuth client and its scopes, from the event's parameters. */
function paramApp(params: Map<string, unknown>): TokenEvent['app'] {
  const clientId = str(params.get('client_id')) ?? str(params.get('API_CLIENT_NAME'));
  const appName = str(params.get('app_name')) ?? str(params.get('application_name')) ?? str(params.get('APP_NAME'));
  const scopes = readScopes(params);
  return eventApp(clientId, appName, scopes);
}

/** The Drive document the event acted on. */
function docTarget(params: Map<string, unknown>): TokenEvent['target'] {
  const docId = str(params.get('doc_id'));
  const docTitle = str(params.get('doc_title'));
  if (!(docId || docTitle)) return undefined;
  const target: NonNullable<TokenEvent['target']> = {};
  if (docId) target.id = docId;
  if (docTitle) target.name = docTitle;
  const docType = str(params.get('doc_type'));
  if (docType) target.type = docType;
  return target;
}

/** Google's own risk events, and any event Google marked suspicious. */
function eventRisk(name: string, suspicious: boolean | undefined): TokenEvent['risk'] {
  const riskLevel = Object.prototype.hasOwnProperty.call(RISK_EVENTS, name) ? RISK_EVENTS[name] : undefined;
  if (!riskLevel && !suspicious) return undefined;
  const detections: string[] = [];
  if (riskLevel) detections.push(name);
  if (suspicious) detections.push('is_suspicious');
  return { level: riskLevel ?? 'medium', detections, vendor: 'workspace' };
}

function eventClass(application: string | undefined, name: string): EventClass {
  switch (application) {
    case 'token':
      return name === 'authorize' || name === 'revoke' ? 'authorization_grant' : 'api_activity';
    case 'login':
    case 'saml':
    case 'logout':
      return 'authentication';
    case 'user_accounts':
      return 'account_change';
    case 'admin':
      if (name === 'AUTHORIZE_API_CLIENT_ACCESS') return 'authorization_grant';
      return /USER|ROLE|PRIVILEGE|PASSWORD|2SV|API_CLIENT/.test(name) ? 'account_change' : 'api_activity';
    default:
      return 'api_activity';
  }
}

/**
 * Parameters as name → value. The API's list form carries one of value / multiValue / boolValue /
 * intValue / multiMessageValue / messageValue per entry; Panther's flat form is already a map.
 */
function readParams(raw: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (Array.isArray(raw)) {
    for (const p of raw) {
      if (!isRecord(p)) continue;
      const name = str(p['name']);
      if (!name) continue;
      const v =
        p['value'] ??
        p['multiValue'] ??
        p['boolValue'] ??
        p['intValue'] ??
        p['multiIntValue'] ??
        p['multiMessageValue'] ??
        p['messageValue'];
      if (v !== undefined) out.set(name, v);
    }
  } else if (isRecord(raw)) {
    for (const k in raw) out.set(k, raw[k]);
  }
  return out;
}

/** `scope` (multiValue) plus `scope_data[].parameter[]` `scope_name` (multiMessageValue), de-duplicated. */
function readScopes(params: Map<string, unknown>): string[] | undefined {
  const set = new Set<string>();
  const add = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const s of v.split(/[\s,]+/)) if (s) set.add(s);
    } else if (Array.isArray(v)) {
      for (const s of v) if (typeof s === 'string' && s) set.add(s);
    }
  };
  add(params.get('scope'));
  add(params.get('API_SCOPES'));
  const data = params.get('scope_data');
  if (Array.isArray(data)) {
    for (const item of data) {
      if (!isRecord(item)) continue;
      add(item['scope_name']);
      const inner = item['parameter'];
      if (Array.isArray(inner)) {
        for (const p of inner) if (isRecord(p) && p['name'] === 'scope_name') add(p['value']);
      }
    }
  }
  return set.size ? [...set] : undefined;
}
