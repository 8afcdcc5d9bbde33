/**
 * The L1 steps and the timeline series over the sample case (a stolen AWS key used from a VPS)
 * and over variants built from it: sign-in logs with failures, a new OAuth app, no baseline, no
 * times at all.
 */
import { describe, expect, it } from 'vitest';
import type { Case, CaseEvent } from '../model/case';
import { sampleCase } from '../../test/support/cases';
import { DAY_MS, correlateLogins, l1Steps, legitimatePattern, newApplications, timelineSeries } from './l1-steps';
import { subjectEvents } from './case-events';
import { utc } from './phrasing';
import { T1550_001 } from './t1550-001';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 20, 2, 14, 7);
const SUBJECT = 'arn:aws:iam::111122223333:user/ci-deploy';

function withEvents(c: Case, extra: CaseEvent[]): Case {
  const events = [...c.snapshot.events, ...extra].sort((a, b) => a.time - b.time);
  return { ...c, snapshot: { ...c.snapshot, events } };
}

function signIn(over: Partial<CaseEvent> & Pick<CaseEvent, 'id' | 'time'>): CaseEvent {
  return {
    timeKnown: true,
    provider: 'aws',
    format: 'cloudtrail',
    class: 'authentication',
    actor: SUBJECT,
    actorKind: 'human',
    action: 'ConsoleLogin',
    verb: 'auth',
    success: true,
    flagged: [],
    ...over,
  };
}

describe('l1Steps', () => {
  it('covers every L1 item of the playbook, by id', () => {
    expect(Object.keys(l1Steps(sampleCase())).sort()).toEqual(T1550_001.l1Steps.map((s) => s.id).sort());
  });
});

describe('l1-correlate-logins', () => {
  it('without sign-in logs says which log to check, and still reports failed calls before the token use', () => {
    const r = correlateLogins(sampleCase());
    expect(r.coverage).toBe(false);
    expect(r.summary[0]).toBe(
      `No sign-in events in this analysis: check the identity provider's sign-in log for the 24 h before ${utc(T0 - 5 * MIN)}`,
    );
    expect(r.summary).toContain('1 failed attempt: 1 from 203.0.113.66 (AS14061 DigitalOcean, NL)');
    expect(
      r.summary.some((l) =>
        l.startsWith('A success followed the failures: GetCallerIdentity at 2026-11-20 02:14:07 UTC'),
      ),
    ).toBe(true);
    // The failed call and the success that followed it; not the baseline call 3 days earlier.
    expect(r.events).toEqual(['ev-denied', 'ev-steal-1']);
  });

  it('with sign-in logs: counts failures by source, distinct IPs and the success after them, inside the look-back only', () => {
    const c = withEvents(sampleCase(), [
      signIn({ id: 'si-old', time: T0 - 2 * DAY_MS, success: false, ip: '192.0.2.1' }),
      signIn({
        id: 'si-f1',
        time: T0 - 60 * MIN,
        success: false,
        ip: '203.0.113.66',
        asn: 14061,
        asOrg: 'DigitalOcean',
        code: 'FailedAuthentication',
      }),
      signIn({
        id: 'si-f2',
        time: T0 - 50 * MIN,
        success: false,
        ip: '203.0.113.66',
        asn: 14061,
        asOrg: 'DigitalOcean',
      }),
      signIn({ id: 'si-f3', time: T0 - 40 * MIN, success: false, ip: '198.18.0.9' }),
      signIn({ id: 'si-ok', time: T0 - 30 * MIN, success: true, ip: '203.0.113.66' }),
    ]);
    const r = correlateLogins(c);
    expect(r.coverage).toBe(true);
    expect(r.summary[0]).toMatch(/^4 sign-in events from 24 h before .* \(1 succeeded, 3 failed\)$/);
    expect(r.summary).toContain('4 failed attempts: 3 from 203.0.113.66 (AS14061 DigitalOcean), 1 from 198.18.0.9');
    expect(r.summary.find((l) => l.startsWith('A success followed'))).toContain('ConsoleLogin at');
    expect(r.summary).toContain('2 distinct source IPs: 203.0.113.66, 198.18.0.9');
    expect(r.events).not.toContain('si-old');
    expect(r.events).toEqual(expect.arrayContaining(['si-f1', 'si-f2', 'si-f3', 'si-ok', 'ev-denied']));
  });

  it('a shorter look-back leaves the earlier failures out', () => {
    const c = withEvents(sampleCase(), [
      signIn({ id: 'si-f1', time: T0 - 60 * MIN, success: false, ip: '203.0.113.66' }),
    ]);
    expect(correlateLogins(c, { lookbackMs: 10 * MIN }).events).not.toContain('si-f1');
    expect(correlateLogins(c).events).toContain('si-f1');
  });

  it('no readable time: says so instead of inventing a window', () => {
    const c = sampleCase();
    c.snapshot.events = c.snapshot.events.map((e) => ({ ...e, timeKnown: false, time: 0 }));
    const r = correlateLogins(c);
    expect(r.events).toEqual([]);
    expect(r.summary[0]).toMatch(/has a readable time: sign-ins cannot be placed/);
  });
});

