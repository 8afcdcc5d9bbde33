// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installLayoutShims } from '../../../test/support/jsdom-layout';
import { parseOneWith } from '../../../test/support/fixture-records';
import { createElement as h } from 'react';
import { act, cleanup, render } from '@testing-library/react';
import { entraSignins, tableOfTab } from './entra-signins';
import { entraAudit } from './entra-audit';
import { azureActivity } from './azure-activity';
import { entraSignin } from '../../sources/formats/entra-signin';
import { RecordRouter } from '../../sources/read-events';
import { runEngine } from '../../engine/run';
import type { TokenEvent } from '../../model/token-event';
import { SignInsApp, SIGNIN_ROWS, type SignInRow } from '../../../test/replicas/entra-signins/app';
import { AuditApp } from '../../../test/replicas/entra-audit/app';
import { OTHER_CONSOLE_URLS } from '../../../test/replicas/console-urls';

beforeAll(installLayoutShims);
afterEach(() => cleanup());

const u = (s: string) => new URL(s);
const localIso = (iso: string) => new Date(new Date(iso).toLocaleString('en-US')).toISOString();

const parse = (rec: Record<string, unknown>): TokenEvent => parseOneWith(entraSignin, rec, 'page');

describe('entra-signins matchesUrl', () => {
  it.each([
    'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/SignInLogsList.ReactView/timeRangeType/last24hours/showApplicationSignIns~/true',
    'https://portal.azure.com/#view/Microsoft_AAD_IAM/SignInLogsList.ReactView',
    'https://portal.azure.com/#@contoso.onmicrosoft.com/blade/Microsoft_AAD_IAM/SignInEventsV3Blade',
    'https://portal.azure.com/#blade/Microsoft_AAD_IAM/SignInsEventsV2Blade',
    'https://ms.portal.azure.com/#blade/Microsoft_AAD_IAM/SignInEventsBlade',
    'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ActiveDirectoryMenuBlade/~/SignIns',
    'https://sandbox-1.reactblade.portal.azure.net/',
    'https://sandbox-22-5.reactblade.portal.azure.net/Content/Dynamic/abc',
    'https://x.reactblade-ms.portal.azure.net/',
    'https://x.reactblade-rc.portal.azure.net/',
  ])('matches %s', (s) => expect(entraSignins.matchesUrl(u(s))).toBe(true));

  it.each([
    'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/AuditLogList.ReactView',
    'https://portal.azure.com/#view/Microsoft_Azure_Monitoring/AzureMonitoringBrowseBlade/~/activityLog',
    'https://portal.azure.com/#view/Microsoft_AAD_IAM/UsersManagementMenuBlade/~/AllUsers',
    'https://portal.azure.com/#view/Microsoft_AAD_IAM/ActiveDirectoryMenuBlade/~/SignInsX',
    'https://portal.azure.com/',
    'https://portal.azure.com.evil.example/#view/Microsoft_AAD_IAM/SignInLogsList.ReactView',
    'https://evilportal.azure.com.example/#view/Microsoft_AAD_IAM/SignInLogsList.ReactView',
    'http://portal.azure.com/#view/Microsoft_AAD_IAM/SignInLogsList.ReactView',
    'https://entra.microsoft.com.evil.example/#view/Microsoft_AAD_IAM/SignInLogsList.ReactView',
    'https://sandbox-1.reactblade.portal.azure.net.evil.example/',
    'https://reactblade.portal.azure.net/',
    'https://sandbox-1.reactbladeX.portal.azure.net/',
    'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events',
    'https://console.cloud.google.com/logs/query',
    'https://acme-admin.okta.com/report/system_log_2',
  ])('does not match %s', (s) => expect(entraSignins.matchesUrl(u(s))).toBe(false));

  it('lists the top-frame and the iframe patterns', () => {
    expect(entraSignins.matches).toEqual(
      expect.arrayContaining([
        'https://portal.azure.com/*',
        'https://entra.microsoft.com/*',
        'https://*.reactblade.portal.azure.net/*',
        'https://*.reactblade-ms.portal.azure.net/*',
        'https://*.reactblade-rc.portal.azure.net/*',
      ]),
    );
  });

  it('names tables from tab titles', () => {
    expect(tableOfTab('User sign-ins (interactive)')).toBe('interactive');
    expect(tableOfTab('User sign-ins (non-interactive)')).toBe('non-interactive');
    expect(tableOfTab('Service principal sign-ins')).toBe('service-principal');
    expect(tableOfTab('Managed identity sign-ins')).toBe('managed-identity');
    expect(tableOfTab('Basic info')).toBeUndefined();
  });
});

