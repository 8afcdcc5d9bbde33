/**
 * Stored baselines in the background (issue 10), as the analyst lives them: the same tenant's
 * Event history opened on thirty earlier days, each visit learned after it was judged; on day 31
 * the page's rows are judged with that baseline and Alice's key at 03:00 from a hosting network
 * is "first seen" and at an unusual time, where the same rows judged cold are not. Rows sent
 * again are not learned twice; the switch stops learning; learning waits for the page to be quiet.
 */
// First: fake-indexeddb must be a global before Dexie loads (it is in extension pages).
import { fakeIdb } from '../../test/support/store';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IntelProvider } from '../intel/intel-provider';
import { loadOfflineIntel } from '../node/load-intel';
import type { TriageDb } from '../store/db';
import { learnedIdCount } from '../store/baselines';
import { BaselineService } from './baseline-learning';
import { analyseTab, applyPageRows, emptyTab, tabEvents, type TabState } from './tab-state';
import type { PageRows } from './protocol';
import type { AnalysisView } from '../analysis/analyse';
import { tenantsOf } from '../baseline/view-history';
import {
  ALICE,
  DAY,
  day31,
  isMisuse,
  MISUSE_AT,
  STOLEN_IP,
  START,
  TENANT,
  workDay,
  type Row,
} from '../../test/support/month-of-habits';

let intel: IntelProvider;
beforeAll(async () => {
  intel = await loadOfflineIntel();
});

const opened: TriageDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** Timers the test fires by hand. */
function manualTimers() {
  const due = new Map<number, () => void>();
  let next = 0;
  return {
    setTimer: (fn: () => void) => (due.set(++next, fn), next),
    clearTimer: (h: unknown) => void due.delete(h as number),
    pending: () => due.size,
    fire: () => {
      const fns = [...due.values()];
      due.clear();
      for (const f of fns) f();
    },
  };
}

function setup(opts: { enabled?: () => boolean } = {}) {
  const idb = fakeIdb();
  const db = idb.open();
  opened.push(db);
  const timers = manualTimers();
  const service = new BaselineService({
    db: async () => db,
    learningEnabled: async () => opts.enabled?.() ?? true,
    intel: () => intel,
    now: () => START + 40 * DAY,
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
  });
  return { db, service, timers };
}

const pageOf = (rows: Row[], tenant?: string): PageRows => ({
  type: 'page-rows',
  url: 'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home#/events',
  readerId: 'aws-cloudtrail-events',
  recognized: true,
  reset: true,
  rows,
  ...(tenant ? { tenant } : {}),
});

/** One visit as the background runs it: rows in, judged with the stored baselines, learned later. */
async function visit(
  service: BaselineService,
  tabId: number,
  rows: Row[],
  tab: TabState = emptyTab(),
  tenant?: string,
) {
  applyPageRows(tab, 0, pageOf(rows, tenant));
  const tenants = tenantsOf(tabEvents(tab));
  const files = await service.filesFor(tenants);
  const { view } = analyseTab(tab, intel, files, undefined, service.problemsFor(tenants));
  service.learnLater(tabId, () => tabEvents(tab));
  return { tab, view };
}

const misuseFindings = (a: AnalysisView, indicator: string) =>
  a.findings.filter((f) => f.indicator === indicator && f.evidence.some((e) => isMisuse(e.eventId)));

async function learnMonth(service: BaselineService, timers: ReturnType<typeof manualTimers>, from = 0) {
  for (let d = from; d < 30; d++) {
    const rows = workDay(d);
    if (!rows.length) continue;
    await visit(service, 1, rows);
    const reports = await service.flush(1);
    expect(reports).toEqual([{ tenant: TENANT, learned: rows.length, known: 0 }]);
  }
  expect(timers.pending()).toBe(0);
}

