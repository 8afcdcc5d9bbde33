/**
 * CloudTrail Lake SQL for the case scope: one SELECT over an event data store, matching
 * sourceIPAddress, userIdentity.accessKeyId (token ids) and userIdentity.arn / userName
 * (identities) inside the eventTime window. Strings are standard SQL literals (single quotes,
 * embedded quotes doubled; control characters stripped). CloudTrail has no ASN or OAuth app
 * column, so scope.asns and scope.appIds are not used. Empty lists add no clause; if every list
 * is empty the query is the time window alone. The event data store id is an option, checked to
 * be a plain name (CloudTrail Lake takes it unquoted after FROM).
 */
import { type QueryLanguage, type Scope, type ScopeQuery, cleanValues, sqlQuote, timeWindow } from './scope';

export interface CloudTrailLakeOptions {
  /** Event data store id (the trailing part of its ARN). */
  eventDataStore?: string;
}

export const DEFAULT_EVENT_DATA_STORE = 'EVENT_DATA_STORE_ID';

const inList = (column: string, values: string[]): string | null =>
  values.length ? `${column} IN (${values.map(sqlQuote).join(', ')})` : null;

export function buildCloudTrailLake(scope: Scope, opts: CloudTrailLakeOptions = {}): ScopeQuery[] {
  const eds = opts.eventDataStore ?? DEFAULT_EVENT_DATA_STORE;
  if (!/^[A-Za-z0-9_-]+$/.test(eds)) throw new Error(`CloudTrail Lake: bad event data store id: ${JSON.stringify(eds)}`);
  const w = timeWindow(scope);
  const identities = cleanValues(scope.identities);
  const matches = [
    inList('sourceIPAddress', cleanValues(scope.ips)),
    inList('userIdentity.accessKeyId', cleanValues(scope.tokenIds)),
    inList('userIdentity.arn', identities),
    inList('userIdentity.userName', identities),
  ].filter((c): c is string => c !== null);
  const lake = (iso: string) => sqlQuote(iso.replace('T', ' ').replace('Z', ''));
  const where = [`eventTime >= ${lake(w.from)}`, `eventTime <= ${lake(w.to)}`];
  if (matches.length) where.push(`(${matches.join('\n    OR ')})`);
  const text = [
    'SELECT eventTime, eventSource, eventName, awsRegion, sourceIPAddress, userAgent,',
    '  userIdentity.arn, userIdentity.accessKeyId, errorCode',
    `FROM ${eds}`,
    `WHERE ${where.join('\n  AND ')}`,
    'ORDER BY eventTime',
  ].join('\n');
  return [{ title: 'CloudTrail Lake: events from the scope', text }];
}

export const cloudTrailLake: QueryLanguage = {
  id: 'cloudtrail-lake',
  label: 'CloudTrail Lake SQL',
  build: (scope) => buildCloudTrailLake(scope),
};
