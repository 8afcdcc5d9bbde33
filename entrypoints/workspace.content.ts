/**
 * Google Workspace Admin console (top frame): the page reader session with the Workspace readers only (lib/sites/consoles/workspace.ts),
 * the verdict badge and the sidebar. Wiring only; see lib/messaging/top-frame.ts.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { WORKSPACE_MATCHES } from '../lib/messaging/console-hosts';
import { startTopFrame } from '../lib/messaging/top-frame';
import { WORKSPACE_READERS } from '../lib/sites/consoles/workspace';

/** The readers this content script bundles (the registry meta-test reads it). */
export const readers = WORKSPACE_READERS;

export default defineContentScript({
  matches: [...WORKSPACE_MATCHES],
  runAt: 'document_idle',
  // Anonymous IIFE: a global named after the entry would shadow the isolated world's globals.
  globalName: false,
  main(ctx) {
    startTopFrame(ctx, readers);
  },
});
