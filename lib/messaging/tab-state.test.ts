import { readFileSync } from 'node:fs';
import { tabViewOf } from './protocol';
import { pack } from './packed-json';
import { describe, expect, it } from 'vitest';
import {
  addSelection,
  analyseTab,
  applyPageRows,
  badgeFor,
  emptyTab,
  isFragmentOnlyChange,
  withoutEvents,
} from './tab-state';
import { importChunks } from '../analysis/import-file';
import { selectionRecords } from './selection';
import type { PageRows } from './protocol';
import { analyseRecords, rowRef } from '../analysis/analyse';

const demo = readFileSync(new URL('../../demo/cloudtrail-stolen-keys.ndjson', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const rowsOf = (recs: Record<string, unknown>[]) => recs.map((r) => ({ id: `row-${String(r.eventID)}`, record: r }));
const msg = (over: Partial<PageRows>): PageRows => ({
  type: 'page-rows',
  url: 'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home#/events',
  readerId: 'aws-cloudtrail-events',
  recognized: true,
  reset: false,
  rows: [],
  ...over,
});

describe('tab state', () => {
  it('merges rows by id per frame and maps findings back to the rows', () => {
    const tab = emptyTab();
    const all = rowsOf(demo);
    expect(applyPageRows(tab, 0, msg({ reset: true, rows: all.slice(0, 120) }))).toEqual({
      changed: true,
      resync: false,
    });
    // overlapping batch (virtualized re-render) + new rows: merged, not duplicated
    applyPageRows(tab, 0, msg({ rows: all.slice(100) }));
    expect(tab.frames.get(0)!.rows.size).toBe(all.length);
    const { view, marks, findings } = analyseTab(tab);
    expect(view.analysis.verdict).toBe('escalate');
    expect(findings).toBeGreaterThan(0);
    expect(view.pages).toEqual([expect.objectContaining({ frameId: 0, rows: all.length, recognized: true })]);
    const frameMarks = marks.get(0)!;
    expect(frameMarks.length).toBeGreaterThan(0);
    const ids = new Set(all.map((r) => r.id));
    for (const m of frameMarks) {
      expect(ids.has(m.rowId)).toBe(true);
      expect(m.titles.length).toBeGreaterThan(0);
    }
    const ev = view.analysis.findings[0]!.evidence[0]!;
    expect(ev.frameId).toBe(0);
    expect(ids.has(ev.rowId!)).toBe(true);
  });

  it("the page tab's view (get-state with events: false) is the same view without the events, and says so", () => {
    const tab = emptyTab();
    applyPageRows(tab, 0, msg({ reset: true, rows: rowsOf(demo) }));
    const view = { tabId: 3, ...analyseTab(tab).view, network: 'ready' as const };
    expect(view.analysis.events.length).toBeGreaterThan(0);
    const light = withoutEvents(view);
    expect(light.eventsWithheld).toBe(true);
    expect(light.analysis.events).toEqual([]);
    const { events: _e, ...rest } = view.analysis;
    expect({ ...light.analysis, events: undefined }).toEqual({ ...rest, events: undefined });
    expect({ ...light, analysis: undefined, eventsWithheld: undefined }).toEqual({ ...view, analysis: undefined });
    expect(view.analysis.events.length).toBeGreaterThan(0); // the full view is left as it was
    expect(JSON.stringify(light).length).toBeLessThan(JSON.stringify(view).length / 2);
  });

  it('reads the view from a packed get-state answer as from a plain one', () => {
    const tab = emptyTab();
    applyPageRows(tab, 0, msg({ reset: true, rows: rowsOf(demo) }));
    const view = { tabId: 3, ...analyseTab(tab).view, network: 'ready' as const };
    const overJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
    expect(tabViewOf(overJson({ packed: pack(view) }))).toEqual(overJson(view));
    expect(tabViewOf(overJson(view))).toEqual(overJson(view));
    expect(JSON.stringify({ packed: pack(view) }).length).toBeLessThan(JSON.stringify(view).length * 0.7);
    for (const none of [undefined, null, { packed: pack(null) }, { ok: false, error: 'refused' }])
      expect(tabViewOf(none)).toBeUndefined();
  });

  it('asks for a resync when a delta arrives for a frame it does not know', () => {
    const tab = emptyTab();
    expect(applyPageRows(tab, 3, msg({ rows: rowsOf(demo.slice(0, 2)) })).resync).toBe(true);
    expect(applyPageRows(tab, 3, msg({ rows: [] })).changed).toBe(false);
  });

  it('reset replaces a frame; frames are kept apart', () => {
    const tab = emptyTab();
    applyPageRows(tab, 0, msg({ reset: true, rows: rowsOf(demo.slice(0, 5)) }));
    applyPageRows(tab, 7, msg({ reset: true, rows: rowsOf(demo.slice(5, 8)) }));
    applyPageRows(tab, 0, msg({ reset: true, readerId: null, recognized: false, rows: [] }));
    expect(tab.frames.get(0)!.rows.size).toBe(0);
    expect(tab.frames.get(7)!.rows.size).toBe(3);
    const { marks, view } = analyseTab(tab);
    expect([...marks.keys()].sort()).toEqual([0, 7]);
    expect(view.analysis.stats.records).toBe(3);
  });

  it('not-recognised pages are reported for the sidebar', () => {
    const tab = emptyTab();
    applyPageRows(tab, 0, msg({ reset: true, recognized: false, note: 'no table found' }));
    expect(analyseTab(tab).view.pages[0]).toMatchObject({ recognized: false, note: 'no table found', rows: 0 });
  });

  it('badge text per verdict', () => {
    expect(badgeFor('escalate', 3, true).text).toBe('ESC');
    expect(badgeFor('suspicious', 2, true).text).toBe('2');
    expect(badgeFor('benign', 0, true).text).toBe('OK');
    expect(badgeFor('benign', 0, false).text).toBe('');
  });
});

describe('tab analysis cost (issue 3 budgets)', () => {
  it('parses each row once: a new row parses one record, a changed row is parsed again', () => {
    const tab = emptyTab();
    const all = rowsOf(demo);
    applyPageRows(tab, 0, msg({ reset: true, rows: all.slice(0, -1) }));
    analyseTab(tab);
    expect(tab.parseCache.parses).toBe(all.length - 1);
    applyPageRows(tab, 0, msg({ rows: all.slice(-1) }));
    analyseTab(tab);
    expect(tab.parseCache.parses).toBe(all.length);
    const changed = { ...all[0]!, record: { ...all[0]!.record, sourceIPAddress: '203.0.113.9' } };
    applyPageRows(tab, 0, msg({ rows: [changed] }));
    analyseTab(tab);
    expect(tab.parseCache.parses).toBe(all.length + 1);
  });

  it('gives the same analysis as parsing every record afresh, rejections and stats included', () => {
    const tab = emptyTab();
    const rows = [...rowsOf(demo.slice(0, 60)), { id: 'junk', record: { hello: 'world' } }, ...rowsOf(demo.slice(60))];
    applyPageRows(tab, 0, msg({ reset: true, rows: rows.slice(0, 30) }));
    analyseTab(tab); // warm the cache with part of the rows
    applyPageRows(tab, 0, msg({ rows: rows.slice(30) }));
    const cached = analyseTab(tab).view.analysis;
    const fresh = analyseRecords(rows.map((r) => ({ value: r.record, ref: rowRef(0, r.id) })));
    expect(cached).toEqual(fresh);
    expect(cached.stats.rejected).toBe(1);
  });

  it('does not rerun the engine when no row changed (the same analysis is reused)', () => {
    const tab = emptyTab();
    applyPageRows(tab, 0, msg({ reset: true, rows: rowsOf(demo) }));
    const first = analyseTab(tab).view.analysis;
    expect(analyseTab(tab).view.analysis).toBe(first);
    applyPageRows(tab, 0, msg({ rows: rowsOf(demo.slice(0, 1)).map((r) => ({ ...r, record: { ...r.record } })) }));
    const next = analyseTab(tab).view.analysis;
    expect(next).not.toBe(first); // a row's record changed (a new object): analysed again
    expect(next).toEqual(first);
    applyPageRows(tab, 4, msg({ reset: true, rows: [] }));
    expect(analyseTab(tab).view.analysis).toBe(next); // a frame without rows adds nothing to analyse
  });
});

describe('selection and import', () => {
  it('selected JSON goes through the container reader; junk is rejected with a reason', async () => {
    const sel = await selectionRecords(JSON.stringify(demo.slice(0, 3), null, 2), 'selection');
    expect(sel.records).toHaveLength(3);
    const bad = await selectionRecords('{"not json', 'selection');
    expect(bad.records).toHaveLength(0);
    expect(bad.rejected.length).toBeGreaterThan(0);
    const tab = emptyTab();
    addSelection(tab, sel);
    addSelection(tab, bad);
    const { view } = analyseTab(tab);
    expect(view.selectionRecords).toBe(3);
    expect(view.analysis.stats.rejected).toBeGreaterThan(0);
    expect(view.analysis.rejected[0]!.reason).toBeTruthy();
  });

  it('import reports progress in bytes and the same verdict as the CLI', async () => {
    const bytes = readFileSync(new URL('../../demo/cloudtrail-stolen-keys.ndjson', import.meta.url));
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 4096) yield new Uint8Array(bytes.subarray(i, i + 4096));
    }
    const progress: number[] = [];
    let t = 1_000;
    const clock = (): number => (t += 700); // 700 ms between the start and the end
    const { analysis, container, elapsedMs } = await importChunks(
      chunks(),
      'demo.ndjson',
      bytes.length,
      (read) => progress.push(read),
      16 * 1024,
      undefined,
      clock,
    );
    expect(elapsedMs).toBe(700);
    expect(container).toBe('ndjson');
    expect(analysis.verdict).toBe('escalate');
    expect(analysis.stats.records).toBe(211);
    expect(progress.at(-1)).toBe(bytes.length);
    expect(progress.length).toBeGreaterThan(2);
    expect(analysis.findings[0]!.evidence[0]!.ref).toMatch(/^demo\.ndjson/);
    expect(analysis.findings[0]!.evidence[0]!.rowId).toBeUndefined();
  });
});

