// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createSidebarFrame,
  READY_MESSAGE,
  SIDEBAR_HOST_ATTR,
  SIDEBAR_READY_ATTR,
  VISIBILITY_MESSAGE,
  type SidebarFrameDeps,
} from './sidebar-frame';

const ORIGIN = 'chrome-extension://abcdefghijklmnop';
const SRC = 'chrome-extension://8c57c566-b1b3-48f4-a9f1-b01e031268cf/sidebar.html';
const T1 = '1'.repeat(64);
const T2 = '2'.repeat(64);

afterEach(() => {
  document.documentElement
    .querySelectorAll(`[${SIDEBAR_HOST_ATTR}], [${SIDEBAR_READY_ATTR}]`)
    .forEach((e) => e.remove());
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
  /** The prepared, hidden host. */
  const ready = () => document.querySelector<HTMLElement>(`[${SIDEBAR_READY_ATTR}]`);
  return { frame, roots, released, iframeOf, host, ready, asked: () => asked };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

type Post = { mock: { calls: unknown[][] } };
const isMount = ([m]: unknown[]) => (m as { type: string }).type === 'token-triage-mount';
/** The mount messages (tokens) among a window's postMessage calls, as [message, target origin]. */
const tokensPosted = (post: Post) => post.mock.calls.filter(isMount).map(([m, origin]) => [m, origin]);
const heard = new WeakMap<MessagePort, boolean[]>();
/**
 * What the frame hears on the port handed over with each token (the one port in the mount's
 * transfer list), in order: each VISIBILITY_MESSAGE's `shown`. The window itself never carries
 * one (a window's postMessage to another process waits for the page's next frame).
 */
async function visibilityHeard(post: Post): Promise<boolean[]> {
  expect(post.mock.calls.filter(([m]) => (m as { type: string }).type === VISIBILITY_MESSAGE)).toEqual([]);
  const ports = post.mock.calls.filter(isMount).map(([, , transfer]) => {
    expect(transfer).toHaveLength(1);
    return (transfer as MessagePort[])[0]!;
  });
  for (const port of ports)
    if (!heard.has(port)) {
      const got: boolean[] = [];
      heard.set(port, got);
      port.onmessage = (e: MessageEvent) => {
        const d = e.data as { type: string; shown: boolean };
        if (d.type === VISIBILITY_MESSAGE) got.push(d.shown);
      };
    }
  await new Promise((r) => setTimeout(r, 20)); // a port delivers in a task of its own
  return ports.flatMap((p) => heard.get(p)!);
}

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
    expect(tokensPosted(post)).toEqual([[{ type: 'token-triage-mount', token: T1 }, ORIGIN]]);
    expect(await visibilityHeard(post)).toEqual([true]); // and, after it, that it is shown
  });

  it('hands the token over as soon as its own iframe says it listens, before load, and not again at load', async () => {
    const s = setup();
    s.frame.open();
    await settle();
    const iframe = s.iframeOf();
    const post = vi.spyOn(iframe.contentWindow!, 'postMessage');
    const focus = vi.spyOn(iframe, 'focus');
    messageFrom(iframe.contentWindow, { type: READY_MESSAGE });
    expect(tokensPosted(post)).toEqual([[{ type: 'token-triage-mount', token: T1 }, ORIGIN]]);
    messageFrom(iframe.contentWindow, { type: READY_MESSAGE }); // asked twice: still one token
    iframe.dispatchEvent(new Event('load'));
    expect(tokensPosted(post)).toHaveLength(1);
    expect(focus).not.toHaveBeenCalled(); // the frame takes the focus itself when told it is shown
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
    expect(tokensPosted(post)).toEqual([[{ type: 'token-triage-mount', token: T1 }, ORIGIN]]);
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
    expect(tokensPosted(post)).toEqual([[{ type: 'token-triage-mount', token: T2 }, ORIGIN]]);
    expect(document.querySelectorAll(`[${SIDEBAR_HOST_ATTR}]`)).toHaveLength(1);
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

  it('toggles: opens, hides, never closes for open-only, and reopens in one click after the page removed the host', async () => {
    const s = setup([T1, T2, '3'.repeat(64)]);
    s.frame.toggle();
    expect(s.frame.isOpen).toBe(true); // while the token is on the way
    await settle();
    expect(s.host()).not.toBeNull();
    s.frame.toggle(true);
    expect(s.frame.isOpen).toBe(true);
    s.frame.toggle();
    expect(s.frame.isOpen).toBe(false);
    expect(s.host()).toBeNull();
    expect(s.ready()).not.toBeNull(); // hidden, kept
    s.frame.toggle();
    expect(s.host()).not.toBeNull();
    expect(s.asked()).toBe(1);
    s.host()!.remove(); // a page script
    expect(s.frame.isOpen).toBe(false);
    s.frame.toggle();
    await settle();
    expect(s.host()).not.toBeNull();
    expect(s.released).toEqual([T1]);
    expect(s.asked()).toBe(2);
  });
});