const NONINTERACTIVE = SIGNIN_ROWS.filter((r) => r.tab === 'non-interactive');

describe.each(['v8', 'v9'] as const)('entra-signins read() on the Fluent %s grid', (grid) => {
  it('reads every row with its request id and CSV-named cells', () => {
    render(h(SignInsApp, { grid, noVirtualize: true }));
    const res = entraSignins.read(document);
    expect(res.recognized).toBe(true);
    expect(res.rows.map((r) => r.id)).toEqual(NONINTERACTIVE.map((r) => r.requestId));
    const vps = res.rows.find((r) => r.id === '5eed025d-025d-425d-808b-0175e91a974d')!;
    expect(vps.record).toEqual({
      'Date (UTC)': localIso('2026-11-09T09:08:00Z'),
      'Request ID': '5eed025d-025d-425d-808b-0175e91a974d',
      User: 'Carol Diaz',
      Username: 'carol.diaz@contoso.example',
      Application: 'Microsoft Office',
      Status: 'Success',
      'IP address': '159.89.14.202',
      Location: 'Amsterdam, Noord-Holland, NL',
      Resource: 'Microsoft Graph',
      'Incoming token type': 'refreshToken',
      'Autonomous system number': '14061',
      'Session ID': 'c0ffee00-1111-4aaa-8bbb-000000000001',
      'Unique token identifier': 'uti-carol-vps-0',
      'Is Interactive': 'false',
    });
    const ev = parse(vps.record);
    expect(ev).toMatchObject({
      id: '5eed025d-025d-425d-808b-0175e91a974d',
      time: Date.parse(localIso('2026-11-09T09:08:00Z')),
      actor: { id: 'carol.diaz@contoso.example', name: 'Carol Diaz', kind: 'human' },
      source: { ip: '159.89.14.202', country: 'NL', city: 'Amsterdam', asn: 14061 },
      app: { name: 'Microsoft Office', resource: 'Microsoft Graph' },
      outcome: { success: true },
      credential: {
        kind: 'oauth_refresh_token',
        id: 'uti-carol-vps-0',
        sessionId: 'c0ffee00-1111-4aaa-8bbb-000000000001',
      },
      action: { interactive: false },
    });
    expect(entraSignins.anchor!(document)).not.toBeNull();
    expect(entraSignins.rowElement!(document, vps.id)?.textContent).toContain('159.89.14.202');
  });

  it('carries the table of each tab', () => {
    render(h(SignInsApp, { grid, tab: 'interactive', noVirtualize: true }));
    const inter = entraSignins.read(document);
    expect(inter.rows.length).toBe(SIGNIN_ROWS.filter((r) => r.tab === 'interactive').length);
    for (const r of inter.rows) {
      expect(r.record['Is Interactive']).toBe('true');
      expect(parse(r.record)).toMatchObject({ action: { interactive: true }, credential: { kind: 'session' } });
    }
    cleanup();
    render(h(SignInsApp, { grid, tab: 'service-principal', noVirtualize: true }));
    const sp = entraSignins.read(document);
    expect(sp.rows.map((r) => r.id)).toEqual(['7a11ce00-0001-4000-8000-00000000a001']);
    expect(parse(sp.rows[0]!.record)).toMatchObject({
      actor: { id: '5b1e0000-aaaa-4bbb-8ccc-00000000b001', name: 'Contoso Billing Sync', kind: 'service_principal' },
      details: { category: 'ServicePrincipalSignInLogs' },
      source: { ip: '20.61.5.10' },
    });
    cleanup();
    render(h(SignInsApp, { grid, tab: 'managed-identity', noVirtualize: true }));
    const mi = entraSignins.read(document);
    expect(mi.rows.map((r) => r.id)).toEqual(['3a9e0000-0002-4000-8000-00000000a002']);
    expect(parse(mi.rows[0]!.record)).toMatchObject({
      actor: { id: '6c2f0000-bbbb-4ccc-8ddd-00000000b002', kind: 'workload' },
      details: { category: 'ManagedIdentitySignInLogs' },
    });
  });

  it('merges the open details pane into its row', () => {
    render(h(SignInsApp, { grid, details: '5eed025f-025f-425f-8099-017725898aaf', noVirtualize: true }));
    const res = entraSignins.read(document);
    const row = res.rows.find((r) => r.id === '5eed025f-025f-425f-8099-017725898aaf')!;
    expect(row.record).toMatchObject({
      'User agent': 'python-requests/2.31.0',
      'Sign-in error code': '0',
      'Application ID': 'd3590ed6-52b3-4102-aeff-aad2292ab01c',
    });
    expect(parse(row.record).source.userAgent).toBe('python-requests/2.31.0');
    const other = res.rows.find((r) => r.id === '5eed0261-0261-4261-80a7-017861f87e11')!;
    expect(other.record['User agent']).toBeUndefined();
  });

  it('says recognized: false for the grid of another blade', () => {
    render(h(AuditApp, { grid }));
    const res = entraSignins.read(document);
    expect(res.recognized).toBe(false);
    expect(res.rows).toEqual([]);
    expect(res.note).toMatch(/not an Entra sign-in log/);
  });

  it('keeps hostile text as text', () => {
    const evil = '<img src=x onerror="globalThis.pwned=1">Eve';
    const rows: SignInRow[] = [{ ...NONINTERACTIVE[0]!, user: evil, location: '=HYPERLINK("http://x")' }];
    render(h(SignInsApp, { grid, rows, noVirtualize: true }));
    expect(document.querySelector('img')).toBeNull();
    const res = entraSignins.read(document);
    expect(res.rows[0]!.record.User).toBe(evil);
    expect(parse(res.rows[0]!.record).actor.name).toBe(evil);
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });
});

