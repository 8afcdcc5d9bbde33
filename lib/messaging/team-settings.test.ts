/**
 * The team's settings file in the extension: parsed and refused like the CLI's `--settings`, and
 * a tab judged with an allow-list shows the allowed findings with their reason and leaves them out
 * of the verdict (issue 10). Storage is the browser's; the parsing and judging are pure and tested here.
 */
import { describe, expect, it } from 'vitest';
import { parseSettingsText, settingsSummary } from '../engine/settings';
import { analyseTab, applyPageRows, emptyTab } from './tab-state';
import type { PageRows } from './protocol';
import { day31, isMisuse, STOLEN_IP } from '../../test/support/month-of-habits';

const TEAM = JSON.stringify({
  disabled: ['unusual-time'],
  indicators: { 'token-multi-source': { windowMinutes: 60 } },
  allow: [{ kind: 'cidr', value: `${STOLEN_IP}/32`, reason: 'pentest box, ticket SEC-42' }],
});

describe('a team settings file', () => {
  it('is read whole and summarised', () => {
    const r = parseSettingsText(TEAM);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(settingsSummary(r.settings)).toBe(
      '1 allow-list entry, 1 indicator(s) off, 1 indicator(s) with changed thresholds',
    );
  });

  it('is refused with every problem by path, or as not JSON, or as not an object', () => {
    const bad = parseSettingsText(
      JSON.stringify({
        allow: [{ kind: 'cidr', value: 'office', reason: 'x' }],
        indicators: { 'new-source': { minHistoryEvent: 3 } },
      }),
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.some((e) => e.startsWith('allow.0.value: not a CIDR'))).toBe(true);
    expect(bad.errors.some((e) => e.startsWith('indicators.new-source'))).toBe(true);
    expect(parseSettingsText('{"allow": [')).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^not JSON: /)],
    });
    expect(parseSettingsText('[]')).toEqual({ ok: false, errors: ['(root): a settings file is one JSON object'] });
  });
});

describe('a tab judged with the team settings', () => {
  const page: PageRows = {
    type: 'page-rows',
    url: 'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home#/events',
    readerId: 'aws-cloudtrail-events',
    recognized: true,
    reset: true,
    rows: day31(),
  };
  const intel = {
    lookup: (ip: string) =>
      ip === STOLEN_IP
        ? { kind: 'hosting' as const, asn: 208677, country: 'RU' }
        : { kind: 'residential' as const, asn: 2856, country: 'GB' },
  };

  it('marks the findings the allow-list covers, with the reason, and leaves them out of the verdict', () => {
    const tab = emptyTab();
    applyPageRows(tab, 0, page);
    const cold = analyseTab(tab, intel).view.analysis;
    const onlyMisuse = (fs: typeof cold.findings) => fs.filter((f) => f.evidence.every((e) => isMisuse(e.eventId)));
    expect(onlyMisuse(cold.findings).length).toBeGreaterThan(0);
    expect(cold.verdict).not.toBe('benign');

    const r = parseSettingsText(TEAM);
    if (!r.ok) throw new Error(r.errors.join());
    const judged = analyseTab(tab, intel, undefined, r.settings).view.analysis;
    const allowed = onlyMisuse(judged.findings);
    expect(allowed.length).toBeGreaterThan(0);
    for (const f of allowed)
      expect(f.allowed).toBe(`allowed by the team's list: cidr ${STOLEN_IP}/32 (pentest box, ticket SEC-42)`);
    // Out of the verdict: Alice's score drops by what the allowed findings gave it…
    const score = (a: typeof cold) => a.subjects.find((x) => x.id.endsWith('user/alice'))?.score ?? 0;
    expect(score(judged)).toBeLessThan(score(cold));
    // …while a finding that also cites a record outside the list (the travel from the VPS back to
    // her office) is not allowed and still counts.
    const mixed = judged.findings.filter(
      (f) => f.evidence.some((e) => isMisuse(e.eventId)) && !f.evidence.every((e) => isMisuse(e.eventId)),
    );
    expect(mixed.length).toBeGreaterThan(0);
    for (const f of mixed) expect(f.allowed).toBeUndefined();
    // The disabled indicator is gone, the cache did not hand back the cold analysis.
    expect(judged.findings.some((f) => f.indicator === 'unusual-time')).toBe(false);
  });
});
