/**
 * BigQuery SQL over Cloud Audit Logs exported by a log sink (the partitioned
 * `cloudaudit_googleapis_com_activity` table): protopayload_auditlog.requestMetadata.callerIp,
 * authenticationInfo.serviceAccountKeyName (token ids; ENDS_WITH, so a bare key id or the full
 * key resource name both match) and principalEmail (identities), inside the timestamp window.
 * BigQuery string literals are NOT standard SQL: a quote is escaped with a backslash, never
 * doubled, so this builder escapes backslash and single quote with backslashes (control
 * characters stripped). No ASN or OAuth app column: scope.asns and scope.appIds are not used.
 * Empty lists add no clause. Project and dataset are options, checked to be plain names.
 */
import { type QueryLanguage, type Scope, type ScopeQuery, cleanValues, stripControl, timeWindow } from './scope';

export interface BigQueryOptions {
  project?: string;
  dataset?: string;
}

export const DEFAULT_BIGQUERY_PROJECT = 'PROJECT_ID';
export const DEFAULT_BIGQUERY_DATASET = 'AUDIT_DATASET';

/** A BigQuery single-quoted string literal (backslash escapes). */
export function bqString(value: string): string {
  return `'${stripControl(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function buildBigQuery(scope: Scope, opts: BigQueryOptions = {}): ScopeQuery[] {
  const project = opts.project ?? DEFAULT_BIGQUERY_PROJECT;
  const dataset = opts.dataset ?? DEFAULT_BIGQUERY_DATASET;
  if (!/^[a-zA-Z][a-zA-Z0-9_-]*$/.test(project))
    throw new Error(`BigQuery: bad project id: ${JSON.stringify(project)}`);
  if (!/^[a-zA-Z0-9_]+$/.test(dataset)) throw new Error(`BigQuery: bad dataset: ${JSON.stringify(dataset)}`);
  const w = timeWindow(scope);
  const p = 'protopayload_auditlog';
  const ips = cleanValues(scope.ips);
  const keys = cleanValues(scope.tokenIds);
  const ids = cleanValues(scope.identities);
  const matches: string[] = [];
  if (ips.length) matches.push(`${p}.requestMetadata.callerIp IN (${ips.map(bqString).join(', ')})`);
  for (const k of keys) matches.push(`ENDS_WITH(${p}.authenticationInfo.serviceAccountKeyName, ${bqString(k)})`);
  if (ids.length) matches.push(`${p}.authenticationInfo.principalEmail IN (${ids.map(bqString).join(', ')})`);
  const where = [`timestamp >= TIMESTAMP ${bqString(w.from)}`, `timestamp <= TIMESTAMP ${bqString(w.to)}`];
  if (matches.length) where.push(`(${matches.join('\n    OR ')})`);
  const text = [
    `SELECT timestamp, ${p}.serviceName, ${p}.methodName, ${p}.requestMetadata.callerIp,`,
    `  ${p}.authenticationInfo.principalEmail, ${p}.authenticationInfo.serviceAccountKeyName`,
    `FROM \`${project}.${dataset}.cloudaudit_googleapis_com_activity\``,
    `WHERE ${where.join('\n  AND ')}`,
    'ORDER BY timestamp',
  ].join('\n');
  return [{ title: 'BigQuery: exported admin-activity audit logs from the scope', text }];
}

export const bigQuery: QueryLanguage = {
  id: 'bigquery',
  label: 'BigQuery SQL (exported audit logs)',
  build: (scope) => buildBigQuery(scope),
};
