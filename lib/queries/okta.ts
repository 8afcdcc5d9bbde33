/**
 * Okta System Log API (GET /api/v1/logs) for the case scope: a SCIM-style `filter` plus the
 * `since` / `until` parameters. Clauses: client.ipAddress eq "…", securityContext.asNumber eq N,
 * authenticationContext.rootSessionId eq "…" (token ids), target.id eq "…" (app ids) and
 * actor.alternateId eq "…" (identities), joined with `or`. Strings are double-quoted with
 * backslash and double quote escaped; control characters are stripped. With every list empty
 * there is no filter, only the window. `text` is the relative request URL, percent-encoded.
 */
import {
  type QueryLanguage,
  type Scope,
  type ScopeQuery,
  cleanAsns,
  cleanValues,
  stripControl,
  timeWindow,
} from './scope';

/** An Okta filter expression string literal. */
export function oktaString(value: string): string {
  return `"${stripControl(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const eq = (field: string, values: string[]) => values.map((v) => `${field} eq ${oktaString(v)}`);

export function buildOkta(scope: Scope): ScopeQuery[] {
  const w = timeWindow(scope);
  const clauses = [
    ...eq('client.ipAddress', cleanValues(scope.ips)),
    ...cleanAsns(scope.asns).map((n) => `securityContext.asNumber eq ${n}`),
    ...eq('authenticationContext.rootSessionId', cleanValues(scope.tokenIds)),
    ...eq('target.id', cleanValues(scope.appIds)),
    ...eq('actor.alternateId', cleanValues(scope.identities)),
  ];
  const params: Record<string, string> = { since: w.from, until: w.to };
  if (clauses.length) params.filter = clauses.join(' or ');
  params.sortOrder = 'ASCENDING';
  const text = `/api/v1/logs?${new URLSearchParams(params).toString()}`;
  return [{ title: 'Okta System Log: events from the scope', text, params }];
}

export const okta: QueryLanguage = {
  id: 'okta',
  label: 'Okta System Log API',
  build: buildOkta,
};
