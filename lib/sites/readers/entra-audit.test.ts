// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installLayoutShims } from '../../../test/support/jsdom-layout';
import { parseOneWith } from '../../../test/support/fixture-records';
import { createElement as h } from 'react';
import { cleanup, render } from '@testing-library/react';
import { entraAudit } from './entra-audit';
import { entraAudit as auditFormat } from '../../sources/formats/entra-audit';
import type { TokenEvent } from '../../model/token-event';
import { AuditApp, AUDIT_ROWS, type AuditRow } from '../../../test/replicas/entra-audit/app';
import { ActivityApp } from '../../../test/replicas/azure-activity/app';
import { SignInsApp } from '../../../test/replicas/entra-signins/app';

beforeAll(installLayoutShims);
afterEach(() => cleanup());

const u = (s: string) => new URL(s);
const localIso = (iso: string) => new Date(new Date(iso).toLocaleString('en-US')).toISOString();

const parse = (rec: Record<string, unknown>): TokenEvent => parseOneWith(auditFormat, rec, 'page');

describe('entra-audit matchesUrl', () => {
  it.each([
    'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/AuditLogList.ReactView',
    'https://portal.azure.com/#view/Microsoft_AAD_IAM/AuditLogList.ReactView/timeRangeType/last7days',
    'https://portal.azure.com/#@contoso.onmicrosoft.com/blade/Microsoft_AAD_IAM/AuditLogsBlade',
    'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ActiveDirectoryMenuBlade/~/Audit',
    'https://sandbox-1.reactblade.portal.azure.net/',
    'https://sandbox-3.reactblade-ms.portal.azure.net/x',
  ])('matches %s', (s) => expect(entraAudit.matchesUrl(u(s))).toBe(true));

  it.each([
    'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/SignInLogsList.ReactView',
    'https://portal.azure.com/#view/Microsoft_Azure_Monitoring/AzureMonitoringBrowseBlade/~/activityLog',
    'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ActiveDirectoryMenuBlade/~/AuditX',
    'https://portal.azure.com.evil.example/#view/Microsoft_AAD_IAM/AuditLogList.ReactView',
    'https://sandbox-1.reactblade.portal.azure.net.evil.example/',
    'https://github.com/organizations/acme/settings/audit-log',
    'https://admin.google.com/ac/reporting/audit/token',
  ])('does not match %s', (s) => expect(entraAudit.matchesUrl(u(s))).toBe(false));
});

const CONSENT = AUDIT_ROWS[0]!;

describe.each(['v8', 'v9'] as const)('entra-audit read() on the Fluent %s grid', (grid) => {
  it('reads every row as a Graph directoryAudit-like record', () => {
    render(h(AuditApp, { grid }));
    const res = entraAudit.read(document);
    expect(res.recognized).toBe(true);
    expect(res.rows).toHaveLength(AUDIT_ROWS.length);
    expect(new Set(res.rows.map((r) => r.id)).size).toBe(AUDIT_ROWS.length);
    for (const r of res.rows) expect(r.id).toMatch(/^entra-audit-row:[0-9a-f]{8}$/);
    expect(res.rows[0]!.record).toEqual({
      activityDateTime: localIso(CONSENT.time),
      activityDisplayName: 'Consent to application',
      category: 'ApplicationManagement',
      loggedByService: 'Core Directory',
      result: 'success',
      initiatedBy: { user: { userPrincipalName: 'carol.diaz@contoso.example' } },
      targetResources: [{ displayName: 'Mail Sync Pro', type: 'ServicePrincipal' }],
    });
    const consent = parse(res.rows[0]!.record);
    expect(consent).toMatchObject({
      class: 'authorization_grant',
      actor: { id: 'carol.diaz@contoso.example', kind: 'human' },
      action: { name: 'Consent to application' },
      target: { name: 'Mail Sync Pro', type: 'ServicePrincipal' },
      outcome: { success: true },
    });
    const cred = parse(res.rows[2]!.record);
    expect(cred).toMatchObject({
      class: 'account_change',
      action: { name: 'Add service principal credentials' },
      target: { name: 'Contoso Billing Sync' },
    });
    const app = parse(res.rows[3]!.record);
    expect(app.actor).toMatchObject({ id: 'Microsoft Substrate Management', kind: 'service_principal' });
    const failed = parse(res.rows[4]!.record);
    expect(failed.outcome).toMatchObject({ success: false, reason: 'User was not enabled for password reset' });
    // Row ids stay the same on a second read.
    expect(entraAudit.read(document).rows.map((r) => r.id)).toEqual(res.rows.map((r) => r.id));
    expect(entraAudit.anchor!(document)).not.toBeNull();
    expect(entraAudit.rowElement!(document, res.rows[1]!.id)?.textContent).toContain('Certificates and secrets');
  });

  it('merges the details pane: actor IP, correlation id, user agent and the consent scopes', () => {
    render(h(AuditApp, { grid, details: 'a1' }));
    const res = entraAudit.read(document);
    expect(res.rows).toHaveLength(AUDIT_ROWS.length);
    const rec = res.rows[0]!.record;
    expect(rec).toMatchObject({
      correlationId: CONSENT.correlationId,
      initiatedBy: { user: { userPrincipalName: 'carol.diaz@contoso.example', ipAddress: '159.89.14.202' } },
      additionalDetails: [{ key: 'User-Agent', value: 'python-requests/2.31.0' }],
    });
    const ev = parse(rec);
    expect(ev.source).toMatchObject({ ip: '159.89.14.202', userAgent: 'python-requests/2.31.0' });
    expect(ev.app?.scopes).toEqual(expect.arrayContaining(['Mail.Read', 'offline_access']));
    expect(ev.app?.adminConsent).toBe(false);
    expect(res.rows[1]!.record.correlationId).toBeUndefined();
  });

  it('says recognized: false for the sign-in and activity grids', () => {
    render(h(SignInsApp, { grid, noVirtualize: true }));
    expect(entraAudit.read(document).recognized).toBe(false);
    cleanup();
    render(h(ActivityApp, { grid }));
    expect(entraAudit.read(document)).toMatchObject({ recognized: false, rows: [] });
  });

  it('keeps hostile text as text', () => {
    const evil = '<script>globalThis.pwned=1</script><b>App</b>';
    const rows: AuditRow[] = [{ ...CONSENT, target: evil }];
    render(h(AuditApp, { grid, rows }));
    expect(document.querySelector('b, script')).toBeNull();
    const rec = entraAudit.read(document).rows[0]!.record;
    expect(rec.targetResources).toEqual([{ displayName: evil, type: 'ServicePrincipal' }]);
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });
});

it('re-renders with other rows keep the ids of the rows that stay', () => {
  const { rerender } = render(h(AuditApp, { rows: AUDIT_ROWS.slice(0, 3) }));
  const a = entraAudit.read(document).rows;
  rerender(h(AuditApp, { rows: AUDIT_ROWS.slice(2) }));
  const b = entraAudit.read(document).rows;
  expect(b[0]).toEqual(a[2]);
  expect(new Set([...a, ...b].map((r) => r.id)).size).toBe(AUDIT_ROWS.length);
});
