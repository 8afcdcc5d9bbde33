/**
 * The top-frame content scripts' wiring (entrypoints/<console>.content.ts and the custom-host
 * script): the page client (./page-client.ts) with the console's own readers, plus the sidebar,
 * an extension page in an iframe inside a closed shadow root (./sidebar-frame.ts: the console's
 * CSS and scripts can neither read, restyle nor replace it). Each mount gets a one-time token
 * from the background (./sidebar-grant.ts): only that frame may act as the sidebar of this tab.
 *
 * The sidebar is prepared hidden once the badge shows the page's first verdict (issue 11: the
 * click then only shows it), in an idle callback so it never competes with the page's own first
 * reading. Only here, in the top frame of a console: where the sidebar can be opened. A prepared
 * sidebar the page removed is prepared again, with a new token, after the next verdict.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { SiteReader } from '../sites/site-reader';
import type { PageSession } from './page-session';
import { startPageClient } from './page-client';
import { createSidebarFrame, TOKEN_RE } from './sidebar-frame';
import type { SidebarMessage } from './sidebar-grant';

/** A console page that never idles still gets its sidebar prepared within this long of a verdict. */
const PREPARE_IDLE_TIMEOUT_MS = 2_000;
/** Without requestIdleCallback: after this long. */
const PREPARE_FALLBACK_MS = 500;

const send = async (msg: SidebarMessage): Promise<unknown> => {
  try {
    return await browser.runtime.sendMessage(msg);
  } catch {
    return undefined; // the background is restarting or the extension was reloaded
  }
};

export function startTopFrame(ctx: ContentScriptContext, readers: readonly SiteReader[]): PageSession {
  const getURL = browser.runtime.getURL as (path: string) => string;
  const frame = createSidebarFrame({
    doc: document,
    src: getURL('/sidebar.html'),
    extensionOrigin: new URL(getURL('/')).origin,
    requestToken: async () => {
      const token = ((await send({ type: 'sidebar-token' })) as { token?: unknown } | null | undefined)?.token;
      return typeof token === 'string' && TOKEN_RE.test(token) ? token : undefined;
    },
    releaseToken: (token) => void send({ type: 'sidebar-release', token }),
  });
  const toggleSidebar = (openOnly?: boolean): void => {
    if (ctx.isValid) frame.toggle(openOnly);
  };
  let scheduled = false;
  const prepareWhenIdle = (): void => {
    if (scheduled || frame.isPrepared || !ctx.isValid) return;
    scheduled = true;
    const run = (): void => {
      scheduled = false;
      if (ctx.isValid) frame.prepare();
    };
    if (typeof window.requestIdleCallback === 'function')
      ctx.requestIdleCallback(run, { timeout: PREPARE_IDLE_TIMEOUT_MS });
    else ctx.setTimeout(run, PREPARE_FALLBACK_MS);
  };
  ctx.onInvalidated(() => frame.dispose());
  return startPageClient(ctx, readers, { onToggleSidebar: toggleSidebar, onVerdict: prepareWhenIdle });
}
