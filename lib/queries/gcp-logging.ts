/**
 * Google Cloud Logging query language (Logs Explorer / gcloud logging read) over Cloud Audit
 * Logs: protoPayload.requestMetadata.callerIp, protoPayload.authenticationInfo.serviceAccountKeyName
 * (token ids; `:` substring match, because the field holds the full key resource name),
 * protoPayload.authenticationInfo.oauthInfo.oauthClientId (app ids) and principalEmail
 * (identities), inside timestamp>="from" / timestamp<="to". Values are double-quoted with
 * backslash and double quote escaped; control characters are stripped. No ASN field exists in
 * audit logs: scope.asns is not used. Empty lists add no clause.
 */
import { type QueryLanguage, type Scope, type ScopeQuery, cleanValues, stripControl, timeWindow } from './scope';

/** A Logging query language double-quoted string. */
export function gcpString(value: string): string {
  return `"${stripControl(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const terms = (field: string, operator: string, values: string[]) =>
  values.map((v) => `${field}${operator}${gcpString(v)}`);

export function buildGcpLogging(scope: Scope): ScopeQuery[] {
  const w = timeWindow(scope);
  const matches = [
    ...terms('protoPayload.requestMetadata.callerIp', '=', cleanValues(scope.ips)),
    ...terms('protoPayload.authenticationInfo.serviceAccountKeyName', ':', cleanValues(scope.tokenIds)),
    ...terms('protoPayload.authenticationInfo.oauthInfo.oauthClientId', '=', cleanValues(scope.appIds)),
    ...terms('protoPayload.authenticationInfo.principalEmail', '=', cleanValues(scope.identities)),
  ];
  const lines = [
    'logName:"cloudaudit.googleapis.com"',
    `timestamp>=${gcpString(w.from)}`,
    `timestamp<=${gcpString(w.to)}`,
  ];
  if (matches.length) lines.push(`(${matches.join('\n OR ')})`);
  return [{ title: 'Cloud Logging: audit log entries from the scope', text: lines.join('\n') }];
}

export const gcpLogging: QueryLanguage = {
  id: 'gcp-logging',
  label: 'Google Cloud Logging query',
  build: buildGcpLogging,
};
