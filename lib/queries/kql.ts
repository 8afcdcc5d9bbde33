/**
 * KQL for Microsoft Sentinel / Log Analytics: one query per table over the case scope.
 *  - SigninLogs and AADNonInteractiveUserSignInLogs: IPAddress, AutonomousSystemNumber,
 *    UniqueTokenIdentifier and SessionId (token ids), AppId, UserPrincipalName (in~, case-insensitive).
 *  - AuditLogs: the initiator's ipAddress / userPrincipalName / app appId.
 *  - AzureActivity: CallerIpAddress and Caller.
 *  - OfficeActivity: ClientIP (has_any, because the column can carry a port or brackets) and UserId.
 * Strings are double-quoted KQL literals with backslash and double quote escaped; control
 * characters are stripped, so no other escape is ever needed. ASNs are bare integers. A table
 * that has no column for any non-empty list is left out; with every list empty, each table gets
 * the time window alone. Time is `TimeGenerated between (datetime(from) .. datetime(to))`.
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

/** A KQL double-quoted string literal. */
export function kqlString(value: string): string {
  return `"${stripControl(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

type Clause = string | null;
const list = (values: string[]) => values.map(kqlString).join(', ');
const op = (column: string, operator: string, values: string[]): Clause =>
  values.length ? `${column} ${operator} (${list(values)})` : null;

interface Table {
  name: string;
  title: string;
  clauses: Clause[];
  project: string;
}

export function buildKql(scope: Scope): ScopeQuery[] {
  const w = timeWindow(scope);
  const ips = cleanValues(scope.ips);
  const asns = cleanAsns(scope.asns);
  const tokens = cleanValues(scope.tokenIds);
  const apps = cleanValues(scope.appIds);
  const ids = cleanValues(scope.identities);
  const everyListEmpty = !ips.length && !asns.length && !tokens.length && !apps.length && !ids.length;
  const signIn = (name: string, title: string): Table => ({
    name,
    title,
    clauses: [
      op('IPAddress', 'in', ips),
      asns.length ? `AutonomousSystemNumber in (${asns.join(', ')})` : null,
      op('UniqueTokenIdentifier', 'in', tokens),
      op('SessionId', 'in', tokens),
      op('AppId', 'in', apps),
      op('UserPrincipalName', 'in~', ids),
    ],
    project:
      'TimeGenerated, UserPrincipalName, IPAddress, AutonomousSystemNumber, AppId, AppDisplayName, ' +
      'UniqueTokenIdentifier, SessionId, ResultType',
  });
  const tables: Table[] = [
    signIn('SigninLogs', 'Sentinel: interactive sign-ins from the scope'),
    signIn('AADNonInteractiveUserSignInLogs', 'Sentinel: non-interactive sign-ins from the scope'),
    {
      name: 'AuditLogs',
      title: 'Sentinel: directory changes by the scope',
      clauses: [
        op('tostring(InitiatedBy.user.ipAddress)', 'in', ips),
        op('tostring(InitiatedBy.app.appId)', 'in', apps),
        op('tostring(InitiatedBy.user.userPrincipalName)', 'in~', ids),
      ],
      project: 'TimeGenerated, OperationName, Result, InitiatedBy, TargetResources',
    },
    {
      name: 'AzureActivity',
      title: 'Sentinel: Azure control-plane activity from the scope',
      clauses: [op('CallerIpAddress', 'in', ips), op('Caller', 'in~', ids)],
      project: 'TimeGenerated, Caller, CallerIpAddress, OperationNameValue, ActivityStatusValue, ResourceId',
    },
    {
      name: 'OfficeActivity',
      title: 'Sentinel: Microsoft 365 activity from the scope',
      clauses: [op('ClientIP', 'has_any', ips), op('UserId', 'in~', ids)],
      project: 'TimeGenerated, UserId, ClientIP, Operation, Workload, ResultStatus',
    },
  ];
  const out: ScopeQuery[] = [];
  for (const t of tables) {
    const clauses = t.clauses.filter((c): c is string => c !== null);
    if (!clauses.length && !everyListEmpty) continue;
    const lines = [t.name, `| where TimeGenerated between (datetime(${w.from}) .. datetime(${w.to}))`];
    if (clauses.length) lines.push(`| where ${clauses.join('\n    or ')}`);
    lines.push(`| project ${t.project}`, '| order by TimeGenerated asc');
    out.push({ title: t.title, text: lines.join('\n') });
  }
  return out;
}

export const kql: QueryLanguage = {
  id: 'kql',
  label: 'KQL (Microsoft Sentinel / Log Analytics)',
  build: buildKql,
};
