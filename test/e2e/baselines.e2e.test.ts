/**
 * Stored baselines in the browser (issue 10), on the real CloudTrail Event history hostname: the
 * replica serves "earlier days" and "today" (`?feed=`, route-served records). Today's stolen-key
 * call (03:00, from a hosting network Alice never used) judged cold is not "first seen"; after
 * the earlier days were read, it is, with the sidebar saying what history it was judged with.
 * A service-worker restart keeps the baseline (it is in IndexedDB); the learning switch and the
 * purge work through the same store. Only an event's detail page names the account (the list
 * does not, and the replica has no console header to take it from), so the visits open each
 * event's detail, as an analyst reading them would. The Okta System Log names no org in its rows:
 * the org is taken from the admin host, so its rows are learned under it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  launch,
  openSidebar,
  stopServiceWorker,
  tabIdOf,
  tabState,
  until,
  URLS,
  type Harness,
  type TabViewLite,
} from './harness';
import { DAY, PEOPLE, record, START, STOLEN_IP, ACCOUNT, type Row } from '../support/month-of-habits';

let h: Harness;
const feeds = new Map<string, unknown[]>();

beforeAll(async () => {
  h = await launch(inject('buildDir'));
  // Registered after the harness's catch-all route, so it runs first for the feed files.
  await h.context.route('**/cloudtrailv2/feed/*.json', (route) => {
    const name = /\/feed\/([^/]+)\.json$/.exec(new URL(route.request().url()).pathname)?.[1] ?? '';
    const body = feeds.get(name);
    return body
      ? route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) })
      : route.abort('blockedbyclient');
  });
});

afterAll(async () => {
  await h?.close();
});

const ALICE = PEOPLE[0];
const ALICE_ARN = `arn:aws:iam::${ACCOUNT}:user/alice`;
// Six working days of Alice's ordinary calls (Tue 1 – Tue 8 September), two a day: 12 events over a week.
const EARLIER: Row[] = [0, 1, 2, 3, 6, 7].flatMap((d) =>
  [0, 1].map((i) => record(ALICE, i, START + d * DAY + (9 + i) * 3_600_000)),
);
// Friday 11 September: her key at 03:00 from a VPS with a scripting client, then her own 09:00 call.
const MISUSE = record(ALICE, 0, START + 10 * DAY + 3 * 3_600_000, { ip: STOLEN_IP, ua: 'python-requests/2.31.0' });
const TODAY: Row[] = [MISUSE, record(ALICE, 1, START + 10 * DAY + 9 * 3_600_000)];
feeds.set(
  'earlier',
  EARLIER.map((r) => r.record),
);
feeds.set(
  'today',
  TODAY.map((r) => r.record),
);

const feedUrl = (feed: string) =>
  `https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1&feed=${feed}#/events`;

interface View extends Omit<TabViewLite, 'analysis'> {
  analysis: Omit<TabViewLite['analysis'], 'findings'> & {
    findings: { indicator: string; title: string; severity: string; detail: string; evidence: { eventId: string }[] }[];
    events: { id: string; account?: string }[];
    known?: { id: string; events: number; text: string }[];
  };
}

/** The tab's view with the fields this test reads (the harness's type names fewer). */
const view = async (tabId: number): Promise<View> => (await tabState(h, tabId)) as unknown as View;

/** Opens each event's detail page in turn and waits until the background has its whole record. */
async function readDetails(page: Page, rows: Row[]): Promise<View> {
  const tabId = await tabIdOf(h, page);
  let state = await view(tabId);
  for (const { record: r } of rows) {
    const id = r.eventID as string;
    await page.evaluate((x) => void (location.hash = `#/events/${x}`), id);
    state = await until(
      () => view(tabId),
      (s) => s.network === 'ready' && s.analysis.events.some((e) => e.id === id && e.account === ACCOUNT),
    );
    expect(state.analysis.events.find((e) => e.id === id)?.account, `detail of ${id} read`).toBe(ACCOUNT);
  }
  return state;
}

