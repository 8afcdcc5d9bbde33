/**
 * Cases for tests: a realistic one (a stolen AWS key used from a VPS at night) and one built
 * from hostile strings (markup, formula and control characters in every log-controlled field).
 * Fixed times and ids, so golden files stay stable.
 */
import { CASE_FORMAT_VERSION, CaseSchema, type Case, type CaseEvent, type Note } from '../../lib/model/case';

const T0 = Date.UTC(2026, 10, 20, 2, 14, 7);
const MIN = 60_000;

function event(over: Partial<CaseEvent> & Pick<CaseEvent, 'id' | 'time' | 'action'>): CaseEvent {
  return {
    timeKnown: true,
    provider: 'aws',
    format: 'cloudtrail',
    class: 'api_activity',
    actor: 'arn:aws:iam::111122223333:user/ci-deploy',
    actorName: 'ci-deploy',
    actorKind: 'human',
    account: '111122223333',
    verb: 'read',
    success: true,
    credentialKind: 'long_term_key',
    credentialId: 'AKIAEXAMPLEKEY000001',
    flagged: [],
    ...over,
  };
}

export function sampleCase(): Case {
  const events: CaseEvent[] = [
    event({
      id: 'ev-home-1',
      time: T0 - 3 * 86_400_000,
      action: 'ListBuckets',
      service: 's3.amazonaws.com',
      verb: 'list',
      ip: '198.51.100.10',
      country: 'US',
      asn: 7018,
      asOrg: 'AT&T',
      userAgent: 'aws-cli/2.15.0',
      ref: 'demo.ndjson:1',
    }),
    event({
      id: 'ev-denied',
      time: T0 - 5 * MIN,
      action: 'GetCallerIdentity',
      service: 'sts.amazonaws.com',
      ip: '203.0.113.66',
      country: 'NL',
      asn: 14061,
      asOrg: 'DigitalOcean',
      userAgent: 'python-requests/2.31',
      success: false,
      code: 'AccessDenied',
      ref: 'demo.ndjson:7',
      flagged: ['failures-then-success'],
    }),
    event({
      id: 'ev-steal-1',
      time: T0,
      action: 'GetCallerIdentity',
      service: 'sts.amazonaws.com',
      ip: '203.0.113.66',
      country: 'NL',
      asn: 14061,
      asOrg: 'DigitalOcean',
      userAgent: 'python-requests/2.31',
      ref: 'demo.ndjson:8',
      flagged: ['new-source', 'risky-network', 'failures-then-success'],
    }),
    event({
      id: 'ev-steal-2',
      time: T0 + 2 * MIN,
      action: 'ListSecrets',
      service: 'secretsmanager.amazonaws.com',
      verb: 'list',
      ip: '203.0.113.66',
      country: 'NL',
      asn: 14061,
      asOrg: 'DigitalOcean',
      userAgent: 'python-requests/2.31',
      ref: 'demo.ndjson:9',
      flagged: ['mass-api-access'],
    }),
    event({
      id: 'ev-steal-3',
      time: T0 + 3 * MIN,
      action: 'CreateAccessKey',
      service: 'iam.amazonaws.com',
      verb: 'privileged',
      ip: '203.0.113.66',
      country: 'NL',
      asn: 14061,
      asOrg: 'DigitalOcean',
      userAgent: 'python-requests/2.31',
      target: 'AWS::IAM::User backup-admin',
      ref: 'demo.ndjson:10',
      flagged: ['new-auth-material'],
    }),
  ];
  const c: Case = {
    formatVersion: CASE_FORMAT_VERSION,
    id: 'case-0001',
    title: 'Identity arn:aws:iam::111122223333:user/ci-deploy',
    subject: { kind: 'identity', id: 'arn:aws:iam::111122223333:user/ci-deploy' },
    analyst: 'A. Analyst',
    status: 'escalated',
    statusHistory: [
      { status: 'open', at: T0 + 60 * MIN, by: 'A. Analyst' },
      { status: 'escalated', at: T0 + 75 * MIN, by: 'A. Analyst' },
    ],
    createdAt: T0 + 60 * MIN,
    updatedAt: T0 + 75 * MIN,
    snapshot: {
      takenAt: T0 + 60 * MIN,
      source: { kind: 'import', label: 'demo.ndjson' },
      verdict: 'escalate',
      reasons: ['Token used from unfamiliar or risky locations: New source network for the key; Hosting/VPS network'],
      findings: [
        {
          indicator: 'risky-network',
          severity: 'medium',
          title: 'Hosting/VPS network',
          detail: 'AS14061 DigitalOcean is a hosting provider',
          time: T0,
          identities: [events[0]!.actor],
          tokens: ['AKIAEXAMPLEKEY000001'],
          evidence: [
            {
              eventId: 'ev-steal-1',
              ref: 'demo.ndjson:8',
              label: '2026-11-20T02:14:07.000Z GetCallerIdentity by ci-deploy from 203.0.113.66',
            },
          ],
        },
        {
          indicator: 'failures-then-success',
          severity: 'low',
          title: 'Failure then success',
          detail: '1 AccessDenied then success within 5 min',
          time: T0 - 5 * MIN,
          identities: [events[0]!.actor],
          tokens: [],
          evidence: [
            { eventId: 'ev-denied', ref: 'demo.ndjson:7', label: 'GetCallerIdentity (failed)' },
            { eventId: 'ev-steal-1', ref: 'demo.ndjson:8', label: 'GetCallerIdentity' },
          ],
        },
      ],
      events,
      eventsOmitted: 0,
      related: [{ kind: 'identity', id: 'arn:aws:iam::111122223333:user/backup-admin', verdict: 'suspicious' }],
      answers: [
        {
          questionId: 'q-unfamiliar-source',
          answer: 'yes',
          confidence: 'medium',
          findings: [0],
          events: ['ev-steal-1'],
        },
        {
          questionId: 'q-failures-before-success',
          answer: 'yes',
          confidence: 'low',
          findings: [1],
          events: ['ev-denied', 'ev-steal-1'],
        },
        { questionId: 'q-malicious-patterns', answer: 'no', confidence: 'medium', findings: [], events: [] },
      ],
    },
    answers: { 'q-unfamiliar-source': { answer: 'yes', confirmed: true, at: T0 + 62 * MIN, by: 'A. Analyst' } },
    checklist: { 'l1-correlate-logins': { state: 'done', at: T0 + 65 * MIN, by: 'A. Analyst' } },
    decision: { choice: 'escalate', at: T0 + 75 * MIN, by: 'A. Analyst' },
  };
  return CaseSchema.parse(c);
}

