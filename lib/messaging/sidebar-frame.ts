/**
 * The sidebar iframe on a console page, mounted where page scripts cannot reach it (issue 8,
 * items 2 and 3). The page's DOM holds only a host element; the iframe lives in the host's
 * CLOSED shadow root, so `document.querySelectorAll('iframe')`, `host.shadowRoot` and
 * `window.frames` do not find it from the page and the page cannot replace its document. The
 * host's look is set through the CSSOM with `!important` on every property (`all: initial`
 * first): an inline !important declaration beats any page stylesheet, !important or not; a page
 * script that rewrites the host's attributes has them put back.
 *
 * Prepared before the click (issue 11, the 100 ms open): `prepare()` mounts the sidebar hidden,
 * with its token, so it loads, claims and renders while nobody looks; `open()` only shows it (the
 * frame then takes the focus itself); `close()` hides it again and keeps it prepared. Hidden
 * means: `visibility: hidden` in place, `pointer-events: none`, and the host `inert` (which makes
 * the iframe's whole document inert: not focusable, not in the accessibility tree, no clicks).
 * Not off-screen (Chromium throttles the rendering of cross-origin frames outside the viewport),
 * and not `display: none`: measured on the benchmark's 2,000-row page, the first frame of a frame
 * hidden in place ends 5–25 ms after the click (its layout is kept, at its real size), one that
 * was `display: none` runs its first animation frame 70–110 ms after (it is laid out first); the
 * page's own frame that shows the host ends 55–100 ms after the click either way (the page
 * repaints). While hidden it runs no animation frames. The host carries SIDEBAR_HOST_ATTR only
 * while shown and SIDEBAR_READY_ATTR while hidden; the observer that puts the look back puts back
 * the look of the current state, so a page script can neither hide a shown sidebar nor show a
 * hidden one.
 *
 * Each mount asks the background for a one-time token (./sidebar-grant.ts) and hands it to the
 * iframe with postMessage, targeted at the extension's origin: only a document of the extension
 * receives it, and the token never appears in a URL (iframe URLs leak through resource timing).
 * It is handed over once, as soon as the frame's own script says it listens (READY_MESSAGE, from
 * this iframe's window and no other: `event.source`), or at the frame's first `load` if that
 * message never came (a page listener that stopped it): the sidebar's scripts need not finish
 * loading before its claim starts (issue 11). With the token goes one end of a MessageChannel
 * (so only the extension's document holds it); on it, then and on every show and hide, the frame
 * is told whether it is shown (VISIBILITY_MESSAGE), so a hidden one does not refresh on every page
 * change (why a port: Mount.port). A second `load` means the frame's document was replaced, and a
 * host the page removed is gone: either way the sidebar is mounted again, with a new token.
 * Unmounting tells the background to forget it.
 *
 * Part of every top-frame content script: it imports no schema library (the 60 KB budget).
 */

/** The message type the content script posts to its sidebar iframe (./sidebar-gate.ts reads it). */
export const MOUNT_MESSAGE = 'token-triage-mount';
/** The sidebar iframe → its content script: "I listen, send the token" (carries nothing). */
export const READY_MESSAGE = 'token-triage-sidebar-ready';
/** The content script → its sidebar iframe: `{ type, shown: boolean }`, after the token and on every show and hide. */
export const VISIBILITY_MESSAGE = 'token-triage-sidebar-visibility';
/** A token as ./sidebar-grant.ts issues it: 32 random bytes in hex. Checked here without zod (content script budget). */
export const TOKEN_RE = /^[0-9a-f]{64}$/;

export const SIDEBAR_WIDTH = 420;
/** On the host while the sidebar is shown (what "the sidebar is open" means to tests and benchmarks). */
export const SIDEBAR_HOST_ATTR = 'data-token-triage-sidebar';
/** On the host while it is prepared and hidden. */
export const SIDEBAR_READY_ATTR = 'data-token-triage-sidebar-ready';

export interface SidebarFrameDeps {
  doc: Document;
  /** runtime.getURL('/sidebar.html'): in Chrome the per-session dynamic URL (use_dynamic_url). */
  src: string;
  /** The origin of the extension's own documents: the token's postMessage goes there only. */
  extensionOrigin: string;
  /** A fresh token from the background for this tab; undefined when it did not answer. */
  requestToken(): Promise<string | undefined>;
  /** Tells the background the sidebar holding `token` is gone. */
  releaseToken(token: string): void;
}

