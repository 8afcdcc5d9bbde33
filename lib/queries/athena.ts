/**
 * Athena SQL over the CloudTrail table (the table AWS's "Create Athena table" makes for a trail):
 * one SELECT matching sourceIPAddress, userIdentity.accessKeyId (token ids) and
 * userIdentity.arn / userName (identities) in the window. eventTime is an ISO-8601 string
 * there (2024-05-01T08:00:00Z), so the window compares it as a string, which orders correctly.
 * Strings are standard SQL literals (single quotes doubled; control characters stripped).
 * CloudTrail has no ASN or OAuth app column: scope.asns and scope.appIds are not used.
 * Empty lists add no clause. The table name is an option, checked to be a plain name.
 */
import { type QueryLanguage, type Scope, type ScopeQuery, checkSqlName, sqlQuote } from './scope';
import { cloudTrailSelect } from './cloudtrail-select';

export interface AthenaOptions {
  /** [database.]table of the CloudTrail table. */
  table?: string;
}

export const DEFAULT_ATHENA_TABLE = 'cloudtrail_logs';

export function buildAthena(scope: Scope, opts: AthenaOptions = {}): ScopeQuery[] {
  const table = checkSqlName(opts.table ?? DEFAULT_ATHENA_TABLE, 'Athena table');
  const text = cloudTrailSelect(scope, table, sqlQuote);
  return [{ title: 'Athena: CloudTrail events from the scope', text }];
}

export const athena: QueryLanguage = {
  id: 'athena',
  label: 'Athena SQL (CloudTrail table)',
  build: (scope) => buildAthena(scope),
};
