/**
 * `--history DIR` end to end (issue 10), as an analyst runs it day after day: a 30-day baseline
 * of steady habits learned from earlier exports sharpens the verdict on day 31, where the same
 * day judged cold does not; a damaged, foreign or newer directory is refused and left untouched.
 * The month is test/support/month-of-habits.ts, the same one the extension's baseline tests use.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { day31, isMisuse, STOLEN_IP, workDay, type Row } from '../test/support/month-of-habits';

const root = join(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'tt-history-'));

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
  verdict: string;
  findings: { indicator: string; severity: string; title: string; detail: string; events: string[] }[];
}

const ndjson = (rows: Row[]): string => rows.map((r) => JSON.stringify(r.record)).join('\n') + '\n';

const month = join(tmp, 'month.ndjson');
const today = join(tmp, 'day31.ndjson');
writeFileSync(month, ndjson(Array.from({ length: 30 }, (_, d) => workDay(d)).flat()));
writeFileSync(today, ndjson(day31()));

const misuseCited = (o: Out, indicator: string): Out['findings'] =>
  o.findings.filter((f) => f.indicator === indicator && f.events.some(isMisuse));

describe('token-triage --history DIR', () => {
  const dir = join(tmp, 'history');

  it("learns a month, then flags day 31's new network with first-seen evidence that the cold scan lacks", () => {
    const first = scan(['--json', '--history', dir, month]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('no history yet');
    const files = readdirSync(dir);
    expect(files).toEqual(['aws_111122223333.baseline.json']);
    const stored = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8')) as {
      tenant: string;
      subjects: Record<string, { seen: { ip?: Record<string, number> } }>;
    };
    expect(stored.tenant).toBe('aws:111122223333');
    expect(Object.keys(stored.subjects['id:arn:aws:iam::111122223333:user/alice']!.seen.ip!)).toEqual(['81.2.69.142']);

    const warm = scan(['--json', '--history', dir, today]);
    expect(warm.code, warm.stderr).toBe(0);
    expect(warm.stderr).toMatch(/judged with \d+ day\(s\) of history for 5 identities and 5 tokens/);
    const judged = JSON.parse(warm.stdout) as Out;
    const fresh = misuseCited(judged, 'new-source');
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.some((f) => f.severity === 'medium' || f.severity === 'high')).toBe(true);
    expect(fresh.map((f) => `${f.title} ${f.detail}`).join(' ')).toContain(STOLEN_IP);
    expect(judged.verdict).not.toBe('benign');
    // …and the new hour, against a month of 09:00–17:00.
    expect(misuseCited(judged, 'unusual-time').some((f) => f.severity === 'medium')).toBe(true);

    // Each says how much history it was judged against: Alice's month, 1 September to 30 September.
    for (const f of fresh) expect(f.detail).toMatch(/ First time in 30 days of history for this identity\.$/);
    for (const f of misuseCited(judged, 'unusual-time'))
      expect(f.detail).toMatch(/ Judged against 30 days of history for this identity\.$/);

    const cold = JSON.parse(scan(['--json', today]).stdout) as Out;
    expect(misuseCited(cold, 'new-source')).toEqual([]);
    expect(misuseCited(cold, 'unusual-time')).toEqual([]);
    // Without --history the CLI's findings keep their text: no clause about history at all.
    expect(cold.findings.map((f) => f.detail).join(' ')).not.toMatch(/days of history for|no history yet/i);
  });

  it('cold, with --history on an empty directory, the findings that rest on history say there is none', () => {
    const empty = join(tmp, 'empty-history');
    const out = JSON.parse(scan(['--json', '--history', empty, today]).stdout) as Out;
    // Day 31 cold: Alice's scripting client is judged without knowing what she normally uses.
    const client = misuseCited(out, 'suspicious-client');
    expect(client.length).toBe(1);
    expect(client[0]!.detail).toMatch(/ No history yet: judged on this view only\.$/);
    expect(out.findings.map((f) => f.detail).join(' ')).not.toMatch(/days of history for/);
  });

  it('an allow-list entry for that network takes its findings out of the verdict and says why', () => {
    const settings = join(tmp, 'team.json');
    writeFileSync(
      settings,
      JSON.stringify({
        allow: [
          {
            kind: 'cidr',
            value: '45.155.205.0/24',
            identity: 'arn:aws:iam::111122223333:user/alice',
            reason: "Alice's pentest box, ticket SEC-42",
          },
        ],
      }),
    );
    const out = JSON.parse(scan(['--json', '--settings', settings, today]).stdout) as Out & {
      findings: { allowedBy?: { reason: string }[] }[];
    };
    const onlyVps = out.findings.filter((f) => f.events.every(isMisuse));
    expect(onlyVps.length).toBeGreaterThan(0);
    for (const f of onlyVps)
      expect((f as { allowedBy?: { reason: string }[] }).allowedBy?.[0]?.reason).toBe(
        "Alice's pentest box, ticket SEC-42",
      );
    const text = scan(['--settings', settings, today]).stdout;
    expect(text).toContain('[ALLOWED');
    expect(text).toContain(
      "allowed by the team's list: cidr 45.155.205.0/24 for arn:aws:iam::111122223333:user/alice (Alice's " +
        'pentest box, ticket SEC-42); not counted in the verdict',
    );
  });

  it("keeps what it learned: day 31's network is known on the next run", () => {
    const stored = JSON.parse(readFileSync(join(dir, 'aws_111122223333.baseline.json'), 'utf8')) as {
      subjects: Record<string, { seen: { ip?: Record<string, number> } }>;
    };
    expect(Object.keys(stored.subjects['id:arn:aws:iam::111122223333:user/alice']!.seen.ip!).sort()).toEqual(
      [STOLEN_IP, '81.2.69.142'].sort(),
    );
  });

  it('refuses a damaged, foreign or newer directory and leaves it as it was', () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      ['damaged', { 'aws_1.baseline.json': '{"format":"token-triage-baseline","version":1,' }, /is not JSON/],
      ['foreign', { 'notes.txt': 'my notes' }, /not a Token Triage history directory/],
      [
        'newer',
        { 'aws_1.baseline.json': JSON.stringify({ format: 'token-triage-baseline', version: 2 }) },
        /version 2; this build reads version 1/,
      ],
      [
        'misnamed',
        {
          'aws_2.baseline.json': JSON.stringify({
            format: 'token-triage-baseline',
            version: 1,
            tenant: 'aws:1',
            savedAt: 0,
            retentionDays: 30,
            subjects: {},
          }),
        },
        /belongs in aws_1\.baseline\.json/,
      ],
      [
        'bad field',
        {
          'aws_1.baseline.json': JSON.stringify({
            format: 'token-triage-baseline',
            version: 1,
            tenant: 'aws:1',
            savedAt: 0,
            retentionDays: 30,
            subjects: { 'id:x': { times: ['x'], seen: {} } },
          }),
        },
        /damaged: subjects\.id:x\.times\.0/,
      ],
    ];
    for (const [label, contents, message] of cases) {
      const d = join(tmp, `bad-${label.replace(/ /g, '-')}`);
      mkdirSync(d);
      for (const [name, text] of Object.entries(contents)) writeFileSync(join(d, name), text);
      const r = scan(['--json', '--history', d, today]);
      expect(r.code, label).toBe(2);
      expect(r.stderr, label).toMatch(message);
      expect(r.stdout, label).toBe('');
      for (const [name, text] of Object.entries(contents))
        expect(readFileSync(join(d, name), 'utf8'), label).toBe(text);
      expect(readdirSync(d).sort(), label).toEqual(Object.keys(contents).sort());
    }
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    expect(scan(['--json', '--history', file, today]).stderr).toContain('is not a directory');
    expect(existsSync(join(tmp, 'never-made'))).toBe(false);
  });
});
