/**
 * The sidebar iframe on a console page, mounted where page scripts cannot reach it (issue 8,
 * items 2 and 3). The page's DOM holds only a host element; the iframe lives in the host's
 * CLOSED shadow root, so `document.querySelectorAll('iframe')`, `host.shadowRoot` and
 * `window.frames` do not find it from the page and the page cannot replace its document. The
 * host's look is set through the CSSOM with `!important` on every property (`all: initial`
 * first): an inline !important declaration beats any page stylesheet, !important or not; a page
 * script that rewrites the host's attributes has them put back.
 *
 * Each mount asks the background for a one-time token (./sidebar-grant.ts) and hands it to the
 * iframe with postMessage, targeted at the extension's origin: only a document of the extension
 * receives it, and the token never appears in a URL (iframe URLs leak through resource timing).
 * It is handed over once, as soon as the frame's own script says it listens (READY_MESSAGE, from
 * this iframe's window and no other: `event.source`), or at the frame's first `load` if that
 * message never came (a page listener that stopped it): the sidebar's scripts need not finish
 * loading before its claim starts (issue 11). A second `load` means the frame's document was
 * replaced: the sidebar is mounted again, with a new token. Unmounting tells the background to
 * forget it.
 *
 * Part of every top-frame content script: it imports no schema library (the 60 KB budget).
 */

/** The message type the content script posts to its sidebar iframe (./sidebar-gate.ts reads it). */
export const MOUNT_MESSAGE = 'token-triage-mount';
/** The sidebar iframe → its content script: "I listen, send the token" (carries nothing). */
export const READY_MESSAGE = 'token-triage-sidebar-ready';
/** A token as ./sidebar-grant.ts issues it: 32 random bytes in hex. Checked here without zod (content script budget). */
export const TOKEN_RE = /^[0-9a-f]{64}$/;

export const SIDEBAR_WIDTH = 420;
export const SIDEBAR_HOST_ATTR = 'data-token-triage-sidebar';

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
  open(): void;
  close(): void;
  /** The badge button, toolbar button and command; `openOnly` (the context menu) never closes. */
  toggle(openOnly?: boolean): void;
}

/** The host's look: fixed right, full height, above the page. Every property !important. */
const HOST_STYLE: readonly [string, string][] = [
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

const FRAME_STYLE: readonly [string, string][] = [
  ['width', '100%'],
  ['height', '100%'],
  ['border', '0'],
  ['display', 'block'],
  ['visibility', 'visible'],
  ['opacity', '1'],
];

function applyStyle(el: HTMLElement, style: readonly [string, string][]): void {
  el.removeAttribute('style');
  // `all: initial` first resets every property a page stylesheet could set (transform, filter,
  // clip-path, mix-blend-mode…) at inline-!important level; then the look.
  el.style.setProperty('all', 'initial', 'important');
  for (const [prop, value] of style) el.style.setProperty(prop, value, 'important');
}

interface Mount {
  host: HTMLElement;
  iframe: HTMLIFrameElement;
  observer: MutationObserver;
  token?: string;
  /** Stops listening for the frame's READY_MESSAGE. */
  stopListening(): void;
}

export function createSidebarFrame(deps: SidebarFrameDeps): SidebarFrame {
  const { doc } = deps;
  let mount: Mount | undefined;
  /** Bumped on every open and close: a token that arrives for an older mount is released. */
  let generation = 0;
  /** A token was asked for and the mount waits for it. */
  let pending = false;

  const unmount = (): void => {
    const m = mount;
    mount = undefined;
    if (!m) return;
    m.observer.disconnect();
    m.stopListening();
    m.host.remove();
    if (m.token) deps.releaseToken(m.token);
  };

  const build = (token: string | undefined): void => {
    const host = doc.createElement('div');
    host.setAttribute(SIDEBAR_HOST_ATTR, '');
    applyStyle(host, HOST_STYLE);
    const expectedStyle = host.getAttribute('style');
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
      stopListening: () => undefined,
      ...(token ? { token } : {}),
    };
    /** The token goes once, to this iframe's window, for the extension's origin only. */
    let handed = false;
    const handOver = (): void => {
      if (handed || mount !== m) return;
      handed = true;
      if (token) iframe.contentWindow?.postMessage({ type: MOUNT_MESSAGE, token }, deps.extensionOrigin);
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
    // A page script that hides the host (style, hidden, inert, popover…) has it put back.
    m.observer = new (doc.defaultView?.MutationObserver ?? MutationObserver)(() => {
      for (const a of [...host.attributes])
        if (a.name !== 'style' && a.name !== SIDEBAR_HOST_ATTR) host.removeAttribute(a.name);
      if (!host.hasAttribute(SIDEBAR_HOST_ATTR)) host.setAttribute(SIDEBAR_HOST_ATTR, '');
      if (host.getAttribute('style') !== expectedStyle) applyStyle(host, HOST_STYLE);
    });
    m.observer.observe(host, { attributes: true });
    let loads = 0;
    iframe.addEventListener('load', () => {
      if (mount !== m) return;
      if (++loads === 1) {
        handOver(); // unless the frame asked for it already
        // Keyboard users land in the sidebar they opened (Escape in it closes it again).
        iframe.focus();
        return;
      }
      // The frame's document was replaced after our sidebar loaded: start over with a new token.
      unmount();
      open();
    });
    iframe.src = deps.src;
    root.append(iframe);
    mount = m;
    doc.documentElement.append(host);
  };

  const isOpen = (): boolean => pending || (mount !== undefined && mount.host.isConnected);

  const open = (): void => {
    if (isOpen()) return;
    unmount(); // a host the page removed: its token goes
    const gen = ++generation;
    pending = true;
    void deps.requestToken().then(
      (token) => {
        if (gen === generation) pending = false;
        if (gen !== generation || mount) {
          if (token) deps.releaseToken(token);
          return;
        }
        // Without a token (the background did not answer) the sidebar still opens and says why it cannot act.
        build(token);
      },
      () => {
        if (gen === generation) pending = false;
      },
    );
  };

  const close = (): void => {
    generation++;
    pending = false;
    unmount();
  };

  return {
    get isOpen() {
      return isOpen();
    },
    open,
    close,
    toggle(openOnly) {
      if (!isOpen()) open();
      else if (!openOnly) close();
    },
  };
}
