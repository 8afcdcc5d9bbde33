// @vitest-environment jsdom
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReplica } from '../../../test/replicas/okta-system-log/build';
import { describe, expect, it } from 'vitest';
import { parseOneWith } from '../../../test/support/fixture-records';
import { oktaSystemLog } from './okta-system-log';
import { oktaSystem } from '../../sources/formats/okta-system';
import { RecordRouter } from '../../sources/read-events';
import { runEngine } from '../../engine/run';
import type { TokenEvent } from '../../model/token-event';
import { fakeIntel } from '../../../test/support/fake-intel';
import { OTHER_CONSOLE_URLS } from '../../../test/replicas/console-urls';

const replica = (): Document =>
  new DOMParser().parseFromString(
    readFileSync(join(import.meta.dirname, '../../../test/replicas/okta-system-log/index.html'), 'utf8'),
    'text/html',
  );

const ROOT = '102Xq7RtYbZ0s-aR3wJ9kLmN';

describe('okta-system-log matchesUrl', () => {
  it.each([
    'https://acme-admin.okta.com/report/system_log_2',
    'https://acme-admin.okta.com/report/system_log_2?search=eventType%20eq%20%22user.session.start%22&fromTime=2026-05-12T00%3A00%3A00Z',
    'https://dev-123456-admin.oktapreview.com/report/system_log_2',
    'https://acme-eu-admin.okta-emea.com/report/system_log_2?search=',
  ])('matches %s', (u) => {
    expect(oktaSystemLog.matchesUrl(new URL(u))).toBe(true);
  });

  it.each([
    'https://acme.okta.com/report/system_log_2',
    'https://acme-admin.okta.com/admin/dashboard',
    'https://acme-admin.okta.com/admin/reports/system_log',
    'https://evil-okta.com/report/system_log_2',
    'https://acme-admin.okta.com.evil.example/report/system_log_2',
    'https://acme-admin.evil-okta.com/report/system_log_2',
    'http://acme-admin.okta.com/report/system_log_2',
    ...OTHER_CONSOLE_URLS.filter((u) => !u.includes('okta')),
  ])('does not match %s', (u) => {
    expect(oktaSystemLog.matchesUrl(new URL(u))).toBe(false);
  });
});

