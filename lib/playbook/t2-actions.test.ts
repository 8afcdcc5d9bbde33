/**
 * The T2 actions and the case scope over the sample case (a stolen AWS key used from a VPS) and
 * an Entra variant; the scope is run through every query builder and the case's IP, key id and
 * identity must reach each relevant language's query text.
 */
import { describe, expect, it } from 'vitest';
import type { Case } from '../model/case';
import { sampleCase } from '../../test/support/cases';
import { INDICATOR_IDS } from '../engine/types';
import { QUERY_LANGUAGES, buildAllQueries } from '../queries/index';
import { T1550_001 } from './t1550-001';
import { MAX_SCOPE_IPS, T2_ACTION_INDICATORS, caseScope, relevantLanguages, t2Actions } from './t2-actions';

const T0 = Date.UTC(2026, 10, 20, 2, 14, 7);
const MIN = 60_000;
const HOUR = 60 * MIN;
const SUBJECT = 'arn:aws:iam::111122223333:user/ci-deploy';

function withFindings(c: Case): Case {
  c.snapshot.findings.push(
    {
      indicator: 'new-auth-material',
      severity: 'high',
      title: 'Access key created for another user',
      detail: '',
      time: T0 + 3 * MIN,
      identities: [SUBJECT, 'arn:aws:iam::111122223333:user/backup-admin'],
      tokens: ['AKIANEWKEY'],
      evidence: [{ eventId: 'ev-steal-3', ref: 'x', label: 'CreateAccessKey' }],
    },
    {
      indicator: 'mass-api-access',
      severity: 'medium',
      title: 'Burst of list calls',
      detail: '',
      time: T0 + 2 * MIN,
      identities: [SUBJECT],
      tokens: [],
      evidence: [{ eventId: 'ev-steal-2', ref: 'x', label: 'ListSecrets' }],
    },
  );
  return c;
}

describe('t2Actions', () => {
  it('one entry per T2 action of the playbook, in order, mapped to real indicators', () => {
    expect(t2Actions(sampleCase()).map((a) => a.actionId)).toEqual(T1550_001.t2Actions.map((a) => a.id));
    for (const ids of Object.values(T2_ACTION_INDICATORS)) {
      for (const id of ids) expect(INDICATOR_IDS).toContain(id);
    }
  });

  it('picks the findings that serve each action', () => {
    const [scope, others, privesc] = t2Actions(withFindings(sampleCase()));
    // Findings 0 and 1 of the sample (risky-network, failures-then-success) serve none of them.
    expect(scope!.findings).toEqual([3]);
    expect(scope!.events).toEqual(['ev-steal-2']);
    expect(others!.findings).toEqual([2]);
    expect(privesc!.findings).toEqual([2]);
    expect(privesc!.events).toEqual(['ev-steal-3']);
  });

  it('summarises the API calls, the other identities and tokens, and the privilege use', () => {
    const [scope, others, privesc] = t2Actions(withFindings(sampleCase()));
    expect(scope!.summary).toBe(
      '5 API calls by the identity from 2 networks (1 failed), 4 flagged, 1 privileged (CreateAccessKey → AWS::IAM::User backup-admin), ' +
        '0 write/delete, services: s3.amazonaws.com, sts.amazonaws.com, secretsmanager.amazonaws.com, iam.amazonaws.com',
    );
    expect(others!.summary).toBe(
      '1 other identity: arn:aws:iam::111122223333:user/backup-admin (suspicious); 1 other token: ' +
        'AKIANEWKEY; the subject used 1 credential (AKIAEXAMPLEKEY000001)',
    );
    expect(privesc!.summary).toBe(
      '1 privileged call (CreateAccessKey → AWS::IAM::User backup-admin), 1 credential-minting call ' +
        '(CreateAccessKey → AWS::IAM::User backup-admin), 1 account touched (111122223333), findings: ' +
        'Access key created for another user',
    );
  });

  it('says so when nothing else was flagged and there is no API activity', () => {
    const c = sampleCase();
    c.snapshot.related = [];
    c.snapshot.events = c.snapshot.events.map((e) => ({ ...e, class: 'authentication' as const }));
    const [scope, others] = t2Actions(c);
    expect(scope!.summary).toMatch(/^No API activity by the identity in this analysis/);
    expect(others!.summary).toMatch(
      /^No other identity or token flagged by the same analysis; the subject used 1 credential/,
    );
  });

  it('mentions events left out of the case', () => {
    const c = sampleCase();
    c.snapshot.eventsOmitted = 120;
    expect(t2Actions(c)[0]!.summary).toMatch(/; 120 more events not in the case$/);
  });
});

describe('relevantLanguages', () => {
  it('follows the case providers, in QUERY_LANGUAGES order', () => {
    const c = sampleCase();
    expect(relevantLanguages(c)).toEqual(['cloudtrail-lake', 'athena']);
    c.snapshot.events.push(
      { ...c.snapshot.events[0]!, id: 'gh', provider: 'github' },
      { ...c.snapshot.events[0]!, id: 'm', provider: 'm365' },
    );
    expect(relevantLanguages(c)).toEqual(['cloudtrail-lake', 'athena', 'kql', 'github']);
    for (const id of relevantLanguages(c)) expect(QUERY_LANGUAGES.map((l) => l.id)).toContain(id);
    c.snapshot.events = c.snapshot.events.map((e) => ({ ...e, provider: 'workspace' as const }));
    expect(relevantLanguages(c)).toEqual([]);
    expect(t2Actions(c)[0]!.languages).toEqual([]);
  });
});

