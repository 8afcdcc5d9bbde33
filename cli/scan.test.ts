/**
 * The CLI end to end, as a user runs it: a child process over files and standard input,
 * checking the JSON contract, the readable report, and the exit codes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const demoCloudTrail = join(root, 'demo', 'cloudtrail-stolen-keys.ndjson');
const demoEntra = join(root, 'demo', 'entra-signins-token-replay.json');

function scan(args: string[], input?: string | Uint8Array) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'cli', 'scan.ts'), ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 1 << 26,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface ScanOut {
  verdict: string;
  reasons: string[];
  findings: { indicator: string; severity: string; title: string; events: string[]; identities: string[] }[];
  stats: { records: number; parsed: number; rejected: number };
  rejections: { examples: { ref: string; reason: string }[] };
}
const json = (stdout: string): ScanOut => {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as ScanOut;
};

const tmp = mkdtempSync(join(tmpdir(), 'tt-cli-'));

describe('token-triage CLI', () => {
  it("escalates the demo CloudTrail, naming the stolen key's records by their eventIDs", () => {
    const r = scan(['--json', demoCloudTrail]);
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out.verdict).toBe('escalate');
    expect(out.stats).toEqual({
      records: 211,
      parsed: 211,
      rejected: 0,
      events: 211,
      noCaller: 0,
      byFormat: { cloudtrail: 211 },
    });
    const ids = new Set(
      readFileSync(demoCloudTrail, 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { eventID: string }).eventID),
    );
    for (const f of out.findings) for (const id of f.events) expect(ids.has(id), id).toBe(true);
    const fed = out.findings.find((f) => f.indicator === 'broader-permissions');
    expect(fed?.severity).toBe('high');
    expect(fed?.identities).toEqual(['arn:aws:iam::111122223333:user/alice']);
    // Bob's ordinary work is never the subject of a medium or high finding (the key the attacker
    // created for him is, by design, a finding about the federated session, not about bob).
    const bobFlagged = out.findings.filter(
      (f) => f.identities.includes('arn:aws:iam::111122223333:user/bob') && ['medium', 'high'].includes(f.severity),
    );
    expect(bobFlagged).toEqual([]);
  });

  it('escalates the demo Entra export (BOM, Graph wrapper) on the replayed session', () => {
    const out = json(scan(['--json', demoEntra]).stdout);
    expect(out.verdict).toBe('escalate');
    const replay = out.findings.find((f) => f.indicator === 'token-multi-source');
    expect(replay?.identities).toEqual(['carol.diaz@contoso.example']);
    expect(out.findings.some((f) => f.identities.includes('dave.kim@contoso.example') && f.severity !== 'info')).toBe(
      false,
    );
  });

  it('prints a readable report with the verdict, the playbook reason and evidence rows', () => {
    const r = scan([demoCloudTrail]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Verdict: ESCALATE TO TIER 2');
    expect(r.stdout).toContain('Token used from unfamiliar or risky locations');
    expect(r.stdout).toMatch(
      new RegExp(
        '↳ 2026-11-09T03:1\\d:\\d\\d\\.000Z {2}GetFederationToken {2}by arn:aws:iam::111122223333:user/alice ' +
          'key AKIAEXAMPLEALICE0001 {2}via [a-z ]+ {2}from 159\\.89\\.14\\.201',
      ),
    );
  });

  it('reads gzip from standard input and reports bad records with their line and reason', () => {
    const lines = readFileSync(demoCloudTrail, 'utf8').trim().split('\n');
    const text = [lines[0], '{"broken": ', 'plain text', lines[1], '{"hello":"world"}'].join('\n') + '\n';
    const out = json(scan(['--json', '-'], gzipSync(new TextEncoder().encode(text))).stdout);
    expect(out.stats).toMatchObject({ records: 5, parsed: 2, rejected: 3 });
    expect(out.rejections.examples).toEqual([
      { ref: 'stdin:2', reason: expect.stringMatching(/^not valid JSON/) },
      { ref: 'stdin:3', reason: expect.stringMatching(/^not valid JSON/) },
      { ref: 'stdin:5', reason: 'unknown record shape (keys: hello)' },
    ]);
  });

  it('exits 2 with a message on usage errors and when nothing can be read', () => {
    expect(scan([]).code).toBe(2);
    expect(scan(['--bogus', demoCloudTrail]).stderr).toContain('unknown option --bogus');
    expect(scan([join(tmp, 'missing.json')]).stderr).toContain('no such file');
    const dir = scan([tmp]);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toContain(`${tmp}: is a directory`);
    const junk = join(tmp, 'junk.txt');
    writeFileSync(junk, 'not a log at all\n');
    const r = scan(['--json', junk]);
    expect(r.code).toBe(2);
    expect(json(r.stdout).stats).toMatchObject({ parsed: 0, rejected: 1 });
  });

  it('refuses invalid settings with the path of each problem, and applies valid ones', () => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ indicators: { 'token-minting': { nope: 1 } }, verdict: { escalateScore: 'high' } }),
    );
    const r = scan(['--settings', bad, demoCloudTrail]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('verdict.escalateScore');
    expect(r.stderr).toContain('indicators.token-minting');
    const off = join(tmp, 'off.json');
    writeFileSync(off, JSON.stringify({ disabled: ['broader-permissions'] }));
    const out = json(scan(['--json', '--settings', off, demoCloudTrail]).stdout);
    expect(out.findings.some((f) => f.indicator === 'broader-permissions')).toBe(false);
  });

  it('neutralises terminal escapes in hostile log text', () => {
    const hostile = join(tmp, 'hostile.ndjson');
    const lines = readFileSync(demoCloudTrail, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const rec of lines)
      if (rec.sourceIPAddress === '159.89.14.201') rec.userAgent = 'python-requests/2.31 \u001b[2J\u001b]0;pwned\u0007';
    writeFileSync(hostile, lines.map((l) => JSON.stringify(l)).join('\n'));
    const r = scan([hostile]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).not.toContain('\u0007');
  });

  describe('--case: the case for the ticket, from the command line', () => {
    it("opens the worst identity's case with the playbook answered and the containment filled in", () => {
      const r = scan(['--case', 'markdown', '--analyst', 'Ana Lyst', demoCloudTrail]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^# Token Triage case [0-9a-f-]{36}: Identity arn:aws:iam::111122223333:user\/alice\n/);
      expect(r.stdout).toContain('| Analyst | Ana Lyst |');
      expect(r.stdout).toContain('Did the token access occur from an unfamiliar IP address or geographical location?');
      expect(r.stdout).toMatch(/Proposed answer:\*\* Yes/);
      expect(r.stdout).toContain("--access-key-id 'AKIAEXAMPLEALICE0001'");
    });

    it('takes the subject named, in any export format', () => {
      const r = scan(['--case', 'json', '--subject', 'token:AKIAEXAMPLEALICE0001', demoCloudTrail]);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout) as { case: { subject: unknown; snapshot: { findings: unknown[] } } };
      expect(doc.case.subject).toEqual({ kind: 'token', id: 'AKIAEXAMPLEALICE0001' });
      expect(doc.case.snapshot.findings.length).toBeGreaterThan(0);
      const csv = scan(['--case', 'csv', demoCloudTrail]);
      expect(csv.stdout.split('\r\n')[0]).toMatch(/^"?Time/i);
    });

    it('refuses an unknown format, a subject not in the input, and --json with --case', () => {
      expect(scan(['--case', 'pdf', demoCloudTrail]).stderr).toContain('--case needs a format: markdown, jira');
      const missing = scan(['--case', 'markdown', '--subject', 'identity:nobody', demoCloudTrail]);
      expect(missing).toMatchObject({ code: 2, stdout: '' });
      expect(missing.stderr).toContain('identity nobody is not in the input');
      expect(scan(['--json', '--case', 'markdown', demoCloudTrail]).code).toBe(2);
      expect(scan(['--subject', 'token:x', demoCloudTrail]).stderr).toContain('--subject and --analyst go with --case');
    });
  });
});