describe('l1-new-applications', () => {
  it('lists the new-auth-material evidence; no app fields in CloudTrail means no coverage', () => {
    const c = sampleCase();
    c.snapshot.findings.push({
      indicator: 'new-auth-material',
      severity: 'medium',
      title: 'New access key created for backup-admin',
      detail: '',
      time: T0 + 3 * MIN,
      identities: [SUBJECT],
      tokens: [],
      evidence: [{ eventId: 'ev-steal-3', ref: 'x', label: 'CreateAccessKey' }],
    });
    const r = newApplications(c);
    expect(r.summary[0]).toBe('Finding (medium): New access key created for backup-admin');
    expect(r.events).toEqual(['ev-steal-3']);
    expect(r.coverage).toBe(false);
    expect(r.summary.at(-1)).toMatch(/^No application or consent events in this analysis/);
  });

  it('tells apps first seen in the flagged window from apps used before it', () => {
    const c = withEvents(sampleCase(), [
      signIn({ id: 'app-old', time: T0 - 2 * DAY_MS, appId: 'app-outlook', appName: 'Outlook' }),
      signIn({
        id: 'app-old-again',
        time: T0 + MIN,
        appId: 'app-outlook',
        appName: 'Outlook',
        flagged: ['new-source'],
      }),
      {
        ...signIn({
          id: 'grant-1',
          time: T0 + 90_000,
          appId: 'app-evil',
          appName: 'Mail Sync Pro',
          flagged: ['oauth-consent'],
        }),
        class: 'authorization_grant',
        action: 'Consent to application',
      },
    ]);
    const r = newApplications(c);
    expect(r.coverage).toBe(true);
    expect(r.summary).toContain(
      `New application in the flagged window: Mail Sync Pro (app-evil), first seen ${utc(T0 + 90_000)}`,
    );
    expect(r.summary).toContain('Applications already used before the flagged window: Outlook (app-outlook)');
    expect(r.summary.some((l) => l.includes('New application') && l.includes('Outlook'))).toBe(false);
    expect(r.summary).toContain('1 grant or consent event: Consent to application (Mail Sync Pro)');
    expect(r.events).toEqual(['grant-1']);
  });
});

describe('l1-legitimate-pattern', () => {
  it('marks the flagged values never seen in the earlier unflagged events', () => {
    const r = legitimatePattern(sampleCase());
    expect(r.coverage).toBe(true);
    expect(r.summary[0]).toMatch(/^4 flagged events compared with 1 earlier event/);
    expect(r.summary).toContain('Source IPs: usual 198.51.100.10; flagged 203.0.113.66 (new)');
    expect(r.summary).toContain('Networks: usual AS7018 AT&T; flagged AS14061 DigitalOcean (new)');
    expect(r.summary).toContain('Countries: usual US; flagged NL (new)');
    expect(r.summary).toContain('User agents: usual aws-cli/2.15.0; flagged python-requests/2.31 (new)');
    // The baseline call was at 02:14 UTC three days before, the same hour as the theft.
    expect(r.summary).toContain('Hours (UTC): usual 02:00; flagged 02:00');
    expect(r.events).toEqual(['ev-denied', 'ev-steal-1', 'ev-steal-2', 'ev-steal-3', 'ev-home-1']);
  });

  it('no earlier events: no coverage, and the summary says where to look', () => {
    const c = sampleCase();
    c.snapshot.events = c.snapshot.events.filter((e) => e.id !== 'ev-home-1');
    const r = legitimatePattern(c);
    expect(r.coverage).toBe(false);
    expect(r.summary[0]).toMatch(/^No earlier unflagged events/);
    expect(r.summary).toContain('Source IPs: flagged 203.0.113.66');
  });
});

