/**
 * AWS console pages (top frame): the page reader session with the AWS readers only (lib/sites/consoles/aws.ts),
 * the verdict badge and the sidebar. Wiring only; see lib/messaging/top-frame.ts.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { AWS_MATCHES } from '../lib/messaging/console-hosts';
import { startTopFrame } from '../lib/messaging/top-frame';
import { AWS_READERS } from '../lib/sites/consoles/aws';

/** The readers this content script bundles (the registry meta-test reads it). */
export const readers = AWS_READERS;

export default defineContentScript({
  matches: [...AWS_MATCHES],
  runAt: 'document_idle',
  // Anonymous IIFE: a global named after the entry would shadow the isolated world's globals.
  globalName: false,
  main(ctx) {
    startTopFrame(ctx, readers);
  },
});
