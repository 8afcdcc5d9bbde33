/**
 * The extension's behaviour on the consoles' real hostnames beyond one static read: the sidebar
 * (opened from the page badge, also from the Azure iframe's badge), SPA navigation, rows added
 * after load, a 2,000-row page, and console pages that are not log views.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import {
  addOktaRowCopies,
  BLADES,
  clickSidebarButton,
  expandFinding,
  flaggedRows,
  launch,
  openSidebar,
  pageBadge,
  preparedSidebar,
  sidebarGrants,
  tabIdOf,
  tabState,
  toolbar,
  until,
  URLS,
  type Harness,
  type TabViewLite,
} from './harness';
import { FEDERATION_TOKEN_EVENT } from './consoles';

let h: Harness;

beforeAll(async () => {
  h = await launch(inject('buildDir'));
});

afterAll(async () => {
  await h?.close();
});

const badgeLine = (s: TabViewLite) => {
  const n = s.analysis.findings.length;
  return `Token Triage: ${s.analysis.verdict} · ${n} finding${n === 1 ? '' : 's'}`;
};

/** Polls the tab until `ok`; returns the state and the page badge of `frame`. */
async function waitFor(
  page: Page,
  ok: (s: TabViewLite, badge: string | undefined) => boolean,
  frame: Frame = page.mainFrame(),
) {
  const tabId = await tabIdOf(h, page);
  const snap = async () => ({ state: await tabState(h, tabId), badge: (await pageBadge(h, frame))?.text });
  // Verdicts are compared with the network data in (it loads once, as the browser starts).
  const v = await until(snap, (x) => x.state.network === 'ready' && ok(x.state, x.badge));
  return { tabId, ...v };
}

const readRows = (s: TabViewLite, reader: string) =>
  s.pages.filter((p) => p.readerId === reader && p.recognized).reduce((n, p) => n + p.rows, 0);

