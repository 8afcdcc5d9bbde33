/**
 * Only the sidebar the extension mounted may act (issue 8, items 2, 3 and 8), proven in the real
 * browser with an attacker's script on a replica console page (*.okta.com: anyone can publish
 * script there). The attacker frames sidebar.html itself (at the static URL, and at the dynamic
 * one, as if it had leaked) and the "analyst" clicks into that frame; the attacker looks for the
 * extension's sidebar iframe, restyles it and tries to replace its document. The store must
 * refuse every call from the attacker's frame and the case in IndexedDB must stay as the real
 * sidebar left it; the real sidebar keeps working.
 *
 * Page scripts run through `page.evaluate` (the page's main world, like the console's own
 * scripts); the analyst's clicks through Playwright's frame API; the case is read back from a
 * top-level extension page (the harness's probe), as the case tab does.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import {
  launch,
  openCaseFrom,
  openSidebar,
  preparedSidebar,
  stopServiceWorker,
  tabIdOf,
  tabState,
  until,
  URLS,
  type Harness,
} from './harness';

const REFUSED = 'This sidebar was not opened by Token Triage on this tab.';

let h: Harness;
let page: Page;
let tabId: number;
let sidebar: Frame;
let caseId: string;

beforeAll(async () => {
  h = await launch(inject('buildDir'));
  page = await h.open(URLS.okta);
  tabId = await tabIdOf(h, page);
  await until(
    () => tabState(h, tabId),
    (s) => s.network === 'ready' && s.pages.some((p) => p.readerId === 'okta-system-log' && p.rows === 5),
  );
});

afterAll(async () => {
  await h?.close();
});

interface CaseLite {
  id: string;
  status: string;
  decision?: { choice: string };
}

/** A runtime message from `target`'s own JavaScript (an extension frame, or the probe page). */
function sendFrom(target: Frame | Page, msg: unknown): Promise<unknown> {
  return target.evaluate(
    (m) =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
      ).chrome.runtime.sendMessage(m),
    msg,
  );
}

/** The case as stored, read from a top-level extension page (the case tab's view of IndexedDB). */
async function storedCase(id: string): Promise<CaseLite | undefined> {
  const r = (await sendFrom(await h.probe(), { type: 'store', method: 'getCase', args: [id] })) as {
    ok: boolean;
    value?: { value?: CaseLite };
  };
  return r.value?.value;
}

/** The extension's own URLs for sidebar.html, asked from an extension page. */
async function sidebarUrls(): Promise<{ static: string; dynamic: string }> {
  const dynamic = await (
    await h.probe()
  ).evaluate(() =>
    (globalThis as unknown as { chrome: { runtime: { getURL(p: string): string } } }).chrome.runtime.getURL(
      'sidebar.html',
    ),
  );
  return { static: `chrome-extension://${h.extensionId}/sidebar.html`, dynamic };
}

interface DomNode {
  nodeType: number;
  nodeName: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: (DomNode & { shadowRootType?: string })[];
}

/** The sidebar host as DevTools sees it (closed shadow roots included): its shadow root's type and the iframe's src. */
async function sidebarMount(): Promise<{ shadow?: string; src?: string } | undefined> {
  const cdp = await h.context.newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const find = (n: DomNode, pred: (n: DomNode) => boolean): DomNode | undefined => {
      if (n.nodeType === 1 && pred(n)) return n;
      for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) {
        const hit = find(c, pred);
        if (hit) return hit;
      }
      return undefined;
    };
    const host = find(root, (n) => (n.attributes ?? []).includes('data-token-triage-sidebar'));
    if (!host) return undefined;
    const attr = (n: DomNode | undefined, name: string) => {
      const a = n?.attributes ?? [];
      const i = a.indexOf(name);
      return i >= 0 && i % 2 === 0 ? a[i + 1] : undefined;
    };
    const shadow = host.shadowRoots?.[0];
    const iframe = find(shadow ?? host, (n) => n.nodeName === 'IFRAME');
    return {
      ...(shadow?.shadowRootType ? { shadow: shadow.shadowRootType } : {}),
      ...(attr(iframe, 'src') ? { src: attr(iframe, 'src') } : {}),
    };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

