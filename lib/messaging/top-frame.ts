/**
 * The top-frame content scripts' wiring (entrypoints/<console>.content.ts and the custom-host
 * script): the page client (./page-client.ts) with the console's own readers, plus the sidebar,
 * an extension page in an iframe (the console's CSS and scripts cannot read or restyle it),
 * created on the first toggle only.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createIframeUi, type IframeContentScriptUi } from 'wxt/utils/content-script-ui/iframe';
import type { SiteReader } from '../sites/site-reader';
import type { PageSession } from '../sites/page-session';
import { startPageClient } from './page-client';

const SIDEBAR_WIDTH = 420;

export function startTopFrame(ctx: ContentScriptContext, readers: readonly SiteReader[]): PageSession {
  let ui: IframeContentScriptUi<void> | undefined;
  let open = false;
  const toggleSidebar = (openOnly?: boolean): void => {
    if (!ctx.isValid || (openOnly && open)) return;
    ui ??= createIframeUi(ctx, {
      page: '/sidebar.html',
      position: 'inline',
      onBeforeMount(wrapper, iframe) {
        wrapper.setAttribute('data-token-triage-sidebar', '');
        Object.assign(wrapper.style, {
          all: 'initial',
          position: 'fixed',
          top: '0',
          right: '0',
          width: `${SIDEBAR_WIDTH}px`,
          maxWidth: '100vw',
          height: '100vh',
          zIndex: '2147483647',
          boxShadow: '0 0 12px rgba(0,0,0,0.3)',
          background: '#fff',
        });
        Object.assign(iframe.style, { width: '100%', height: '100%', border: '0', display: 'block' });
        iframe.title = 'Token Triage';
        // Copy buttons (commands, queries, exports) use navigator.clipboard inside the iframe.
        iframe.allow = 'clipboard-write';
      },
    });
    if (open) ui.remove();
    else ui.mount();
    open = !open;
  };
  return startPageClient(ctx, readers, { onToggleSidebar: toggleSidebar });
}
