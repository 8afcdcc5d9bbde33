/**
 * The team settings file's per-tenant hours and baseline retention through the CLI (issue 10):
 * the same file the options page exports, read with `--settings`, gives the engine's verdicts
 * (lib/engine/indicators/unusual-time.test.ts) and cuts `--history` baselines to its retention.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAY, PEOPLE, record, START, workDay, type Row } from '../test/support/month-of-habits';

const root = join(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'tt-settings-'));

function scan(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'cli', 'scan.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 1 << 26,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
interface Out {
  findings: { indicator: string; events: string[] }[];
}
const ndjson = (rows: Row[]): string => rows.map((r) => JSON.stringify(r.record)).join('\n') + '\n';
const file = (name: string, body: unknown): string => {
  const p = join(tmp, name);
  writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
  return p;
};

describe('--settings: per-tenant working hours', () => {
  // Wednesday 2 September 2026, 03:00 UTC: one call in each of two accounts.
  const at = START + DAY + 3 * 3_600_000;
  const eu = record(PEOPLE[0], 0, at, { account: '111122223333' });
  const au = record(PEOPLE[1], 0, at, { account: '444455556666' });
  const input = file('night.ndjson', ndjson([eu, au]));
  const hours = (timezoneOffsetMinutes: number) => ({
    unusualTime: { offHoursFallback: 'fixed', offHoursStart: 17, offHoursEnd: 9, timezoneOffsetMinutes },
  });
  const unusual = (settings: string): string[][] => {
    const r = scan(['--json', '--settings', settings, input]);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as Out).findings.filter((f) => f.indicator === 'unusual-time').map((f) => f.events);
  };

  it('03:00 UTC is off-hours for the tenant working 09–17 UTC+0 and within hours for the tenant at UTC+10', () => {
    const ids = (r: Row) => [r.record.eventID as string];
    expect(
      unusual(file('tenants.json', { tenants: { '111122223333': hours(0), '444455556666': hours(600) } })),
    ).toEqual([ids(eu)]);
    expect(
      unusual(file('swapped.json', { tenants: { '111122223333': hours(600), '444455556666': hours(0) } })),
    ).toEqual([ids(au)]);
  });

  it('refuses a wrong tenant section by path, before reading any log', () => {
    const r = scan([
      '--settings',
      file('bad-tenant.json', { tenants: { '111122223333': { unusualTime: { timezoneOffsetMinutes: 900 } } } }),
      input,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tenants.111122223333.unusualTime.timezoneOffsetMinutes');
  });
});

describe('--settings: baseline retention for --history', () => {
  it('the saved baseline keeps baseline.retentionDays days, ending at the newest activity', () => {
    const month = file('month.ndjson', ndjson(Array.from({ length: 30 }, (_, d) => workDay(d)).flat()));
    const dir = join(tmp, 'history-7');
    const r = scan([
      '--json',
      '--history',
      dir,
      '--settings',
      file('retention.json', { baseline: { retentionDays: 7 } }),
      month,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const [name] = readdirSync(dir);
    const saved = JSON.parse(readFileSync(join(dir, name!), 'utf8')) as {
      retentionDays: number;
      subjects: Record<string, { times: number[] }>;
    };
    expect(saved.retentionDays).toBe(7);
    const times = Object.values(saved.subjects).flatMap((s) => s.times);
    const newest = Math.max(...times);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(newest - 7 * DAY);
    // Without the setting, the month stays (30 days by default).
    const dflt = join(tmp, 'history-default');
    expect(scan(['--json', '--history', dflt, month]).code).toBe(0);
    const kept = JSON.parse(readFileSync(join(dflt, readdirSync(dflt)[0]!), 'utf8')) as {
      retentionDays: number;
      subjects: Record<string, { times: number[] }>;
    };
    expect(kept.retentionDays).toBe(30);
    expect(Math.min(...Object.values(kept.subjects).flatMap((s) => s.times))).toBeLessThan(newest - 7 * DAY);
  });

  it('refuses a retention that is not a whole number of days of at least one', () => {
    const r = scan([
      '--settings',
      file('bad-retention.json', { baseline: { retentionDays: 0.5 } }),
      file('empty.ndjson', ''),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('baseline.retentionDays');
  });
});
