/**
 * The content scripts' wiring (shared by every entrypoints/*.content.ts): a PageSession
 * (lib/sites/page-session.ts, the logic) connected to the background, the page's navigation
 * and the content-script context. Costs nothing on pages no reader matches: no observer, only
 * the navigation listener. `readers` are the content script's own console's readers
 * (lib/sites/consoles/*): never the full registry (lib/sites/index.ts), which would put every
 * reader into every content script.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { SiteReader } from '../sites/site-reader';
import { PageSession } from '../sites/page-session';
import { createPageBadge } from '../../components/page-badge';
import { handleMessages, sendToBackground } from './channel';
import type { ToPage } from './protocol';
import { parsePageMessage } from './page-guard';

export interface PageClientOptions {
  /** Called for `toggle-sidebar` (top frame only). */
  onToggleSidebar?: (open?: boolean) => void;
}

export function startPageClient(ctx: ContentScriptContext, readers: readonly SiteReader[], opts: PageClientOptions = {}): PageSession {
  const toggle = (): void => {
    // The top frame toggles its own sidebar; other frames ask the background to forward.
    if (opts.onToggleSidebar) opts.onToggleSidebar();
    else void sendToBackground({ type: 'toggle-sidebar' });
  };
  const badge = createPageBadge(document, toggle);
  const session = new PageSession({
    root: document,
    readerFor: (url) => readers.find((r) => r.matchesUrl(url)),
    // A reactblade iframe matches every Azure reader: the session keeps the one that recognises the grid.
    readersFor: (url) => readers.filter((r) => r.matchesUrl(url)),
    send: (msg) => sendToBackground(msg),
    badge,
    setTimeout: (cb, ms) => ctx.setTimeout(cb, ms),
  });

  const off = handleMessages(parsePageMessage, (msg: ToPage) => {
    switch (msg.type) {
      case 'page-verdict':
        session.applyVerdict(msg);
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

  ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => session.navigate(newUrl.href));
  ctx.onInvalidated(() => {
    off();
    session.stop();
  });
  session.navigate(location.href);
  return session;
}
