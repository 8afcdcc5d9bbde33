import { describe, expect, it } from 'vitest';
import { parseStateChanged, parseToBackground, parseToPage, ToPageSchema } from './protocol';
import { parsePageMessage } from './page-guard';
import { customHostPattern } from './console-hosts';

const rows = {
  type: 'page-rows',
  url: 'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home#/events',
  readerId: 'aws-cloudtrail-events',
  readerTitle: 'AWS CloudTrail Event history',
  recognized: true,
  reset: true,
  rows: [{ id: 'e1', record: { eventID: 'e1', eventName: 'GetCallerIdentity' } }],
};

describe('messages to the background', () => {
  it('accepts each valid message', () => {
    expect(parseToBackground(rows)).toEqual(rows);
    expect(parseToBackground({ type: 'toggle-sidebar' })).toEqual({ type: 'toggle-sidebar' });
    expect(parseToBackground({ type: 'get-state' })).toEqual({ type: 'get-state' });
    expect(parseToBackground({ type: 'get-state', tabId: 4 })).toEqual({ type: 'get-state', tabId: 4 });
    expect(parseToBackground({ type: 'get-state', events: false })).toEqual({ type: 'get-state', events: false });
    expect(parseToBackground({ type: 'get-state', packed: true })).toEqual({ type: 'get-state', packed: true });
    expect(parseToBackground({ type: 'highlight', tabId: 1, frameId: 0, rowId: 'e1' })?.type).toBe('highlight');
    expect(parseToBackground({ ...rows, readerId: null, rows: [] })?.type).toBe('page-rows');
  });

  it('rejects malformed and foreign messages', () => {
    for (const bad of [
      null,
      'page-rows',
      [],
      {},
      { type: 'unknown' },
      { ...rows, rows: [{ id: '', record: {} }] },
      { ...rows, rows: [{ id: 'x', record: [] }] },
      { ...rows, rows: [{ id: 'x' }] },
      { ...rows, reset: 'yes' },
      { ...rows, url: 'x'.repeat(9_000) },
      { ...rows, rows: Array.from({ length: 5_001 }, (_, i) => ({ id: String(i), record: {} })) },
      { type: 'highlight', tabId: '1', frameId: 0, rowId: 'e1' },
      { type: 'get-state', tabId: 'me' },
      { type: 'get-state', events: 'no' },
      { type: 'get-state', packed: 1 },
    ]) {
      expect(parseToBackground(bad)).toBeUndefined();
    }
  });
});

describe('messages to a page', () => {
  const valid = [
    {
      type: 'page-verdict',
      verdict: 'escalate',
      findings: 2,
      marks: [{ rowId: 'e1', titles: ['Token used from a new network'] }],
    },
    { type: 'page-verdict', verdict: 'benign', findings: 0, marks: [] },
    {
      type: 'page-verdict',
      verdict: 'benign',
      findings: 0,
      marks: [{ rowId: 'e2', titles: ['Console activity'], kind: 'console' }],
    },
    { type: 'highlight-row', rowId: 'e1' },
    { type: 'toggle-sidebar' },
    { type: 'toggle-sidebar', open: true },
    { type: 'get-selection' },
    { type: 'resend' },
  ];
  const invalid = [
    undefined,
    { type: 'page-verdict', verdict: 'evil', findings: 0, marks: [] },
    { type: 'page-verdict', verdict: 'benign', findings: '0', marks: [] },
    { type: 'page-verdict', verdict: 'benign', findings: 0, marks: [{ rowId: 'e1', titles: [1] }] },
    { type: 'page-verdict', verdict: 'benign', findings: 0, marks: [{ rowId: '', titles: [] }] },
    { type: 'page-verdict', verdict: 'benign', findings: 0, marks: [{ rowId: 'e', titles: ['x'.repeat(501)] }] },
    { type: 'page-verdict', verdict: 'benign', findings: 0, marks: [{ rowId: 'e', titles: ['x'], kind: 'hidden' }] },
    { type: 'highlight-row' },
    { type: 'toggle-sidebar', open: 'yes' },
    { type: 'page-rows' },
  ];

  it('zod schema and the content-script guard agree', () => {
    for (const m of valid) {
      expect(ToPageSchema.safeParse(m).success).toBe(true);
      expect(parsePageMessage(m)).toEqual(parseToPage(m));
    }
    for (const m of invalid) {
      expect(parseToPage(m)).toBeUndefined();
      expect(parsePageMessage(m)).toBeUndefined();
    }
  });

  it('state-changed for the sidebar', () => {
    expect(parseStateChanged({ type: 'state-changed', tabId: 3 })).toEqual({ type: 'state-changed', tabId: 3 });
    expect(parseStateChanged({ type: 'state-changed' })).toBeUndefined();
  });
});

describe('custom host patterns', () => {
  it('takes one https host', () => {
    expect(customHostPattern('login.acme.com')).toEqual({
      ok: true,
      host: 'login.acme.com',
      pattern: 'https://login.acme.com/*',
    });
    expect(customHostPattern(' https://GitHub.Acme.internal/orgs/x ')).toMatchObject({
      ok: true,
      pattern: 'https://github.acme.internal/*',
    });
  });
  it('refuses wildcards, http and junk', () => {
    for (const bad of ['', '*.acme.com', 'http://acme.com', 'localhost', 'a b.com', 'ftp://x.com']) {
      expect(customHostPattern(bad).ok).toBe(false);
    }
  });
});
