/**
 * The options page's model of the team's settings (issue 10), pure: the fields an analyst edits,
 * generated from the settings schema and its defaults (one walk over EngineSettingsSchema, no
 * form written per indicator), and every edit applied to the settings *file* (what was imported
 * or saved, as written) then validated whole with the CLI's schema (checkSettings). An edit that
 * does not validate returns its issues by path and no new file: the caller keeps the old one.
 *
 * Paths are arrays of segments (a tenant id may hold dots); `pathText` is the label form.
 * An empty input resets a number or choice to its default (the key leaves the file); an empty
 * list input is the empty list.
 */
import { z } from 'zod';
import { COUNTRIES as countries } from '../intel/countries';
import { INDICATORS } from './indicators';
import { tenantHoursSettings, TENANT_HOURS_FIELDS } from './indicators/unusual-time';
import { ALLOW_KINDS } from './allow-list';
import {
  checkSettings,
  defaultSettings,
  EngineSettingsSchema,
  type EngineSettings,
  type SettingsIssue,
} from './settings';
import type { IndicatorId } from './types';

export type FieldKind = 'integer' | 'number' | 'boolean' | 'enum' | 'list' | 'countries';

export interface SettingField {
  /** Where the setting sits in the file, e.g. ['indicators', 'unusual-time', 'minBaselineEvents']. */
  path: string[];
  kind: FieldKind;
  /** The value when the file does not set it (a tenant's field: the global setting in force). */
  default: unknown;
  /** Choices of an enum. */
  options?: readonly string[];
  min?: number;
  max?: number;
  /** A tenant's field: empty means "the global setting". */
  optional?: boolean;
}

export interface IndicatorSection {
  id: IndicatorId;
  title: string;
  fields: SettingField[];
}

export type SettingsFile = Record<string, unknown>;
export type EditResult =
  { ok: true; file: SettingsFile; settings: EngineSettings } | { ok: false; issues: SettingsIssue[] };

export const pathText = (path: readonly string[]): string => path.join('.');

// ---------------------------------------------------------------------------------------------
// Fields from the schema

interface ZodInternals {
  _zod: { def: { type: string; innerType?: z.ZodType; element?: z.ZodType; in?: z.ZodType } };
}
const defOf = (s: z.ZodType) => (s as unknown as ZodInternals)._zod.def;

/** The schema under its defaults and optionals. */
function unwrap(s: z.ZodType): z.ZodType {
  let t = s;
  while (['default', 'prefault', 'optional', 'nullable'].includes(defOf(t).type)) t = defOf(t).innerType!;
  return t;
}

function fieldsOf(schema: z.ZodType, path: string[], defaults: unknown, optional = false): SettingField[] {
  const t = unwrap(schema);
  const type = defOf(t).type;
  const dflt = valueAt(defaults, path);
  if (type === 'object') {
    return Object.entries((t as z.ZodObject).shape).flatMap(([k, v]) =>
      fieldsOf(v as z.ZodType, [...path, k], defaults, optional),
    );
  }
  const base = { path, default: dflt, ...(optional ? { optional } : {}) };
  if (type === 'number') {
    const n = t as z.ZodNumber;
    const bound = (x: number | null) =>
      x === null || !Number.isFinite(x) || Math.abs(x) >= Number.MAX_SAFE_INTEGER ? undefined : x;
    const min = bound(n.minValue);
    const max = bound(n.maxValue);
    return [
      {
        ...base,
        kind: n.isInt ? 'integer' : 'number',
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
      },
    ];
  }
  if (type === 'boolean') return [{ ...base, kind: 'boolean' }];
  if (type === 'enum') return [{ ...base, kind: 'enum', options: (t as z.ZodEnum).options as string[] }];
  if (type === 'array') {
    const el = defOf(defOf(t).element!);
    if (el.type === 'string' || (el.type === 'pipe' && defOf(el.in!).type === 'string')) {
      return [{ ...base, kind: path[path.length - 1] === 'riskyCountries' ? 'countries' : 'list' }];
    }
  }
  return []; // nothing else is a field (the allow-list and tenants have their own editors)
}

const shape = EngineSettingsSchema.shape;

