/**
 * The content scripts' wiring (shared by every entrypoints/*.content.ts): a PageSession
 * (lib/messaging/page-session.ts, the logic) connected to the background, the page's navigation
 * and the content-script context. Costs nothing on pages no reader matches: no observer, only
 * the navigation listener. `readers` are the content script's own console's readers
 * (lib/sites/consoles/*): never the full registry (lib/sites/index.ts), which would put every
 * reader into every content script.
 *
 * What the page can send us (issue 8) is not trusted: WXT's `content-script-started` event is
 * swallowed while this script is alive (./context-guard.ts, installed before anything else), a
 * `wxt:locationchange` event only makes the session look at `location.href` itself (at worst a
 * forged one makes it read the same page again), and every
 * HEARTBEAT_MS the frame tells the background it is alive and whether the page hides its badge
 * (./frame-liveness.ts), redrawing a badge the page removed first.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { SiteReader } from '../sites/site-reader';
import { PageSession } from './page-session';
import { createPageBadge, type BadgeVisibility } from './page-badge';
import { createRowTip } from './row-tip';
import { handleMessages, sendToBackground } from './channel';
import type { ToPage } from './protocol';
import { parsePageMessage } from './page-guard';
import { guardContentScriptContext } from './context-guard';
import { HEARTBEAT_MS } from './frame-liveness';

export interface PageClientOptions {
  /** Called for `toggle-sidebar` (top frame only). */
  onToggleSidebar?: (open?: boolean) => void;
  /** Called after each verdict the background sent was applied (the badge shows it). */
  onVerdict?: () => void;
}

export function startPageClient(
  ctx: ContentScriptContext,
  readers: readonly SiteReader[],
  opts: PageClientOptions = {},
): PageSession {
  // First: from here on a page script cannot invalidate this content script (see ./context-guard).
  const unguard = guardContentScriptContext(window, {
    // WXT's own name for it (typed private, a public static at run time): follows WXT if it changes.
    // Read from the context's own class: importing WXT's class as a value here would evaluate
    // WXT's build-time globals wherever this module is imported (the registry tests in Node).
    eventName: (ctx.constructor as unknown as { SCRIPT_STARTED_MESSAGE_TYPE: string }).SCRIPT_STARTED_MESSAGE_TYPE,
    isAlive: () => browser.runtime?.id != null,
  });
  const toggle = (): void => {
    // The top frame toggles its own sidebar; other frames ask the background to forward.
    if (opts.onToggleSidebar) opts.onToggleSidebar();
    else void sendToBackground({ type: 'toggle-sidebar' });
  };
  const beat = (seen?: BadgeVisibility): void => {
    if (!ctx.isValid) return;
    if (seen === undefined) session.refreshBadge(); // a badge the page removed is put back first
    void sendToBackground({ type: 'frame-beat', badge: seen ?? badge.ensureVisible() });
  };
  const badge = createPageBadge(document, toggle, { onVisibilityChange: (v) => beat(v) });
  const session = new PageSession({
    root: document,
    readerFor: (url) => readers.find((r) => r.matchesUrl(url)),
    // A reactblade iframe matches every Azure reader: the session keeps the one that recognises the grid.
    readersFor: (url) => readers.filter((r) => r.matchesUrl(url)),
    send: (msg) => sendToBackground(msg),
    badge,
    tip: createRowTip(document),
    setTimeout: (cb, ms) => ctx.setTimeout(cb, ms),
  });

  const off = handleMessages(parsePageMessage, (msg: ToPage) => {
    switch (msg.type) {
      case 'page-verdict':
        session.applyVerdict(msg);
        opts.onVerdict?.();
        return { ok: true };
      case 'highlight-row':
        return { ok: session.highlight(msg.rowId) };
      case 'toggle-sidebar':
        if (!opts.onToggleSidebar) return undefined;
        opts.onToggleSidebar(msg.open);
        return { ok: true };
      case 'get-selection':
        return { text: (window.getSelection()?.toString() ?? '').slice(0, 200_000) };
      case 'resend':
        session.resend();
        return { ok: true };
    }
  });

  // The page can dispatch this event too, with any payload: read the URL from `location` itself.
  // WXT fires it from the Navigation API's `navigate` event, before the URL changes: read it on
  // the next task, once the navigation is done (one read for a burst of events).
  let navPending = false;
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    if (navPending) return;
    navPending = true;
    ctx.setTimeout(() => {
      navPending = false;
      session.navigate(location.href);
    }, 0);
  });
  ctx.setInterval(() => beat(), HEARTBEAT_MS);
  // Timers of a hidden tab are throttled: report at once when the analyst comes back to it.
  ctx.addEventListener(document, 'visibilitychange', () => {
    if (document.visibilityState === 'visible') beat();
  });
  // An iframe removed (or the page left): not silence, the frame is gone.
  ctx.addEventListener(window, 'pagehide', () => void sendToBackground({ type: 'frame-beat', badge: 'gone' }));
  ctx.onInvalidated(() => {
    unguard();
    off();
    session.stop();
  });
  session.navigate(location.href);
  beat();
  return session;
}
