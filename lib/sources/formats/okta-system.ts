/**
 * Okta System Log (`GET /api/v1/logs` LogEvent objects, as JSON, NDJSON or SIEM exports) and the
 * admin console's CSV download. Okta is where session and OAuth token abuse shows first:
 * `rootSessionId`/`externalSessionId` tie a stolen session cookie to every later request,
 * `dtHash` names the device, `app.oauth2.*` events carry the client, grant type and scopes, and
 * `debugData` carries Okta's own verdicts (threatSuspected, behaviors, risk).
 *
 * Mapping follows lib/model/README.md. Choices made here:
 * - Keys are read case-insensitively (`field`), because Panther exports lower-case top-level keys
 *   (`eventtype`, `debugcontext`); nested keys keep Okta's casing but are tolerated either way.
 * - CSV rows arrive flat. Dotted headers (`actor.alternateId`, `client.ipAddress`,
 *   `debugContext.debugData.dtHash`, what Okta's CSV download uses) and titled headers
 *   (`Actor Alternate ID`, `Client IP Address`, `Event Type`…) are folded back into the nested
 *   LogEvent shape, then read by the same code as JSON.
 * - `"unknown"` (Okta's placeholder in actor/session fields) counts as absent; `actor.id` is
 *   alternateId, else actor.id (so ThreatInsight's `IP address` actors are keyed by their IP).
 * - Actions run with an API token (`transaction.detail.requestApiTokenId`) get credential kind `pat`;
 *   the credential id stays rootSessionId/externalSessionId, else the API token id.
 * - No uuid: a deterministic id `okta:<published, or no-time>:<eventType>:<actor>` (same record, same id).
 * - No readable `published` (absent or `redacted`): the event is kept with time 0 and
 *   `timeKnown: false` (lib/model/token-event.ts), what the log said in `details.rawTime`;
 *   inventing a time would corrupt every time-window indicator.
 * - Okta issues a new session id when sign-in completes: the pre-authentication handle in
 *   `externalSessionId` (`idx…` in Identity Engine, `trs…` in Classic) names the login
 *   transaction, not a session token, so it never becomes the credential id (it stays in
 *   `details.preAuthSessionId`); otherwise the login and the session after it would look like
 *   one token moving, or two (elastic/detection-rules#3506 fixed the same by using rootSessionId).
 * - Okta's own servers act for the Admin Console: those records carry `rawUserAgent`
 *   `Okta-Integrations` (Okta support: "Okta Integrations showing as rawUserAgent with Okta IPs"),
 *   or the Admin Console's client id `okta.b58d5b75-07d4-5f25-bf59-368a1261a405` without a browser,
 *   and an address in Okta's hosting (AWS). That address is not where the admin is, so it is kept
 *   in `details.oktaServerIp` and the source is named `caller` (like CloudTrail's `AWS Internal`):
 *   never a second network for the session (Panther Okta.PotentiallyStolenSession skips the same client).
 */
import { asRecord, bool, field, isRecord, jsonInString, num, path, str, type RawRecord } from '../../model/fields';
import { eventTime, rawTimeText } from '../../model/time';
import { putDetail } from '../../model/details';
import { readSourceAddress } from '../../model/source-address';
import { classifyVerb } from '../../model/verb';
import type { ActorKind, EventClass, RiskLevel, TokenEvent, TokenEventDetails } from '../../model/token-event';
import { ok, reject, type SourceFormat } from '../source-format';

/** Okta eventTypes are dotted: `user.session.start`, `user.authentication.auth_via_IDP`. CloudTrail's `AwsApiCall` is not. */
const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+)+$/;

