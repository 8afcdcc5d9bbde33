// @vitest-environment jsdom
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReplica } from '../../../test/replicas/workspace-audit/build';
import { describe, expect, it } from 'vitest';
import { workspaceAudit } from './workspace-audit';
import { workspaceReports } from '../../sources/formats/workspace-reports';
import type { TokenEvent } from '../../model/token-event';
import type { PageRow } from '../site-reader';
import { OTHER_CONSOLE_URLS } from '../../../test/replicas/console-urls';

const page = (name: string): Document =>
  new DOMParser().parseFromString(
    readFileSync(join(import.meta.dirname, '../../../test/replicas/workspace-audit', name), 'utf8'),
    'text/html',
  );

const RISKY = '648282191523-q8u5mdh3f1k2lr7c0v9b.apps.googleusercontent.com';

function parse(rows: PageRow[]): TokenEvent[] {
  return rows.flatMap((r) => {
    expect(workspaceReports.detect(r.record)).toBe(true);
    const res = workspaceReports.parse(r.record, { ref: r.id });
    if (!res.ok) throw new Error(res.reason);
    return res.events;
  });
}

describe('workspace-audit matchesUrl', () => {
  it.each([
    'https://admin.google.com/ac/reporting/audit/token',
    'https://admin.google.com/ac/reporting/audit/login',
    'https://admin.google.com/ac/reporting/audit/admin?hl=en',
    'https://admin.google.com/u/1/ac/reporting/audit/token',
  ])('matches %s', (u) => {
    expect(workspaceAudit.matchesUrl(new URL(u))).toBe(true);
  });

  it.each([
    'https://admin.google.com/ac/reporting/audit',
    'https://admin.google.com/ac/reporting/audit/drive',
    'https://admin.google.com/ac/users',
    'https://admin.google.com.evil.example/ac/reporting/audit/token',
    'https://evil-admin.google.com/ac/reporting/audit/token',
    'http://admin.google.com/ac/reporting/audit/token',
    ...OTHER_CONSOLE_URLS.filter((u) => !u.startsWith('https://admin.google.com/ac/reporting/audit/')),
  ])('does not match %s', (u) => {
    expect(workspaceAudit.matchesUrl(new URL(u))).toBe(false);
  });
});

describe('workspace-audit read() on the token audit replica', () => {
  it('builds Reports API activities from the grid cells', () => {
    const res = workspaceAudit.read(page('index.html'));
    expect(res.recognized).toBe(true);
    expect(res.note).toBeUndefined();
    expect(res.rows).toHaveLength(3);
    for (const r of res.rows) expect(r.id).toMatch(/^ws:[0-9a-f]{16}$/);
    expect(new Set(res.rows.map((r) => r.id)).size).toBe(3);
    expect(res.rows[1]!.record).toEqual({
      kind: 'admin#reports#activity',
      id: { applicationName: 'token', uniqueQualifier: res.rows[1]!.id, time: '2026-05-12T17:24:51.000Z' },
      actor: { email: 'jane.doe@acme.example' },
      ipAddress: '159.65.10.20',
      events: [
        {
          name: 'authorize',
          parameters: [
            { name: 'app_name', value: 'Email Export Pro' },
            { name: 'client_id', value: RISKY },
            {
              name: 'scope',
              multiValue: [
                'https://mail.google.com/',
                'https://www.googleapis.com/auth/drive',
                'https://www.googleapis.com/auth/admin.directory.user.readonly',
              ],
            },
          ],
        },
      ],
    });
  });

  it('parses into OAuth grants of the risky app by two users from one address', () => {
    const events = parse(workspaceAudit.read(page('index.html')).rows);
    expect(events.map((e) => [e.action.name, e.actor.id, e.app?.name, e.source.ip])).toEqual([
      ['authorize', 'bob@acme.example', 'Email Export Pro', '159.65.10.20'],
      ['authorize', 'jane.doe@acme.example', 'Email Export Pro', '159.65.10.20'],
      ['authorize', 'jane.doe@acme.example', 'Slack <img src=x onerror=alert(1)>', '73.15.20.10'],
    ]);
    for (const e of events) expect(e.class).toBe('authorization_grant');
    expect(events[1]!.app).toMatchObject({ id: RISKY, scopes: expect.arrayContaining(['https://mail.google.com/']) });
    expect(events[0]!.time).toBe(Date.parse('2026-05-12T17:31:09Z'));
  });

  it('keeps hostile text as text', () => {
    const doc = page('index.html');
    const rec = workspaceAudit.read(doc).rows[2]!.record as {
      events: { parameters: { name: string; value?: string }[] }[];
    };
    expect(rec.events[0]!.parameters.find((p) => p.name === 'app_name')?.value).toBe(
      'Slack <img src=x onerror=alert(1)>',
    );
    expect(doc.querySelector('img')).toBeNull();
  });

  it('keeps ids across a virtualized re-render', () => {
    const doc = page('index.html');
    const before = workspaceAudit.read(doc).rows;
    const group = doc.querySelectorAll('[role="rowgroup"]')[1]!;
    const [r0, r1] = Array.from(group.children);
    r0!.remove();
    group.append(r1!.cloneNode(true));
    r1!.remove();
    const after = workspaceAudit.read(doc).rows;
    expect(after.map((r) => r.id).sort()).toEqual(
      before
        .slice(1)
        .map((r) => r.id)
        .sort(),
    );
    expect(workspaceAudit.rowElement?.(doc, before[2]!.id)?.getAttribute('aria-rowindex')).toBe('4');
    expect(workspaceAudit.anchor?.(doc)?.getAttribute('aria-rowindex')).toBe('1');
  });
});

