/**
 * Issue 8, item 3, in the real browser: a script on a console page (the page's main world, as
 * `page.evaluate` runs it) tries to switch the extension off, steer it, hide its verdict and read
 * what it found. The Okta System Log replica on its real hostname; the attacker knows the
 * extension id (it is public) and the content script's entrypoint name (it is in the package).
 *
 * Not here: a frame that stops reporting (the toolbar's "stopped reporting" warning). The page can
 * no longer stop the content script, and waiting out 25 s of heartbeats proves a timer, not the
 * rule: lib/messaging/frame-liveness.test.ts covers it with an injected clock.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  addOktaRowCopies,
  flaggedRows,
  launch,
  pageBadge,
  rowTip,
  tabState,
  toolbar,
  until,
  URLS,
  type Harness,
} from './harness';
import { badgeLine, settled, toolbarText } from './consoles';

let h: Harness;

beforeAll(async () => {
  h = await launch(inject('buildDir'));
});

afterAll(async () => {
  await h?.close();
});

const READER = 'okta-system-log';
/** The content script's entrypoint (entrypoints/okta.content.ts): part of WXT's event names. */
const ENTRYPOINT = 'okta';

async function openOkta(): Promise<{
  page: Page;
  tabId: number;
  findings: number;
  verdict: 'benign' | 'suspicious' | 'escalate';
}> {
  const page = await h.open(URLS.okta);
  const { tabId, state } = await settled(h, page, page.mainFrame(), READER);
  return { page, tabId, findings: state.analysis.findings.length, verdict: state.analysis.verdict };
}

const rowsRead = async (tabId: number) =>
  (await tabState(h, tabId)).pages.filter((p) => p.readerId === READER && p.recognized).reduce((n, p) => n + p.rows, 0);

describe('a page script cannot switch the content script off', () => {
  it("WXT's content-script-started event, forged with the extension's id: rows added afterwards are still read and marked, the badges follow", async () => {
    const { page, tabId } = await openOkta();
    try {
      const name = `${h.extensionId}:${ENTRYPOINT}:wxt:content-script-started`;
      await page.evaluate((n) => {
        // Exactly what a newer copy of the content script would send, from the page's world.
        document.dispatchEvent(new CustomEvent(n, { detail: { contentScriptName: 'okta', messageId: 'attacker' } }));
        window.postMessage({ type: n, contentScriptName: 'okta', messageId: 'attacker' }, '*');
      }, name);
      const flaggedBefore = (await flaggedRows(page.mainFrame())).length;
      await addOktaRowCopies(page);
      const snap = async () => ({
        rows: await rowsRead(tabId),
        state: await tabState(h, tabId),
        badge: (await pageBadge(h, page.mainFrame()))?.text,
      });
      const after = await until(
        snap,
        (v) => v.rows === 7 && v.badge === badgeLine(v.state.analysis.verdict, v.state.analysis.findings.length),
      );
      expect(after.rows).toBe(7);
      expect(after.badge).toBe(badgeLine(after.state.analysis.verdict, after.state.analysis.findings.length));
      // The new VPS event is judged and marked like the others.
      const multi = after.state.analysis.findings.find((f) => f.indicator === 'token-multi-source');
      expect(multi?.evidence.map((e) => e.rowId)).toContain('4b1f0c2e-1a2b-11f0-9d3e-5f2a6b7c8d93');
      await expect.poll(async () => (await flaggedRows(page.mainFrame())).length).toBeGreaterThan(flaggedBefore);
      expect((await toolbar(h, tabId)).text).toBe(
        toolbarText(after.state.analysis.verdict, after.state.analysis.findings.length),
      );
    } finally {
      await page.close();
    }
  });

  it('a forged wxt:locationchange does not take the session elsewhere (it reads location itself)', async () => {
    const { page, tabId, findings } = await openOkta();
    try {
      const name = `${h.extensionId}:${ENTRYPOINT}:wxt:locationchange`;
      await page.evaluate((n) => {
        const elsewhere = new URL('https://acme-admin.okta.com/admin/dashboard');
        const ev = Object.assign(new Event(n), { newUrl: elsewhere, oldUrl: new URL(location.href) });
        window.dispatchEvent(ev);
        window.dispatchEvent(new CustomEvent(n, { detail: { newUrl: elsewhere.href } }));
      }, name);
      // A row added afterwards shows the session is still on the log and still reading it.
      await addOktaRowCopies(page);
      const state = await until(
        () => tabState(h, tabId),
        (s) => s.pages.some((p) => p.readerId === READER && p.rows === 7),
      );
      expect(state.pages.map((p) => ({ url: p.url, readerId: p.readerId }))).toEqual([
        { url: URLS.okta, readerId: READER },
      ]);
      expect(state.analysis.findings.length).toBeGreaterThanOrEqual(findings);
      expect((await pageBadge(h, page.mainFrame()))?.text).toBe(
        badgeLine(state.analysis.verdict, state.analysis.findings.length),
      );
    } finally {
      await page.close();
    }
  });
});