/** Titled CSV headers (normalized: lower-case, letters and digits only) → LogEvent path. */
const TITLED: Record<string, string> = {
  uuid: 'uuid',
  eventid: 'uuid',
  published: 'published',
  date: 'published',
  time: 'published',
  timestamp: 'published',
  eventtype: 'eventType',
  displaymessage: 'displayMessage',
  eventinfo: 'displayMessage',
  severity: 'severity',
  actorid: 'actor.id',
  actoralternateid: 'actor.alternateId',
  actordisplayname: 'actor.displayName',
  actorname: 'actor.displayName',
  actortype: 'actor.type',
  clientid: 'client.id',
  clientipaddress: 'client.ipAddress',
  clientip: 'client.ipAddress',
  ipaddress: 'client.ipAddress',
  clientuseragent: 'client.userAgent.rawUserAgent',
  useragent: 'client.userAgent.rawUserAgent',
  clientdevice: 'client.device',
  clientzone: 'client.zone',
  clientcity: 'client.geographicalContext.city',
  city: 'client.geographicalContext.city',
  clientstate: 'client.geographicalContext.state',
  state: 'client.geographicalContext.state',
  clientcountry: 'client.geographicalContext.country',
  country: 'client.geographicalContext.country',
  outcomeresult: 'outcome.result',
  outcome: 'outcome.result',
  outcomereason: 'outcome.reason',
  externalsessionid: 'authenticationContext.externalSessionId',
  rootsessionid: 'authenticationContext.rootSessionId',
  dthash: 'debugContext.debugData.dtHash',
  transactionid: 'transaction.id',
  asnumber: 'securityContext.asNumber',
  asorg: 'securityContext.asOrg',
  isp: 'securityContext.isp',
  isproxy: 'securityContext.isProxy',
};

const UNSAFE = new Set(['__proto__', 'prototype', 'constructor']);

export const oktaSystem: SourceFormat = {
  id: 'okta-system',
  provider: 'okta',
  title: 'Okta System Log (API JSON/NDJSON, admin console CSV)',

  detect(rec) {
    const et = field(rec, 'eventType');
    if (typeof et === 'string') {
      if (!EVENT_TYPE.test(et)) return false;
      return (
        isRecord(field(rec, 'actor')) ||
        field(rec, 'uuid') !== undefined ||
        field(rec, 'published') !== undefined ||
        field(rec, 'legacyEventType') !== undefined ||
        field(rec, 'displayMessage') !== undefined ||
        field(rec, 'outcome') !== undefined
      );
    }
    // Titled CSV header ("Event Type") without a JSON-style eventType key.
    const titled = rec['Event Type'] ?? rec['event type'] ?? rec['EVENT TYPE'];
    if (typeof titled === 'string') return EVENT_TYPE.test(titled.trim());
    return false;
  },

  parse(raw, ctx) {
    const rec = isFlat(raw) ? unflatten(raw) : raw;
    const eventType = eventTypeOf(rec);
    if (!eventType) return reject('Okta event without eventType');
    const publishedRaw = field(rec, 'published');
    const when = eventTime(publishedRaw);

    const actorRec = asRecord(field(rec, 'actor'));
    const actorType = known(path(actorRec, 'type'));
    const actorInternalId = known(path(actorRec, 'id'));
    const actorName = known(path(actorRec, 'displayName'));
    const actorId = known(path(actorRec, 'alternateId')) ?? actorInternalId ?? 'unknown';

    const client = asRecord(field(rec, 'client'));
    const debug = asRecord(path(field(rec, 'debugContext'), 'debugData'));
    const addr = readSourceAddress(clientIp(rec, client));
    const ua = known(path(client, 'userAgent.rawUserAgent'));
    const oktaServer = isOktaServerCall(known(field(client, 'id')), ua);
    const source = readSource(
      addr,
      ua,
      oktaServer,
      asRecord(path(client, 'geographicalContext')),
      asRecord(field(rec, 'securityContext')),
    );

    // Credential: the session (or the API token an admin action ran with).
    const authn = asRecord(field(rec, 'authenticationContext'));
    const rawExtSession = known(field(authn, 'externalSessionId'));
    const preAuth = rawExtSession && PRE_AUTH_SESSION.test(rawExtSession) ? rawExtSession : undefined;
    const apiTokenId = known(path(rec, 'transaction.detail.requestApiTokenId'));
    const credential = readCredential(
      known(field(authn, 'rootSessionId')),
      preAuth ? undefined : rawExtSession,
      known(field(debug, 'dtHash')),
      apiTokenId,
    );

    const targets = readTargets(rec);
    const outcome = readOutcome(rec);
    const behaviors = positiveBehaviors(field(debug, 'behaviors'));
    const threatSuspected = bool(field(debug, 'threatSuspected'));

    const details: TokenEventDetails = {};
    if (behaviors.length) details['behaviors'] = behaviors;
    if (apiTokenId) details['apiTokenId'] = apiTokenId;
    if (threatSuspected !== undefined) details['threatSuspected'] = threatSuspected;
    if (preAuth) details['preAuthSessionId'] = preAuth;
    if (oktaServer && addr.ip) details['oktaServerIp'] = addr.ip;
    if (when.timeKnown === false) putDetail(details, 'rawTime', rawTimeText(publishedRaw));
    const event: TokenEvent = {
      id: str(field(rec, 'uuid')) ?? `okta:${str(publishedRaw) ?? 'no-time'}:${eventType}:${actorId}`,
      ...when,
      provider: 'okta',
      format: 'okta-system',
      class: eventClass(eventType),
      actor: readActor(actorId, actorType, actorName),
      source,
      action: { name: eventType, service: 'okta', verb: classifyVerb(eventType, 'okta') },
      outcome,
      ref: ctx.ref,
    };
    if (credential) event.credential = credential;
    if (targets[0]) event.target = targets[0];
    const app = readApp(eventType, actorType, actorInternalId, actorName, client, debug, targets);
    if (app) event.app = app;
    const risk = readRisk(eventType, debug, behaviors, threatSuspected, outcome.reason);
    if (risk) event.risk = risk;
    if (Object.keys(details).length) event.details = details;
    return ok(event);
  },
};