describe('the sidebar the extension mounted', () => {
  it('is prepared hidden before the click, and a page that restyles or re-attributes it cannot show it or click it', async () => {
    await preparedSidebar(h, page);
    await page.evaluate(() => {
      const host = document.querySelector<HTMLElement>('[data-token-triage-sidebar-ready]')!;
      const style = document.createElement('style');
      style.id = 'attacker-show';
      style.textContent =
        '[data-token-triage-sidebar-ready], html > div { visibility: visible !important; ' +
        'pointer-events: auto !important; display: block !important; opacity: 1 !important; }';
      document.head.append(style);
      host.style.setProperty('visibility', 'visible', 'important');
      host.style.setProperty('pointer-events', 'auto', 'important');
      host.removeAttribute('inert');
      host.removeAttribute('data-token-triage-sidebar-ready');
      host.setAttribute('data-token-triage-sidebar', '');
    });
    const look = () =>
      page.evaluate(() => {
        const host = [...document.documentElement.children].find(
          (e) => e.hasAttribute('data-token-triage-sidebar') || e.hasAttribute('data-token-triage-sidebar-ready'),
        ) as HTMLElement;
        const cs = getComputedStyle(host);
        return {
          ready: host.hasAttribute('data-token-triage-sidebar-ready'),
          shown: host.hasAttribute('data-token-triage-sidebar'),
          inert: host.inert,
          visibility: cs.visibility,
          pointerEvents: cs.pointerEvents,
          hit: document.elementFromPoint(document.documentElement.clientWidth - 100, innerHeight / 2) === host,
        };
      });
    const hidden = { ready: true, shown: false, inert: true, visibility: 'hidden', pointerEvents: 'none', hit: false };
    expect(
      await until(look, (v) => JSON.stringify(v) === JSON.stringify(hidden)),
      'the hidden look is put back',
    ).toEqual(hidden);
    await page.evaluate(() => document.getElementById('attacker-show')?.remove());
  });

  it('opens a case and changes it, mounted at the dynamic URL inside a closed shadow root, and reads no other tab', async () => {
    sidebar = await openSidebar(h, page);
    const open = sidebar.locator('ul.subjects button.open-case').first();
    await open.waitFor({ timeout: 10_000 });
    const subject = (await open.getAttribute('aria-label'))!.replace(/^Open a case for /, '');
    await openCaseFrom(sidebar, open, subject);
    const cases = (await sendFrom(await h.probe(), { type: 'store', method: 'listCases', args: [] })) as {
      value: { items: CaseLite[] };
    };
    expect(cases.value.items).toHaveLength(1);
    caseId = cases.value.items[0]!.id;
    await sidebar.getByLabel('Case status').selectOption('contained');
    const stored = await until(
      () => storedCase(caseId),
      (c) => c?.status === 'contained',
    );
    expect(stored?.status).toBe('contained');

    // Where it lives: the page's DOM holds a host with a closed shadow root; the iframe inside it
    // was loaded from the per-session dynamic URL, and no token is in that URL.
    const urls = await sidebarUrls();
    expect(new URL(urls.dynamic).host).not.toBe(h.extensionId); // use_dynamic_url: getURL gives the dynamic one
    const mount = await sidebarMount();
    expect(mount?.shadow).toBe('closed');
    expect(mount?.src).toBe(urls.dynamic);
    expect(mount?.src).not.toMatch(/[0-9a-f]{32}/);
    // Web-accessible up to the optional-host ceiling (granted custom hosts load it too), dynamic URL only.
    const war = await (
      await h.probe()
    ).evaluate(
      () =>
        (
          globalThis as unknown as { chrome: { runtime: { getManifest(): { web_accessible_resources: unknown } } } }
        ).chrome.runtime.getManifest().web_accessible_resources,
    );
    expect(war).toEqual([{ resources: ['sidebar.html'], matches: ['https://*/*'], use_dynamic_url: true }]);

    // The case tab (sidebar.html top-level, opened from the sidebar) needs no token.
    const [caseTab] = await Promise.all([
      h.context.waitForEvent('page'),
      sidebar.getByRole('button', { name: /Open in a new tab/ }).click(),
    ]);
    try {
      await caseTab.getByLabel('Case status').waitFor({ timeout: 10_000 });
      expect(await caseTab.getByLabel('Case status').inputValue()).toBe('contained');
      expect(await caseTab.getByText(REFUSED).count()).toBe(0);
    } finally {
      await caseTab.close();
    }

    // Item 8: the sidebar reads its own tab, and nothing of another tab.
    expect(((await sendFrom(sidebar, { type: 'get-state' })) as { tabId?: number }).tabId).toBe(tabId);
    const probeTab = await (
      await h.probe()
    ).evaluate(
      async () =>
        (
          await (
            globalThis as unknown as { chrome: { tabs: { getCurrent(): Promise<{ id: number }> } } }
          ).chrome.tabs.getCurrent()
        ).id,
    );
    expect(await sendFrom(sidebar, { type: 'get-state', tabId: probeTab })).toEqual({ ok: false, error: REFUSED });
  });

  it('cannot be found, restyled or replaced by the page', async () => {
    expect(caseId).toBeDefined();
    const seen = await page.evaluate(() => {
      const host = document.querySelector<HTMLElement>('[data-token-triage-sidebar]');
      const found = {
        iframes: document.querySelectorAll('iframe').length,
        frames: window.frames.length,
        host: host !== null,
        shadowRoot: host?.shadowRoot ?? null,
        inside: host?.querySelectorAll('*').length ?? 0,
      };
      // Replace the sidebar's document with the attacker's verdict, by every handle the page has.
      let replaced = 0;
      for (const f of document.querySelectorAll('iframe')) {
        f.srcdoc = '<h1>Verdict: BENIGN</h1>';
        replaced++;
      }
      for (let i = 0; i < window.frames.length; i++) {
        try {
          window.frames[i]!.location.href = 'about:blank#Verdict-BENIGN';
          replaced++;
        } catch {
          // not reachable
        }
      }
      // Hide it with the page's own stylesheet.
      const style = document.createElement('style');
      style.id = 'attacker-style';
      style.textContent =
        '[data-token-triage-sidebar], div, html > * { display: none !important; opacity: 0 !important; ' +
        'visibility: hidden !important; transform: translateX(100%) !important; width: 1px !important; }';
      document.head.append(style);
      const cs = host ? getComputedStyle(host) : undefined;
      return {
        ...found,
        replaced,
        display: cs?.display,
        opacity: cs?.opacity,
        visibility: cs?.visibility,
        transform: cs?.transform,
        width: cs?.width,
      };
    });
    expect(seen).toEqual({
      iframes: 0,
      frames: 0,
      host: true,
      shadowRoot: null,
      inside: 0,
      replaced: 0,
      display: 'block',
      opacity: '1',
      visibility: 'visible',
      transform: 'none',
      width: '420px',
    });

    // A page script that rewrites the host's own style and attributes has them put back.
    await page.evaluate(() => {
      const host = document.querySelector<HTMLElement>('[data-token-triage-sidebar]')!;
      host.style.setProperty('opacity', '0', 'important');
      host.setAttribute('hidden', '');
    });
    const after = await until(
      () =>
        page.evaluate(() => {
          const host = document.querySelector<HTMLElement>('[data-token-triage-sidebar]')!;
          return { opacity: getComputedStyle(host).opacity, hidden: host.hasAttribute('hidden') };
        }),
      (v) => v.opacity === '1' && !v.hidden,
    );
    expect(after).toEqual({ opacity: '1', hidden: false });
    await page.evaluate(() => document.getElementById('attacker-style')?.remove());

    // The real sidebar is still there, with the real verdict.
    expect(sidebar.isDetached()).toBe(false);
    expect(await sidebar.locator('body').innerText()).not.toContain('BENIGN');
    expect(await sidebar.getByLabel('Case status').inputValue()).toBe('contained');
  });
});

