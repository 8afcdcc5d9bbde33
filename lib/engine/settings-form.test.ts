/**
 * The options page's model (lib/engine/settings-form.ts): fields come from the schema and its
 * defaults; an edit gives a new settings file that validates with the CLI's schema, or the issue
 * by path and no file.
 */
import { isExpired } from './allow-list';
import { describe, expect, it } from 'vitest';
import {
  addAllowEntry,
  addRiskyCountry,
  addTenant,
  countryChoices,
  editSetting,
  generalFields,
  indicatorSections,
  inputValue,
  issuesAt,
  pathText,
  removeAllowEntry,
  removeRiskyCountry,
  removeTenant,
  riskyCountriesOf,
  setIndicatorEnabled,
  tenantHoursFields,
  type EditResult,
} from './settings-form';
import { defaultSettings, parseSettingsText } from './settings';
import { INDICATORS } from './indicators';
import { DEFAULT_RISKY_COUNTRIES } from '../intel/risky-countries';

const ok = (r: EditResult) => {
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return r;
};

describe('fields from the schema', () => {
  const sections = indicatorSections();
  const field = (path: string) =>
    [...sections.flatMap((s) => s.fields), ...generalFields()].find((f) => pathText(f.path) === path);

  it('one section per indicator, each field with its path, kind and default', () => {
    expect(sections.map((s) => s.id)).toEqual(INDICATORS.map((i) => i.id));
    expect(field('indicators.unusual-time.minBaselineEvents')).toEqual({
      path: ['indicators', 'unusual-time', 'minBaselineEvents'],
      kind: 'integer',
      default: 30,
      min: 1,
    });
    expect(field('indicators.unusual-time.offHoursStart')).toMatchObject({
      kind: 'integer',
      default: 20,
      min: 0,
      max: 23,
    });
    expect(field('indicators.unusual-time.maxBucketShare')).toMatchObject({
      kind: 'number',
      default: 0.01,
      min: 0,
      max: 1,
    });
    expect(field('indicators.unusual-time.offHoursFallback')).toMatchObject({
      kind: 'enum',
      default: 'population',
      options: ['population', 'fixed', 'off'],
    });
    expect(field('indicators.unusual-time.weekendIsOffHours')).toMatchObject({ kind: 'boolean', default: true });
    expect(field('indicators.unusual-time.coldStartKinds')).toMatchObject({
      kind: 'list',
      default: ['human', 'federated', 'root'],
    });
    expect(field('indicators.risky-network.riskyCountries')).toMatchObject({
      kind: 'countries',
      default: [...DEFAULT_RISKY_COUNTRIES],
    });
    // Nested objects are walked: new-auth-material's severities per kind.
    expect(field('indicators.new-auth-material.severities.access-key')).toMatchObject({
      kind: 'enum',
      options: ['info', 'low', 'medium', 'high'],
    });
    expect(field('verdict.escalateScore')).toMatchObject({ kind: 'number', default: 6 });
    expect(field('baseline.retentionDays')).toMatchObject({ kind: 'integer', default: 30, min: 1, max: 3650 });
  });

  it("every field's default is what the engine uses when the file is empty", () => {
    const d = defaultSettings();
    for (const f of [...sections.flatMap((s) => s.fields), ...generalFields()]) {
      let v: unknown = d;
      for (const k of f.path) v = (v as Record<string, unknown>)[k];
      expect(f.default, pathText(f.path)).toEqual(v);
    }
    expect(sections.flatMap((s) => s.fields).length).toBeGreaterThan(150);
  });

  it("a tenant's fields default to the global hours in force, and may be left empty", () => {
    const s = ok(editSetting({}, ['indicators', 'unusual-time', 'timezoneOffsetMinutes'], -300)).settings;
    const fields = tenantHoursFields('acme.example', s);
    expect(fields.map((f) => pathText(f.path))).toEqual(
      ['offHoursFallback', 'offHoursStart', 'offHoursEnd', 'weekendIsOffHours', 'timezoneOffsetMinutes'].map(
        (k) => `tenants.acme.example.unusualTime.${k}`,
      ),
    );
    expect(fields.find((f) => f.path[3] === 'timezoneOffsetMinutes')).toMatchObject({
      default: -300,
      optional: true,
      min: -840,
      max: 840,
    });
  });

  it('inputs become values: numbers parsed, anything else passed on for the schema to refuse, lists split', () => {
    const num = field('indicators.unusual-time.minBaselineEvents')!;
    expect(inputValue(num, ' 12 ')).toBe(12);
    expect(inputValue(num, 'twelve')).toBe('twelve');
    expect(inputValue(num, '')).toBeUndefined();
    expect(inputValue(field('indicators.unusual-time.coldStartKinds')!, 'human,\n root , ')).toEqual(['human', 'root']);
    expect(inputValue(field('indicators.unusual-time.weekendIsOffHours')!, 'false')).toBe(false);
  });
});

