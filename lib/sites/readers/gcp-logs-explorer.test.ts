// @vitest-environment jsdom
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReplica } from '../../../test/replicas/gcp-logs-explorer/build';
import { describe, expect, it } from 'vitest';
import { parseOneWith } from '../../../test/support/fixture-records';
import { gcpLogsExplorer, parseLooseJson } from './gcp-logs-explorer';
import { gcpAudit } from '../../sources/formats/gcp-audit';
import { OTHER_CONSOLE_URLS } from '../../../test/replicas/console-urls';

const replica = (): Document =>
  new DOMParser().parseFromString(
    readFileSync(join(import.meta.dirname, '../../../test/replicas/gcp-logs-explorer/index.html'), 'utf8'),
    'text/html',
  );

const KEY =
  '//iam.googleapis.com/projects/acme-prod/serviceAccounts/dev-laptop@acme-prod.iam.gserviceaccount.com/keys/0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c';

describe('gcp-logs-explorer matchesUrl', () => {
  it.each([
    'https://console.cloud.google.com/logs/query',
    'https://console.cloud.google.com/logs/query?project=acme-prod',
    'https://console.cloud.google.com/logs/query;query=protoPayload.methodName%3D%22GenerateAccessToken%22' +
      ';timeRange=PT1H;storageScope=project?project=acme-prod',
    'https://console.cloud.google.com/logs/query;cursorTimestamp=2026-05-12T14:20:05.104392Z?project=acme-prod&authuser=1',
  ])('matches %s', (u) => {
    expect(gcpLogsExplorer.matchesUrl(new URL(u))).toBe(true);
  });

  it.each([
    'https://console.cloud.google.com/logs/analytics?project=acme-prod',
    'https://console.cloud.google.com/logs/queryx',
    'https://console.cloud.google.com/iam-admin/serviceaccounts?project=acme-prod',
    'https://console.cloud.google.com.evil.example/logs/query',
    'https://evilconsole.cloud.google.com/logs/query',
    'https://cloud.google.com/logging/docs/view/logs-explorer-interface',
    'http://console.cloud.google.com/logs/query',
    ...OTHER_CONSOLE_URLS.filter((u) => !u.startsWith('https://console.cloud.google.com/logs/query')),
  ])('does not match %s', (u) => {
    expect(gcpLogsExplorer.matchesUrl(new URL(u))).toBe(false);
  });
});

