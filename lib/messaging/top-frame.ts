/**
 * The top-frame content scripts' wiring (entrypoints/<console>.content.ts and the custom-host
 * script): the page client (./page-client.ts) with the console's own readers, plus the sidebar,
 * an extension page in an iframe inside a closed shadow root (./sidebar-frame.ts: the console's
 * CSS and scripts can neither read, restyle nor replace it), created on the first toggle only.
 * Each mount gets a one-time token from the background (./sidebar-grant.ts): only that frame
 * may act as the sidebar of this tab.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { SiteReader } from '../sites/site-reader';
import type { PageSession } from './page-session';
import { startPageClient } from './page-client';
import { createSidebarFrame, TOKEN_RE } from './sidebar-frame';
import type { SidebarMessage } from './sidebar-grant';

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
  ctx.onInvalidated(() => frame.close());
  return startPageClient(ctx, readers, { onToggleSidebar: toggleSidebar });
}