/** The eventType; "Event Info" cells of the CSV hold the display message and the eventType together. */
function eventTypeOf(rec: RawRecord): string | undefined {
  const eventType = str(field(rec, 'eventType'));
  if (eventType) return eventType;
  return /\b([a-z][a-z0-9_]*(?:\.[A-Za-z0-9_]+)+)\b/.exec(str(field(rec, 'displayMessage')) ?? '')?.[1];
}

/** client.ipAddress, else the first address of request.ipChain. */
function clientIp(rec: RawRecord, client: RawRecord | undefined): unknown {
  const ipRaw = field(client, 'ipAddress');
  if (typeof ipRaw === 'string' && ipRaw !== '') return ipRaw;
  const chain = path(rec, 'request.ipChain');
  return Array.isArray(chain) && isRecord(chain[0]) ? chain[0]['ip'] : ipRaw;
}

/** Where the call came from: the client's address and place, or Okta's own servers (see the header). */
function readSource(
  addr: ReturnType<typeof readSourceAddress>,
  ua: string | undefined,
  oktaServer: boolean,
  geo: RawRecord | undefined,
  sec: RawRecord | undefined,
): TokenEvent['source'] {
  const source: TokenEvent['source'] = oktaServer ? { caller: OKTA_SERVER_CALLER } : { ...addr };
  if (ua) source.userAgent = ua;
  if (!oktaServer) readGeo(source, geo, sec);
  const isProxy = bool(field(sec, 'isProxy'));
  if (isProxy !== undefined) source.isProxy = isProxy;
  return source;
}

/** README: rootSessionId, else externalSessionId; an API-token call without a session is keyed by the token id. */
function readCredential(
  rootSession: string | undefined,
  extSession: string | undefined,
  dtHash: string | undefined,
  apiTokenId: string | undefined,
): TokenEvent['credential'] {
  if (!(rootSession || extSession || dtHash || apiTokenId)) return undefined;
  const credential: NonNullable<TokenEvent['credential']> = { kind: apiTokenId ? 'pat' : 'session' };
  const credId = rootSession ?? extSession ?? apiTokenId;
  if (credId) credential.id = credId;
  if (extSession) credential.sessionId = extSession;
  if (dtHash) credential.deviceId = dtHash;
  return credential;
}