describe('the prepared sidebar (issue 11: ready before the click)', () => {
  /** A sidebar prepared, loaded and handed its token; the spies on its window and iframe. */
  async function prepared(tokens?: (string | undefined)[]) {
    const s = setup(tokens);
    s.frame.prepare();
    await settle();
    const iframe = s.iframeOf();
    const post = vi.spyOn(iframe.contentWindow!, 'postMessage');
    const focus = vi.spyOn(iframe, 'focus');
    iframe.dispatchEvent(new Event('load'));
    return { ...s, iframe, post, focus };
  }

  it('mounts hidden with its token: not shown, not focused, told it is hidden', async () => {
    const s = await prepared();
    expect(s.frame.isOpen).toBe(false);
    expect(s.frame.isPrepared).toBe(true);
    expect(s.host()).toBeNull(); // "open" means shown: the shown attribute is absent
    const host = s.ready()!;
    expect(host.hasAttribute('inert')).toBe(true);
    expect(s.roots[0]!.mode).toBe('closed');
    expect(tokensPosted(s.post)).toEqual([[{ type: 'token-triage-mount', token: T1 }, ORIGIN]]);
    expect(await visibilityHeard(s.post)).toEqual([false]);
    expect(s.focus).not.toHaveBeenCalled();
  });

  it('is hidden through the inline !important look: invisible in place, no clicks; the iframe inherits it', async () => {
    const s = await prepared();
    const st = s.ready()!.style;
    for (const [prop, value] of [
      ['visibility', 'hidden'],
      ['pointer-events', 'none'],
      ['opacity', '1'],
      ['width', '420px'], // laid out at its size and place: showing it lays nothing out
      ['display', 'block'],
    ] as const) {
      expect(st.getPropertyValue(prop)).toBe(value);
      expect(st.getPropertyPriority(prop)).toBe('important');
    }
    const fs = s.iframe.style;
    expect(fs.getPropertyValue('visibility')).toBe('inherit');
    expect(fs.getPropertyValue('pointer-events')).toBe('inherit');
  });

  it('asks for one token however often it is prepared', async () => {
    const s = setup();
    s.frame.prepare();
    s.frame.prepare();
    await settle();
    s.frame.prepare();
    expect(s.asked()).toBe(1);
    expect(s.roots).toHaveLength(1);
  });

  it('open shows the prepared mount without a new token or a reload, and tells it (it takes the focus itself)', async () => {
    const s = await prepared();
    s.frame.open();
    expect(s.frame.isOpen).toBe(true);
    const host = s.host()!;
    expect(host).toBe(s.roots[0]!.host);
    expect(s.ready()).toBeNull();
    expect(host.hasAttribute('inert')).toBe(false);
    expect(host.style.getPropertyValue('visibility')).toBe('visible');
    expect(host.style.getPropertyValue('pointer-events')).toBe('auto');
    expect(s.asked()).toBe(1);
    expect(s.roots).toHaveLength(1);
    expect(s.iframeOf()).toBe(s.iframe);
    expect(tokensPosted(s.post)).toHaveLength(1);
    expect(await visibilityHeard(s.post)).toEqual([false, true]);
    // Not iframe.focus() from the page: on a loaded frame it left the frame deaf to keys now and then.
    expect(s.focus).not.toHaveBeenCalled();
  });

  it('close hides it and keeps it prepared: the next open is the same frame again', async () => {
    const s = await prepared();
    s.frame.open();
    s.frame.close();
    expect(s.frame.isOpen).toBe(false);
    expect(s.frame.isPrepared).toBe(true);
    expect(s.host()).toBeNull();
    expect(s.ready()).toBe(s.roots[0]!.host);
    expect(s.ready()!.hasAttribute('inert')).toBe(true);
    expect(s.released).toEqual([]);
    s.frame.open();
    expect(s.iframeOf()).toBe(s.iframe);
    expect(s.asked()).toBe(1);
    expect(await visibilityHeard(s.post)).toEqual([false, true, false, true]);
    expect(s.focus).not.toHaveBeenCalled();
  });

  it('a hidden host the page removed is prepared again only with a new token (the old one released)', async () => {
    const s = await prepared();
    s.ready()!.remove();
    expect(s.frame.isPrepared).toBe(false);
    s.frame.prepare();
    await settle();
    expect(s.released).toEqual([T1]);
    expect(s.roots).toHaveLength(2);
    const iframe = s.iframeOf();
    const post = vi.spyOn(iframe.contentWindow!, 'postMessage');
    iframe.dispatchEvent(new Event('load'));
    expect(tokensPosted(post)).toEqual([[{ type: 'token-triage-mount', token: T2 }, ORIGIN]]);
    expect(s.ready()).not.toBeNull();
    expect(s.host()).toBeNull();
  });

  it('a click after the page removed the hidden host mounts a new, shown sidebar with a new token', async () => {
    const s = await prepared();
    s.ready()!.remove();
    s.frame.open();
    expect(s.frame.isOpen).toBe(true);
    await settle();
    expect(s.released).toEqual([T1]);
    expect(s.asked()).toBe(2);
    expect(s.host()).not.toBeNull();
    expect(s.iframeOf()).not.toBe(s.iframe);
  });

  it('a hidden frame whose document was replaced is prepared again, hidden, with a new token', async () => {
    const s = await prepared();
    s.iframe.dispatchEvent(new Event('load')); // the document was replaced
    expect(s.frame.isPrepared).toBe(true);
    await settle();
    expect(s.released).toEqual([T1]);
    expect(s.roots).toHaveLength(2);
    expect(s.iframe.isConnected).toBe(false);
    expect(s.ready()).toBe(s.roots[1]!.host);
    expect(s.host()).toBeNull();
  });

  it('a page that restyles or re-attributes a hidden host cannot make it visible or clickable', async () => {
    const s = await prepared();
    const host = s.ready()!;
    const before = host.getAttribute('style');
    host.style.setProperty('visibility', 'visible', 'important');
    host.style.setProperty('display', 'block', 'important');
    host.style.setProperty('pointer-events', 'auto', 'important');
    host.removeAttribute('inert');
    host.removeAttribute(SIDEBAR_READY_ATTR);
    host.setAttribute(SIDEBAR_HOST_ATTR, '');
    await settle(); // MutationObserver callbacks run as microtasks
    expect(host.getAttribute('style')).toBe(before);
    expect(host.style.getPropertyValue('visibility')).toBe('hidden');
    expect(host.hasAttribute('inert')).toBe(true);
    expect(host.hasAttribute(SIDEBAR_READY_ATTR)).toBe(true);
    expect(host.hasAttribute(SIDEBAR_HOST_ATTR)).toBe(false);
    expect(s.frame.isOpen).toBe(false);
  });

  it('a page that restyles a shown host after a hide and a show has the shown look put back', async () => {
    const s = await prepared();
    s.frame.open();
    s.frame.close();
    s.frame.open();
    await settle();
    const host = s.host()!;
    const before = host.getAttribute('style');
    host.style.setProperty('visibility', 'hidden', 'important');
    host.setAttribute('inert', '');
    host.setAttribute(SIDEBAR_READY_ATTR, '');
    await settle();
    expect(host.getAttribute('style')).toBe(before);
    expect(host.style.getPropertyValue('visibility')).toBe('visible');
    expect(host.hasAttribute('inert')).toBe(false);
    expect(host.hasAttribute(SIDEBAR_READY_ATTR)).toBe(false);
  });

  it('a click while the token for the hidden sidebar is on the way shows it when it comes', async () => {
    const a = setup();
    a.frame.prepare();
    a.frame.open();
    expect(a.frame.isOpen).toBe(true);
    await settle();
    expect(a.host()).not.toBeNull();
    expect(a.asked()).toBe(1);
  });

  it('a close before the token came leaves the sidebar prepared, hidden (the token kept)', async () => {
    const b = setup();
    b.frame.open();
    b.frame.close(); // before the background answered
    expect(b.frame.isOpen).toBe(false);
    await settle();
    expect(b.host()).toBeNull();
    expect(b.ready()).not.toBeNull();
    expect(b.released).toEqual([]);
  });

  it('keeps no hidden sidebar without a token (the next click asks again); a shown one without a token is asked for again on the next open', async () => {
    const s = setup([undefined, undefined, T1]);
    s.frame.prepare();
    await settle();
    expect(s.ready()).toBeNull();
    expect(s.frame.isPrepared).toBe(false);
    s.frame.open();
    await settle();
    expect(s.host()).not.toBeNull(); // shown, says why it cannot act
    s.frame.close();
    s.frame.open();
    await settle();
    expect(s.asked()).toBe(3);
    expect(s.roots).toHaveLength(2);
    expect(s.host()).toBe(s.roots[1]!.host);
  });

  it('dispose removes it for good and releases its token; nothing mounts it again', async () => {
    const s = await prepared();
    s.frame.dispose();
    expect(s.ready()).toBeNull();
    expect(s.released).toEqual([T1]);
    s.frame.prepare();
    s.frame.open();
    await settle();
    expect(s.asked()).toBe(1);
    expect(s.frame.isOpen).toBe(false);
  });

  it('dispose before the token came releases it when it comes, and mounts nothing', async () => {
    const t = setup();
    t.frame.prepare();
    t.frame.dispose(); // before the background answered
    await settle();
    expect(t.ready()).toBeNull();
    expect(t.released).toEqual([T1]);
  });
});
