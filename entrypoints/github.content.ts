/**
 * github.com (top frame): the page reader session with the GitHub readers only (lib/sites/consoles/github.ts),
 * the verdict badge and the sidebar. Wiring only; see lib/messaging/top-frame.ts.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { GITHUB_MATCHES } from '../lib/messaging/console-hosts';
import { startTopFrame } from '../lib/messaging/top-frame';
import { GITHUB_READERS } from '../lib/sites/consoles/github';

/** The readers this content script bundles (the registry meta-test reads it). */
export const readers = GITHUB_READERS;

export default defineContentScript({
  matches: [...GITHUB_MATCHES],
  runAt: 'document_idle',
  // Anonymous IIFE: a global named after the entry would shadow the isolated world's globals.
  globalName: false,
  main(ctx) {
    startTopFrame(ctx, readers);
  },
});