describe('isFragmentOnlyChange (tabs.onUpdated: keep the rows of a hash-route change)', () => {
  const list = 'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events';
  it('is true when only the fragment changed', () => {
    expect(isFragmentOnlyChange(list, list.replace('#/events', '#/events/5eed018a-018a-418a-8ac6-00f381614a6a'))).toBe(
      true,
    );
    expect(isFragmentOnlyChange(list, list)).toBe(true);
  });
  it('is false for another path, query or host, an unknown previous URL, or garbage', () => {
    expect(
      isFragmentOnlyChange(list, 'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#Instances:'),
    ).toBe(false);
    expect(isFragmentOnlyChange(list, list.replace('us-east-1#', 'us-west-2#'))).toBe(false);
    expect(isFragmentOnlyChange(list, 'https://example.com/#/events')).toBe(false);
    expect(isFragmentOnlyChange(undefined, list)).toBe(false);
    expect(isFragmentOnlyChange('not a url', list)).toBe(false);
  });
});

describe('partial view', () => {
  it("keeps the frame's partial-view report for the sidebar, and drops it when the view is full", () => {
    const tab = emptyTab();
    const partial = { missing: ['AWS access key', 'Source IP address'], advice: 'Turn them on in Preferences.' };
    applyPageRows(tab, 0, msg({ reset: true, rows: rowsOf(demo.slice(0, 3)), partial }));
    expect(analyseTab(tab).view.pages[0]!.partial).toEqual(partial);
    // The analyst turned the columns on: the same rows, no report; the change alone is news.
    expect(applyPageRows(tab, 0, msg({ rows: [] }))).toEqual({ changed: true, resync: false });
    expect(analyseTab(tab).view.pages[0]!.partial).toBeUndefined();
    expect(applyPageRows(tab, 0, msg({ rows: [] }))).toEqual({ changed: false, resync: false });
  });

  it('accepts the report in the page-rows message, and refuses a malformed one', async () => {
    const { parseToBackground } = await import('./protocol');
    const ok = parseToBackground(msg({ partial: { missing: ['Error code'], advice: 'x' } }));
    expect(ok && ok.type === 'page-rows' ? ok.partial : undefined).toEqual({ missing: ['Error code'], advice: 'x' });
    expect(parseToBackground({ ...msg({}), partial: { missing: 'Error code', advice: 'x' } })).toBeUndefined();
  });
});

