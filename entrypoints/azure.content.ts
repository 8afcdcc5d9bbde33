/**
 * Azure portal and Entra admin center (top frame): the page reader session with the Azure readers only (lib/sites/consoles/azure.ts),
 * the verdict badge and the sidebar. Wiring only; see lib/messaging/top-frame.ts.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { AZURE_MATCHES } from '../lib/messaging/console-hosts';
import { startTopFrame } from '../lib/messaging/top-frame';
import { AZURE_READERS } from '../lib/sites/consoles/azure';

/** The readers this content script bundles (the registry meta-test reads it). */
export const readers = AZURE_READERS;

export default defineContentScript({
  matches: [...AZURE_MATCHES],
  runAt: 'document_idle',
  // Anonymous IIFE: a global named after the entry would shadow the isolated world's globals.
  globalName: false,
  main(ctx) {
    startTopFrame(ctx, readers);
  },
});
