// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installLayoutShims } from '../../../test/support/jsdom-layout';
import { parseOneWith } from '../../../test/support/fixture-records';
import { createElement as h } from 'react';
import { cleanup, render } from '@testing-library/react';
import { activityTimeToIso, azureActivity } from './azure-activity';
import { azureActivity as activityFormat } from '../../sources/formats/azure-activity';
import type { TokenEvent } from '../../model/token-event';
import { ActivityApp, ACTIVITY_ROWS, activityJson, type ActivityRow } from '../../../test/replicas/azure-activity/app';
import { AuditApp } from '../../../test/replicas/entra-audit/app';
import { SignInsApp } from '../../../test/replicas/entra-signins/app';

beforeAll(installLayoutShims);
afterEach(() => cleanup());

const u = (s: string) => new URL(s);

const parse = (rec: Record<string, unknown>): TokenEvent => parseOneWith(activityFormat, rec, 'page');

describe('azure-activity matchesUrl', () => {
  it.each([
    'https://portal.azure.com/#view/Microsoft_Azure_Monitoring/AzureMonitoringBrowseBlade/~/activityLog',
    'https://portal.azure.com/#@contoso.onmicrosoft.com/blade/Microsoft_Azure_ActivityLog/ActivityLogBlade',
    'https://portal.azure.com/#view/Microsoft_Azure_ActivityLog/ActivityLogBlade',
    'https://ms.portal.azure.com/#@contoso.onmicrosoft.com/resource/subscriptions/2f3e/resourceGroups/rg' +
      '/providers/Microsoft.Storage/storageAccounts/x/activitylog',
    'https://sandbox-1.reactblade.portal.azure.net/',
    'https://sandbox-2.reactblade-rc.portal.azure.net/',
  ])('matches %s', (s) => expect(azureActivity.matchesUrl(u(s))).toBe(true));

  it.each([
    'https://portal.azure.com/#view/Microsoft_Azure_Monitoring/AzureMonitoringBrowseBlade/~/overview',
    'https://portal.azure.com/#view/Microsoft_AAD_IAM/SignInLogsList.ReactView',
    'https://entra.microsoft.com/#view/Microsoft_Azure_Monitoring/AzureMonitoringBrowseBlade/~/activityLog',
    'https://portal.azure.com.evil.example/#view/Microsoft_Azure_Monitoring/AzureMonitoringBrowseBlade/~/activityLog',
    'https://reactblade.portal.azure.net.evil.example/',
    'https://sandbox-1.reactblade.portal.azure.net.evil.example/',
    'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home#/events',
  ])('does not match %s', (s) => expect(azureActivity.matchesUrl(u(s))).toBe(false));
});

it('reads the Time stamp text as ISO UTC', () => {
  const t = '2026-11-09T09:20:31Z';
  expect(activityTimeToIso(new Date(t).toString())).toBe('2026-11-09T09:20:31.000Z');
  expect(activityTimeToIso('Mon Nov 09 2026 10:20:31 GMT+0100 (Central European Standard Time)')).toBe(
    '2026-11-09T09:20:31.000Z',
  );
  expect(activityTimeToIso('3 days ago')).toBe('3 days ago');
});

const KEYS = ACTIVITY_ROWS[0]!;

describe.each(['v8', 'v9'] as const)('azure-activity read() on the Fluent %s grid', (grid) => {
  it('reads every row as a REST-like Activity Log event', () => {
    render(h(ActivityApp, { grid }));
    const res = azureActivity.read(document);
    expect(res.recognized).toBe(true);
    expect(res.rows).toHaveLength(ACTIVITY_ROWS.length);
    for (const r of res.rows) expect(r.id).toMatch(/^azure-activity-row:[0-9a-f]{8}$/);
    expect(res.rows[0]!.record).toEqual({
      operationName: { value: 'List Storage Account Keys', localizedValue: 'List Storage Account Keys' },
      status: { value: 'Succeeded', localizedValue: 'Succeeded' },
      eventTimestamp: '2026-11-09T09:20:31.000Z',
      caller: 'carol.diaz@contoso.example',
    });
    const ev = parse(res.rows[0]!.record);
    expect(ev).toMatchObject({
      time: Date.parse('2026-11-09T09:20:31Z'),
      actor: { id: 'carol.diaz@contoso.example', kind: 'human' },
      action: { name: 'List Storage Account Keys' },
      outcome: { success: true },
    });
    expect(parse(res.rows[2]!.record).outcome.success).toBe(false);
    expect(azureActivity.anchor!(document)).not.toBeNull();
    expect(azureActivity.rowElement!(document, res.rows[1]!.id)?.textContent).toContain('Create role assignment');
  });

  it('takes the full event from the JSON tab of the open pane', () => {
    render(h(ActivityApp, { grid, details: KEYS.eventDataId }));
    const res = azureActivity.read(document);
    expect(res.rows[0]!.record).toEqual(activityJson(KEYS));
    const ev = parse(res.rows[0]!.record);
    expect(ev).toMatchObject({
      id: KEYS.eventDataId,
      source: { ip: '159.89.14.202' },
      credential: { id: 'uti-carol-vps-3' },
      action: { name: 'Microsoft.Storage/storageAccounts/listKeys/action' },
    });
    expect(res.rows[1]!.record.eventDataId).toBeUndefined();
  });

  it('says recognized: false for the sign-in and audit grids', () => {
    render(h(SignInsApp, { grid, noVirtualize: true }));
    expect(azureActivity.read(document).recognized).toBe(false);
    cleanup();
    render(h(AuditApp, { grid }));
    expect(azureActivity.read(document).recognized).toBe(false);
  });

  it('keeps hostile text as text', () => {
    const evil = '"><svg onload=alert(1)>@evil.example';
    const rows: ActivityRow[] = [{ ...KEYS, caller: evil }];
    render(h(ActivityApp, { grid, rows }));
    expect(document.querySelector('svg[onload]')).toBeNull();
    expect(azureActivity.read(document).rows[0]!.record.caller).toBe(evil);
  });
});

it('re-renders keep the ids of rows that stay', () => {
  const { rerender } = render(h(ActivityApp, { rows: ACTIVITY_ROWS.slice(0, 2) }));
  const a = azureActivity.read(document).rows;
  rerender(h(ActivityApp, { rows: ACTIVITY_ROWS.slice(1) }));
  const b = azureActivity.read(document).rows;
  expect(b[0]).toEqual(a[1]);
});