/** Each indicator's thresholds, in the engine's order, labelled by their file paths. */
export function indicatorSections(): IndicatorSection[] {
  const d = defaultSettings();
  const indicators = unwrap(shape.indicators) as z.ZodObject;
  return INDICATORS.map((ind) => ({
    id: ind.id,
    title: ind.title,
    fields: fieldsOf(indicators.shape[ind.id] as z.ZodType, ['indicators', ind.id], d),
  }));
}

/** The verdict's points and thresholds, and what the baselines keep. */
export function generalFields(): SettingField[] {
  const d = defaultSettings();
  return [...fieldsOf(shape.verdict, ['verdict'], d), ...fieldsOf(shape.baseline, ['baseline'], d)];
}

/** A tenant's working-hours fields; empty means the global setting in force, shown as the default. */
export function tenantHoursFields(tenant: string, inForce: EngineSettings): SettingField[] {
  const global = (inForce.indicators as Record<string, Record<string, unknown>>)['unusual-time']!;
  const defaults = {
    tenants: { [tenant]: { unusualTime: Object.fromEntries(TENANT_HOURS_FIELDS.map((k) => [k, global[k]])) } },
  };
  return fieldsOf(tenantHoursSettings, ['tenants', tenant, 'unusualTime'], defaults, true);
}

// ---------------------------------------------------------------------------------------------
// Values

