/**
 * Amazon GuardDuty findings → TokenEvent, one per finding. GuardDuty's IAM finding types
 * (InstanceCredentialExfiltration, TorIPCaller, MaliciousIPCaller, AnomalousBehavior, …) are the
 * vendor's own verdict on an access key, so the engine's vendor-risk indicator reads them as a
 * strong prior beside the CloudTrail evidence for the same key.
 *
 * Shapes: a finding as `aws guardduty get-findings` prints it (PascalCase keys, and the whole
 * `{"Findings":[…]}` document when the container layer hands it over unsplit), as the console
 * exports it (camelCase), and the EventBridge event (`detail-type: "GuardDuty Finding"`, the
 * finding in `detail`). Keys are read case-insensitively with `field`/`path`: findings are few.
 */
import { field, isRecord, num, path, str, type RawRecord } from '../../model/fields';
import { eventTime, rawTimeText } from '../../model/time';
import { putDetail } from '../../model/details';
import { readSourceAddress } from '../../model/source-address';
import { classifyVerb } from '../../model/verb';
import type { ActorKind, RiskLevel, TokenEvent, TokenEventDetails } from '../../model/token-event';
import { accessKeyKind, isWorkloadSession } from './cloudtrail';
import { ok, reject, unreadable, type ParseContext, type ParseResult, type SourceFormat } from '../source-format';

/**
 * The finding itself: the record, or the EventBridge event's `detail`. Exact-key reads only (camel,
 * Pascal and lower case spell these one-word keys alike): detect runs on every record of a scan.
 */
function findingOf(rec: RawRecord): RawRecord | undefined {
  if (rec['detail-type'] === 'GuardDuty Finding') return isRecord(rec.detail) ? rec.detail : undefined;
  return isFinding(rec) ? rec : undefined;
}

function isFinding(rec: RawRecord): boolean {
  return (
    typeof (rec.severity ?? rec.Severity) === 'number' &&
    typeof (rec.type ?? rec.Type) === 'string' &&
    isRecord(rec.service ?? rec.Service)
  );
}

function findingsList(rec: RawRecord): unknown[] | undefined {
  const list = rec.Findings ?? rec.findings;
  return Array.isArray(list) ? list : undefined;
}

/** GuardDuty writes `Unknown` (and ASN `-1`, geo 0,0) where it has no value. */
function known(v: unknown): string | undefined {
  const s = str(v);
  return s === 'Unknown' ? undefined : s;
}

function riskLevel(severity: number): RiskLevel {
  return severity >= 7 ? 'high' : severity >= 4 ? 'medium' : 'low';
}

function kindOf(userType: string | undefined, principalId: string | undefined): ActorKind {
  switch (userType) {
    case 'IAMUser':
      return 'human';
    case 'AssumedRole': {
      // Instance-profile sessions are named after the instance (`AROA…:i-0abc…`).
      const session = principalId?.slice(principalId.indexOf(':') + 1);
      return session && isWorkloadSession(session) ? 'workload' : 'human';
    }
    case 'FederatedUser':
      return 'federated';
    case 'Root':
      return 'root';
    case 'AWSService':
      return 'service';
    default:
      return 'unknown';
  }
}

/** The remote party of whichever action the finding describes. */
function actionOf(finding: RawRecord): { call?: RawRecord; remote?: RawRecord } {
  const action = field(finding, 'service');
  const act = isRecord(action) ? field(action, 'action') : undefined;
  if (!isRecord(act)) return {};
  for (const k of ['awsApiCallAction', 'networkConnectionAction', 'kubernetesApiCallAction', 'rdsLoginAttemptAction']) {
    const a = field(act, k);
    if (isRecord(a)) {
      const remote = field(a, 'remoteIpDetails');
      return { call: a, remote: isRecord(remote) ? remote : undefined };
    }
  }
  return {};
}

export const guardduty: SourceFormat = {
  id: 'guardduty',
  provider: 'aws',
  title: 'Amazon GuardDuty findings (get-findings, console export, EventBridge)',

  detect(rec: RawRecord): boolean {
    if (findingOf(rec)) return true;
    const list = findingsList(rec);
    const first: unknown = list?.[0];
    return isRecord(first) && isFinding(first);
  },

  parse(rec: RawRecord, ctx: ParseContext): ParseResult {
    try {
      const list = findingsList(rec);
      if (list) {
        const events: TokenEvent[] = [];
        for (let i = 0; i < list.length; i++) {
          const f: unknown = list[i];
          const res = isRecord(f) ? parseFinding(f, `${ctx.ref}#${i}`) : reject(`finding ${i} is not an object`);
          if (!res.ok) return reject(`finding ${i}: ${res.reason}`);
          events.push(...res.events);
        }
        return ok(...events);
      }
      const finding = findingOf(rec);
      if (!finding) return reject('not a GuardDuty finding (no type, severity and service)');
      return parseFinding(finding, ctx.ref);
    } catch (err) {
      return unreadable('GuardDuty finding', err);
    }
  },
};