function readActor(actorId: string, actorType: string | undefined, actorName: string | undefined): TokenEvent['actor'] {
  const actor: TokenEvent['actor'] = { id: actorId, kind: actorKind(actorType) };
  if (actorName && actorName !== actorId) actor.name = actorName;
  if (actorType) actor.type = actorType;
  return actor;
}

function readOutcome(rec: RawRecord): TokenEvent['outcome'] {
  const result = str(path(rec, 'outcome.result'))?.toUpperCase();
  const outcome: TokenEvent['outcome'] = {
    success: result === undefined || result === 'SUCCESS' || result === 'ALLOW' || result === 'SKIPPED',
  };
  if (result) outcome.code = result;
  const reason = known(path(rec, 'outcome.reason'));
  if (reason) outcome.reason = reason;
  return outcome;
}

/** Okta's pre-authentication transaction handles (see the header). */
const PRE_AUTH_SESSION = /^(idx|trs)[A-Za-z0-9_-]{8,}$/;
/** The Okta Admin Console's OAuth client id (Okta's own first-party app). */
export const OKTA_ADMIN_CONSOLE_CLIENT_ID = 'okta.b58d5b75-07d4-5f25-bf59-368a1261a405';
const OKTA_SERVER_CALLER = "Okta's own servers (Admin Console / Okta-Integrations)";

