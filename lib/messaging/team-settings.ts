/**
 * The team's settings in the extension (issue 10): the same JSON file the CLI reads with
 * `--settings` (thresholds, indicators switched off, the allow-list), imported on the options page
 * and kept in extension storage (storage.local). A file with any problem is refused with every
 * problem by path and the stored settings stay as they were. The background reads them at start
 * and whenever they change, and judges every tab again with them. The options page's field-by-field
 * edits are stored the same way (saveTeamSettings), so the export is always a file the CLI reads.
 */
import { browser } from 'wxt/browser';
import { type EngineSettings, parseSettings, parseSettingsText } from '../engine/settings';
import { maskDeep } from '../model/secret';
import { type AllowEntry, AllowEntrySchema } from '../engine/allow-list';
import { withAllowEntry } from './mark-expected';

export const TEAM_SETTINGS_KEY = 'teamSettings';

/** The stored settings, or undefined when none were imported (or what is stored no longer validates). */
export async function loadTeamSettings(): Promise<{ settings?: EngineSettings; raw?: unknown; problem?: string }> {
  const got = (await browser.storage.local.get(TEAM_SETTINGS_KEY)) as Record<string, unknown>;
  const raw = got[TEAM_SETTINGS_KEY];
  if (raw === undefined) return {};
  const parsed = parseSettings(raw);
  return parsed.ok
    ? { settings: parsed.settings, raw }
    : { raw, problem: `the stored team settings no longer validate (${parsed.errors[0]}); the defaults apply` };
}

/** Imports a settings file: stored only when all of it is valid. */
export async function importTeamSettings(
  text: string,
): Promise<{ ok: true; settings: EngineSettings } | { ok: false; errors: string[] }> {
  const parsed = parseSettingsText(text);
  if (!parsed.ok) return parsed;
  await saveTeamSettings(parsed.raw);
  return { ok: true, settings: parsed.settings };
}

/**
 * Stores a whole settings file (the options page's edits: lib/engine/settings-form.ts), exactly as
 * an imported one, when it validates; otherwise stores nothing and gives every problem by path.
 * Returns what was stored (masked).
 */
export async function saveTeamSettings(
  file: unknown,
): Promise<{ ok: true; settings: EngineSettings; raw: unknown } | { ok: false; errors: string[] }> {
  const parsed = parseSettings(file);
  if (!parsed.ok) return parsed;
  // Reasons are free text: no raw secret at rest, even one pasted into a reason.
  const raw = maskDeep(file);
  await browser.storage.local.set({ [TEAM_SETTINGS_KEY]: raw });
  return { ok: true, settings: parsed.settings, raw };
}

/** The file to share with the team or give the CLI: what was imported, as it was written. */
export async function exportTeamSettings(): Promise<string> {
  const { raw } = await loadTeamSettings();
  return `${JSON.stringify(raw ?? {}, null, 2)}\n`;
}

/**
 * "Mark as expected" (issue 10): adds one allow-list entry to the stored team settings. The entry
 * and the whole file are checked with the same schema as an import (a bad entry, or stored
 * settings that no longer validate, refuse it with every problem by path, nothing changed); the
 * file is stored masked, like an import. The background's storage listener judges the tabs again.
 */
export async function addAllowEntry(
  input: unknown,
): Promise<{ ok: true; entry: AllowEntry } | { ok: false; errors: string[] }> {
  const e = AllowEntrySchema.safeParse(input);
  if (!e.success)
    return {
      ok: false,
      errors: e.error.issues.map((i) => `allow entry ${i.path.join('.') || '(root)'}: ${i.message}`),
    };
  const { raw } = await loadTeamSettings();
  const saved = await saveTeamSettings(withAllowEntry(raw, e.data));
  return saved.ok ? { ok: true, entry: e.data } : saved;
}
