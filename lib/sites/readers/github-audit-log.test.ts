// @vitest-environment jsdom
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReplica } from '../../../test/replicas/github-audit-log/build';
import { describe, expect, it } from 'vitest';
import { parseOneWith } from '../../../test/support/fixture-records';
import { githubAuditLog } from './github-audit-log';
import { githubAudit } from '../../sources/formats/github-audit';
import { OTHER_CONSOLE_URLS } from '../../../test/replicas/console-urls';

const replica = (): Document =>
  new DOMParser().parseFromString(
    readFileSync(join(import.meta.dirname, '../../../test/replicas/github-audit-log/index.html'), 'utf8'),
    'text/html',
  );

const TOKEN = 'k3Jv9QeXr2m0Tq8yZb1nW4aL7uH5sD6fG0cV2xB8pRo=';

describe('github-audit-log matchesUrl', () => {
  it.each([
    'https://github.com/organizations/acme/settings/audit-log',
    'https://github.com/organizations/acme/settings/audit-log?q=actor%3Aocto-dev',
    'https://github.com/organizations/acme-corp.io/settings/audit-log/',
    'https://github.com/enterprises/acme-corp/settings/audit-log?q=action%3Arepo.create',
  ])('matches %s', (u) => {
    expect(githubAuditLog.matchesUrl(new URL(u))).toBe(true);
  });

  it.each([
    'https://github.com/orgs/x/settings/profile',
    'https://github.com/orgs/acme/audit-log',
    'https://github.com/organizations/acme/settings/profile',
    'https://github.com/organizations/acme/settings/audit-log/export',
    'https://github.com/acme/repo/settings/audit-log',
    'https://gist.github.com/organizations/acme/settings/audit-log',
    'https://github.com.evil.example/organizations/acme/settings/audit-log',
    'https://evilgithub.com/organizations/acme/settings/audit-log',
    ...OTHER_CONSOLE_URLS.filter((u) => !/^https:\/\/github\.com\/(organizations|enterprises)\//.test(u)),
  ])('does not match %s', (u) => {
    expect(githubAuditLog.matchesUrl(new URL(u))).toBe(false);
  });
});

describe('github-audit-log read() on the replica', () => {
  it('reads each entry as a CSV-column record keyed by _document_id', () => {
    const res = githubAuditLog.read(replica());
    expect(res).toMatchObject({ recognized: true });
    expect(res.note).toBeUndefined();
    expect(res.rows.map((r) => r.id)).toEqual(['F', 'E', 'D', 'C', 'B', 'A'].map((c) => `Xq1hK2mYc0Vb9T3nW8eR4${c}`));
    expect(res.rows[3]!.record).toEqual({
      _document_id: 'Xq1hK2mYc0Vb9T3nW8eR4C',
      action: 'repo.download_zip',
      actor: 'octo-dev',
      actor_ip: '159.65.10.20',
      created_at: '2026-05-12T14:03:11.020Z',
      hashed_token: TOKEN,
      org: 'acme',
      programmatic_access_type: 'Fine-grained personal access token',
      repo: 'acme/payments-service',
      token_id: '58120443',
      user_agent: 'python-requests/2.32.3',
    });
  });

  it('emits records the github-audit format parses: one PAT, two networks', () => {
    const rows = githubAuditLog.read(replica()).rows;
    const events = rows.map((r) => parseOneWith(githubAudit, r.record, r.id));
    expect(events.map((e) => e.action.name)).toEqual([
      'org.add_member',
      'repo.download_zip',
      'repo.download_zip',
      'repo.download_zip',
      'git.push',
      'git.clone',
    ]);
    for (const e of events) expect(e.credential).toEqual({ kind: 'pat', id: TOKEN });
    expect(new Set(events.map((e) => e.source.ip))).toEqual(new Set(['73.15.20.10', '159.65.10.20']));
    expect(events[5]!.time).toBe(Date.parse('2026-05-12T13:40:02.118Z'));
    expect(events[0]!.target).toMatchObject({ type: 'user' });
  });

  it('keeps hostile text as text', () => {
    const doc = replica();
    expect(githubAuditLog.read(doc).rows[0]!.record['user']).toBe('gh0st-backup</dd><script>alert(1)</script>');
    expect(doc.querySelector('main script')).toBeNull();
  });

  it('reads rows from the visible cells alone when the details are not rendered', () => {
    const doc = replica();
    for (const d of Array.from(doc.querySelectorAll('details'))) d.remove();
    const rows = githubAuditLog.read(doc).rows;
    expect(rows).toHaveLength(6);
    expect(rows[0]!.id).toMatch(/^github:[0-9a-f]{16}$/);
    expect(rows[5]!.record).toEqual({ action: 'git.clone', actor: 'octo-dev', created_at: '2026-05-12T13:40:02.118Z' });
    const res = githubAudit.parse(rows[5]!.record, { ref: 'x' });
    expect(res.ok && res.events[0]!.time).toBe(Date.parse('2026-05-12T13:40:02.118Z'));
  });

  it('keeps ids across a virtualized re-render', () => {
    const doc = replica();
    const before = githubAuditLog.read(doc).rows;
    const group = doc.querySelectorAll('[role="rowgroup"]')[1]!;
    const rows = Array.from(group.children);
    rows[0]!.remove();
    rows[1]!.remove();
    group.append(rows[1]!.cloneNode(true));
    const after = githubAuditLog.read(doc).rows;
    expect(after.map((r) => r.id).sort()).toEqual(
      before
        .slice(1)
        .map((r) => r.id)
        .sort(),
    );
  });

  it('finds the header anchor and rows by id', () => {
    const doc = replica();
    expect(githubAuditLog.anchor?.(doc)?.getAttribute('aria-rowindex')).toBe('1');
    expect(githubAuditLog.rowElement?.(doc, 'Xq1hK2mYc0Vb9T3nW8eR4C')?.textContent).toContain('acme/payments-service');
    expect(githubAuditLog.rowElement?.(doc, 'missing')).toBeNull();
  });

  it('says so when the DOM is not recognised, and never throws', () => {
    const doc = document.implementation.createHTMLDocument('x');
    const p = doc.createElement('p');
    p.textContent = 'Loading…';
    doc.body.append(p);
    const res = githubAuditLog.read(doc);
    expect(res).toMatchObject({ recognized: false, rows: [] });
    expect(res.note).toMatch(/Event/);
    expect(() =>
      githubAuditLog.read({
        querySelectorAll: () => {
          throw new Error('boom');
        },
      } as unknown as ParentNode),
    ).not.toThrow();
  });
});

describe('github-audit-log replica build', () => {
  it('writes index.html', async () => {
    const out = mkdtempSync(join(tmpdir(), 'github-audit-log-'));
    await buildReplica(out);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  });
});
