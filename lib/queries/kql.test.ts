import { describe, expect, it } from 'vitest';
import { buildKql, kqlString } from './kql';
import { EMPTY, HOSTILE, NORMAL } from '../../test/support/query-scopes';

describe('KQL', () => {
  it('escapes backslash and double quote, strips controls', () => {
    expect(kqlString('a\\b"c\n\'d')).toBe('"a\\\\b\\"c\'d"');
  });
  it('normal scope', () => {
    const qs = buildKql(NORMAL);
    expect(qs.map((q) => q.text).join('\n\n')).toMatchInlineSnapshot(`
      "SigninLogs
      | where TimeGenerated between (datetime(2024-05-01T08:00:00Z) .. datetime(2024-05-02T08:00:01Z))
      | where IPAddress in ("203.0.113.7", "2001:db8::1")
          or AutonomousSystemNumber in (64500)
          or UniqueTokenIdentifier in ("AKIAEXAMPLE123", "tok-42")
          or SessionId in ("AKIAEXAMPLE123", "tok-42")
          or AppId in ("00000003-0000-0000-c000-000000000000")
          or UserPrincipalName in~ ("alice@example.com")
      | project TimeGenerated, UserPrincipalName, IPAddress, AutonomousSystemNumber, AppId, AppDisplayName, UniqueTokenIdentifier, SessionId, ResultType
      | order by TimeGenerated asc

      AADNonInteractiveUserSignInLogs
      | where TimeGenerated between (datetime(2024-05-01T08:00:00Z) .. datetime(2024-05-02T08:00:01Z))
      | where IPAddress in ("203.0.113.7", "2001:db8::1")
          or AutonomousSystemNumber in (64500)
          or UniqueTokenIdentifier in ("AKIAEXAMPLE123", "tok-42")
          or SessionId in ("AKIAEXAMPLE123", "tok-42")
          or AppId in ("00000003-0000-0000-c000-000000000000")
          or UserPrincipalName in~ ("alice@example.com")
      | project TimeGenerated, UserPrincipalName, IPAddress, AutonomousSystemNumber, AppId, AppDisplayName, UniqueTokenIdentifier, SessionId, ResultType
      | order by TimeGenerated asc

      AuditLogs
      | where TimeGenerated between (datetime(2024-05-01T08:00:00Z) .. datetime(2024-05-02T08:00:01Z))
      | where tostring(InitiatedBy.user.ipAddress) in ("203.0.113.7", "2001:db8::1")
          or tostring(InitiatedBy.app.appId) in ("00000003-0000-0000-c000-000000000000")
          or tostring(InitiatedBy.user.userPrincipalName) in~ ("alice@example.com")
      | project TimeGenerated, OperationName, Result, InitiatedBy, TargetResources
      | order by TimeGenerated asc

      AzureActivity
      | where TimeGenerated between (datetime(2024-05-01T08:00:00Z) .. datetime(2024-05-02T08:00:01Z))
      | where CallerIpAddress in ("203.0.113.7", "2001:db8::1")
          or Caller in~ ("alice@example.com")
      | project TimeGenerated, Caller, CallerIpAddress, OperationNameValue, ActivityStatusValue, ResourceId
      | order by TimeGenerated asc

      OfficeActivity
      | where TimeGenerated between (datetime(2024-05-01T08:00:00Z) .. datetime(2024-05-02T08:00:01Z))
      | where ClientIP has_any ("203.0.113.7", "2001:db8::1")
          or UserId in~ ("alice@example.com")
      | project TimeGenerated, UserId, ClientIP, Operation, Workload, ResultStatus
      | order by TimeGenerated asc"
    `);
  });
  it('hostile scope', () => {
    const qs = buildKql(HOSTILE);
    expect(qs.map((q) => q.text).join('\n\n')).toMatchInlineSnapshot(`
      "SigninLogs
      | where TimeGenerated between (datetime(2024-05-01T08:00:00Z) .. datetime(2024-05-02T08:00:01Z))
      | where IPAddress in ("1.2.3.4' OR 1=1 --", "5.6.7.8\\" | DROP")
          or AutonomousSystemNumber in (64501)
          or UniqueTokenIdentifier in ("a\\\\b'c\\"d", "line1line2")
          or SessionId in ("a\\\\b'c\\"d", "line1line2")
          or AppId in ("x\\" or 1==1 | take 1 //")
          or UserPrincipalName in~ ("\\"; DROP TABLE users; --", "o'brien@example.com")
      | project TimeGenerated, UserPrincipalName, IPAddress, AutonomousSystemNumber, AppId, AppDisplayName, UniqueTokenIdentifier, SessionId, ResultType
      | order by TimeGenerated asc

      AADNonInteractiveUserSignInLogs
      | where TimeGenerated between (datetime(2024-05-01T08:00:00Z) .. datetime(2024-05-02T08:00:01Z))
      | where IPAddress in ("1.2.3.4' OR 1=1 --", "5.6.7.8\\" | DROP")
          or AutonomousSystemNumber in (64501)
          or UniqueTokenIdentifier in ("a\\\\b'c\\"d", "line1line2")
          or SessionId in ("a\\\\b'c\\"d", "line1line2")
          or AppId in ("x\\" or 1==1 | take 1 //")
          or UserPrincipalName in~ ("\\"; DROP TABLE users; --", "o'brien@example.com")
      | project TimeGenerated, UserPrincipalName, IPAddress, AutonomousSystemNumber, AppId, AppDisplayName, UniqueTokenIdentifier, SessionId, ResultType
      | order by TimeGenerated asc

      AuditLogs
      | where TimeGenerated between (datetime(2024-05-01T08:00:00Z) .. datetime(2024-05-02T08:00:01Z))
      | where tostring(InitiatedBy.user.ipAddress) in ("1.2.3.4' OR 1=1 --", "5.6.7.8\\" | DROP")
          or tostring(InitiatedBy.app.appId) in ("x\\" or 1==1 | take 1 //")
          or tostring(InitiatedBy.user.userPrincipalName) in~ ("\\"; DROP TABLE users; --", "o'brien@example.com")
      | project TimeGenerated, OperationName, Result, InitiatedBy, TargetResources
      | order by TimeGenerated asc

      AzureActivity
      | where TimeGenerated between (datetime(2024-05-01T08:00:00Z) .. datetime(2024-05-02T08:00:01Z))
      | where CallerIpAddress in ("1.2.3.4' OR 1=1 --", "5.6.7.8\\" | DROP")
          or Caller in~ ("\\"; DROP TABLE users; --", "o'brien@example.com")
      | project TimeGenerated, Caller, CallerIpAddress, OperationNameValue, ActivityStatusValue, ResourceId
      | order by TimeGenerated asc

      OfficeActivity
      | where TimeGenerated between (datetime(2024-05-01T08:00:00Z) .. datetime(2024-05-02T08:00:01Z))
      | where ClientIP has_any ("1.2.3.4' OR 1=1 --", "5.6.7.8\\" | DROP")
          or UserId in~ ("\\"; DROP TABLE users; --", "o'brien@example.com")
      | project TimeGenerated, UserId, ClientIP, Operation, Workload, ResultStatus
      | order by TimeGenerated asc"
    `);
    // Every line break in the output is ours: each query is exactly its own lines.
    for (const q of qs) expect(q.text.split('\n')[0]).toMatch(/^[A-Za-z]+$/);
  });
  it('empty lists: every table, window alone', () => {
    const qs = buildKql(EMPTY);
    expect(qs).toHaveLength(5);
    expect(qs[0]?.text).toMatchInlineSnapshot(`
      "SigninLogs
      | where TimeGenerated between (datetime(2024-05-01T08:00:00Z) .. datetime(2024-05-02T08:00:01Z))
      | project TimeGenerated, UserPrincipalName, IPAddress, AutonomousSystemNumber, AppId, AppDisplayName, UniqueTokenIdentifier, SessionId, ResultType
      | order by TimeGenerated asc"
    `);
  });
  it('leaves out tables with no column for the scope', () => {
    const qs = buildKql({ ...EMPTY, tokenIds: ['t1'] });
    expect(qs.map((q) => q.text.split('\n')[0])).toEqual(['SigninLogs', 'AADNonInteractiveUserSignInLogs']);
  });
});