function isOktaServerCall(clientId: string | undefined, ua: string | undefined): boolean {
  if (ua && /^Okta-Integrations$/i.test(ua.trim())) return true;
  return clientId === OKTA_ADMIN_CONSOLE_CLIENT_ID && (!ua || !/Mozilla\//.test(ua));
}

function readGeo(source: TokenEvent['source'], geo: RawRecord | undefined, sec: RawRecord | undefined): void {
  const country = known(field(geo, 'country'));
  if (country) source.country = country;
  const region = known(field(geo, 'state'));
  if (region) source.region = region;
  const city = known(field(geo, 'city'));
  if (city) source.city = city;
  const lat = num(path(geo, 'geolocation.lat'));
  const lon = num(path(geo, 'geolocation.lon'));
  if (lat !== undefined && lon !== undefined) {
    source.lat = lat;
    source.lon = lon;
  }
  const asn = num(field(sec, 'asNumber'));
  if (asn) source.asn = asn;
  const asOrg = known(field(sec, 'asOrg'));
  if (asOrg) source.asOrg = asOrg;
}

/** A non-empty string that is not Okta's `unknown`/`null` placeholder. */
function known(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  const l = s.toLowerCase();
  return l === 'unknown' || l === 'null' ? undefined : s;
}

function actorKind(type: string | undefined): ActorKind {
  switch (type) {
    case 'User':
      return 'human';
    case 'PublicClientApp':
    case 'Client':
    case 'AppInstance':
      return 'service_principal';
    case 'SystemPrincipal':
      return 'service';
    default:
      return 'unknown';
  }
}

const AUTHENTICATION_EVENT =
  /^(user\.session\.|user\.authentication\.|policy\.evaluate_sign_on|policy\.auth_reevaluate|user\.mfa\.okta_verify|user\.risk\.|security\.session\.)/;
/** Accounts, factors, credentials, API tokens, memberships and privileges: who may act changes. */
const ACCOUNT_CHANGE_EVENT = new RegExp(
  '^(user\\.account\\.|user\\.mfa\\.factor\\.|user\\.lifecycle\\.|user\\.credential|system\\.api_token\\.' +
    '|group\\.user_membership\\.|application\\.user_membership\\.)|\\.privilege\\.(grant|revoke)$',
);

function eventClass(et: string): EventClass {
  if (et.startsWith('app.oauth2.')) return 'authorization_grant';
  if (AUTHENTICATION_EVENT.test(et)) return 'authentication';
  if (ACCOUNT_CHANGE_EVENT.test(et)) return 'account_change';
  return 'api_activity';
}

interface Target {
  id?: string;
  name?: string;
  type?: string;
}

function readTargets(rec: RawRecord): Target[] {
  const raw = jsonInString(field(rec, 'target'));
  const list = Array.isArray(raw) ? raw : isRecord(raw) ? [raw] : [];
  const out: Target[] = [];
  for (const t of list) {
    if (!isRecord(t)) continue;
    const tg: Target = {};
    const id = known(field(t, 'id'));
    if (id) tg.id = id;
    const name = known(field(t, 'displayName')) ?? known(field(t, 'alternateId'));
    if (name) tg.name = name;
    const type = known(field(t, 'type'));
    if (type) tg.type = type;
    if (tg.id || tg.name) out.push(tg);
  }
  return out;
}

const CLIENT_TYPES = new Set(['PublicClientApp', 'Client', 'AppInstance']);

function readApp(
  eventType: string,
  actorType: string | undefined,
  actorId: string | undefined,
  actorName: string | undefined,
  client: RawRecord | undefined,
  debug: RawRecord | undefined,
  targets: Target[],
): TokenEvent['app'] | undefined {
  const oauth = eventType.startsWith('app.oauth2.');
  const appTarget = targets.find((t) => t.type !== undefined && CLIENT_TYPES.has(t.type));
  const grantType = known(field(debug, 'grantType'));
  const scopes = splitScopes(field(debug, 'grantedScopes')) ?? splitScopes(field(debug, 'requestedScopes'));
  if (!oauth && !appTarget && !grantType && !scopes) return undefined;
  const app: NonNullable<TokenEvent['app']> = {};
  if (actorType && CLIENT_TYPES.has(actorType) && actorId) {
    app.id = actorId;
    if (actorName) app.name = actorName;
  } else if (appTarget) {
    if (appTarget.id) app.id = appTarget.id;
    if (appTarget.name) app.name = appTarget.name;
  } else {
    const id = known(field(debug, 'clientId')) ?? known(field(client, 'id'));
    if (id) app.id = id;
  }
  if (grantType) app.grantType = grantType;
  if (scopes) app.scopes = scopes;
  return app.id || app.name || app.grantType || app.scopes ? app : undefined;
}

function splitScopes(v: unknown): string[] | undefined {
  if (Array.isArray(v)) {
    const out = v.filter((s): s is string => typeof s === 'string' && s.length > 0);
    return out.length ? out : undefined;
  }
  if (typeof v !== 'string') return undefined;
  const out = v.split(/[\s,]+/).filter((s) => s.length > 0);
  return out.length ? out : undefined;
}

/** `{New Geo-Location=NEGATIVE, New Device=POSITIVE}` (or an object) → names evaluated POSITIVE. */
function positiveBehaviors(v: unknown): string[] {
  const out: string[] = [];
  if (isRecord(v)) {
    for (const k in v) {
      const val = v[k];
      if (typeof val === 'string' && val.toUpperCase() === 'POSITIVE') out.push(k);
    }
    return out;
  }
  if (typeof v !== 'string') return out;
  // `{New Geo-Location=NEGATIVE, New Device=POSITIVE}`: split, never one regex over the whole
  // text (`([^{},=]+)=` rescans a long run without "=" from every start: quadratic).
  for (const part of v.split(/[{},]/)) {
    const eq = part.indexOf('=');
    if (
      eq > 0 &&
      part
        .slice(eq + 1)
        .trim()
        .toUpperCase() === 'POSITIVE'
    )
      out.push(part.slice(0, eq).trim());
  }
  return out;
}

const LEVEL_RANK: Record<RiskLevel, number> = { none: 0, low: 1, medium: 2, high: 3 };

function toLevel(v: unknown): RiskLevel | undefined {
  const s = typeof v === 'string' ? v.trim().toLowerCase() : '';
  return s === 'high' || s === 'medium' || s === 'low' || s === 'none' ? s : undefined;
}

function maxLevel(a: RiskLevel | undefined, b: RiskLevel): RiskLevel {
  return a === undefined || LEVEL_RANK[b] > LEVEL_RANK[a] ? b : a;
}

/** `debugData.risk` is `{level=HIGH, reasons=Anomalous Device, Anomalous Location}` or an object. */
function readRiskField(v: unknown): { level?: RiskLevel; reasons: string[] } {
  if (isRecord(v)) {
    const reasons = field(v, 'reasons');
    const level = toLevel(field(v, 'level'));
    const list =
      typeof reasons === 'string'
        ? reasons
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [];
    return level ? { level, reasons: list } : { reasons: list };
  }
  if (typeof v !== 'string') return { reasons: [] };
  const level = toLevel(/level\s*=\s*([A-Za-z]+)/i.exec(v)?.[1]);
  const rm = /reasons\s*=\s*([^}]*)/i.exec(v);
  const reasons = rm
    ? rm[1]!
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
  return level ? { level, reasons } : { reasons };
}