describe('edits', () => {
  const team = {
    indicators: { 'new-source': { minHistoryEvents: 5 } },
    allow: [{ kind: 'asn', value: 'AS64500', reason: 'VPN' }],
  };

  it('a valid edit gives a new file (only what the team set) and the settings it gives', () => {
    const r = ok(editSetting(team, ['indicators', 'unusual-time', 'minBaselineEvents'], 12));
    expect(r.file).toEqual({ ...team, indicators: { ...team.indicators, 'unusual-time': { minBaselineEvents: 12 } } });
    expect((r.settings.indicators['unusual-time'] as { minBaselineEvents: number }).minBaselineEvents).toBe(12);
    // The file the CLI reads gives the same settings.
    const cli = parseSettingsText(JSON.stringify(r.file));
    expect(cli.ok && cli.settings).toEqual(r.settings);
    // Emptied back to the default: the key leaves the file, and empty parents with it.
    expect(ok(editSetting(r.file, ['indicators', 'unusual-time', 'minBaselineEvents'], undefined)).file).toEqual(team);
  });

  it('a wrong value is refused with its path and message; the file given is untouched', () => {
    const before = structuredClone(team);
    const r = editSetting(team, ['indicators', 'unusual-time', 'offHoursStart'], 24);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      expect.objectContaining({ path: 'indicators.unusual-time.offHoursStart', message: expect.stringMatching(/23/) }),
    ]);
    expect(issuesAt(r.issues, ['indicators', 'unusual-time', 'offHoursStart'])).toHaveLength(1);
    expect(issuesAt(r.issues, ['indicators', 'unusual-time', 'offHoursEnd'])).toEqual([]);
    expect(editSetting(team, ['indicators', 'unusual-time', 'minBaselineEvents'], 'twelve')).toMatchObject({
      ok: false,
      issues: [{ path: 'indicators.unusual-time.minBaselineEvents' }],
    });
    expect(team).toEqual(before);
  });

  it('indicators on and off through `disabled`', () => {
    const off = ok(setIndicatorEnabled(team, 'unusual-time', false));
    expect(off.settings.disabled).toEqual(['unusual-time']);
    expect(ok(setIndicatorEnabled(off.file, 'unusual-time', true)).file).toEqual(team);
  });

  it('high-risk countries: one list for every indicator that has it, unknown codes refused', () => {
    const d = defaultSettings();
    const added = ok(addRiskyCountry({}, d, 'sy'));
    expect(riskyCountriesOf(added.settings)).toEqual({ codes: [...DEFAULT_RISKY_COUNTRIES, 'SY'], differ: false });
    const removed = ok(removeRiskyCountry(added.file, added.settings, 'RU'));
    expect(riskyCountriesOf(removed.settings).codes).toEqual(['CU', 'IR', 'KP', 'BY', 'SY']);
    const bad = addRiskyCountry({}, d, 'XX');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]!.path).toMatch(/^indicators\.[a-z-]+\.riskyCountries\.5$/);
    expect(countryChoices().find((c) => c.code === 'SY')?.name).toBe('Syria');
  });

  it("allow entries added one by one (refused with the field's path), removed by index; expiry read as the engine does", () => {
    const added = ok(
      addAllowEntry(team, {
        kind: 'cidr',
        value: ' 203.0.113.0/24 ',
        reason: 'office egress',
        identity: '',
        expires: '2026-12-31',
      }),
    );
    expect(added.settings.allow[1]).toEqual({
      kind: 'cidr',
      value: '203.0.113.0/24',
      reason: 'office egress',
      expires: '2026-12-31',
    });
    const bad = addAllowEntry(team, { kind: 'cidr', value: 'office', reason: '' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => i.path).sort()).toEqual(['allow.1.reason', 'allow.1.value']);
    expect(ok(removeAllowEntry(added.file, 0)).settings.allow.map((e) => e.value)).toEqual(['203.0.113.0/24']);
    expect(ok(removeAllowEntry(team, 0)).file).toEqual({ indicators: team.indicators });
    expect(isExpired({ expires: '2026-12-31' }, Date.UTC(2026, 11, 31, 23))).toBe(false);
    expect(isExpired({ expires: '2026-12-31' }, Date.UTC(2027, 0, 1))).toBe(true);
    expect(isExpired({}, Date.UTC(2099, 0, 1))).toBe(false);
  });

  it('tenants: added, their hours edited (empty: the global setting), removed', () => {
    const t = ok(addTenant({}, ' 111122223333 '));
    expect(t.file).toEqual({ tenants: { '111122223333': { unusualTime: {} } } });
    const h = ok(editSetting(t.file, ['tenants', '111122223333', 'unusualTime', 'timezoneOffsetMinutes'], 600));
    expect(h.settings.tenants['111122223333']).toEqual({ unusualTime: { timezoneOffsetMinutes: 600 } });
    expect(editSetting(t.file, ['tenants', '111122223333', 'unusualTime', 'timezoneOffsetMinutes'], 900)).toMatchObject(
      { ok: false, issues: [{ path: 'tenants.111122223333.unusualTime.timezoneOffsetMinutes' }] },
    );
    // Back to the global clock: the tenant stays listed.
    expect(
      ok(editSetting(h.file, ['tenants', '111122223333', 'unusualTime', 'timezoneOffsetMinutes'], undefined)).settings
        .tenants,
    ).toHaveProperty('111122223333');
    expect(ok(removeTenant(h.file, '111122223333')).file).toEqual({});
    expect(addTenant({}, '  ')).toMatchObject({ ok: false, issues: [{ at: ['tenants', ''] }] });
  });
});
