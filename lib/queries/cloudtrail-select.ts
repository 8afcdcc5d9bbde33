/**
 * The one SELECT over CloudTrail records that Athena and CloudTrail Lake share: the same columns
 * and the same scope clauses (sourceIPAddress, userIdentity.accessKeyId for token ids,
 * userIdentity.arn / userName for identities, each `IN (…)` of standard SQL literals; empty lists
 * add no clause). The engines differ only in what follows FROM and how eventTime compares, which
 * the caller passes in.
 */
import { type Scope, cleanValues, sqlQuote, timeWindow } from './scope';

function inList(column: string, values: readonly string[]): string | null {
  return values.length ? `${column} IN (${values.map(sqlQuote).join(', ')})` : null;
}

export function cloudTrailSelect(scope: Scope, from: string, timeLiteral: (iso: string) => string): string {
  const w = timeWindow(scope);
  const identities = cleanValues(scope.identities);
  const matches = [
    inList('sourceIPAddress', cleanValues(scope.ips)),
    inList('userIdentity.accessKeyId', cleanValues(scope.tokenIds)),
    inList('userIdentity.arn', identities),
    inList('userIdentity.userName', identities),
  ].filter((c): c is string => c !== null);
  const where = [`eventTime >= ${timeLiteral(w.from)}`, `eventTime <= ${timeLiteral(w.to)}`];
  if (matches.length) where.push(`(${matches.join('\n    OR ')})`);
  return [
    'SELECT eventTime, eventSource, eventName, awsRegion, sourceIPAddress, userAgent,',
    '  userIdentity.arn, userIdentity.accessKeyId, errorCode',
    `FROM ${from}`,
    `WHERE ${where.join('\n  AND ')}`,
    'ORDER BY eventTime',
  ].join('\n');
}
