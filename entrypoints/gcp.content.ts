/**
 * Google Cloud console (top frame): the page reader session with the GCP readers only (lib/sites/consoles/gcp.ts),
 * the verdict badge and the sidebar. Wiring only; see lib/messaging/top-frame.ts.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { GCP_MATCHES } from '../lib/messaging/console-hosts';
import { startTopFrame } from '../lib/messaging/top-frame';
import { GCP_READERS } from '../lib/sites/consoles/gcp';

/** The readers this content script bundles (the registry meta-test reads it). */
export const readers = GCP_READERS;

export default defineContentScript({
  matches: [...GCP_MATCHES],
  runAt: 'document_idle',
  // Anonymous IIFE: a global named after the entry would shadow the isolated world's globals.
  globalName: false,
  main(ctx) {
    startTopFrame(ctx, readers);
  },
});