describe('entra-signins on a virtualized grid', () => {
  it('keeps row ids stable as rows scroll in and out', () => {
    const all = NONINTERACTIVE;
    const seen = new Map<string, Record<string, unknown>>();
    const { rerender } = render(h(SignInsApp, { rows: all.slice(0, 6), noVirtualize: true }));
    for (const r of entraSignins.read(document).rows) seen.set(r.id, r.record);
    const first = new Map(seen);
    act(() => rerender(h(SignInsApp, { rows: all.slice(4), noVirtualize: true })));
    const second = entraSignins.read(document).rows;
    for (const r of second) {
      if (first.has(r.id)) expect(r.record).toEqual(first.get(r.id));
      seen.set(r.id, r.record);
    }
    expect([...seen.keys()].sort()).toEqual(all.map((r) => r.requestId).sort());
  });

  it('reads the rows the v8 List renders when virtualized', () => {
    render(h(SignInsApp, {}));
    const res = entraSignins.read(document);
    expect(res.recognized).toBe(true);
    expect(res.rows.length).toBeGreaterThan(0);
    for (const r of res.rows) expect(NONINTERACTIVE.map((x) => x.requestId)).toContain(r.id);
  });

  it('hashes rows without a request id, stably', () => {
    const grid = document.createElement('div');
    grid.setAttribute('role', 'grid');
    const hdr = ['Date', 'User', 'Application', 'IP address', 'Status'];
    const mk = (cells: string[], role: string) => {
      const row = document.createElement('div');
      row.setAttribute('role', 'row');
      for (const c of cells) {
        const d = document.createElement('div');
        d.setAttribute('role', role);
        d.textContent = c;
        row.append(d);
      }
      return row;
    };
    grid.append(
      mk(hdr, 'columnheader'),
      mk(['2026-11-09T09:08:00Z', 'Carol', 'Office', '159.89.14.202', 'Success'], 'gridcell'),
    );
    document.body.append(grid);
    const a = entraSignins.read(document);
    const b = entraSignins.read(document);
    expect(a.rows[0]!.id).toMatch(/^entra-signin-row:[0-9a-f]{8}$/);
    expect(b.rows[0]!.id).toBe(a.rows[0]!.id);
    grid.remove();
  });
});