export interface SidebarFrame {
  /** Shown, or about to be (its token is on the way); false once a page script removed the host. */
  readonly isOpen: boolean;
  /** Mounted (shown or hidden) and still in the page, or its token is on the way. */
  readonly isPrepared: boolean;
  /** Mounts the sidebar hidden, with its token, unless it is mounted already. */
  prepare(): void;
  /** Shows the prepared sidebar (no new token, no reload), which then takes the focus; mounts it first if there is none. */
  open(): void;
  /** Hides it and keeps it prepared. */
  close(): void;
  /** The badge button, toolbar button and command; `openOnly` (the context menu) never closes. */
  toggle(openOnly?: boolean): void;
  /** Removes it for good and releases its token (the content script was invalidated). */
  dispose(): void;
}

type Style = readonly [string, string][];

/** The host's look when shown: fixed right, full height, above the page. Every property !important. */
const SHOWN_STYLE: Style = [
  ['position', 'fixed'],
  ['top', '0'],
  ['right', '0'],
  ['left', 'auto'],
  ['bottom', 'auto'],
  ['width', `${SIDEBAR_WIDTH}px`],
  ['max-width', '100vw'],
  ['height', '100vh'],
  ['margin', '0'],
  ['padding', '0'],
  ['border', '0'],
  ['display', 'block'],
  ['visibility', 'visible'],
  ['opacity', '1'],
  ['z-index', '2147483647'],
  ['box-shadow', '0 0 12px rgba(0,0,0,0.3)'],
  ['background', '#fff'],
  ['pointer-events', 'auto'],
];

/** Hidden: the same box in the same place (laid out at its size), invisible, no clicks (see the header). */
const HIDDEN_STYLE: Style = SHOWN_STYLE.map(([p, v]): [string, string] =>
  p === 'visibility' ? [p, 'hidden'] : p === 'pointer-events' ? [p, 'none'] : p === 'box-shadow' ? [p, 'none'] : [p, v],
);

const FRAME_STYLE: Style = [
  ['width', '100%'],
  ['height', '100%'],
  ['border', '0'],
  ['display', 'block'],
  // The host's: hidden and unclickable with it (`all: initial` would make them visible and auto).
  ['visibility', 'inherit'],
  ['pointer-events', 'inherit'],
  ['opacity', '1'],
];

function applyStyle(el: HTMLElement, style: Style): void {
  el.removeAttribute('style');
  // `all: initial` first resets every property a page stylesheet could set (transform, filter,
  // clip-path, mix-blend-mode…) at inline-!important level; then the look.
  el.style.setProperty('all', 'initial', 'important');
  for (const [prop, value] of style) el.style.setProperty(prop, value, 'important');
}

/** The host's attributes in each state (any other attribute a page script adds is removed). */
const SHOWN_ATTRS = [SIDEBAR_HOST_ATTR];
const HIDDEN_ATTRS = [SIDEBAR_READY_ATTR, 'inert'];

interface Mount {
  host: HTMLElement;
  iframe: HTMLIFrameElement;
  observer: MutationObserver;
  token?: string;
  shown: boolean;
  /** The inline style the look of the state last put on serialises to. */
  expected?: { shown: boolean; style: string | null };
  /**
   * Our end of the channel handed over with the token (set once the token went to the frame):
   * shows and hides go through it. A port's message leaves at once; a window's postMessage to a
   * frame in another process leaves in a task of its own, which Chromium runs after the page's
   * next frame: on the benchmark's 2,000-row page the "shown" reached the frame 55–98 ms after the
   * click that way, and 2–5 ms after on the port.
   */
  port?: MessagePort;
  /** The frame's first document loaded. */
  loaded: boolean;
  /** Stops listening for the frame's READY_MESSAGE. */
  stopListening(): void;
}