describe('the sidebar', () => {
  it("opens from the page badge's button and shows the verdict and every finding", async () => {
    const page = await h.open(URLS.okta);
    try {
      const { state } = await waitFor(page, (s, b) => readRows(s, 'okta-system-log') === 5 && b === badgeLine(s));
      expect(await page.locator('[data-token-triage-sidebar]').count()).toBe(0); // closed until asked
      const sidebar = await openSidebar(h, page);
      await sidebar.locator('.findings > li').first().waitFor({ timeout: 10_000 });
      await expect.poll(() => sidebar.locator('.findings > li').count()).toBe(state.analysis.findings.length);
      expect(await sidebar.locator('section.verdict').getAttribute('class')).toContain(
        `verdict-${state.analysis.verdict}`,
      );
      const text = await sidebar.locator('body').innerText();
      for (const f of state.analysis.findings) expect(text).toContain(f.title);
      expect(text).toMatch(/Okta System Log · 5 rows read/);
      // Findings are one line each until expanded; then their evidence rows point back at the page.
      expect(await sidebar.locator('.findings button.evidence-row').count()).toBe(0);
      const first = sidebar.locator('.findings .finding-toggle').first();
      await expandFinding(first);
      expect(await first.getAttribute('aria-expanded')).toBe('true');
      expect(await sidebar.locator('.findings button.evidence-row').count()).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });

  it('is prepared hidden after the first verdict (not visible, not focusable), and the click shows that same frame without a new token', async () => {
    const page = await h.open(URLS.okta);
    try {
      const { tabId } = await waitFor(page, (s, b) => readRows(s, 'okta-system-log') === 5 && b === badgeLine(s));
      const prepared = await preparedSidebar(h, page);
      const hostLook = () =>
        page.evaluate(() => {
          const host = document.querySelector<HTMLElement>(
            '[data-token-triage-sidebar], [data-token-triage-sidebar-ready]',
          )!;
          const cs = getComputedStyle(host);
          const r = host.getBoundingClientRect();
          return {
            shown: host.hasAttribute('data-token-triage-sidebar'),
            visibility: cs.visibility,
            pointerEvents: cs.pointerEvents,
            inert: host.inert,
            placed: Math.round(r.right) === document.documentElement.clientWidth && Math.round(r.width) === 420,
            hit: document.elementFromPoint(document.documentElement.clientWidth - 100, innerHeight / 2) === host,
          };
        });
      expect(await page.locator('[data-token-triage-sidebar]').count()).toBe(0); // "open" counts only a shown one
      expect(await hostLook()).toEqual({
        shown: false,
        visibility: 'hidden',
        pointerEvents: 'none',
        inert: true,
        placed: true, // in place, laid out: showing it paints, lays nothing out
        hit: false, // a click there reaches the page
      });
      // Tab through the whole page: the keyboard never lands in the hidden sidebar.
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press('Tab');
        expect(await prepared.evaluate(() => document.hasFocus())).toBe(false);
        expect(
          await page.evaluate(() => document.activeElement?.hasAttribute('data-token-triage-sidebar-ready') ?? false),
        ).toBe(false);
      }
      const grants = await sidebarGrants(h, tabId);
      expect(grants).toHaveLength(1);
      expect(grants[0]!.frameId).toBeDefined(); // claimed before the click
      await prepared.evaluate(() => ((window as unknown as { __prepared: number }).__prepared = 42));

      const sidebar = await openSidebar(h, page);
      expect(sidebar).toBe(prepared); // the same frame, not a new one
      expect(await sidebar.evaluate(() => (window as unknown as { __prepared?: number }).__prepared)).toBe(42);
      expect(await hostLook()).toEqual({
        shown: true,
        visibility: 'visible',
        pointerEvents: 'auto',
        inert: false,
        placed: true,
        hit: true,
      });
      expect(
        await until(
          () => sidebar.evaluate(() => document.hasFocus()),
          (f) => f,
          5_000,
        ),
        'the click moves the focus into the sidebar',
      ).toBe(true);
      expect(await sidebarGrants(h, tabId)).toEqual(grants); // no new token

      // Closed again: hidden and kept; opened again: still the same document and token.
      await clickSidebarButton(page);
      await expect.poll(() => page.locator('[data-token-triage-sidebar]').count(), { timeout: 10_000 }).toBe(0);
      expect((await hostLook()).visibility).toBe('hidden');
      expect(await openSidebar(h, page)).toBe(prepared);
      expect(await sidebar.evaluate(() => (window as unknown as { __prepared?: number }).__prepared)).toBe(42);
      // Opened again, the keys go to the sidebar (it takes the focus itself: the page's
      // iframe.focus() on a loaded frame left it deaf to keys now and then).
      await until(
        () => sidebar.evaluate(() => document.hasFocus()),
        (f) => f,
        5_000,
      );
      await sidebar.evaluate(() => {
        (window as unknown as { __keys: string[] }).__keys = [];
        document.addEventListener('keydown', (e) => (window as unknown as { __keys: string[] }).__keys.push(e.key));
      });
      await page.keyboard.press('Shift');
      expect(await sidebar.evaluate(() => (window as unknown as { __keys: string[] }).__keys)).toEqual(['Shift']);
      expect(await sidebarGrants(h, tabId)).toEqual(grants);
    } finally {
      await page.close();
    }
  });

  it('opens in the top frame from the badge in the Azure reactblade iframe (through the background)', async () => {
    const page = await h.open(URLS.portal(BLADES.signins, URLS.reactblade('entra-signins')));
    try {
      const frame = await until(
        async () => page.frames().find((f) => f.url().includes('.reactblade.portal.azure.net/')),
        (f) => f !== undefined,
      );
      const { state } = await waitFor(page, (s, b) => readRows(s, 'entra-signins') > 0 && b === badgeLine(s), frame!);
      expect(state.analysis.verdict).toBe('escalate');
      const sidebar = await openSidebar(h, page, frame!);
      expect(sidebar.parentFrame()).toBe(page.mainFrame());
      await expect.poll(() => sidebar.locator('.findings > li').count()).toBe(state.analysis.findings.length);
      expect(await sidebar.locator('body').innerText()).toContain(state.analysis.findings[0]!.title);
    } finally {
      await page.close();
    }
  });
});