function readRisk(
  eventType: string,
  debug: RawRecord | undefined,
  behaviors: string[],
  threatSuspected: boolean | undefined,
  outcomeReason: string | undefined,
): TokenEvent['risk'] | undefined {
  const detections: string[] = [];
  let level: RiskLevel | undefined;
  const riskField = readRiskField(field(debug, 'risk'));
  if (riskField.level) level = riskField.level;
  detections.push(...riskField.reasons);

  const threats = jsonInString(field(debug, 'threatDetections'));
  if (isRecord(threats)) {
    for (const name in threats) {
      detections.push(name);
      level = maxLevel(level, toLevel(threats[name]) ?? 'medium');
    }
  }
  if (threatSuspected) {
    detections.push('threatSuspected');
    level = maxLevel(level, 'medium');
  }
  if (
    eventType === 'security.threat.detected' ||
    eventType === 'user.risk.detect' ||
    eventType === 'user.risk.change'
  ) {
    detections.push(eventType);
    if (eventType === 'security.threat.detected' && !isRecord(threats) && outcomeReason) detections.push(outcomeReason);
    level = maxLevel(level, eventType === 'user.risk.change' ? 'low' : 'medium');
  }
  if (behaviors.length) {
    detections.push(...behaviors);
    level = maxLevel(level, 'low');
  }
  if (level === undefined && detections.length === 0) return undefined;
  return { level: level ?? 'low', detections: [...new Set(detections)], vendor: 'okta' };
}

/** A CSV row (or any flat export): some top-level keys are dotted paths or titled headers. */
function isFlat(rec: RawRecord): boolean {
  if (isRecord(field(rec, 'actor')) || isRecord(field(rec, 'outcome')) || isRecord(field(rec, 'client'))) return false;
  for (const k in rec) if (k.includes('.') || k.includes(' ')) return true;
  return false;
}

/** Fold `a.b.c` / `target.0.id` / titled headers back into nested objects. Empty cells are dropped. */
function unflatten(rec: RawRecord): RawRecord {
  const out: RawRecord = {};
  for (const key in rec) {
    const value = rec[key];
    if (value === '' || value === undefined || value === null) continue;
    const titled = key.toLowerCase().replace(/[^a-z0-9]/g, '');
    const dotted = key.includes('.')
      ? key
      : Object.prototype.hasOwnProperty.call(TITLED, titled)
        ? TITLED[titled]!
        : key;
    const parts = dotted.replace(/\[(\d+)\]/g, '.$1').split('.');
    if (parts.some((p) => UNSAFE.has(p) || p === '')) continue;
    let cur: RawRecord = out;
    for (let i = 0; i < parts.length - 1; i++) {
      const p = parts[i]!;
      const next = cur[p];
      if (isRecord(next) || Array.isArray(next)) cur = next as RawRecord;
      else {
        const created: unknown = /^\d+$/.test(parts[i + 1]!) ? [] : {};
        cur[p] = created;
        cur = created as RawRecord;
      }
    }
    const last = parts[parts.length - 1]!;
    if (cur[last] === undefined) cur[last] = value;
  }
  return out;
}
