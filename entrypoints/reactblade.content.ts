/**
 * Azure React-view iframes (cross-origin `*.reactblade*.portal.azure.net`), where the Entra
 * sign-in and audit logs render: the same page session as the top frame, in every frame, with
 * the Azure readers only (lib/sites/consoles/azure.ts). The frame's badge button asks the
 * background to open the sidebar in the top frame.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { REACTBLADE_MATCHES } from '../lib/messaging/console-hosts';
import { startPageClient } from '../lib/messaging/page-client';
import { AZURE_READERS } from '../lib/sites/consoles/azure';

/** The readers this content script bundles (the registry meta-test reads it). */
export const readers = AZURE_READERS;

export default defineContentScript({
  matches: [...REACTBLADE_MATCHES],
  allFrames: true,
  runAt: 'document_idle',
  // Anonymous IIFE: a global named after the entry would shadow the isolated world's globals.
  globalName: false,
  main(ctx) {
    startPageClient(ctx, readers);
  },
});
