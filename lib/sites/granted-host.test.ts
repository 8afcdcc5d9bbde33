import { describe, expect, it } from 'vitest';
import { onGrantedHost } from './granted-host';
import { oktaSystemLog, SYSTEM_LOG_PATH } from './readers/okta-system-log';
import { githubAuditLog, AUDIT_LOG_PATH } from './readers/github-audit-log';

describe('onGrantedHost', () => {
  const okta = onGrantedHost(oktaSystemLog, SYSTEM_LOG_PATH);
  const ghes = onGrantedHost(githubAuditLog, AUDIT_LOG_PATH);

  it('reads the System Log and the audit log on custom hosts by their route', () => {
    expect(oktaSystemLog.matchesUrl(new URL('https://login.acme.example/report/system_log_2?search=x'))).toBe(false);
    expect(okta.matchesUrl(new URL('https://login.acme.example/report/system_log_2?search=x'))).toBe(true);
    expect(ghes.matchesUrl(new URL('https://git.acme.example/organizations/core/settings/audit-log'))).toBe(true);
    expect(
      ghes.matchesUrl(new URL('https://git.acme.example/enterprises/acme/settings/audit-log?q=action%3Aoauth')),
    ).toBe(true);
  });

  it('keeps everything else of the reader, and refuses other routes and plain http', () => {
    expect(okta.id).toBe(oktaSystemLog.id);
    expect(okta.read).toBe(oktaSystemLog.read);
    expect(okta.matchesUrl(new URL('https://login.acme.example/admin/dashboard'))).toBe(false);
    expect(ghes.matchesUrl(new URL('https://git.acme.example/core/repo/settings'))).toBe(false);
    expect(ghes.matchesUrl(new URL('http://git.acme.example/organizations/core/settings/audit-log'))).toBe(false);
  });
});