describe("console activity (the console's own traffic is dimmed, never mixed with the flagged rows)", () => {
  // A real console session of the sessions corpus would do; these are its shapes: the console's
  // back end and the S3 console calling for the signed-in user, next to the demo's stolen key.
  const consoleRows = [
    {
      eventID: 'c-1',
      eventTime: '2026-11-09T03:00:00Z',
      eventSource: 'iam.amazonaws.com',
      eventName: 'ListAccessKeys',
      awsRegion: 'us-east-1',
      userAgent: 'aws-internal/3 aws-sdk-java/1.12.692 Linux/5.10.213-179.855.amzn2int.x86_64',
      sourceIPAddress: 'AWS Internal',
      userIdentity: {
        type: 'IAMUser',
        arn: 'arn:aws:iam::111122223333:user/admin',
        accountId: '111122223333',
        userName: 'admin',
      },
    },
    {
      eventID: 'c-2',
      eventTime: '2026-11-09T03:00:01Z',
      eventSource: 's3.amazonaws.com',
      eventName: 'GetBucketAcl',
      awsRegion: 'us-east-1',
      userAgent: '[S3Console/0.4, aws-internal/3 aws-sdk-java/1.11.1030 Linux/4.9.230-0.1.ac.224.84.332.metal1.x86_64]',
      sourceIPAddress: '203.0.113.10',
      userIdentity: {
        type: 'IAMUser',
        arn: 'arn:aws:iam::111122223333:user/admin',
        accountId: '111122223333',
        userName: 'admin',
      },
    },
  ];

  it('marks console rows "console" with their explanation, flagged rows as before, and no row twice', () => {
    const tab = emptyTab();
    applyPageRows(tab, 0, msg({ reset: true, rows: [...rowsOf(demo), ...rowsOf(consoleRows)] }));
    const marks = analyseTab(tab).marks.get(0)!;
    const consoleMarks = marks.filter((m) => m.kind === 'console');
    expect(consoleMarks.map((m) => m.rowId).sort()).toEqual(['row-c-1', 'row-c-2']);
    expect(consoleMarks[0]!.titles[0]).toMatch(/^Console activity/);
    const flagged = marks.filter((m) => m.kind === undefined);
    expect(flagged.length).toBeGreaterThan(0);
    expect(new Set(marks.map((m) => m.rowId)).size).toBe(marks.length);
    // The demo's own rows are the AWS CLI and attacker tooling: none of them is console activity.
    expect(consoleMarks.some((m) => demo.some((r) => `row-${String(r.eventID)}` === m.rowId))).toBe(false);
  });
});

describe('bidirectional controls in log text', () => {
  it('reach the sidebar only as visible U+FFFD, in findings and events alike', () => {
    const hostile = demo.map((r) => ({ ...r, userAgent: `python-requests/2.31 \u202Eexe.txt` }));
    const tab = emptyTab();
    applyPageRows(tab, 0, msg({ reset: true, rows: rowsOf(hostile) }));
    const text = JSON.stringify(analyseTab(tab).view.analysis);
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('python-requests/2.31 \uFFFDexe.txt');
  });
});