describe('workspace-audit read() on the login audit replica', () => {
  it('maps the labels to login event names and the verdict columns to parameters', () => {
    const events = parse(workspaceAudit.read(page('login.html')).rows);
    expect(events.map((e) => [e.action.name, e.source.ip, e.outcome.success])).toEqual([
      ['suspicious_login', '159.65.10.20', true],
      ['login_failure', '159.65.10.20', false],
      ['login_success', '73.15.20.10', true],
    ]);
    expect(events[0]!.risk).toMatchObject({ level: 'medium', vendor: 'workspace' });
    expect(events[0]!.details).toMatchObject({ loginType: 'Google password', isSuspicious: true });
    for (const e of events) expect(e.class).toBe('authentication');
  });
});

describe('workspace-audit on other shapes', () => {
  function grid(title: string, cols: string[], rows: string[][]): Document {
    const doc = document.implementation.createHTMLDocument(title);
    const g = doc.createElement('div');
    g.setAttribute('role', 'grid');
    const head = doc.createElement('div');
    head.setAttribute('role', 'row');
    for (const c of cols) {
      const h = doc.createElement('div');
      h.setAttribute('role', 'columnheader');
      h.textContent = c;
      head.append(h);
    }
    g.append(head);
    for (const r of rows) {
      const row = doc.createElement('div');
      row.setAttribute('role', 'row');
      for (const v of r) {
        const c = doc.createElement('div');
        c.setAttribute('role', 'gridcell');
        c.textContent = v;
        row.append(c);
      }
      g.append(row);
    }
    doc.body.append(g);
    return doc;
  }

  it('reads the admin audit: delegation grants become AUTHORIZE_API_CLIENT_ACCESS with API_* parameters', () => {
    const doc = grid(
      'Admin log events',
      ['Date', 'Event', 'Actor', 'Client ID', 'Scope', 'IP address'],
      [
        [
          '2026-05-12T18:00:00Z',
          'Authorize API client access',
          'admin@acme.example',
          '1123581321',
          'https://mail.google.com/,https://www.googleapis.com/auth/drive',
          '159.65.10.20',
        ],
      ],
    );
    const rows = workspaceAudit.read(doc).rows;
    const events = parse(rows);
    expect(events[0]).toMatchObject({
      action: { name: 'AUTHORIZE_API_CLIENT_ACCESS', service: 'admin' },
      class: 'authorization_grant',
      app: { id: '1123581321', scopes: ['https://mail.google.com/', 'https://www.googleapis.com/auth/drive'] },
    });
  });

  it('passes an unreadable date as it is: the event is kept with an unknown time', () => {
    const doc = grid('Login log events', ['Date', 'Event', 'Actor'], [['hier', 'Successful login', 'a@b.example']]);
    const events = parse(workspaceAudit.read(doc).rows);
    expect(events[0]!.timeKnown).toBe(false);
  });

  it('says so when the DOM is not recognised, and never throws', () => {
    const fr = grid('Journaux', ['Horodatage', 'Événement'], [['x', 'y']]);
    expect(workspaceAudit.read(fr)).toMatchObject({
      recognized: false,
      rows: [],
      note: expect.stringMatching(/English/),
    });
    const unknownApp = grid('Reports', ['Date', 'Event'], [['x', 'y']]);
    expect(workspaceAudit.read(unknownApp)).toMatchObject({
      recognized: false,
      note: expect.stringMatching(/which log/),
    });
    expect(() =>
      workspaceAudit.read({
        querySelectorAll: () => {
          throw new Error('boom');
        },
      } as unknown as ParentNode),
    ).not.toThrow();
  });
});

describe('workspace-audit replica build', () => {
  it('writes index.html', async () => {
    const out = mkdtempSync(join(tmpdir(), 'workspace-audit-'));
    await buildReplica(out);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  });
});