describe('parseLooseJson', () => {
  it('reads strict JSON and the rendered tree form alike', () => {
    expect(parseLooseJson('{"a": 1, "b": [true, null, "x"], "c": {"d": "e"}}')).toEqual({
      a: 1,
      b: [true, null, 'x'],
      c: { d: 'e' },
    });
    expect(
      parseLooseJson(
        'Expand nested fields\n{\ninsertId\n:\n"abc"\nseverity: NOTICE\nn: 7\nbig: 104857392019283746501\nlist: ' +
          '[\n"a"\n"b"\n]\nua: curl/8.4.0 (x86_64)\nnested: {\n"@type"\n:\n"t"\n}\n}',
      ),
    ).toEqual({
      insertId: 'abc',
      severity: 'NOTICE',
      n: 7,
      big: '104857392019283746501',
      list: ['a', 'b'],
      ua: 'curl/8.4.0 (x86_64)',
      nested: { '@type': 't' },
    });
  });

  it('returns undefined for text that is not an object, and drops prototype keys', () => {
    expect(parseLooseJson('no braces here')).toBeUndefined();
    expect(parseLooseJson('{ "a": "unterminated }')).toBeUndefined();
    expect(parseLooseJson('{ a: { b: ')).toBeUndefined();
    expect(parseLooseJson('['.repeat(5000))).toBeUndefined();
    expect(parseLooseJson('{' + '"a":{'.repeat(200) + '}'.repeat(201))).toBeUndefined();
    const r = parseLooseJson('{"__proto__": {"polluted": 1}, "ok": 1}');
    expect(r).toEqual({ ok: 1 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('gcp-logs-explorer read() on the replica', () => {
  it('reads the expanded entries as LogEntries keyed by insertId, and says the collapsed row was not read', () => {
    const res = gcpLogsExplorer.read(replica());
    expect(res.recognized).toBe(true);
    expect(res.rows.map((r) => r.id)).toEqual(['q1w2e3r4t5y6a', '1k9x2p4e3f5ab', '7hs0d2c1bb4x']);
    expect(res.note).toMatch(/1 collapsed entry .*expand/);
    expect(res.rows[1]!.record).toMatchObject({
      insertId: '1k9x2p4e3f5ab',
      timestamp: '2026-05-12T14:20:05.104392Z',
      resource: { type: 'service_account', labels: { unique_id: '104857392019283746501' } },
      protoPayload: {
        '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
        status: {},
        methodName: 'GenerateAccessToken',
        authenticationInfo: { serviceAccountKeyName: KEY },
        requestMetadata: { callerIp: '159.65.10.20' },
        authorizationInfo: [{ granted: true, permission: 'iam.serviceAccounts.getAccessToken' }],
        metadata: {
          identityDelegationChain: ['projects/-/serviceAccounts/deployer@acme-prod.iam.gserviceaccount.com'],
        },
      },
    });
  });

  it('emits LogEntries the gcp-audit format parses: the SA key from outside, a minted token, a grant', () => {
    const events = gcpLogsExplorer.read(replica()).rows.map((r) => parseOneWith(gcpAudit, r.record, r.id));
    expect(events.map((e) => [e.id, e.action.name, e.source.ip, e.credential?.kind])).toEqual([
      ['q1w2e3r4t5y6a', 'storage.objects.list', '34.70.1.1', 'service_account_key'],
      ['1k9x2p4e3f5ab', 'GenerateAccessToken', '159.65.10.20', 'service_account_key'],
      ['7hs0d2c1bb4x', 'SetIamPolicy', '159.65.10.20', 'oauth_access_token'],
    ]);
    expect(events[1]!.credential?.id).toBe(KEY);
    expect(events[1]!.details).toMatchObject({ impersonated: 'deployer@acme-prod.iam.gserviceaccount.com' });
    expect(events[2]!.details).toMatchObject({
      bindingDeltas: ['ADD roles/iam.serviceAccountTokenCreator user:mallory.ops@gmail.com'],
    });
    expect(events[2]!.actor.issuer).toBe('dev-laptop@acme-prod.iam.gserviceaccount.com');
    expect(events[0]!.time).toBe(Date.parse('2026-05-12T13:10:02.551Z'));
  });

  it('reads an entry shown as plain JSON (pre) the same way', () => {
    const doc = replica();
    const rec = gcpLogsExplorer.read(doc).rows[1]!.record;
    const row = doc.querySelectorAll('[role="row"].log-entry')[1]!;
    const tree = row.querySelector('[role="tree"]')!;
    const pre = doc.createElement('pre');
    pre.textContent = JSON.stringify(rec, null, 2);
    tree.replaceWith(pre);
    expect(gcpLogsExplorer.read(doc).rows[1]!.record).toEqual(rec);
  });

  it('reads JSON rendered right after its row', () => {
    const doc = replica();
    const row = doc.querySelectorAll('[role="row"].log-entry')[2]!;
    const details = row.querySelector('.log-entry-details')!;
    row.after(details);
    expect(gcpLogsExplorer.read(doc).rows.map((r) => r.id)).toEqual(['q1w2e3r4t5y6a', '1k9x2p4e3f5ab', '7hs0d2c1bb4x']);
  });

  it('keeps hostile text as text', () => {
    const doc = replica();
    const rec = gcpLogsExplorer.read(doc).rows[2]!.record as {
      protoPayload: { requestMetadata: { callerSuppliedUserAgent: string } };
    };
    expect(rec.protoPayload.requestMetadata.callerSuppliedUserAgent).toBe(
      'python-requests/2.32.3 <script>alert(1)</script>',
    );
    expect(doc.querySelector('main script')).toBeNull();
  });

  it('keeps ids across a virtualized re-render', () => {
    const doc = replica();
    const grid = doc.querySelector('[role="grid"]')!;
    const rows = Array.from(grid.querySelectorAll('[role="row"].log-entry'));
    rows[0]!.remove();
    grid.append(rows[1]!.cloneNode(true));
    rows[1]!.remove();
    expect(gcpLogsExplorer.read(doc).rows.map((r) => r.id)).toEqual(['7hs0d2c1bb4x', '1k9x2p4e3f5ab']);
    expect(gcpLogsExplorer.rowElement?.(doc, '1k9x2p4e3f5ab')?.getAttribute('aria-rowindex')).toBe('3');
    expect(gcpLogsExplorer.anchor?.(doc)?.classList.contains('results-header')).toBe(true);
  });

  it('says so when the DOM is not recognised, and never throws', () => {
    const doc = document.implementation.createHTMLDocument('x');
    doc.body.append(doc.createElement('div'));
    expect(gcpLogsExplorer.read(doc)).toMatchObject({
      recognized: false,
      rows: [],
      note: expect.stringMatching(/result rows/),
    });
    expect(() =>
      gcpLogsExplorer.read({
        querySelectorAll: () => {
          throw new Error('boom');
        },
      } as unknown as ParentNode),
    ).not.toThrow();
  });
});

describe('gcp-logs-explorer replica build', () => {
  it('writes index.html', async () => {
    const out = mkdtempSync(join(tmpdir(), 'gcp-logs-explorer-'));
    await buildReplica(out);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  });
});

describe('gcp-logs-explorer tenant (issue 10)', () => {
  const root = () => document;
  it('is the project the Explorer is opened on (?project=)', () => {
    expect(
      gcpLogsExplorer.tenant!(new URL('https://console.cloud.google.com/logs/query;query=x?project=acme-prod'), root()),
    ).toBe('acme-prod');
    expect(
      gcpLogsExplorer.tenant!(
        new URL(
          'https://console.cloud.google.com/logs/query;cursorTimestamp=2026-05-12T14:20:05Z?project=example.com:acme-prod&authuser=1',
        ),
        root(),
      ),
    ).toBe('example.com:acme-prod');
  });

  it('is none without a well-formed project (an organization scope, a tampered parameter): rows stay cold', () => {
    expect(
      gcpLogsExplorer.tenant!(
        new URL('https://console.cloud.google.com/logs/query;query=x?organizationId=1234'),
        root(),
      ),
    ).toBeUndefined();
    expect(
      gcpLogsExplorer.tenant!(new URL('https://console.cloud.google.com/logs/query?project=Not%20A%20Project'), root()),
    ).toBeUndefined();
    expect(
      gcpLogsExplorer.tenant!(new URL('https://console.cloud.google.com/logs/query?project=ab'), root()),
    ).toBeUndefined();
  });
});
