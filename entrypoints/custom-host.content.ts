/**
 * A custom console host the analyst granted from the options page (a custom Okta domain, a
 * GitHub Enterprise Server host): not in the manifest, registered at run time for that one
 * origin by lib/messaging/custom-hosts.ts (`CUSTOM_SCRIPT_FILE`). Top frame, with the Okta and
 * GitHub readers only.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startTopFrame } from '../lib/messaging/top-frame';
import { onGrantedHost } from '../lib/sites/granted-host';
import { oktaSystemLog, SYSTEM_LOG_PATH } from '../lib/sites/readers/okta-system-log';
import { githubAuditLog, AUDIT_LOG_PATH } from '../lib/sites/readers/github-audit-log';

/** The readers this content script bundles (the registry meta-test reads it): matched by route, on the granted host. */
export const readers = [onGrantedHost(oktaSystemLog, SYSTEM_LOG_PATH), onGrantedHost(githubAuditLog, AUDIT_LOG_PATH)];

export default defineContentScript({
  // No `matches`: with runtime registration WXT would add them to host_permissions.
  registration: 'runtime',
  runAt: 'document_idle',
  // Anonymous IIFE: a global named after the entry would shadow the isolated world's globals.
  globalName: false,
  main(ctx) {
    startTopFrame(ctx, readers);
  },
});
