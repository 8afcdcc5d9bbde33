/**
 * The CLI's two outputs over a hand-built engine result: what they say about evidence whose
 * record had no readable time, and that log text cannot steer the terminal.
 */
import { describe, expect, it } from 'vitest';
import { ev, T0 } from '../../test/support/events';
import { findingFrom } from '../engine/finding';
import { decide } from '../engine/verdict';
import type { EngineResult } from '../engine/run';
import { emptyStats } from '../sources/read-events';
import type { TokenEvent } from '../model/token-event';
import { clean, textReport } from './text-report';
import { toScanJson } from './scan-json';

const untimed = ev({
  id: 'no-time-1',
  time: 0,
  timeKnown: false,
  source: { ip: '203.0.113.9' },
  action: { name: 'GetFederationToken' },
});
const timed = ev({ id: 'timed-1', time: T0, source: { ip: '203.0.113.9' }, action: { name: 'GetFederationToken' } });

function resultOf(proof: TokenEvent[]): EngineResult {
  const findings = [findingFrom('token-minting', { severity: 'high', title: 'minted', detail: 'minted.' }, proof)];
  return { findings, errors: [], noCaller: 0, ...decide(findings) };
}

function report(proof: TokenEvent[]): string {
  const byId = new Map(proof.map((e) => [e.id, e]));
  return textReport({
    result: resultOf(proof),
    stats: emptyStats(),
    rejections: [],
    eventById: (id) => byId.get(id),
    files: ['x.json'],
  });
}

describe('evidence without a readable time', () => {
  it('the report says the time is unknown instead of printing 1970', () => {
    const out = report([untimed, timed]);
    expect(out).toMatch(/↳ time unknown {2}GetFederationToken .*\[no-time-1\]/);
    expect(out).toContain(`↳ ${new Date(T0).toISOString()}  GetFederationToken`);
    expect(out).not.toContain('1970-');
  });

  it('the JSON gives the first known time, and null when no evidence record has one', () => {
    const stats = emptyStats();
    expect(toScanJson(resultOf([untimed, timed]), stats, []).findings[0]!.time).toBe(new Date(T0).toISOString());
    expect(toScanJson(resultOf([untimed]), stats, []).findings[0]!.time).toBeNull();
  });
});

describe('secrets in log text (issue 8)', () => {
  // Titles, details and evidence lines carry log text (actions, names, user agents): both outputs mask it.
  const JWT =
    'eyJhbGciOiJSUzI1NiIsImtpZCI6IlBsYW50ZWQifQ.eyJzdWIiOiJwbGFudGVkLXVzZXIiLCJhdWQiOiJ0cmlhZ2UifQ.Pl4nt3dQx7Vb_2kRm9Tz4Wc8Ny1Hq6Jd3Fs5Lg0Ae7Ku';
  const withSecret = ev({
    id: 'sec-1',
    time: T0,
    source: { ip: '203.0.113.9' },
    action: { name: `GetObject Authorization: Bearer ${JWT}` },
  });
  const result = (): EngineResult => {
    const findings = [
      findingFrom(
        'token-minting',
        {
          severity: 'high',
          title: `minted with ${JWT}`,
          detail: `user agent "x {\\"client_secret\\": \\"hunter2x9\\"}"`,
        },
        [withSecret],
      ),
    ];
    return { findings, errors: [], noCaller: 0, ...decide(findings) };
  };

  it('the text report masks them in titles, details and evidence lines', () => {
    const out = textReport({
      result: result(),
      stats: emptyStats(),
      rejections: [],
      eventById: () => withSecret,
      files: ['x.json'],
    });
    expect(out).not.toContain('Pl4nt3dQx7Vb');
    expect(out).not.toContain('hunter2x9');
    expect(out).toContain('minted with eyJh…e7Ku');
    expect(out).toContain('GetObject Authorization: Bearer eyJh…e7Ku');
  });

  it('the JSON masks them everywhere', () => {
    const out = JSON.stringify(toScanJson(result(), emptyStats(), [{ ref: 'x.json:2', reason: `bad record ${JWT}` }]));
    expect(out).not.toContain('Pl4nt3dQx7Vb');
    expect(out).not.toContain('hunter2x9');
    expect(out).toContain('minted with eyJh…e7Ku');
    expect(out).toContain('bad record eyJh…e7Ku');
  });
});

describe('repeated records', () => {
  it('both outputs say how many repeated records were read once, and say nothing when there were none', () => {
    const stats = { ...emptyStats(), records: 14, parsed: 14, events: 7, duplicates: 7 };
    const out = textReport({
      result: resultOf([timed]),
      stats,
      rejections: [],
      eventById: () => timed,
      files: ['x.json'],
    });
    expect(out).toContain(
      '14 records, 14 read, 0 not read; 7 events (no known format); 7 repeated records (same record id) read once',
    );
    expect(toScanJson(resultOf([timed]), stats, []).stats).toMatchObject({ duplicates: 7 });
    expect(report([timed])).not.toContain('repeated records');
    expect(toScanJson(resultOf([timed]), emptyStats(), []).stats).not.toHaveProperty('duplicates');
  });
});

describe('records without a caller', () => {
  it('the report and the JSON say how many records named no caller, and the finding names no identity', async () => {
    const { runEngine } = await import('../engine/run');
    const nobody = { id: 'unknown', kind: 'unknown' as const };
    // Two unrelated stripped records with the console's back end as user agent, one named caller.
    const events = [
      ev({
        id: 'n1',
        time: T0,
        actor: nobody,
        source: { userAgent: 'aws-internal/3 aws-sdk-java/1.12.692' },
        action: { name: 'ListUsers', service: 'iam.amazonaws.com', verb: 'list' },
      }),
      ev({
        id: 'n2',
        time: T0 + 1000,
        actor: nobody,
        source: { userAgent: 'aws-cli/2.15.30 TruffleHog' },
        action: { name: 'GetCallerIdentity', service: 'sts.amazonaws.com', verb: 'read' },
      }),
      ev({ id: 'a1', time: T0 + 2000 }),
    ];
    const result = runEngine(events);
    expect(result.noCaller).toBe(2);
    const stats = { ...emptyStats(), records: 3, parsed: 3, events: 3 };
    expect(toScanJson(result, stats, []).stats.noCaller).toBe(2);
    const byId = new Map(events.map((e) => [e.id, e]));
    const out = textReport({ result, stats, rejections: [], eventById: (id) => byId.get(id), files: ['x.json'] });
    expect(out).toContain('2 record(s) name no caller');
    expect(out).toContain('by no caller named');
    // The attacker tool on a caller-less record is still found, on its own subject, not "unknown".
    const tool = result.findings.find((f) => f.indicator === 'suspicious-client')!;
    expect(tool.severity).toBe('high');
    expect(tool.identities).toEqual([]);
    expect(result.subjects.map((s) => s.subject)).not.toContain('id:unknown');
    expect(result.subjects.some((s) => s.subject.startsWith('no-caller:'))).toBe(true);
  });
});

describe('bidirectional controls', () => {
  it('are printed as visible U+FFFD, never as controls', () => {
    expect(clean('curl/8.0 \u202Eexe.txt\u2066x\u2069')).toBe('curl/8.0 \uFFFDexe.txt\uFFFDx\uFFFD');
  });
});