describe('caseScope', () => {
  it('flagged IPs only (the baseline IP is usual), the key, the subject and related identities, the padded flagged window', () => {
    const s = caseScope(sampleCase());
    expect(s.ips).toEqual(['203.0.113.66']);
    expect(s.asns).toEqual([14061]);
    expect(s.tokenIds).toEqual(['AKIAEXAMPLEKEY000001']);
    expect(s.appIds).toEqual([]);
    expect(s.identities).toEqual([SUBJECT, 'arn:aws:iam::111122223333:user/backup-admin']);
    expect(s.from.getTime()).toBe(T0 - 5 * MIN - 24 * HOUR);
    expect(s.to.getTime()).toBe(T0 + 3 * MIN + 6 * HOUR);
  });

  it('padMs pads both sides unless padAfterMs is given', () => {
    expect(caseScope(sampleCase(), { padMs: HOUR }).to.getTime()).toBe(T0 + 3 * MIN + HOUR);
    const s = caseScope(sampleCase(), { padMs: HOUR, padAfterMs: 0 });
    expect([s.from.getTime(), s.to.getTime()]).toEqual([T0 - 5 * MIN - HOUR, T0 + 3 * MIN]);
  });

  it('adds unusual unflagged IPs after the flagged ones, caps at 20, and keeps session ids', () => {
    const c = sampleCase();
    const base = c.snapshot.events[0]!;
    for (let i = 0; i < 30; i++)
      c.snapshot.events.push({
        ...base,
        id: `x${i}`,
        time: T0 + HOUR + i,
        ip: `192.0.2.${i}`,
        sessionId: i === 0 ? 'sess-1' : undefined,
      });
    c.snapshot.events.push({ ...base, id: 'home-again', time: T0 + 2 * HOUR });
    const s = caseScope(c);
    expect(s.ips).toHaveLength(MAX_SCOPE_IPS);
    expect(s.ips[0]).toBe('203.0.113.66');
    expect(s.ips[1]).toBe('192.0.2.0');
    expect(s.ips).not.toContain('198.51.100.10');
    expect(s.tokenIds).toEqual(['AKIAEXAMPLEKEY000001', 'sess-1']);
  });

  it('falls back to the span of all events, then to takenAt ± 24 h', () => {
    const c = sampleCase();
    c.snapshot.events = c.snapshot.events.map((e) => ({ ...e, flagged: [] }));
    let s = caseScope(c);
    expect([s.from.getTime(), s.to.getTime()]).toEqual([T0 - 3 * 24 * HOUR - 24 * HOUR, T0 + 3 * MIN + 6 * HOUR]);
    // No flagged window, so no baseline: every IP of the subject is in scope.
    expect(s.ips).toEqual(['198.51.100.10', '203.0.113.66']);
    c.snapshot.events = c.snapshot.events.map((e) => ({ ...e, timeKnown: false, time: 0 }));
    s = caseScope(c);
    expect([s.from.getTime(), s.to.getTime()]).toEqual([
      c.snapshot.takenAt - 24 * HOUR,
      c.snapshot.takenAt + 24 * HOUR,
    ]);
  });

  it('a token subject scopes on the token and the actors of its events', () => {
    const c = sampleCase();
    c.subject = { kind: 'token', id: 'AKIAEXAMPLEKEY000001' };
    c.snapshot.related = [{ kind: 'token', id: 'AKIAOTHER', verdict: 'suspicious' }];
    const s = caseScope(c);
    expect(s.tokenIds).toEqual(['AKIAEXAMPLEKEY000001', 'AKIAOTHER']);
    expect(s.identities).toEqual([SUBJECT]);
  });

  it("buildAllQueries(caseScope(sampleCase())) puts the case's IP, key id and identity in each relevant query", () => {
    const c = sampleCase();
    const relevant = relevantLanguages(c);
    const built = buildAllQueries(caseScope(c)).filter((b) => relevant.includes(b.language.id));
    expect(built.map((b) => b.language.id)).toEqual(['cloudtrail-lake', 'athena']);
    for (const b of built) {
      const text = b.queries.map((q) => q.text).join('\n');
      expect(text).toContain('203.0.113.66');
      expect(text).toContain('AKIAEXAMPLEKEY000001');
      expect(text).toContain(SUBJECT);
    }
  });

  it('an Entra case reaches the KQL sign-in query with its IP, token id and user', () => {
    const c = sampleCase();
    const upn = 'alice@example.com';
    c.subject = { kind: 'identity', id: upn };
    c.snapshot.related = [];
    c.snapshot.events = c.snapshot.events.map((e) => ({
      ...e,
      provider: 'entra' as const,
      format: 'entra-signin',
      actor: upn,
      credentialId: 'utid-123',
      appId: 'app-1',
    }));
    expect(relevantLanguages(c)).toEqual(['kql']);
    const kql = buildAllQueries(caseScope(c)).find((b) => b.language.id === 'kql')!;
    const text = kql.queries.map((q) => q.text).join('\n');
    for (const v of ['203.0.113.66', 'utid-123', upn, 'app-1']) expect(text).toContain(v);
  });
});