function parseFinding(f: RawRecord, ref: string): ParseResult {
  const id = str(field(f, 'id'));
  if (!id) return reject('GuardDuty finding has no Id');
  const type = str(field(f, 'type'));
  if (!type) return reject(`GuardDuty finding ${id} has no Type`);
  const severity = num(field(f, 'severity'));
  if (severity === undefined) return reject(`GuardDuty finding ${id} has no Severity`);
  // A finding without a readable time is still a verdict (lib/model/token-event.ts, `timeKnown`).
  const rawTime = field(f, 'updatedAt') ?? field(f, 'createdAt') ?? path(f, 'service.eventLastSeen');
  const when = eventTime(rawTime);

  const akd = path(f, 'resource.accessKeyDetails');
  const keys = isRecord(akd) ? akd : undefined;
  const keyId = str(field(keys, 'accessKeyId'));
  const account = str(field(f, 'accountId'));
  const actor = findingActor(keys, account);
  const { call, remote } = actionOf(f);
  const source = findingSource(remote);
  const ua = str(field(call, 'userAgent')) ?? str(path(f, 'service.additionalInfo.userAgent.fullUserAgent'));
  if (ua) source.userAgent = ua;

  const api = str(field(call, 'api'));
  const apiService = str(field(call, 'serviceName'));
  const action: TokenEvent['action'] = {
    name: `GuardDuty:${type}`,
    service: 'guardduty.amazonaws.com',
    verb: api ? classifyVerb(api, apiService) : classifyVerb(type),
  };

  const errorCode = str(field(call, 'errorCode'));
  const outcome: TokenEvent['outcome'] = { success: errorCode === undefined };
  if (errorCode) outcome.code = errorCode;

  const details: TokenEventDetails = { findingType: type, severity };
  if (account) details.accountId = account;
  const region = str(field(f, 'region'));
  if (region) details.region = region;
  if (when.timeKnown === false) putDetail(details, 'rawTime', rawTimeText(rawTime));

  const event: TokenEvent = {
    id,
    ...when,
    provider: 'aws',
    format: 'guardduty',
    class: 'api_activity',
    actor,
    source,
    action,
    outcome,
    risk: { level: riskLevel(severity), detections: [type], vendor: 'guardduty' },
    details,
  };
  if (keyId) event.credential = { kind: accessKeyKind(keyId), id: keyId };
  if (ref) event.ref = ref;
  return ok(event);
}

/** The principal whose key the finding is about: principalId is the stable key (a user name is reused across accounts and role sessions). */
function findingActor(keys: RawRecord | undefined, account: string | undefined): TokenEvent['actor'] {
  const userName = str(field(keys, 'userName'));
  const principalId = str(field(keys, 'principalId'));
  const userType = str(field(keys, 'userType'));
  const actor: TokenEvent['actor'] = {
    id: principalId ?? userName ?? 'unknown',
    kind: kindOf(userType, principalId),
  };
  if (userName) actor.name = userName;
  if (userType) actor.type = userType;
  if (account) actor.account = account;
  return actor;
}

/** The remote caller's address, place and network (the user agent is added by the caller). */
function findingSource(remote: RawRecord | undefined): TokenEvent['source'] {
  const source: TokenEvent['source'] = {};
  const addr = readSourceAddress(field(remote, 'ipAddressV4') ?? field(remote, 'ipAddressV6'));
  if (addr.ip) source.ip = addr.ip;
  if (addr.caller) source.caller = addr.caller;
  const country = known(path(remote, 'country.countryCode')) ?? known(path(remote, 'country.countryName'));
  if (country) source.country = country;
  const city = known(path(remote, 'city.cityName'));
  if (city) source.city = city;
  const lat = num(path(remote, 'geoLocation.lat'));
  const lon = num(path(remote, 'geoLocation.lon'));
  if (lat !== undefined && lon !== undefined && (lat !== 0 || lon !== 0)) {
    source.lat = lat;
    source.lon = lon;
  }
  const asn = num(path(remote, 'organization.asn'));
  if (asn !== undefined && asn > 0) source.asn = asn;
  const asOrg = known(path(remote, 'organization.asnOrg'));
  if (asOrg) source.asOrg = asOrg;
  return source;
}
