/**
 * The analyst's name for cases (issue 10), kept in extension storage (storage.local, which works
 * in the sidebar's iframe too), set on the options page or in the sidebar. Stored masked: no raw
 * secret at rest, even one pasted into the name field.
 */
import { browser } from 'wxt/browser';
import { maskSecretsIn } from '../model/secret';

export const ANALYST_KEY = 'analyst';

/** The stored name, '' when none was set. */
export async function loadAnalystName(): Promise<string> {
  const v = ((await browser.storage.local.get(ANALYST_KEY)) as Record<string, unknown>)[ANALYST_KEY];
  return typeof v === 'string' ? v : '';
}

/** Stores the name (at most 200 characters, masked); returns what was stored. */
export async function saveAnalystName(name: string): Promise<string> {
  const stored = maskSecretsIn(name.slice(0, 200));
  await browser.storage.local.set({ [ANALYST_KEY]: stored });
  return stored;
}
