/**
 * Custom console hosts (Okta custom domains, GitHub Enterprise Server): the optional host
 * permission granted at run time from the options page, and the custom-host content script
 * registered for that host with `scripting.registerContentScripts` (persisted across sessions).
 * Revoking the permission unregisters the script.
 */
import { browser } from 'wxt/browser';
import { CUSTOM_SCRIPT_PREFIX, customHostPattern } from './console-hosts';

/** The built custom-host content script (entrypoints/custom-host.content.ts: Okta and GitHub readers). */
export const CUSTOM_SCRIPT_FILE = 'content-scripts/custom-host.js';

export interface CustomHost {
  host: string;
  pattern: string;
  granted: boolean;
  registered: boolean;
}

export async function listCustomHosts(): Promise<CustomHost[]> {
  const scripts = await browser.scripting.getRegisteredContentScripts();
  const perms = await browser.permissions.getAll();
  const origins = new Set(perms.origins ?? []);
  const out = new Map<string, CustomHost>();
  for (const s of scripts) {
    if (!s.id.startsWith(CUSTOM_SCRIPT_PREFIX)) continue;
    const host = s.id.slice(CUSTOM_SCRIPT_PREFIX.length);
    const pattern = `https://${host}/*`;
    out.set(host, { host, pattern, granted: origins.has(pattern), registered: true });
  }
  return [...out.values()].sort((a, b) => a.host.localeCompare(b.host));
}

/**
 * Asks for the host (must run in a user gesture: the options page's button) and registers the
 * content script for it. Returns an error text, or undefined when done.
 */
export async function addCustomHost(input: string): Promise<string | undefined> {
  const p = customHostPattern(input);
  if (!p.ok) return p.reason;
  const granted = await browser.permissions.request({ origins: [p.pattern] });
  if (!granted) return `Permission for ${p.host} was not granted`;
  await registerFor(p.host, p.pattern);
  return undefined;
}

export async function removeCustomHost(host: string): Promise<void> {
  await unregisterFor(host);
  await browser.permissions.remove({ origins: [`https://${host}/*`] }).catch(() => false);
}

/** Background: keep registrations in step with permissions the user revoked in the browser. */
export async function pruneRevokedHosts(): Promise<void> {
  for (const h of await listCustomHosts()) if (!h.granted) await unregisterFor(h.host);
}

async function registerFor(host: string, pattern: string): Promise<void> {
  const id = CUSTOM_SCRIPT_PREFIX + host;
  await unregisterFor(host);
  await browser.scripting.registerContentScripts([
    {
      id,
      matches: [pattern],
      js: [CUSTOM_SCRIPT_FILE],
      runAt: 'document_idle',
      allFrames: false,
      persistAcrossSessions: true,
    },
  ]);
}

async function unregisterFor(host: string): Promise<void> {
  const id = CUSTOM_SCRIPT_PREFIX + host;
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [id] });
  if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [id] });
}