export function valueAt(obj: unknown, path: readonly string[]): unknown {
  let v = obj;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/**
 * What the analyst typed, as the value to validate: numbers parsed (anything else is passed on as
 * text, for the schema to refuse by path), lists split on commas and new lines, and an empty
 * number or choice as undefined (back to the default).
 */
export function inputValue(field: SettingField, text: string): unknown {
  const t = text.trim();
  switch (field.kind) {
    case 'integer':
    case 'number': {
      if (!t) return undefined;
      const n = Number(t);
      return Number.isFinite(n) ? n : t;
    }
    case 'boolean':
      return t === '' ? undefined : t === 'true';
    case 'enum':
      return t || undefined;
    case 'list':
    case 'countries':
      return t
        .split(/[,\n]/)
        .map((x) => x.trim())
        .filter(Boolean);
  }
}

/** A value as its input's text. */
export function inputText(field: SettingField, value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** The default as the label says it. */
export function defaultText(field: SettingField): string {
  if (Array.isArray(field.default)) return field.default.length ? field.default.join(', ') : '(none)';
  return String(field.default);
}

// ---------------------------------------------------------------------------------------------
// Edits: a new file, validated whole, or the issues

const clone = (file: unknown): SettingsFile =>
  file && typeof file === 'object' && !Array.isArray(file) ? structuredClone(file as SettingsFile) : {};

/** Sets (or with undefined, removes) the value at `path`, dropping objects the removal empties. */
function put(file: SettingsFile, path: readonly string[], value: unknown): SettingsFile {
  const out = clone(file);
  const stack: Record<string, unknown>[] = [out];
  let o: Record<string, unknown> = out;
  for (const k of path.slice(0, -1)) {
    const next = o[k];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      if (value === undefined) return out;
      o[k] = {};
    }
    o = o[k] as Record<string, unknown>;
    stack.push(o);
  }
  const last = path[path.length - 1]!;
  if (value === undefined) {
    delete o[last];
    // Empty parents go too (not the tenant entry: an added tenant with no hours is kept until removed).
    for (let i = stack.length - 1; i > 0; i--) {
      if (Object.keys(stack[i]!).length || (path[0] === 'tenants' && i === 2)) break;
      delete stack[i - 1]![path[i - 1]!];
    }
  } else o[last] = value;
  return out;
}

/** The file if it validates, with the settings it gives; otherwise every issue by path. */
export function validated(file: SettingsFile): EditResult {
  const r = checkSettings(file);
  return r.ok ? { ok: true, file, settings: r.settings } : { ok: false, issues: r.issues };
}

/** One field's new value (undefined: back to its default). */
export function editSetting(file: unknown, path: readonly string[], value: unknown): EditResult {
  return validated(put(clone(file), path, value));
}

export function setIndicatorEnabled(file: unknown, id: string, on: boolean): EditResult {
  const f = clone(file);
  const disabled = Array.isArray(f.disabled) ? (f.disabled as unknown[]).filter((x) => x !== id) : [];
  if (!on) disabled.push(id);
  return validated(put(f, ['disabled'], disabled.length ? disabled : undefined));
}

// ---------------------------------------------------------------------------------------------
// High-risk countries: one list, every indicator that has the setting

const RISKY_INDICATORS = indicatorSections()
  .filter((s) => s.fields.some((f) => f.kind === 'countries'))
  .map((s) => s.id);

/** The high-risk countries in force (risky-network's; `differ` when another indicator's list is not the same). */
export function riskyCountriesOf(settings: EngineSettings): { codes: string[]; differ: boolean } {
  const lists = RISKY_INDICATORS.map(
    (id) => (settings.indicators as Record<string, { riskyCountries?: string[] }>)[id]?.riskyCountries ?? [],
  );
  const codes = lists[0] ?? [];
  return { codes, differ: lists.some((l) => l.join() !== codes.join()) };
}

export function setRiskyCountries(file: unknown, codes: readonly string[]): EditResult {
  let f = clone(file);
  for (const id of RISKY_INDICATORS) f = put(f, ['indicators', id, 'riskyCountries'], [...codes]);
  return validated(f);
}

export function addRiskyCountry(file: unknown, inForce: EngineSettings, code: string): EditResult {
  const { codes } = riskyCountriesOf(inForce);
  const c = code.trim().toUpperCase();
  return setRiskyCountries(file, codes.includes(c) ? codes : [...codes, c]);
}

export function removeRiskyCountry(file: unknown, inForce: EngineSettings, code: string): EditResult {
  return setRiskyCountries(
    file,
    riskyCountriesOf(inForce).codes.filter((c) => c !== code),
  );
}

/** Every ISO 3166-1 alpha-2 code with its name (world-countries), by name: the picker's choices. */
export function countryChoices(): { code: string; name: string }[] {
  return countries
    .filter((c) => typeof c.cca2 === 'string')
    .map((c) => ({ code: c.cca2.toUpperCase(), name: c.name.common }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

// ---------------------------------------------------------------------------------------------
// The allow-list, one entry at a time

export const ALLOW_ENTRY_KINDS = ALLOW_KINDS;

/** An entry as the form has it: empty identity or expiry means none. */
export interface AllowEntryInput {
  kind: string;
  value: string;
  reason: string;
  identity?: string;
  expires?: string;
}

export function addAllowEntry(file: unknown, input: AllowEntryInput): EditResult {
  const f = clone(file);
  const entry: Record<string, string> = { kind: input.kind, value: input.value.trim(), reason: input.reason.trim() };
  if (input.identity?.trim()) entry.identity = input.identity.trim();
  if (input.expires?.trim()) entry.expires = input.expires.trim();
  const allow = Array.isArray(f.allow) ? [...(f.allow as unknown[])] : [];
  allow.push(entry);
  return validated(put(f, ['allow'], allow));
}

export function removeAllowEntry(file: unknown, index: number): EditResult {
  const f = clone(file);
  const allow = Array.isArray(f.allow) ? (f.allow as unknown[]).filter((_, i) => i !== index) : [];
  return validated(put(f, ['allow'], allow.length ? allow : undefined));
}

// ---------------------------------------------------------------------------------------------
// Tenants

export function tenantsOf(settings: EngineSettings): string[] {
  return Object.keys(settings.tenants).sort();
}

export function addTenant(file: unknown, tenant: string): EditResult {
  const id = tenant.trim();
  const f = clone(file);
  if (valueAt(f, ['tenants', id]) !== undefined) return validated(f);
  return validated(put(f, ['tenants', id], { unusualTime: {} }));
}

export function removeTenant(file: unknown, tenant: string): EditResult {
  const f = clone(file);
  const tenants = { ...((f.tenants as Record<string, unknown>) ?? {}) };
  delete tenants[tenant];
  return validated(put(f, ['tenants'], Object.keys(tenants).length ? tenants : undefined));
}

/** The issues of one field (its path or below), as the messages shown next to it. */
export function issuesAt(issues: readonly SettingsIssue[] | undefined, path: readonly string[]): string[] {
  if (!issues) return [];
  return issues.filter((i) => path.every((k, n) => i.at[n] === k)).map((i) => i.message);
}