describe('stored baselines in the background', () => {
  it('a month of earlier visits sharpens day 31: first-seen network and unusual hour that the cold judgement lacks', async () => {
    const { db, service, timers } = setup();
    const first = await visit(service, 1, workDay(0));
    expect(first.view.analysis.known?.find((k) => k.id === ALICE)?.text).toBe(
      'no history yet: judged on this view only',
    );
    expect(await service.flush(1)).toEqual([{ tenant: TENANT, learned: 30, known: 0 }]);
    await learnMonth(service, timers, 1);

    const stored = await db.baselines.get(TENANT);
    expect(Object.keys(stored!.subjects[`id:${ALICE}`]!.seen.ip!)).toEqual(['81.2.69.142']);

    const { view, tab } = await visit(service, 2, day31());
    const warm = view.analysis;
    const fresh = misuseFindings(warm, 'new-source');
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.some((f) => f.severity === 'medium' || f.severity === 'high')).toBe(true);
    expect(fresh.map((f) => `${f.title} ${f.detail}`).join(' ')).toContain(STOLEN_IP);
    expect(misuseFindings(warm, 'unusual-time').some((f) => f.severity === 'medium')).toBe(true);
    expect(warm.verdict).not.toBe('benign');
    // What the analyst reads per identity: the history behind the verdict, and since when.
    const alice = warm.known?.find((k) => k.id === ALICE);
    expect(alice?.text).toMatch(/^history: (29|30) days, \d+ events \(since 2026-09-01\)$/);
    expect(alice?.events).toBe(22 * 6); // 22 weekdays in the thirty days, six calls each
    // Each finding that rests on history says how much, in the same days as the sidebar.
    const days = /^history: (\d+) days/.exec(alice!.text)![1];
    for (const f of fresh)
      expect(f.detail).toMatch(new RegExp(` First time in ${days} days of history for this identity\\.$`));

    // The same rows judged cold (no stored baseline) do not flag the misuse.
    const cold = analyseTab(Object.assign(emptyTab(), { frames: tab.frames }), intel).view.analysis;
    expect(misuseFindings(cold, 'new-source')).toEqual([]);
    expect(misuseFindings(cold, 'unusual-time')).toEqual([]);
    expect(cold.known).toBeUndefined();
  });

  it('learns each event once: rows sent again (a resync, the same page tomorrow) add nothing, and the verdict holds', async () => {
    const { db, service, timers } = setup();
    await learnMonth(service, timers);
    const today = day31();
    const judged = (await visit(service, 2, today)).view.analysis;
    expect(await service.flush(2)).toEqual([{ tenant: TENANT, learned: today.length, known: 0 }]);
    const times = async () => (await db.baselines.get(TENANT))!.subjects[`id:${ALICE}`]!.times.length;
    const before = await times();
    // A month of Alice plus today's nine, less day 1 (09:00–14:00 UTC): it left the 30-day window.
    expect(before).toBe(22 * 6 - 6 + 6 + 3);
    const ids = await learnedIdCount(db);

    // The service worker restarted: the frame resends every row; the background judges and learns again.
    const again = (await visit(service, 3, today)).view.analysis;
    expect(await service.flush(3)).toEqual([{ tenant: TENANT, learned: 0, known: today.length }]);
    expect(await times()).toBe(before);
    expect(await learnedIdCount(db)).toBe(ids);
    // Judged with what was known before these rows, not with the rows themselves.
    expect(again.verdict).toBe(judged.verdict);
    expect(misuseFindings(again, 'new-source').map((f) => f.severity)).toEqual(
      misuseFindings(judged, 'new-source').map((f) => f.severity),
    );
    expect(again.known?.find((k) => k.id === ALICE)?.events).toBe(22 * 6 - 6); // day 1 has left the window

    // Half old, half new rows: only the new ones count.
    const mixed = [...today.slice(0, 5), ...workDay(31)];
    await visit(service, 4, mixed);
    expect(await service.flush(4)).toEqual([{ tenant: TENANT, learned: workDay(31).length, known: 5 }]);
  });

  it('waits for the page to be quiet: several batches, one learning run', async () => {
    const { db, service, timers } = setup();
    const tab = emptyTab();
    const rows = workDay(0);
    for (let i = 0; i < rows.length; i += 10) {
      applyPageRows(tab, 0, { ...pageOf(rows.slice(i, i + 10)), reset: i === 0 });
      service.learnLater(1, () => tabEvents(tab));
    }
    expect(timers.pending()).toBe(1);
    expect(await db.baselines.count()).toBe(0);
    timers.fire();
    await service.flush(1); // waits for the run the timer started (nothing left to learn)
    expect(await learnedIdCount(db)).toBe(rows.length);
  });

  it('keeps the baseline it wrote for the next verdict, and reads the store again after forget() (restore, purge)', async () => {
    const { db, service } = setup();
    await visit(service, 1, workDay(0));
    await service.flush(1);
    const written = await db.baselines.get(TENANT);
    await db.baselines.clear(); // behind the service's back: what a purge does
    expect(await service.filesFor([TENANT])).toEqual([written]);
    service.forget();
    expect(await service.filesFor([TENANT])).toEqual([]);
  });

  it('the switch off: judged with what is stored, nothing learned', async () => {
    let on = true;
    const { db, service, timers } = setup({ enabled: () => on });
    await learnMonth(service, timers);
    on = false;
    const before = await learnedIdCount(db);
    const { view } = await visit(service, 2, day31());
    expect(misuseFindings(view.analysis, 'new-source').length).toBeGreaterThan(0);
    expect(await service.flush(2)).toEqual([]);
    expect(await learnedIdCount(db)).toBe(before);
  });

  it('keeps tenants apart: another account with the same people has no history', async () => {
    const { db, service, timers } = setup();
    await learnMonth(service, timers);
    const other = workDay(30, '444455556666');
    const { view } = await visit(service, 2, other);
    expect(view.analysis.known?.every((k) => k.text === 'no history yet: judged on this view only')).toBe(true);
    await service.flush(2);
    expect((await db.baselines.toCollection().primaryKeys()).sort()).toEqual(['aws:111122223333', 'aws:444455556666']);
    expect(
      Object.keys((await db.baselines.get('aws:444455556666'))!.subjects).every(
        (s) => s.includes('444455556666') || s.startsWith('tok:'),
      ),
    ).toBe(true);
  });

  it('learns nothing from rows that do not say their account (the Event history list), and says why', async () => {
    const { db, service } = setup();
    const rows = workDay(0).map(({ id, record }) => {
      const {
        recipientAccountId: _r,
        userIdentity,
        ...rest
      } = record as { recipientAccountId: string; userIdentity: Record<string, unknown> };
      return { id, record: { ...rest, userIdentity: { type: 'IAMUser', userName: userIdentity.userName } } };
    });
    const { view } = await visit(service, 1, rows);
    expect(view.analysis.known?.find((k) => k.id === 'alice')?.text).toMatch(
      /does not show the account or tenant.*not learned/,
    );
    expect(await service.flush(1)).toEqual([]);
    expect(await db.baselines.count()).toBe(0);
  });

  it('learns rows that do not say their account under the account the page names (the console header), and judges them with it', async () => {
    const { db, service, timers } = setup();
    await learnMonth(service, timers);
    const listRows = (rows: Row[]) =>
      rows.map(({ id, record }) => {
        const {
          recipientAccountId: _r,
          userIdentity,
          ...rest
        } = record as { recipientAccountId: string; userIdentity: Record<string, unknown> };
        return {
          id,
          record: {
            ...rest,
            userIdentity: { type: 'IAMUser', userName: userIdentity.userName, accessKeyId: userIdentity.accessKeyId },
          },
        };
      });
    // The same list without the header's account: cold, and nothing learned.
    const cold = await visit(service, 2, listRows(workDay(30)));
    expect(cold.view.analysis.known?.find((k) => k.id === 'alice')?.text).toMatch(
      /does not show the account or tenant/,
    );
    expect(await service.flush(2)).toEqual([]);
    // With it: the rows are the account's, learned into its baseline, and what is stored for them is said.
    const { view } = await visit(service, 3, listRows(workDay(30)), emptyTab(), '111122223333');
    expect(view.analysis.events.every((e) => e.account === '111122223333')).toBe(true);
    expect(view.analysis.known?.find((k) => k.id === 'alice')?.text).toBe('no history yet: judged on this view only'); // list rows name alice, not her ARN
    expect(await service.flush(3)).toEqual([{ tenant: TENANT, learned: 30, known: 0 }]);
    expect(Object.keys((await db.baselines.get(TENANT))!.subjects)).toContain('id:alice');
    // …and the next visit of that list is judged with what was learned.
    const again = await visit(service, 4, listRows(workDay(31)), emptyTab(), '111122223333');
    expect(again.view.analysis.known?.find((k) => k.id === 'alice')?.text).toMatch(/^history: 1 day, 6 events/);
  });

  it('keeps learned ids masked like everything at rest, and still learns a masked id once', async () => {
    const { db, service } = setup();
    const pat = 'ghp_Pl4ntGh7Xz2Kq9Wv4Rm1Td8Yb3Nc6Ls5Hj0A';
    const rows = workDay(0)
      .slice(0, 2)
      .map((r, i) => ({ id: r.id, record: { ...r.record, eventID: `${pat}-${i}` } }));
    await visit(service, 1, rows);
    expect(await service.flush(1)).toEqual([{ tenant: TENANT, learned: 2, known: 0 }]);
    expect(JSON.stringify(await db.learned.toArray())).not.toContain(pat.slice(4, 16));
    await visit(service, 2, rows);
    expect(await service.flush(2)).toEqual([{ tenant: TENANT, learned: 0, known: 2 }]);
  });

  it('a damaged stored baseline is reported and never overwritten by learning', async () => {
    const { db, service } = setup();
    const damaged = {
      format: 'token-triage-baseline',
      version: 1,
      tenant: TENANT,
      savedAt: 0,
      retentionDays: 30,
      subjects: { x: { times: ['not a time'], seen: {} } },
    };
    await db.baselines.put(damaged as never);
    const { view } = await visit(service, 1, workDay(0));
    expect(service.problems[0]?.reason).toMatch(/damaged .*subjects\.x\.times\.0/);
    // The sidebar says so where it lists the history, first, with what to do.
    expect(view.analysis.known?.[0]).toMatchObject({ id: TENANT, kind: 'damaged-baseline' });
    expect(view.analysis.known?.[0]?.text).toMatch(
      new RegExp(
        '^the stored baseline for tenant aws:111122223333 could not be read \\(subjects\\.x\\.times\\.0: .*\\); it was set aside: .* ' +
          'Delete all stored data \\(options page\\) or restore a backup to replace it\\.$',
      ),
    );
    expect(view.analysis.known?.[1]?.text).toBe('no history yet: judged on this view only');
    // Another tenant's view does not mention it.
    const other = await visit(service, 3, workDay(0, '444455556666'));
    expect(other.view.analysis.known?.some((k) => k.kind === 'damaged-baseline')).toBe(false);
    const [report] = await service.flush(1);
    expect(report?.refused).toMatch(/left as it is/);
    expect(await db.baselines.get(TENANT)).toEqual(damaged);
    expect(await learnedIdCount(db)).toBe(0);
    // Purged (the background then forgets what it read): no longer said.
    await db.baselines.clear();
    service.forget();
    const after = await visit(service, 4, workDay(0));
    expect(after.view.analysis.known?.some((k) => k.kind === 'damaged-baseline')).toBe(false);
  });

  it('forgets the ids of events that left the retention window', async () => {
    const { db, service, timers } = setup();
    await learnMonth(service, timers);
    await visit(service, 2, workDay(44)); // 14 days later: the first two weeks leave the window
    await service.flush(2);
    const cutoff = START + 44 * DAY + 9 * 3_600_000 - 30 * DAY;
    const oldest = await db.learned.orderBy('[tenant+day]').first();
    expect(oldest!.day).toBe(Math.floor(cutoff / DAY)); // whole days before the window's first day are gone
    expect(oldest!.ids.length).toBeGreaterThan(0);
    const stored = await db.baselines.get(TENANT);
    expect(Math.min(...stored!.subjects[`id:${ALICE}`]!.times)).toBeGreaterThanOrEqual(cutoff);
    expect(MISUSE_AT).toBeGreaterThan(cutoff); // (the fixture's own arithmetic)
  });
});