describe('subjectEvents', () => {
  it('keeps the identity subject\'s events only: another actor\'s are never its "legitimate pattern"', () => {
    const c = withEvents(sampleCase(), [signIn({ id: 'other-actor', time: T0, actor: 'someone-else' })]);
    expect(subjectEvents(c).map((e) => e.id)).not.toContain('other-actor');
    c.subject = { kind: 'identity', id: 'nobody' };
    expect(subjectEvents(c)).toEqual([]);
    c.subject = { kind: 'other', id: 'input' };
    expect(subjectEvents(c)).toHaveLength(c.snapshot.events.length);
  });

  it('a token subject matches the credential id', () => {
    const c = withEvents(sampleCase(), [signIn({ id: 'other-key', time: T0, credentialId: 'AKIAOTHER' })]);
    c.subject = { kind: 'token', id: 'AKIAEXAMPLEKEY000001' };
    expect(subjectEvents(c).map((e) => e.id)).toEqual([
      'ev-home-1',
      'ev-denied',
      'ev-steal-1',
      'ev-steal-2',
      'ev-steal-3',
    ]);
  });
});

describe('timelineSeries', () => {
  it('one point per timed event, one lane per source network, the flagged window and the domain', () => {
    const c = sampleCase();
    c.snapshot.events.push({ ...c.snapshot.events[0]!, id: 'untimed', time: 0, timeKnown: false });
    const s = timelineSeries(c);
    expect(s.points.map((p) => p.id)).toEqual(['ev-home-1', 'ev-denied', 'ev-steal-1', 'ev-steal-2', 'ev-steal-3']);
    expect(s.untimed).toBe(1);
    expect(s.lanes.map((l) => [l.label, l.count, l.flagged])).toEqual([
      ['AS7018 AT&T', 1, 0],
      ['AS14061 DigitalOcean', 4, 4],
    ]);
    expect(s.domain).toEqual({ from: T0 - 3 * DAY_MS, to: T0 + 3 * MIN });
    expect(s.flaggedWindow).toEqual({ from: T0 - 5 * MIN, to: T0 + 3 * MIN });
    const denied = s.points[1]!;
    expect(denied).toMatchObject({
      label: 'GetCallerIdentity (failed: AccessDenied)',
      success: false,
      flagged: true,
      indicators: ['failures-then-success'],
      lane: 'AS14061 DigitalOcean',
    });
    expect(s.points[0]).toMatchObject({ flagged: false, indicators: [], success: true });
  });

  it('lane falls back to the IP, then the caller', () => {
    const c = sampleCase();
    c.snapshot.events = [
      { ...c.snapshot.events[0]!, id: 'a', asn: undefined, asOrg: undefined },
      {
        ...c.snapshot.events[0]!,
        id: 'b',
        asn: undefined,
        asOrg: undefined,
        ip: undefined,
        caller: 'ec2.amazonaws.com',
      },
    ];
    expect(timelineSeries(c).points.map((p) => p.lane)).toEqual(['198.51.100.10', 'ec2.amazonaws.com']);
  });

  it('nothing timed: no domain, everything counted as untimed', () => {
    const c = sampleCase();
    c.snapshot.events = c.snapshot.events.map((e) => ({ ...e, timeKnown: false, time: 0 }));
    const s = timelineSeries(c);
    expect(s).toMatchObject({ points: [], lanes: [], domain: null, flaggedWindow: null, untimed: 5 });
  });
});
