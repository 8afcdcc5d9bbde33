// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSidebarFrame, READY_MESSAGE, SIDEBAR_HOST_ATTR, type SidebarFrameDeps } from './sidebar-frame';

const ORIGIN = 'chrome-extension://abcdefghijklmnop';
const SRC = 'chrome-extension://8c57c566-b1b3-48f4-a9f1-b01e031268cf/sidebar.html';
const T1 = '1'.repeat(64);
const T2 = '2'.repeat(64);

afterEach(() => {
  document.documentElement.querySelectorAll(`[${SIDEBAR_HOST_ATTR}]`).forEach((e) => e.remove());
  vi.restoreAllMocks();
});

/** A sidebar frame whose background hands out `tokens` in turn; the closed shadow roots it attached, as the content script holds them. */
function setup(tokens: (string | undefined)[] = [T1, T2]) {
  const roots: ShadowRoot[] = [];
  const attach = HTMLElement.prototype.attachShadow;
  vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(function (
    this: HTMLElement,
    init: ShadowRootInit,
  ) {
    const r = attach.call(this, init);
    roots.push(r);
    return r;
  });
  // jsdom gives an iframe in a shadow tree no window: each gets a stand-in that records postMessage.
  const windows = new WeakMap<HTMLIFrameElement, Window>();
  vi.spyOn(HTMLIFrameElement.prototype, 'contentWindow', 'get').mockImplementation(function (this: HTMLIFrameElement) {
    if (!windows.has(this)) windows.set(this, { postMessage: () => undefined } as unknown as Window);
    return windows.get(this)!;
  });
  const released: string[] = [];
  let asked = 0;
  const deps: SidebarFrameDeps = {
    doc: document,
    src: SRC,
    extensionOrigin: ORIGIN,
    requestToken: () => Promise.resolve(tokens[asked++]),
    releaseToken: (t) => void released.push(t),
  };
  const frame = createSidebarFrame(deps);
  const iframeOf = (i = roots.length - 1) => roots[i]!.querySelector('iframe')!;
  const host = () => document.querySelector<HTMLElement>(`[${SIDEBAR_HOST_ATTR}]`);
  return { frame, roots, released, iframeOf, host, asked: () => asked };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

/** A message event on the top window as the browser delivers it: `source` is the sender's window (jsdom's constructor refuses a stand-in). */
function messageFrom(source: unknown, data: unknown): void {
  const e = new Event('message');
  Object.defineProperty(e, 'source', { value: source });
  Object.defineProperty(e, 'data', { value: data });
  window.dispatchEvent(e);
}

describe('the sidebar frame', () => {
  it('mounts the iframe in a closed shadow root the page cannot open or query', async () => {
    const s = setup();
    s.frame.open();
    await settle();
    expect(s.frame.isOpen).toBe(true);
    const host = s.host()!;
    expect(host.parentElement).toBe(document.documentElement);
    expect(host.shadowRoot).toBeNull(); // what a page script sees
    expect(document.querySelectorAll('iframe')).toHaveLength(0);
    expect(s.roots[0]!.mode).toBe('closed');
    const iframe = s.iframeOf();
    expect(iframe.src).toBe(SRC); // no token in the URL
    expect(iframe.src).not.toContain(T1);
    expect(iframe.title).toBe('Token Triage');
    expect(iframe.allow).toBe('clipboard-write');
  });

  it('sets the look inline with !important, so no page stylesheet can hide or restyle the host', async () => {
    const s = setup();
    s.frame.open();
    await settle();
    const st = s.host()!.style;
    for (const [prop, value] of [
      ['position', 'fixed'],
      ['right', '0px'],
      ['width', '420px'],
      ['height', '100vh'],
      ['z-index', '2147483647'],
      ['display', 'block'],
      ['opacity', '1'],
      ['visibility', 'visible'],
    ] as const) {
      expect(st.getPropertyValue(prop).replace(/^0$/, '0px')).toBe(value);
      expect(st.getPropertyPriority(prop)).toBe('important');
    }
  });

  it('puts the host back when a page script rewrites its style or hides it', async () => {
    const s = setup();
    s.frame.open();
    await settle();
    const host = s.host()!;
    const before = host.getAttribute('style');
    host.style.setProperty('opacity', '0', 'important');
    host.setAttribute('hidden', '');
    host.setAttribute('inert', '');
    await settle(); // MutationObserver callbacks run as microtasks
    expect(host.getAttribute('style')).toBe(before);
    expect(host.hasAttribute('hidden')).toBe(false);
    expect(host.hasAttribute('inert')).toBe(false);
  });

  it("posts the mount token to the iframe's window once, on its first load, for the extension's origin only", async () => {
    const s = setup();
    s.frame.open();
    await settle();
    const iframe = s.iframeOf();
    const post = vi.spyOn(iframe.contentWindow!, 'postMessage');
    iframe.dispatchEvent(new Event('load'));
    expect(post).toHaveBeenCalledTimes(1);
    expect(post).toHaveBeenCalledWith({ type: 'token-triage-mount', token: T1 }, ORIGIN);
  });

  it('hands the token over as soon as its own iframe says it listens, before load, and not again at load', async () => {
    const s = setup();
    s.frame.open();
    await settle();
    const iframe = s.iframeOf();
    const post = vi.spyOn(iframe.contentWindow!, 'postMessage');
    const focus = vi.spyOn(iframe, 'focus');
    messageFrom(iframe.contentWindow, { type: READY_MESSAGE });
    expect(post).toHaveBeenCalledTimes(1);
    expect(post).toHaveBeenCalledWith({ type: 'token-triage-mount', token: T1 }, ORIGIN);
    messageFrom(iframe.contentWindow, { type: READY_MESSAGE }); // asked twice: still one token
    iframe.dispatchEvent(new Event('load'));
    expect(post).toHaveBeenCalledTimes(1);
    expect(focus).toHaveBeenCalledTimes(1); // the load still gives the sidebar the focus
  });

  it('ignores the ready message from any other window (the page, another frame), and from a closed mount', async () => {
    const s = setup();
    s.frame.open();
    await settle();
    const iframe = s.iframeOf();
    const post = vi.spyOn(iframe.contentWindow!, 'postMessage');
    messageFrom(window, { type: READY_MESSAGE }); // a page script posting to itself
    messageFrom(null, { type: READY_MESSAGE });
    messageFrom({ postMessage: () => undefined }, { type: READY_MESSAGE }); // another frame
    messageFrom(iframe.contentWindow, { type: 'something-else' });
    expect(post).not.toHaveBeenCalled();
    iframe.dispatchEvent(new Event('load')); // the fallback still hands it over
    expect(post).toHaveBeenCalledWith({ type: 'token-triage-mount', token: T1 }, ORIGIN);
    s.frame.close();
    post.mockClear();
    messageFrom(iframe.contentWindow, { type: READY_MESSAGE });
    expect(post).not.toHaveBeenCalled();
  });

  it('mounts again with a new token when the frame loads a second document, and releases the old token', async () => {
    const s = setup();
    s.frame.open();
    await settle();
    const first = s.iframeOf();
    first.dispatchEvent(new Event('load'));
    first.dispatchEvent(new Event('load')); // the document was replaced
    await settle();
    expect(s.released).toEqual([T1]);
    expect(s.roots).toHaveLength(2);
    expect(first.isConnected).toBe(false);
    const second = s.iframeOf();
    expect(second.isConnected).toBe(true);
    const post = vi.spyOn(second.contentWindow!, 'postMessage');
    second.dispatchEvent(new Event('load'));
    expect(post).toHaveBeenCalledWith({ type: 'token-triage-mount', token: T2 }, ORIGIN);
    expect(document.querySelectorAll(`[${SIDEBAR_HOST_ATTR}]`)).toHaveLength(1);
  });

  it('removes the host and releases the token on close', async () => {
    const s = setup();
    s.frame.open();
    await settle();
    s.frame.close();
    expect(s.frame.isOpen).toBe(false);
    expect(s.host()).toBeNull();
    expect(s.released).toEqual([T1]);
  });

  it('releases a token that arrives after the sidebar was closed again, and mounts nothing', async () => {
    const s = setup();
    s.frame.open();
    s.frame.close(); // before the background answered
    await settle();
    expect(s.host()).toBeNull();
    expect(s.released).toEqual([T1]);
  });

  it('still opens (and the sidebar says why it cannot act) when the background gives no token', async () => {
    const s = setup([undefined]);
    s.frame.open();
    await settle();
    const iframe = s.iframeOf();
    const post = vi.spyOn(iframe.contentWindow!, 'postMessage');
    iframe.dispatchEvent(new Event('load'));
    expect(post).not.toHaveBeenCalled();
    s.frame.close();
    expect(s.released).toEqual([]);
  });

  it('toggles: opens, closes, never closes for open-only, and reopens in one click after the page removed the host', async () => {
    const s = setup([T1, T2, '3'.repeat(64)]);
    s.frame.toggle();
    expect(s.frame.isOpen).toBe(true); // while the token is on the way
    await settle();
    expect(s.host()).not.toBeNull();
    s.frame.toggle(true);
    expect(s.frame.isOpen).toBe(true);
    s.frame.toggle();
    expect(s.host()).toBeNull();
    expect(s.released).toEqual([T1]);
    s.frame.toggle();
    await settle();
    s.host()!.remove(); // a page script
    expect(s.frame.isOpen).toBe(false);
    s.frame.toggle();
    await settle();
    expect(s.host()).not.toBeNull();
    expect(s.released).toEqual([T1, T2]);
    expect(s.asked()).toBe(3);
  });
});
