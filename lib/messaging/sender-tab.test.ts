import { describe, expect, it } from 'vitest';
import { SIDEBAR_REFUSED } from './sidebar-grant';
import { CASES_REFUSED, senderKind, storeAccess, targetTab } from './sender-tab';

const BASE = 'chrome-extension://abcdefghijklmnop/';
const SIDEBAR = `${BASE}sidebar.html`;
const CONSOLE = 'https://acme-admin.okta.com/report/system_log_2';
/** Tab 3, frame 5 claimed a token; nothing else did. */
const bound = (tab: number | undefined, frame: number | undefined) => tab === 3 && frame === 5;
const none = () => false;

describe('senderKind', () => {
  it('tells a content script, a top-level extension page and a framed one apart', () => {
    expect(senderKind({ url: CONSOLE, frameId: 0, tab: { id: 3, url: CONSOLE } }, BASE)).toBe('content');
    expect(senderKind({ url: SIDEBAR, frameId: 0, tab: { id: 3, url: SIDEBAR } }, BASE)).toBe('extension-top');
    expect(senderKind({ url: SIDEBAR, frameId: 0 }, BASE)).toBe('extension-top');
    expect(senderKind({ url: SIDEBAR, frameId: 5, tab: { id: 3, url: CONSOLE } }, BASE)).toBe('extension-framed');
    // frame 0 of a tab whose top document is a console page cannot be an extension page: framed
    expect(senderKind({ url: SIDEBAR, frameId: 0, tab: { id: 3, url: CONSOLE } }, BASE)).toBe('extension-framed');
  });
  it('does not take an extension URL inside a web URL for an extension page', () => {
    expect(senderKind({ url: `https://evil.example/${SIDEBAR}`, frameId: 0 }, BASE)).toBe('content');
  });
});

describe('targetTab', () => {
  it("lets a top-level extension page name any tab, and falls back to the page's own tab", () => {
    expect(targetTab(7, { url: SIDEBAR, frameId: 0, tab: { id: 3, url: SIDEBAR } }, BASE, none)).toEqual({
      ok: true,
      tabId: 7,
    });
    expect(targetTab(undefined, { url: SIDEBAR, frameId: 0, tab: { id: 3, url: SIDEBAR } }, BASE, none)).toEqual({
      ok: true,
      tabId: 3,
    });
  });
  it('keeps a content script (a console page) to its own tab, whatever it names', () => {
    expect(targetTab(7, { url: 'https://github.com/orgs/x/audit-log', tab: { id: 3 } }, BASE, bound)).toEqual({
      ok: true,
      tabId: 3,
    });
    expect(
      targetTab(7, { url: 'https://evil.example/chrome-extension://abcdefghijklmnop/', tab: { id: 3 } }, BASE, bound),
    ).toEqual({ ok: true, tabId: 3 });
  });
  it('answers nothing to a sender with neither', () => {
    expect(targetTab(7, { url: 'https://github.com/' }, BASE, none).ok).toBe(false);
    expect(targetTab(undefined, {}, BASE, none).ok).toBe(false);
  });
  it('refuses a framed sidebar its frame did not claim a token for, with the plain refusal', () => {
    expect(targetTab(undefined, { url: SIDEBAR, frameId: 6, tab: { id: 3, url: CONSOLE } }, BASE, bound)).toEqual({
      ok: false,
      error: SIDEBAR_REFUSED,
    });
    expect(targetTab(3, { url: SIDEBAR, frameId: 5, tab: { id: 4, url: CONSOLE } }, BASE, bound)).toEqual({
      ok: false,
      error: SIDEBAR_REFUSED,
    });
  });
  it('keeps a bound sidebar to its own tab', () => {
    expect(targetTab(undefined, { url: SIDEBAR, frameId: 5, tab: { id: 3, url: CONSOLE } }, BASE, bound)).toEqual({
      ok: true,
      tabId: 3,
    });
    expect(targetTab(3, { url: SIDEBAR, frameId: 5, tab: { id: 3, url: CONSOLE } }, BASE, bound)).toEqual({
      ok: true,
      tabId: 3,
    });
    expect(targetTab(9, { url: SIDEBAR, frameId: 5, tab: { id: 3, url: CONSOLE } }, BASE, bound)).toEqual({
      ok: false,
      error: SIDEBAR_REFUSED,
    });
  });
});

describe('storeAccess', () => {
  it('refuses content scripts and unbound framed sidebars; lets top-level pages and the bound sidebar in', () => {
    expect(storeAccess({ url: CONSOLE, frameId: 0, tab: { id: 3, url: CONSOLE } }, BASE, bound)).toEqual({
      ok: false,
      error: CASES_REFUSED,
    });
    expect(storeAccess({ url: SIDEBAR, frameId: 9, tab: { id: 3, url: CONSOLE } }, BASE, bound)).toEqual({
      ok: false,
      error: SIDEBAR_REFUSED,
    });
    expect(storeAccess({ url: SIDEBAR, frameId: 5, tab: { id: 8, url: CONSOLE } }, BASE, bound)).toEqual({
      ok: false,
      error: SIDEBAR_REFUSED,
    });
    expect(storeAccess({ url: SIDEBAR, frameId: 5, tab: { id: 3, url: CONSOLE } }, BASE, bound)).toEqual({ ok: true });
    expect(
      storeAccess(
        { url: `${BASE}sidebar.html#case=c1`, frameId: 0, tab: { id: 11, url: `${BASE}sidebar.html#case=c1` } },
        BASE,
        none,
      ),
    ).toEqual({ ok: true });
  });
});