describe('a page cannot hide the verdict badge unnoticed', () => {
  it('page CSS and scripts: the badge stays or comes back, and when the page hides it everywhere the toolbar says so', async () => {
    const { page, tabId, verdict, findings } = await openOkta();
    try {
      const host = page.locator('[data-token-triage-badge]');
      const line = badgeLine(verdict, findings);
      // 1. A stylesheet rule, !important.
      await page.addStyleTag({
        content: '[data-token-triage-badge]{display:none!important;visibility:hidden!important;opacity:0!important}',
      });
      await expect.poll(() => host.isVisible()).toBe(true);
      // 2. A script rewrites the host's inline style, then removes the host.
      await page.evaluate(() => {
        const el = document.querySelector<HTMLElement>('[data-token-triage-badge]')!;
        el.style.setProperty('display', 'none', 'important');
        el.hidden = true;
      });
      await expect.poll(() => host.isVisible()).toBe(true);
      await page.evaluate(() => document.querySelector('[data-token-triage-badge]')!.remove());
      await expect.poll(() => host.isVisible()).toBe(true);
      expect((await pageBadge(h, page.mainFrame()))?.text).toBe(line);
      // 3. The badge's place hidden (display:none on its parent): it floats in the window's corner.
      await page.evaluate(() => {
        const parent = document.querySelector('[data-token-triage-badge]')!.parentElement!;
        parent.setAttribute('data-hidden-by-page', '');
        parent.style.setProperty('display', 'none', 'important');
      });
      await expect.poll(() => host.isVisible(), { timeout: 15_000 }).toBe(true);
      expect(await host.evaluate((el) => el.closest('[data-hidden-by-page]'))).toBeNull();
      expect((await toolbar(h, tabId)).text).toBe(toolbarText(verdict, findings));
      // 4. Nothing of the page shown (body display:none): the toolbar says the page hid the badge.
      await page.evaluate(() => document.body.style.setProperty('display', 'none', 'important'));
      const hiddenTitle = `Token Triage: the page hid the verdict badge (${verdict}, ${findings} finding(s))`;
      const hidden = await until(
        () => toolbar(h, tabId),
        (t) => t.text === '?' && t.title === hiddenTitle,
        25_000,
      );
      expect(hidden).toEqual({ text: '?', title: hiddenTitle });
      // The page shows it again: the verdict is back on the toolbar.
      await page.evaluate(() => document.body.style.removeProperty('display'));
      const back = await until(
        () => toolbar(h, tabId),
        (t) => t.text !== '?' && !t.title.includes('hid'),
        25_000,
      );
      expect(back).toEqual({
        text: toolbarText(verdict, findings),
        title: `Token Triage: ${verdict}, ${findings} finding(s)`,
      });
    } finally {
      await page.close();
    }
  });
});

describe('a page cannot read what the extension found', () => {
  it("no finding title in any attribute of any element, no mark attribute; the analyst still sees them in the extension's popover", async () => {
    const { page, tabId } = await openOkta();
    try {
      const state = await tabState(h, tabId);
      const titles = [...new Set(state.analysis.findings.map((f) => f.title))];
      expect(titles.length).toBeGreaterThan(0);
      expect((await flaggedRows(page.mainFrame())).length).toBeGreaterThan(0);
      // What a page script or a telemetry snippet sees: every attribute of every element.
      const scan = () =>
        page.evaluate(() => {
          const attrs: string[] = [];
          for (const el of document.querySelectorAll('*'))
            for (const a of el.attributes) attrs.push(`${a.name}=${a.value}`);
          return {
            attrs,
            titleAttrs: [...document.querySelectorAll('[title]')].map((e) => e.getAttribute('title')!),
            html: document.documentElement.outerHTML,
          };
        });
      const before = await scan();
      for (const t of titles) {
        expect(
          before.attrs.filter((a) => a.includes(t)),
          t,
        ).toEqual([]);
        expect(
          before.titleAttrs.filter((a) => a.includes(t)),
          t,
        ).toEqual([]);
      }
      expect(before.attrs.filter((a) => /^data-token-triage(=|$)/.test(a))).toEqual([]);
      // Hovering a flagged row shows its titles in the extension's closed popover, not in the page.
      const shown = await rowTip(h, page.mainFrame(), 0);
      expect(shown.length).toBeGreaterThan(0);
      for (const t of shown) expect(titles).toContain(t);
      await page.mainFrame().locator('tr.header-row').first().hover({ force: true });
      const during = await scan();
      for (const t of titles) expect(during.html.includes(t), t).toBe(false);
    } finally {
      await page.close();
    }
  });
});
