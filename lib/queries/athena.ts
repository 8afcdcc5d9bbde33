/**
 * Athena SQL over the CloudTrail table (the table AWS's "Create Athena table" makes for a trail):
 * one SELECT matching sourceIPAddress, userIdentity.accessKeyId (token ids) and
 * userIdentity.arn / userName (identities) in the window. eventTime is an ISO-8601 string
 * there (2024-05-01T08:00:00Z), so the window compares it as a string, which orders correctly.
 * Strings are standard SQL literals (single quotes doubled; control characters stripped).
 * CloudTrail has no ASN or OAuth app column: scope.asns and scope.appIds are not used.
 * Empty lists add no clause. The table name is an option, checked to be a plain name.
 */
import { type QueryLanguage, type Scope, type ScopeQuery, checkSqlName, cleanValues, sqlQuote, timeWindow } from './scope';

export interface AthenaOptions {
  /** [database.]table of the CloudTrail table. */
  table?: string;
}

export const DEFAULT_ATHENA_TABLE = 'cloudtrail_logs';

const inList = (column: string, values: string[]): string | null =>
  values.length ? `${column} IN (${values.map(sqlQuote).join(', ')})` : null;

export function buildAthena(scope: Scope, opts: AthenaOptions = {}): ScopeQuery[] {
  const table = checkSqlName(opts.table ?? DEFAULT_ATHENA_TABLE, 'Athena table');
  const w = timeWindow(scope);
  const identities = cleanValues(scope.identities);
  const matches = [
    inList('sourceIPAddress', cleanValues(scope.ips)),
    inList('userIdentity.accessKeyId', cleanValues(scope.tokenIds)),
    inList('userIdentity.arn', identities),
    inList('userIdentity.userName', identities),
  ].filter((c): c is string => c !== null);
  const where = [`eventTime >= ${sqlQuote(w.from)}`, `eventTime <= ${sqlQuote(w.to)}`];
  if (matches.length) where.push(`(${matches.join('\n    OR ')})`);
  const text = [
    'SELECT eventTime, eventSource, eventName, awsRegion, sourceIPAddress, userAgent,',
    '  userIdentity.arn, userIdentity.accessKeyId, errorCode',
    `FROM ${table}`,
    `WHERE ${where.join('\n  AND ')}`,
    'ORDER BY eventTime',
  ].join('\n');
  return [{ title: 'Athena: CloudTrail events from the scope', text }];
}

export const athena: QueryLanguage = {
  id: 'athena',
  label: 'Athena SQL (CloudTrail table)',
  build: (scope) => buildAthena(scope),
};
