/**
 * Azure React-view iframes (cross-origin `*.reactblade*.portal.azure.net`), where the Entra
 * sign-in and audit logs render: the same page session as the top frame, in every frame. The
 * frame's badge button asks the background to open the sidebar in the top frame.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { REACTBLADE_MATCHES } from '../lib/messaging/console-hosts';
import { startPageClient } from '../lib/messaging/page-client';

export default defineContentScript({
  matches: [...REACTBLADE_MATCHES],
  allFrames: true,
  runAt: 'document_idle',
  // Anonymous IIFE: a global named after the entry (`console`!) would shadow the isolated world's globals.
  globalName: false,
  main(ctx) {
    startPageClient(ctx);
  },
});
