/**
 * CloudTrail Lake SQL for the case scope: one SELECT over an event data store, matching
 * sourceIPAddress, userIdentity.accessKeyId (token ids) and userIdentity.arn / userName
 * (identities) inside the eventTime window. Strings are standard SQL literals (single quotes,
 * embedded quotes doubled; control characters stripped). CloudTrail has no ASN or OAuth app
 * column, so scope.asns and scope.appIds are not used. Empty lists add no clause; if every list
 * is empty the query is the time window alone. The event data store id is an option, checked to
 * be a plain name (CloudTrail Lake takes it unquoted after FROM).
 */
import { type QueryLanguage, type Scope, type ScopeQuery, sqlQuote } from './scope';
import { cloudTrailSelect } from './cloudtrail-select';

export interface CloudTrailLakeOptions {
  /** Event data store id (the trailing part of its ARN). */
  eventDataStore?: string;
}

export const DEFAULT_EVENT_DATA_STORE = 'EVENT_DATA_STORE_ID';

export function buildCloudTrailLake(scope: Scope, opts: CloudTrailLakeOptions = {}): ScopeQuery[] {
  const eds = opts.eventDataStore ?? DEFAULT_EVENT_DATA_STORE;
  if (!/^[A-Za-z0-9_-]+$/.test(eds))
    throw new Error(`CloudTrail Lake: bad event data store id: ${JSON.stringify(eds)}`);
  const text = cloudTrailSelect(scope, eds, (iso) => sqlQuote(iso.replace('T', ' ').replace('Z', '')));
  return [{ title: 'CloudTrail Lake: events from the scope', text }];
}

export const cloudTrailLake: QueryLanguage = {
  id: 'cloudtrail-lake',
  label: 'CloudTrail Lake SQL',
  build: (scope) => buildCloudTrailLake(scope),
};