describe("a sidebar.html the page framed itself (the attacker's)", () => {
  it('loads nothing at the static URL, and at the dynamic URL acts on nothing: the case stays as the analyst left it', async () => {
    expect(caseId).toBeDefined();
    const urls = await sidebarUrls();
    const before = await storedCase(caseId);
    expect(before?.status).toBe('contained');

    // The attacker frames both, transparent over the page, on the case the analyst just worked on.
    await page.evaluate(
      ({ s, d, id }) => {
        for (const [name, url] of [
          ['static', s],
          ['dynamic', d],
        ] as const) {
          const f = document.createElement('iframe');
          f.id = `attacker-${name}`;
          f.addEventListener('load', () => (f.dataset.loaded = '1'));
          f.src = `${url}?attacker=${name}#case=${encodeURIComponent(id)}`;
          f.setAttribute(
            'style',
            'position:fixed;inset:0;width:100vw;height:100vh;opacity:0.01;z-index:2147483647;border:0',
          );
          document.documentElement.append(f);
        }
      },
      { s: urls.static, d: urls.dynamic, id: caseId },
    );
    const loaded = await until(
      () =>
        page.evaluate(() =>
          ['static', 'dynamic'].every((n) => document.getElementById(`attacker-${n}`)?.dataset.loaded === '1'),
        ),
      (v) => v,
    );
    expect(loaded).toBe(true);

    // The static URL is refused by the browser (use_dynamic_url): no extension document there.
    expect(page.frames().some((f) => f.url().includes('attacker=static'))).toBe(false);

    // The dynamic URL loads our page, which gets no token and says so instead of the sidebar.
    const evil = page.frames().find((f) => f.url().includes('attacker=dynamic'));
    expect(evil).toBeDefined();
    await evil!.getByText(REFUSED).waitFor({ timeout: 10_000 });

    // The analyst, tricked, clicks where the decision and the status would be.
    const dont = evil!.getByRole('radio', { name: 'Do not escalate' });
    if (await dont.count()) await dont.click();
    const status = evil!.getByLabel('Case status');
    if (await status.count()) await status.selectOption('closed');
    await evil!.locator('body').click();
    expect(await dont.count()).toBe(0);
    expect(await status.count()).toBe(0);

    // The attacker's frame calling the background directly: every call refused, plainly.
    const refused = { ok: false, error: REFUSED };
    expect(await sendFrom(evil!, { type: 'store', method: 'setStatus', args: [caseId, 'closed', 'attacker'] })).toEqual(
      refused,
    );
    expect(
      await sendFrom(evil!, {
        type: 'store',
        method: 'setDecision',
        args: [caseId, { choice: 'do-not-escalate', by: 'attacker' }],
      }),
    ).toEqual(refused);
    expect(await sendFrom(evil!, { type: 'store', method: 'listCases', args: [] })).toEqual(refused);
    expect(await sendFrom(evil!, { type: 'get-state' })).toEqual(refused);
    expect(await sendFrom(evil!, { type: 'get-state', tabId })).toEqual(refused);
    expect(await sendFrom(evil!, { type: 'highlight', tabId, frameId: 0, rowId: 'r1' })).toEqual(refused);
    // A guessed token is refused too.
    expect(await sendFrom(evil!, { type: 'sidebar-claim', token: 'ab'.repeat(32) })).toEqual(refused);

    // IndexedDB: the case is as the real sidebar left it.
    const after = await storedCase(caseId);
    expect(after?.status).toBe('contained');
    expect(after?.decision).toBeUndefined();
    // And the real sidebar still works.
    expect(
      ((await sendFrom(sidebar, { type: 'store', method: 'getCase', args: [caseId] })) as { ok: boolean }).ok,
    ).toBe(true);
  });
});

describe('after the service worker restarts', () => {
  it('the real sidebar still acts (its binding is kept in storage.session) and a framed copy still does not', async () => {
    expect(caseId).toBeDefined();
    await stopServiceWorker(h);
    // The next message starts the worker again, with the bindings read back from storage.session.
    expect(
      await sendFrom(sidebar, { type: 'store', method: 'setStatus', args: [caseId, 'escalated', 'analyst'] }),
    ).toMatchObject({ ok: true });
    expect((await storedCase(caseId))?.status).toBe('escalated');
    const evil = page.frames().find((f) => f.url().includes('attacker=dynamic'));
    expect(await sendFrom(evil!, { type: 'store', method: 'setStatus', args: [caseId, 'closed', 'attacker'] })).toEqual(
      { ok: false, error: REFUSED },
    );
    expect((await storedCase(caseId))?.status).toBe('escalated');
  });
});
