/**
 * The options page's editor state (issue 10): the team's settings file as stored, the settings it
 * gives, and each edit run through the pure model (lib/engine/settings-form.ts). A valid edit is
 * saved through the store (exactly like an imported file); a refused one keeps its issues next to
 * its field and saves nothing, so the stored settings stay as they were. The store is injected:
 * extension storage on the page, memory in the tests.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { defaultSettings, type EngineSettings, type SettingsIssue, checkSettings } from '../../lib/engine/settings';
import {
  addAllowEntry,
  addRiskyCountry,
  addTenant,
  editSetting,
  inputValue,
  pathText,
  removeAllowEntry,
  removeRiskyCountry,
  removeTenant,
  setIndicatorEnabled,
  type AllowEntryInput,
  type EditResult,
  type SettingField,
  type SettingsFile,
} from '../../lib/engine/settings-form';

export interface TeamSettingsStore {
  /** The stored file (undefined when none), and why it is not used when it no longer validates. */
  load(): Promise<{ raw?: unknown; problem?: string }>;
  /** Stores a whole file; refused (nothing stored) unless it validates. Gives what was stored. */
  save(file: SettingsFile): Promise<{ ok: true; raw: unknown } | { ok: false; errors: string[] }>;
}

/** Where an edit's issues are shown: a field's path, or one of the editors' own forms. */
export const ALLOW_FORM = 'allow:new';
export const COUNTRY_FORM = 'countries:new';
export const TENANT_FORM = 'tenants:new';

export interface TeamSettingsEditorState {
  /** The stored file (what the export gives). */
  file: SettingsFile;
  settings: EngineSettings;
  /** Issues of the last refused edit, by where it was made. */
  issues: Record<string, SettingsIssue[]>;
  /** What the last edit did, for the live region. */
  status?: string;
  /** Why the stored file is not in force (it no longer validates). */
  problem?: string;
  now: number;
  onEdit(field: SettingField, text: string): void;
  onIndicator(id: string, on: boolean): void;
  onAddCountry(code: string): void;
  onRemoveCountry(code: string): void;
  onAddAllow(entry: AllowEntryInput): void;
  onRemoveAllow(index: number): void;
  onAddTenant(tenant: string): void;
  onRemoveTenant(tenant: string): void;
}

const asFile = (raw: unknown): SettingsFile =>
  raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as SettingsFile) : {};

export function useTeamSettings(
  store: TeamSettingsStore,
  now: () => number = Date.now,
): TeamSettingsEditorState & { reload(): void } {
  const [file, setFile] = useState<SettingsFile>({});
  const [settings, setSettings] = useState<EngineSettings>(defaultSettings);
  const [issues, setIssues] = useState<Record<string, SettingsIssue[]>>({});
  const [status, setStatus] = useState<string>();
  const [problem, setProblem] = useState<string>();
  // The file edits start from: the latest saved one, even before React re-renders.
  const current = useRef<SettingsFile>({});
  const inForce = useRef<EngineSettings>(settings);

  const reload = useCallback(() => {
    void store.load().then(({ raw, problem: p }) => {
      const checked = checkSettings(raw ?? {});
      const f = checked.ok ? asFile(raw) : {};
      current.current = f;
      inForce.current = checked.ok ? checked.settings : defaultSettings();
      setFile(f);
      setSettings(inForce.current);
      setProblem(p);
      setIssues({});
    });
  }, [store]);
  useEffect(reload, [reload]);

  const apply = useCallback(
    (where: string, what: string, edit: (f: SettingsFile, s: EngineSettings) => EditResult) => {
      const before = { file: current.current, settings: inForce.current };
      const r = edit(before.file, before.settings);
      if (!r.ok) {
        setIssues((x) => ({ ...x, [where]: r.issues }));
        setStatus(`Refused, nothing changed: ${r.issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
        return;
      }
      // The next edit starts from this one, even while it is being saved; a failed save undoes it.
      current.current = r.file;
      inForce.current = r.settings;
      const undo = (why: string) => {
        current.current = before.file;
        inForce.current = before.settings;
        setStatus(why);
      };
      void store.save(r.file).then(
        (saved) => {
          if (!saved.ok) return undo(`Refused, nothing changed: ${saved.errors.join('; ')}`);
          setFile(asFile(saved.raw));
          setSettings(r.settings);
          setProblem(undefined);
          setIssues((x) => {
            const rest = { ...x };
            delete rest[where];
            return rest;
          });
          setStatus(`Saved ${what}: every tab is judged again with these settings.`);
        },
        (err: unknown) => undo(`Not saved, nothing changed: ${err instanceof Error ? err.message : String(err)}`),
      );
    },
    [store],
  );

  return {
    file,
    settings,
    issues,
    status,
    problem,
    now: now(),
    reload,
    onEdit: (field, text) =>
      apply(pathText(field.path), pathText(field.path), (f) => editSetting(f, field.path, inputValue(field, text))),
    onIndicator: (id, on) =>
      apply(`indicator:${id}`, `${id} ${on ? 'on' : 'off'}`, (f) => setIndicatorEnabled(f, id, on)),
    onAddCountry: (code) =>
      apply(COUNTRY_FORM, `high-risk country ${code.trim().toUpperCase()}`, (f, s) => addRiskyCountry(f, s, code)),
    onRemoveCountry: (code) =>
      apply(COUNTRY_FORM, `without high-risk country ${code}`, (f, s) => removeRiskyCountry(f, s, code)),
    onAddAllow: (entry) =>
      apply(ALLOW_FORM, `allow entry ${entry.kind} ${entry.value.trim()}`, (f) => addAllowEntry(f, entry)),
    onRemoveAllow: (index) => apply(ALLOW_FORM, `without allow entry ${index + 1}`, (f) => removeAllowEntry(f, index)),
    onAddTenant: (tenant) => apply(TENANT_FORM, `tenant ${tenant.trim()}`, (f) => addTenant(f, tenant)),
    onRemoveTenant: (tenant) => apply(TENANT_FORM, `without tenant ${tenant}`, (f) => removeTenant(f, tenant)),
  };
}