describe('single-page navigation', () => {
  it('rescans on every route: list → event detail (merged) → a non-log view (badge gone) → list', async () => {
    const page = await h.open(URLS.aws);
    try {
      const list = await waitFor(page, (s, b) => readRows(s, 'aws-cloudtrail-events') === 211 && b === badgeLine(s));
      // The list escalates (a VPS is a risky location), without what only the detail shows.
      expect(list.state.analysis.verdict).toBe('escalate');
      expect(list.state.analysis.findings.map((f) => f.indicator)).not.toContain('broader-permissions');

      // The event's detail page shows its full JSON: Kali Linux user agent and an Action:* policy.
      // It merges with the list rows by event id, and adds those findings.
      await page.evaluate((id) => void (location.hash = `#/events/${id}`), FEDERATION_TOKEN_EVENT);
      const detail = await waitFor(
        page,
        (s, b) => s.analysis.findings.some((f) => f.indicator === 'broader-permissions') && b === badgeLine(s),
      );
      expect(detail.state.pages[0]!.url).toContain(`#/events/${FEDERATION_TOKEN_EVENT}`);
      expect(readRows(detail.state, 'aws-cloudtrail-events')).toBe(211); // the list's rows are kept
      const ind = detail.state.analysis.findings.map((f) => f.indicator);
      expect(ind).toEqual(expect.arrayContaining(['broader-permissions', 'suspicious-client', 'mass-api-access']));
      expect((await toolbar(h, detail.tabId)).text).toBe('ESC');

      // CloudTrail's dashboard is not a log view: the badge and the marks go, the toolbar clears.
      await page.evaluate(() => void (location.hash = '#/dashboard'));
      const dash = await waitFor(page, (s, b) => s.pages.every((p) => p.readerId === null) && b === undefined);
      expect(dash.state.analysis.findings).toEqual([]);
      expect(await flaggedRows(page.mainFrame())).toEqual([]);
      expect((await toolbar(h, dash.tabId)).text).toBe('');

      // pushState back to the list: read again from scratch.
      await page.evaluate(() => {
        history.pushState(null, '', '/cloudtrailv2/home?region=us-east-1#/events');
        dispatchEvent(new HashChangeEvent('hashchange'));
      });
      const back = await waitFor(page, (s, b) => readRows(s, 'aws-cloudtrail-events') === 211 && b === badgeLine(s));
      expect(back.state.analysis.verdict).toBe('escalate');
      expect(back.state.analysis.findings.map((f) => f.indicator)).not.toContain('broader-permissions');
      expect((await flaggedRows(page.mainFrame())).length).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });
});

describe('rows that appear after load', () => {
  it('reads rows added to the page (a virtualized list scrolling in more) and merges them by id', async () => {
    const page = await h.open(URLS.okta);
    try {
      await waitFor(page, (s, b) => readRows(s, 'okta-system-log') === 5 && b === badgeLine(s));
      const flaggedBefore = (await flaggedRows(page.mainFrame())).length;
      // Two new events: copies of the first (home) and third (VPS, same session) with new uuids.
      await addOktaRowCopies(page);
      const after = await waitFor(page, (s, b) => readRows(s, 'okta-system-log') === 7 && b === badgeLine(s));
      expect(after.state.analysis.verdict).toBe('escalate');
      // The new VPS event joins the hijacked-session finding and is marked like the others.
      const multi = after.state.analysis.findings.find((f) => f.indicator === 'token-multi-source');
      expect(multi?.evidence.map((e) => e.rowId)).toContain('4b1f0c2e-1a2b-11f0-9d3e-5f2a6b7c8d93');
      await expect.poll(async () => (await flaggedRows(page.mainFrame())).length).toBeGreaterThan(flaggedBefore);
    } finally {
      await page.close();
    }
  });
});

describe('a 2,000-row page', () => {
  // How long the page's tasks take is measured by `npm run bench:extension` (long tasks with and
  // without the extension); here: the page keeps answering and scrolling while it is read.
  it('stays responsive while the extension reads it', async () => {
    const url = URLS.aws.replace('?region=us-east-1', '?region=us-east-1&rows=2000');
    const page = await h.context.newPage();
    try {
      await page.goto(url, { waitUntil: 'commit' });
      const tabId = await until(
        () => tabIdOf(h, page).catch(() => -1),
        (id) => id >= 0,
      );
      // The page's own first render of 2,000 Cloudscape rows is one long task of the page's
      // (seconds here, with or without the extension): wait for it, then measure while the
      // extension reads, sends and marks the rows.
      await page.waitForFunction(() => document.querySelectorAll('tbody tr').length >= 2000, undefined, {
        timeout: 45_000,
        polling: 200,
      });
      const answers: number[] = [];
      // Not a time limit on the extension (speed is the benchmark's): only a guard inside the test's own timeout.
      const end = Date.now() + 90_000;
      let state = await tabState(h, tabId);
      let badge = (await pageBadge(h, page.mainFrame()))?.text;
      while (
        Date.now() < end &&
        (answers.length < 5 || readRows(state, 'aws-cloudtrail-events') < 2000 || badge !== badgeLine(state))
      ) {
        answers.push(await page.evaluate(() => document.querySelectorAll('tbody tr').length));
        state = await tabState(h, tabId);
        badge = (await pageBadge(h, page.mainFrame()))?.text;
      }
      expect(readRows(state, 'aws-cloudtrail-events')).toBe(2000);
      // The page answered script between the extension's reads, with its rows all there.
      expect(answers.length).toBeGreaterThanOrEqual(5);
      expect(Math.min(...answers)).toBeGreaterThanOrEqual(2000);
      const done = await waitFor(page, (s, b) => b === badgeLine(s));
      expect(done.state.analysis.verdict).not.toBe('benign');
      // Whichever element the console scrolls in: the table's nearest scrolling ancestor, or the window.
      const scrolled = () =>
        page.evaluate(() => {
          let el: Element | null = document.querySelector('tbody tr');
          while (el && !(el.scrollHeight > el.clientHeight && /auto|scroll/.test(getComputedStyle(el).overflowY)))
            el = el.parentElement;
          return (el ?? document.scrollingElement)?.scrollTop ?? 0;
        });
      const before = await scrolled();
      const box = page.viewportSize();
      await page.mouse.move((box?.width ?? 800) / 2, (box?.height ?? 600) / 2);
      await page.mouse.wheel(0, 4000);
      await expect.poll(scrolled).toBeGreaterThan(before);
    } finally {
      await page.close();
    }
  }, 180_000);
});

describe('console pages that are not log views', () => {
  it.each([
    ['AWS EC2 instances', URLS.awsNotLog],
    ['GCP IAM', URLS.gcpNotLog],
  ])('%s: no badge, no marks, no toolbar badge, nothing sent', async (_name, url) => {
    const page = await h.open(url);
    try {
      const tabId = await tabIdOf(h, page);
      // Give a content script time to have done something, had it wanted to.
      await page.waitForTimeout(1_000);
      expect(await page.locator('[data-token-triage-badge], [data-token-triage-sidebar]').count()).toBe(0);
      expect(await flaggedRows(page.mainFrame())).toEqual([]);
      const state = await tabState(h, tabId);
      expect(state.pages).toEqual([]); // the frame never reported: no reader, no message
      expect(await toolbar(h, tabId)).toEqual({ text: '', title: 'Token Triage' });
    } finally {
      await page.close();
    }
  });

  // Disabling or removing the extension ("leaves the page as it was") cannot be driven headless:
  // chrome://extensions and chrome.management.setEnabled for another extension are not available
  // to an unpacked extension's own pages here. The content script's cleanup on invalidation is
  // covered by the PageSession.stop() unit test (lib/messaging/page-session.test.ts): no skipped
  // placeholder here, a test that cannot run proves nothing.
});
