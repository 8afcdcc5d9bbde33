/**
 * The console hosts the extension runs on (DESIGN.md, Security: host permissions only for the
 * console hosts). One list for the manifest's host_permissions, the content scripts' matches,
 * the sidebar's web_accessible_resources and the context menu, so they never drift apart.
 * Custom Okta domains and GitHub Enterprise Server are optional hosts granted at run time.
 */

// Top frames of the console pages, per console: each list is the `matches` of that console's
// content script (entrypoints/<console>.content.ts), which bundles only that console's readers.

/** AWS: every region and multi-session host, GovCloud, China. */
export const AWS_MATCHES = [
  'https://*.console.aws.amazon.com/*',
  'https://*.console.amazonaws-us-gov.com/*',
  'https://*.console.amazonaws.cn/*',
] as const;

/** Azure portal and Entra admin center (top frame: router, sidebar). */
export const AZURE_MATCHES = [
  'https://portal.azure.com/*',
  'https://*.portal.azure.com/*',
  'https://entra.microsoft.com/*',
] as const;

/** Google Cloud console. */
export const GCP_MATCHES = ['https://console.cloud.google.com/*'] as const;

/** Google Workspace Admin console. */
export const WORKSPACE_MATCHES = ['https://admin.google.com/*'] as const;

/** Okta (production, preview, EMEA cells). */
export const OKTA_MATCHES = [
  'https://*.okta.com/*',
  'https://*.oktapreview.com/*',
  'https://*.okta-emea.com/*',
] as const;

/** GitHub (the organization audit log; the script stays idle elsewhere on github.com). */
export const GITHUB_MATCHES = ['https://github.com/*'] as const;

/** Top frames of all the console pages. */
export const CONSOLE_MATCHES = [
  ...AWS_MATCHES,
  ...AZURE_MATCHES,
  ...GCP_MATCHES,
  ...WORKSPACE_MATCHES,
  ...OKTA_MATCHES,
  ...GITHUB_MATCHES,
] as const;

/** Azure React-view iframes (cross-origin), where the Entra and many Azure logs render. */
export const REACTBLADE_MATCHES = [
  'https://*.reactblade.portal.azure.net/*',
  'https://*.reactblade-ms.portal.azure.net/*',
  'https://*.reactblade-rc.portal.azure.net/*',
] as const;

/** Everything the extension is granted at install. */
export const HOST_PERMISSIONS = [...CONSOLE_MATCHES, ...REACTBLADE_MATCHES] as const;

/** Requested at run time from the options page, one origin at a time (custom Okta, GHES). */
export const OPTIONAL_HOST_PERMISSIONS = ['https://*/*'] as const;

/** Id prefix of the content scripts registered at run time for a granted custom host. */
export const CUSTOM_SCRIPT_PREFIX = 'custom-host:';

/**
 * The match pattern for a custom host the analyst typed: a bare host name (`login.acme.com`,
 * `github.acme.internal`), optionally with https:// and a path, which is dropped. Returns an error
 * text for anything that is not one https host (no wildcards: one origin per grant).
 */
export function customHostPattern(
  input: string,
): { ok: true; host: string; pattern: string } | { ok: false; reason: string } {
  let s = input.trim();
  if (!s) return { ok: false, reason: 'Enter a host name, e.g. login.example.com' };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = 'https://' + s;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return { ok: false, reason: 'Not a host name' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'Only https hosts can be added' };
  const host = url.hostname.toLowerCase();
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(host)) {
    return { ok: false, reason: 'Not a host name (no wildcards, no IP-less single labels)' };
  }
  return { ok: true, host, pattern: `https://${host}/*` };
}

/**
 * The sidebar's web_accessible_resources matches. Manifest matches are static, and a custom host
 * granted at run time (Okta custom domain, GitHub Enterprise Server) must be able to load the
 * sidebar too, so they are the optional-host ceiling. Acceptable because being web-accessible
 * no longer gives a page anything (issue 8): in Chrome the resource is reachable only at its
 * per-session dynamic URL (use_dynamic_url; the static URL is refused), and a sidebar.html that
 * a page frames itself is refused every call (it never gets the one-time token that only the
 * extension's own mount receives, lib/messaging/sidebar-grant.ts).
 */
export const SIDEBAR_WAR_MATCHES = [...OPTIONAL_HOST_PERMISSIONS] as const;

/**
 * The context menu's documentUrlPatterns: the console pages and the Azure React-view frames,
 * plus each custom host the analyst granted (`granted`: permissions.getAll().origins). Only
 * single-host https patterns count as custom hosts: a wildcard grant (the browser's "on all
 * sites") does not put the menu on every page.
 */
export function menuPatterns(granted: readonly string[]): string[] {
  const out: string[] = [...CONSOLE_MATCHES, ...REACTBLADE_MATCHES];
  for (const origin of granted) {
    const m = /^https:\/\/([^/*]+)\/\*$/.exec(origin);
    if (!m) continue;
    const p = customHostPattern(m[1]!);
    if (p.ok && p.pattern === origin && !out.includes(p.pattern)) out.push(p.pattern);
  }
  return out;
}
