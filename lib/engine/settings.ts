/**
 * Every threshold is a setting (DESIGN.md). The schema is composed from each indicator's own
 * settings schema, so an indicator's defaults live in its file and nowhere else.
 */
import { z } from 'zod';
import { INDICATORS } from './indicators';
import { VerdictSettingsSchema } from './verdict';
import { AllowListSchema } from './allow-list';
import { tenantHoursSettings } from './indicators/unusual-time';
import { DEFAULT_RETENTION_DAYS } from '../baseline/baseline-file';
import type { IndicatorId } from './types';

// prefault: a missing object is parsed as {}, so every inner default is filled in.
// strict: a misspelt threshold is refused, not silently ignored.
const strictly = (s: z.ZodType): z.ZodType => (s instanceof z.ZodObject ? s.strict() : s);
const indicatorShape = Object.fromEntries(
  INDICATORS.map((ind) => [ind.id, strictly(ind.settings).prefault({})]),
) as unknown as Record<IndicatorId, z.ZodType>;

/**
 * One tenant's own settings: its working hours (unusual-time's clock and fixed window; what is
 * not given is the global setting's). Keyed in `tenants` by the account, tenant, project or org
 * id events carry (`actor.account`), or by `provider:account` to tell two providers' ids apart.
 */
export const TenantSettingsSchema = z
  .object({
    unusualTime: tenantHoursSettings.optional(),
  })
  .strict();
export type TenantSettings = z.infer<typeof TenantSettingsSchema>;

/** What the stored baselines keep (the extension's learning and the CLI's `--history`). */
export const BaselineSettingsSchema = z
  .object({
    /** Days of activity each tenant's baseline keeps, ending at its newest activity. */
    retentionDays: z.number().int().min(1).max(3650).default(DEFAULT_RETENTION_DAYS),
  })
  .strict();

export const EngineSettingsSchema = z
  .object({
    /** Indicators to skip entirely. */
    disabled: z.array(z.string()).default([]),
    indicators: z
      .object(indicatorShape)
      .strict()
      .prefault({} as never),
    verdict: VerdictSettingsSchema.prefault({}),
    /** Expected activity, each entry with its reason (./allow-list.ts). */
    allow: AllowListSchema,
    /** Per-tenant settings: working hours. */
    tenants: z.record(z.string().trim().min(1).max(300), TenantSettingsSchema).default({}),
    baseline: BaselineSettingsSchema.prefault({}),
  })
  .strict();

export type EngineSettings = z.infer<typeof EngineSettingsSchema>;

export const defaultSettings = (): EngineSettings => EngineSettingsSchema.parse({});

/** One problem with user settings: where (`indicators.unusual-time.offHoursStart`, '' for the root) and what. */
export interface SettingsIssue {
  path: string;
  /** The same path as segments (a tenant id may itself hold dots). */
  at: string[];
  message: string;
}

/** Validates user settings and reports every problem by path, as structured issues (the options page's fields). */
export function checkSettings(
  input: unknown,
): { ok: true; settings: EngineSettings } | { ok: false; issues: SettingsIssue[] } {
  const r = EngineSettingsSchema.safeParse(input ?? {});
  if (r.success) return { ok: true, settings: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      at: i.path.map(String),
      message: i.message,
    })),
  };
}

/** Validates user settings (a JSON file, the options page) and reports every problem by path. */
export function parseSettings(
  input: unknown,
): { ok: true; settings: EngineSettings } | { ok: false; errors: string[] } {
  const r = checkSettings(input);
  return r.ok ? r : { ok: false, errors: r.issues.map((i) => `${i.path || '(root)'}: ${i.message}`) };
}

/**
 * A team settings file as text (the CLI's `--settings FILE`, the options page's import): JSON
 * validated as above, or every problem by path. Nothing is applied unless all of it is valid.
 */
export function parseSettingsText(
  text: string,
): { ok: true; settings: EngineSettings; raw: unknown } | { ok: false; errors: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`not JSON: ${err instanceof Error ? err.message : String(err)}`] };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, errors: ['(root): a settings file is one JSON object'] };
  const parsed = parseSettings(raw);
  return parsed.ok ? { ok: true, settings: parsed.settings, raw } : parsed;
}

/** One line on what a team settings file changes, for the options page. */
export function settingsSummary(s: EngineSettings): string {
  const defaults = defaultSettings().indicators as Record<string, unknown>;
  const tuned = Object.entries(s.indicators as Record<string, unknown>).filter(
    ([id, v]) => JSON.stringify(v) !== JSON.stringify(defaults[id]),
  ).length;
  return (
    `${s.allow.length} allow-list entr${s.allow.length === 1 ? 'y' : 'ies'}, ${s.disabled.length} ` +
    `indicator(s) off, ${tuned} indicator(s) with changed thresholds`
  );
}
