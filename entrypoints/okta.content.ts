/**
 * Okta admin console (top frame): the page reader session with the Okta readers only (lib/sites/consoles/okta.ts),
 * the verdict badge and the sidebar. Wiring only; see lib/messaging/top-frame.ts.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { OKTA_MATCHES } from '../lib/messaging/console-hosts';
import { startTopFrame } from '../lib/messaging/top-frame';
import { OKTA_READERS } from '../lib/sites/consoles/okta';

/** The readers this content script bundles (the registry meta-test reads it). */
export const readers = OKTA_READERS;

export default defineContentScript({
  matches: [...OKTA_MATCHES],
  runAt: 'document_idle',
  // Anonymous IIFE: a global named after the entry would shadow the isolated world's globals.
  globalName: false,
  main(ctx) {
    startTopFrame(ctx, readers);
  },
});