it('never throws and says why nothing was read', () => {
  expect(entraSignins.read(document)).toEqual({
    recognized: false,
    rows: [],
    note: expect.stringMatching(/grid is not on the page yet/),
  });
  expect(entraSignins.read(document.createElement('div')).recognized).toBe(false);
});

describe('pipeline: sign-in replica rows → RecordRouter → runEngine', () => {
  it.each(['v8', 'v9'] as const)('escalates carol with token-multi-source (%s)', (grid) => {
    render(h(SignInsApp, { grid, noVirtualize: true }));
    const res = entraSignins.read(document);
    const events: TokenEvent[] = [];
    const router = new RecordRouter({ onEvent: (e) => events.push(e) });
    res.rows.forEach((r, i) => router.record(r.record, `page:${i}`));
    expect(router.stats.rejected).toBe(0);
    expect(router.stats.byFormat).toEqual({ 'entra-signin': NONINTERACTIVE.length });
    const out = runEngine(events);
    expect(out.verdict).toBe('escalate');
    const f = out.findings.find((x) => x.indicator === 'token-multi-source');
    expect(f).toBeDefined();
    const carolSubject = out.subjects.find((s) => s.subject === 'id:carol.diaz@contoso.example');
    expect(carolSubject?.verdict).toBe('escalate');
    expect(out.subjects.find((s) => s.subject === 'id:dave.kim@contoso.example')?.verdict ?? 'benign').toBe('benign');
  });
});

it('other Azure readers do not read the sign-in grid', () => {
  render(h(SignInsApp, { noVirtualize: true }));
  expect(entraAudit.read(document).recognized).toBe(false);
  expect(azureActivity.read(document).recognized).toBe(false);
});

describe('the Azure readers say no to every other console', () => {
  const azureHost = /(^|\.)(portal\.azure\.com|entra\.microsoft\.com|portal\.azure\.net)$/;
  const others = OTHER_CONSOLE_URLS.filter((s) => !azureHost.test(new URL(s).hostname));
  it.each(others)('%s', (s) => {
    for (const r of [entraSignins, entraAudit, azureActivity]) expect(r.matchesUrl(u(s)), r.id).toBe(false);
  });
});

describe('entra-signins in the portal top frame', () => {
  it('defers to the reactblade view frame instead of saying the view is not read', () => {
    const frame = document.createElement('iframe');
    frame.setAttribute('src', 'https://sandbox-1.reactblade.portal.azure.net/Content/Dynamic/abc.html');
    document.body.replaceChildren(frame);
    const res = entraSignins.read(document);
    expect(res).toMatchObject({ recognized: false, delegated: true, rows: [] });
    const other = document.createElement('iframe');
    other.setAttribute('src', 'https://reactblade.portal.azure.net.evil.example/x');
    document.body.replaceChildren(other);
    expect(entraSignins.read(document).delegated).toBeUndefined();
    document.body.replaceChildren();
  });
});