export function createSidebarFrame(deps: SidebarFrameDeps): SidebarFrame {
  const { doc } = deps;
  let mount: Mount | undefined;
  /** Bumped on every request and unmount: a token that arrives for an older request is released. */
  let generation = 0;
  /** A token was asked for; the mount waits for it, then is shown or hidden as `shown` says then. */
  let pending: { gen: number; shown: boolean } | undefined;
  let disposed = false;

  /** Puts the current state's attributes and look on the host (also what the observer does). */
  const setLook = (m: Mount): void => {
    const want = m.shown ? SHOWN_ATTRS : HIDDEN_ATTRS;
    for (const a of [...m.host.attributes])
      if (a.name !== 'style' && !want.includes(a.name)) m.host.removeAttribute(a.name);
    for (const a of want) if (!m.host.hasAttribute(a)) m.host.setAttribute(a, '');
    if (m.expected?.shown !== m.shown || m.host.getAttribute('style') !== m.expected.style) {
      applyStyle(m.host, m.shown ? SHOWN_STYLE : HIDDEN_STYLE);
      m.expected = { shown: m.shown, style: m.host.getAttribute('style') };
    }
  };

  /** Tells the frame whether it is shown, on the port it was handed with its token. */
  const tellVisibility = (m: Mount): void => {
    m.port?.postMessage({ type: VISIBILITY_MESSAGE, shown: m.shown });
  };

  const live = (): boolean => mount !== undefined && mount.host.isConnected;

  const unmount = (): void => {
    const m = mount;
    mount = undefined;
    if (!m) return;
    m.observer.disconnect();
    m.stopListening();
    m.port?.close();
    m.host.remove();
    if (m.token) deps.releaseToken(m.token);
  };

  const build = (token: string | undefined, shown: boolean): void => {
    const host = doc.createElement('div');
    const root = host.attachShadow({ mode: 'closed' });
    const iframe = doc.createElement('iframe');
    applyStyle(iframe, FRAME_STYLE);
    iframe.title = 'Token Triage';
    // Copy buttons (commands, queries, exports) use navigator.clipboard inside the iframe.
    iframe.allow = 'clipboard-write';
    const m: Mount = {
      host,
      iframe,
      observer: undefined as unknown as MutationObserver,
      shown,
      loaded: false,
      stopListening: () => undefined,
      ...(token ? { token } : {}),
    };
    setLook(m);
    /** The token goes once, to this iframe's window, for the extension's origin only. */
    const handOver = (): void => {
      if (m.port || mount !== m) return;
      if (!token) return;
      const win = iframe.contentWindow;
      if (!win) return;
      const channel = new MessageChannel();
      m.port = channel.port1;
      win.postMessage({ type: MOUNT_MESSAGE, token }, deps.extensionOrigin, [channel.port2]);
      tellVisibility(m);
    };
    const win = doc.defaultView;
    if (win) {
      const onMessage = (e: MessageEvent): void => {
        // Only our own iframe's document can be the source; the page cannot fake `source`.
        if (e.source === null || e.source !== iframe.contentWindow) return;
        if ((e.data as { type?: unknown } | null)?.type === READY_MESSAGE) handOver();
      };
      win.addEventListener('message', onMessage, true);
      m.stopListening = () => win.removeEventListener('message', onMessage, true);
    }
    // A page script that hides a shown host, or shows a hidden one (style, hidden, inert,
    // popover…), has the current state's look put back.
    m.observer = new (doc.defaultView?.MutationObserver ?? MutationObserver)(() => {
      if (mount === m) setLook(m);
    });
    m.observer.observe(host, { attributes: true });
    iframe.addEventListener('load', () => {
      if (mount !== m) return;
      if (!m.loaded) {
        m.loaded = true;
        handOver(); // unless the frame asked for it already
        return;
      }
      // The frame's document was replaced after our sidebar loaded: start over with a new token.
      const wasShown = m.shown;
      unmount();
      request(wasShown);
    });
    iframe.src = deps.src;
    root.append(iframe);
    mount = m;
    doc.documentElement.append(host);
  };

  const request = (shown: boolean): void => {
    const gen = ++generation;
    pending = { gen, shown };
    void deps.requestToken().then(
      (token) => {
        const p = pending;
        if (p?.gen === gen) pending = undefined;
        if (p?.gen !== gen || disposed || mount) {
          if (token) deps.releaseToken(token);
          return;
        }
        // Without a token (the background did not answer) the sidebar still opens and says why it
        // cannot act; a hidden one is not worth keeping (the next open asks again).
        if (token || p.shown) build(token, p.shown);
      },
      () => {
        if (pending?.gen === gen) pending = undefined;
      },
    );
  };

  const show = (m: Mount, shown: boolean): void => {
    if (m.shown === shown) return;
    m.shown = shown;
    setLook(m);
    // Told it is shown, the frame takes the focus itself (never iframe.focus() from here: see
    // entrypoints/sidebar/main.tsx, it left a loaded frame deaf to keys and text).
    tellVisibility(m);
  };

  const isOpen = (): boolean => (pending ? pending.shown : live() && mount!.shown);

  const prepare = (): void => {
    if (disposed || pending || live()) return;
    unmount(); // a host the page removed: its token goes
    request(false);
  };

  const open = (): void => {
    if (disposed) return;
    if (pending) pending.shown = true;
    // A mount without a token (the background did not answer then) is asked for one again.
    else if (live() && mount!.token) show(mount!, true);
    else {
      unmount();
      request(true);
    }
  };

  const close = (): void => {
    if (pending) pending.shown = false;
    else if (live()) show(mount!, false);
    else unmount();
  };

  return {
    get isOpen() {
      return isOpen();
    },
    get isPrepared() {
      return pending !== undefined || live();
    },
    prepare,
    open,
    close,
    toggle(openOnly) {
      if (!isOpen()) open();
      else if (!openOnly) close();
    },
    dispose() {
      disposed = true;
      generation++;
      pending = undefined;
      unmount();
    },
  };
}
