/**
 * Top frame of every console host: the page reader session, the verdict badge and the sidebar
 * (an extension page in an iframe: the console's CSS and scripts cannot read or restyle it).
 * Wiring only; the logic is lib/sites/page-session.ts.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createIframeUi, type IframeContentScriptUi } from 'wxt/utils/content-script-ui/iframe';
import { CONSOLE_MATCHES } from '../../lib/messaging/console-hosts';
import { startPageClient } from '../../lib/messaging/page-client';

const SIDEBAR_WIDTH = 420;

export default defineContentScript({
  matches: [...CONSOLE_MATCHES],
  runAt: 'document_idle',
  // Anonymous IIFE: a global named after the entry (`console`!) would shadow the isolated world's globals.
  globalName: false,
  main(ctx) {
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
        },
      });
      if (open) ui.remove();
      else ui.mount();
      open = !open;
    };
    startPageClient(ctx, { onToggleSidebar: toggleSidebar });
  },
});