export function sampleNotes(c: Case = sampleCase()): Note[] {
  return [
    {
      caseId: c.id,
      stepId: 'q-unfamiliar-source',
      text: 'DigitalOcean is not one of our egress ranges.',
      updatedAt: c.createdAt + 2 * MIN,
      by: c.analyst,
    },
    {
      caseId: c.id,
      stepId: 'decision-escalate-t2',
      text: 'Key used from a VPS at 02:14 UTC; IAM write.',
      updatedAt: c.updatedAt,
      by: c.analyst,
    },
  ];
}

/** Every log-controlled string is an attack on some export format. */
export const HOSTILE = {
  markdown: '**bold** [click](https://evil.example/x) <img src=x onerror=alert(1)> `code` | pipe | # heading _under_',
  jira: '{code}x{code} [link|https://evil.example] *bold* {color:red}red{color} ||table|| !image.png! h1. Heading',
  formula: '=HYPERLINK("https://evil.example","click")',
  formula2: "+cmd|' /C calc'!A0",
  formula3: '-2+3',
  formula4: '@SUM(1,1)',
  control: 'line1\r\nline2\u0000\u001b[31mred\u2028sep',
  quotes: 'a "double" and \'single\' and \\backslash',
  secret:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
};

export function hostileCase(): Case {
  const c = sampleCase();
  const ua = `${HOSTILE.markdown} ${HOSTILE.jira}`;
  c.id = 'case-hostile';
  c.title = `Identity ${HOSTILE.markdown}`;
  c.subject = { kind: 'identity', id: HOSTILE.formula };
  c.analyst = HOSTILE.formula4;
  c.snapshot.source = { kind: 'page', label: `https://console.aws.amazon.com/?q=${HOSTILE.control}` };
  c.snapshot.reasons = [HOSTILE.jira, HOSTILE.control];
  c.snapshot.events = c.snapshot.events.map((e, i) => ({
    ...e,
    actor: HOSTILE.formula,
    actorName: HOSTILE.formula2,
    userAgent: ua,
    action: i === 0 ? HOSTILE.formula3 : e.action,
    target: HOSTILE.quotes,
    appName: HOSTILE.control,
  }));
  c.snapshot.findings = c.snapshot.findings.map((f) => ({
    ...f,
    title: HOSTILE.markdown,
    detail: `${HOSTILE.jira} ${HOSTILE.control}`,
    identities: [HOSTILE.formula],
    evidence: f.evidence.map((ev) => ({ ...ev, label: `${HOSTILE.formula2} ${HOSTILE.markdown}` })),
  }));
  return CaseSchema.parse(c);
}

export function hostileNotes(c: Case = hostileCase()): Note[] {
  return [
    {
      caseId: c.id,
      stepId: 'q-unfamiliar-source',
      text: `${HOSTILE.markdown}\n${HOSTILE.formula}`,
      updatedAt: c.createdAt,
      by: c.analyst,
    },
    {
      caseId: c.id,
      stepId: 'general',
      text: `${HOSTILE.jira}\n${HOSTILE.control}`,
      updatedAt: c.createdAt,
      by: c.analyst,
    },
  ];
}