/** Asks the background's store, as the options page does. */
async function store(method: string, args: unknown[] = []): Promise<{ ok: boolean; value?: unknown; error?: string }> {
  const probe = await h.probe();
  return probe.evaluate(
    (m) =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(x: unknown): Promise<never> } } }
      ).chrome.runtime.sendMessage({ type: 'store', method: m.method, args: m.args }),
    { method, args },
  );
}
const baselines = async () => ((await store('countStored')).value as { baselines: number }).baselines;
const setLearning = async (on: boolean) => {
  const probe = await h.probe();
  await probe.evaluate(
    (v) =>
      (
        globalThis as unknown as { chrome: { storage: { local: { set(x: object): Promise<void> } } } }
      ).chrome.storage.local.set({ learnBaselines: v }),
    on,
  );
};
const misuseFirstSeen = (s: View) =>
  s.analysis.findings.filter(
    (f) => f.indicator === 'new-source' && f.evidence.some((e) => e.eventId === MISUSE.record.eventID),
  );
const aliceKnown = (s: View) => s.analysis.known?.find((k) => k.id === ALICE_ARN)?.text;

describe('stored baselines across visits', () => {
  it("judged cold, today's stolen-key call is not first seen; nothing is learned while the switch is off", async () => {
    await setLearning(false);
    const page = await h.open(feedUrl('today'));
    try {
      const state = await readDetails(page, [MISUSE]);
      expect(misuseFirstSeen(state)).toEqual([]);
      expect(aliceKnown(state)).toBe('no history yet: judged on this view only');
    } finally {
      await page.close();
    }
    await new Promise((r) => setTimeout(r, 4_000)); // past the learning delay (3 s)
    expect(await baselines()).toBe(0);
    await setLearning(true);
  });

  it('earlier days are learned once read', async () => {
    const page = await h.open(feedUrl('earlier'));
    try {
      await readDetails(page, EARLIER);
    } finally {
      await page.close(); // a closing tab's rows are learned at once
    }
    expect(await until(baselines, (n) => n === 1)).toBe(1);
  });

  it("after a service-worker restart, today's call is first seen against the stored week, and the sidebar says so", async () => {
    await stopServiceWorker(h);
    const page = await h.open(feedUrl('today'));
    try {
      await readDetails(page, [MISUSE]);
      const tabId = await tabIdOf(h, page);
      const state = await until(
        () => view(tabId),
        (s) => misuseFirstSeen(s).length > 0,
      );
      const found = misuseFirstSeen(state);
      expect(found.length).toBeGreaterThan(0);
      expect(found.some((f) => f.severity === 'medium' || f.severity === 'high')).toBe(true);
      expect(state.analysis.verdict).not.toBe('benign');
      expect(aliceKnown(state)).toMatch(/^history: 8 days, 12 events \(since 2026-09-01\)$/);
      // The finding says what it was judged against, in the sidebar's days.
      for (const f of found) expect(f.detail).toMatch(/ First time in 8 days of history for this identity\.$/);
      const sidebar = await openSidebar(h, page);
      await sidebar.locator('section[aria-label="History"] li').first().waitFor({ timeout: 10_000 });
      expect(await sidebar.locator('section[aria-label="History"]').innerText()).toContain(
        `${ALICE_ARN}: history: 8 days, 12 events (since 2026-09-01)`,
      );
    } finally {
      await page.close();
    }
  });

  it('Delete all stored data empties the baselines', async () => {
    const counts = (await store('countStored')).value as { baselines: number };
    expect(counts.baselines).toBe(1);
    expect((await store('purgeAll')).value).toMatchObject({ baselines: 1 });
    expect(await baselines()).toBe(0);
    expect(((await store('exportBackup')).value as { baselines: { tenant: string }[] }).baselines).toEqual([]);
  });

  it("the Okta System Log's rows are learned under the org its admin host names", async () => {
    expect(await baselines()).toBe(0);
    const page = await h.open(URLS.okta);
    try {
      const tabId = await tabIdOf(h, page);
      const state = await until(
        () => view(tabId),
        (s) => s.network === 'ready' && s.analysis.events.length > 0,
      );
      expect(state.analysis.events.every((e) => e.account === 'acme.okta.com')).toBe(true);
      expect(state.analysis.known?.every((k) => k.text === 'no history yet: judged on this view only')).toBe(true);
    } finally {
      await page.close(); // a closing tab's rows are learned at once
    }
    expect(await until(baselines, (n) => n === 1)).toBe(1);
    expect(
      ((await store('exportBackup')).value as { baselines: { tenant: string }[] }).baselines.map((b) => b.tenant),
    ).toEqual(['okta:acme.okta.com']);
  });
});