describe('okta-system-log read() on the replica', () => {
  it('reads every event from its hidden details row, keyed by uuid, event. prefix stripped', () => {
    const res = oktaSystemLog.read(replica());
    expect(res.recognized).toBe(true);
    expect(res.note).toBeUndefined();
    expect(res.rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5].map((n) => `4b1f0c2e-1a2b-11f0-9d3e-5f2a6b7c8d0${n}`));
    const first = res.rows[0]!.record;
    expect(first).toMatchObject({
      uuid: '4b1f0c2e-1a2b-11f0-9d3e-5f2a6b7c8d01',
      published: '2026-05-12T13:02:11.482Z',
      eventType: 'user.session.start',
      'actor.alternateId': 'jane.doe@acme.example',
      'client.ipAddress': '73.15.20.10',
      'outcome.result': 'SUCCESS',
      'authenticationContext.rootSessionId': ROOT,
      'debugContext.debugData.dtHash': 'f3b2c1d0e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2',
      'securityContext.asNumber': '7922',
    });
    expect(Object.keys(first).some((k) => k.startsWith('event.') || k.startsWith('system.'))).toBe(false);
    // Two targets, indexed by their list item.
    expect(res.rows[4]!.record).toMatchObject({
      'target.0.id': '00u8f2kq1zXyAbCdE5d7',
      'target.0.type': 'User',
      'target.1.id': '00g1superADMINS0001',
      'target.1.displayName': 'Super Admins',
    });
  });

  it('emits records the okta-system format parses into the right events', () => {
    const rows = oktaSystemLog.read(replica()).rows;
    const events = rows.map((r) => parseOneWith(oktaSystem, r.record, `page#${r.id}`));
    expect(events.map((e) => e.action.name)).toEqual([
      'user.session.start',
      'user.authentication.sso',
      'user.session.access_admin_app',
      'system.api_token.create',
      'group.user_membership.add',
    ]);
    for (const e of events) {
      expect(e.id).toMatch(/^4b1f0c2e-/);
      expect(e.credential).toMatchObject({ kind: 'session', id: ROOT });
      expect(e.actor.id).toBe('jane.doe@acme.example');
    }
    expect(events[0]!.source).toMatchObject({ ip: '73.15.20.10', asn: 7922, country: 'United States' });
    expect(events[2]!.source).toMatchObject({ ip: '159.65.10.20', asn: 14061, userAgent: 'python-requests/2.32.3' });
    expect(events[0]!.time).toBe(Date.parse('2026-05-12T13:02:11.482Z'));
  });

  it('keeps hostile text as text', () => {
    const doc = replica();
    const rec = oktaSystemLog.read(doc).rows[3]!.record;
    expect(rec['target.0.displayName']).toBe('backup-sync <img src=x onerror=alert(1)>');
    expect(doc.querySelector('img')).toBeNull();
  });

  it('merges by uuid across a virtualized re-render', () => {
    const doc = replica();
    const before = oktaSystemLog.read(doc).rows;
    const tbody = doc.querySelector('tbody')!;
    // The list drops the first two events (header + details rows) and re-renders the third.
    const trs = Array.from(tbody.children);
    for (const tr of trs.slice(0, 4)) tr.remove();
    const third = tbody.children[0]!;
    const details = tbody.children[1]!;
    third.remove();
    details.remove();
    tbody.append(third.cloneNode(true), details.cloneNode(true));
    const after = oktaSystemLog.read(doc).rows;
    expect(after.map((r) => r.id).sort()).toEqual(
      before
        .slice(2)
        .map((r) => r.id)
        .sort(),
    );
    const byId = new Map(before.map((r) => [r.id, r.record]));
    for (const r of after) expect(r.record).toEqual(byId.get(r.id));
  });

  it('finds the header anchor and a row element by id', () => {
    const doc = replica();
    expect(oktaSystemLog.anchor?.(doc)?.tagName).toBe('THEAD');
    const el = oktaSystemLog.rowElement?.(doc, '4b1f0c2e-1a2b-11f0-9d3e-5f2a6b7c8d03');
    expect(el?.classList.contains('header-row')).toBe(true);
    expect(el?.textContent).toContain('user.session.access_admin_app');
    expect(oktaSystemLog.rowElement?.(doc, 'nope')).toBeNull();
  });

  it('reads collapsed-only rows from their own anchors, with a hashed id', () => {
    const doc = document.implementation.createHTMLDocument('x');
    const table = doc.createElement('table');
    const tr = doc.createElement('tr');
    tr.className = 'header-row';
    const td = doc.createElement('td');
    td.className = 'event-info-col';
    for (const [f, v] of [
      ['eventType', 'user.session.start'],
      ['actor.alternateId', 'a@b.example'],
      ['published', '2026-05-12T10:00:00Z'],
    ] as const) {
      const a = doc.createElement('a');
      a.setAttribute('data-field', f);
      a.setAttribute('data-value', v);
      td.append(a);
    }
    tr.append(td);
    table.append(tr);
    doc.body.append(table);
    const res = oktaSystemLog.read(doc);
    expect(res.rows).toHaveLength(1);
    expect(res.rows[0]!.id).toMatch(/^okta:[0-9a-f]{16}$/);
    expect(oktaSystem.parse(res.rows[0]!.record, { ref: 'x' }).ok).toBe(true);
  });

  it('ignores prototype-polluting field paths', () => {
    const doc = document.implementation.createHTMLDocument('x');
    const tr = doc.createElement('tr');
    tr.className = 'header-row';
    for (const [f, v] of [
      ['eventType', 'user.session.start'],
      ['event.__proto__.polluted', 'yes'],
      ['constructor', 'x'],
    ] as const) {
      const a = doc.createElement('a');
      a.setAttribute('data-field', f);
      a.setAttribute('data-value', v);
      tr.append(a);
    }
    const table = doc.createElement('table');
    table.append(tr);
    doc.body.append(table);
    const rec = oktaSystemLog.read(doc).rows[0]!.record;
    expect(Object.keys(rec)).toEqual(['eventType']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('says so when the DOM is not recognised, and never throws', () => {
    const doc = document.implementation.createHTMLDocument('x');
    doc.body.append(doc.createElement('div'));
    const res = oktaSystemLog.read(doc);
    expect(res).toMatchObject({ recognized: false, rows: [] });
    expect(res.note).toMatch(/header-row/);
    expect(() =>
      oktaSystemLog.read({
        querySelectorAll: () => {
          throw new Error('boom');
        },
      } as unknown as ParentNode),
    ).not.toThrow();
  });
});

describe('okta-system-log pipeline: replica rows → RecordRouter → runEngine', () => {
  it('flags the hijacked session (token-multi-source) and escalates', () => {
    const events: TokenEvent[] = [];
    const router = new RecordRouter({ onEvent: (e) => events.push(e) });
    for (const r of oktaSystemLog.read(replica()).rows) router.record(r.record, `page#${r.id}`);
    expect(router.stats).toMatchObject({ records: 5, parsed: 5, rejected: 0, byFormat: { 'okta-system': 5 } });
    const result = runEngine(events, { intel: fakeIntel() });
    expect(result.errors).toEqual([]);
    const multi = result.findings.find((f) => f.indicator === 'token-multi-source');
    expect(multi, JSON.stringify(result.findings.map((f) => f.indicator))).toBeDefined();
    expect(multi!.events).toEqual(
      expect.arrayContaining(['4b1f0c2e-1a2b-11f0-9d3e-5f2a6b7c8d01', '4b1f0c2e-1a2b-11f0-9d3e-5f2a6b7c8d03']),
    );
    expect(result.verdict).toBe('escalate');
  });
});

describe('okta-system-log replica build', () => {
  it('writes index.html', async () => {
    const out = mkdtempSync(join(tmpdir(), 'okta-system-log-'));
    await buildReplica(out);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  });
});

describe('okta-system-log tenant (issue 10)', () => {
  it('is the org the admin host belongs to, so its rows are learned under that org', () => {
    expect(oktaSystemLog.tenant!(new URL('https://acme-admin.okta.com/report/system_log_2'), replica())).toBe(
      'acme.okta.com',
    );
    expect(
      oktaSystemLog.tenant!(new URL('https://dev-123456-admin.oktapreview.com/report/system_log_2?search='), replica()),
    ).toBe('dev-123456.oktapreview.com');
    expect(oktaSystemLog.tenant!(new URL('https://acme-eu-admin.okta-emea.com/report/system_log_2'), replica())).toBe(
      'acme-eu.okta-emea.com',
    );
  });

  it('is none on a custom domain (the same org has another name there): its rows stay cold', () => {
    expect(oktaSystemLog.tenant!(new URL('https://login.acme.example/report/system_log_2'), replica())).toBeUndefined();
  });
});
