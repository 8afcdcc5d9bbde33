import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cloudtrail } from './cloudtrail';
import { TokenEventSchema, type TokenEvent } from '../../model/token-event';
import { str, type RawRecord } from '../../model/fields';
import { CORPUS } from '../../../test/support/shared-material';
import { FIXTURES, loadFixture, loadRecordsFile } from '../../../test/support/fixture-records';

const json = (p: string): unknown => JSON.parse(readFileSync(join(FIXTURES, p), 'utf8'));
const records = (): RawRecord[] => loadFixture('cloudtrail/stolen-keys.json');

/** Parse and check every event against the schema. */
function parse(rec: RawRecord, ref = 'test:1'): TokenEvent[] {
  const res = cloudtrail.parse(rec, { ref });
  if (!res.ok) throw new Error(`rejected: ${res.reason}`);
  for (const e of res.events) TokenEventSchema.parse(e);
  return res.events;
}
const one = (rec: RawRecord): TokenEvent => {
  const events = parse(rec);
  expect(events).toHaveLength(1);
  return events[0]!;
};
const byId = (id: string): RawRecord => records().find((r) => r.eventID === id)!;

describe('cloudtrail: trail records', () => {
  it('parses every record of a {"Records":[…]} file into a valid event', () => {
    const all = records();
    expect(all.every((r) => cloudtrail.detect(r))).toBe(true);
    const events = all.flatMap((r, i) => parse(r, `stolen-keys.json#${i}`));
    expect(events.map((e) => e.id)).toEqual(all.map((r) => r.eventID));
    expect(events.every((e) => e.provider === 'aws' && e.format === 'cloudtrail')).toBe(true);
  });

  it('reads an IAM user key: actor ARN, long-term key, IP, user agent, details', () => {
    const e = one(byId('0f3c2a5e-1111-4c1e-9d2a-000000000001'));
    expect(e.time).toBe(Date.UTC(2026, 2, 2, 9, 0, 0));
    expect(e.class).toBe('api_activity');
    expect(e.actor).toEqual({
      id: 'arn:aws:iam::111122223333:user/alice',
      name: 'alice',
      kind: 'human',
      type: 'IAMUser',
      account: '111122223333',
    });
    expect(e.credential).toEqual({ kind: 'long_term_key', id: 'AKIAEXAMPLEALICE0001' });
    expect(e.source).toEqual({
      ip: '198.51.100.7',
      userAgent: expect.stringContaining('aws-cli/2.15.30'),
      clientKind: 'sdk',
    });
    expect(e.action).toEqual({ name: 'ListBuckets', service: 's3.amazonaws.com', verb: 'list' });
    expect(e.outcome).toEqual({ success: true });
    expect(e.details).toEqual({
      accountId: '111122223333',
      recipientAccountId: '111122223333',
      region: 'us-east-1',
      readOnly: true,
    });
    expect(e.ref).toBe('test:1');
  });

  it('GetFederationToken: policy text, duration, federated name and minted key id, never the secrets', () => {
    const rec = byId('0f3c2a5e-3333-4c1e-9d2a-000000000003');
    const e = one(rec);
    expect(e.class).toBe('api_activity');
    expect(e.action.name).toBe('GetFederationToken');
    expect(e.details).toMatchObject({
      policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
      durationSeconds: 129600,
      federatedName: 'backup-svc',
      mintedKeyId: 'ASIAEXAMPLEFED000001',
    });
    const text = JSON.stringify(e);
    expect(text).not.toContain('IQoJb3JpZ2luX2Vj');
    expect(text).not.toContain('wJalrXUtnFEMI');
  });

  it('GetSigninToken and ConsoleLogin are authentication; ConsoleLogin is interactive with its MFA facts', () => {
    const signin = one(byId('0f3c2a5e-4444-4c1e-9d2a-000000000004'));
    expect(signin.class).toBe('authentication');
    expect(signin.actor).toMatchObject({
      kind: 'federated',
      type: 'FederatedUser',
      issuer: 'arn:aws:iam::111122223333:user/alice',
      mfa: false,
    });
    expect(signin.credential).toMatchObject({
      kind: 'temporary_key',
      id: 'ASIAEXAMPLEFED000001',
      issuedAt: Date.UTC(2026, 2, 2, 13, 42, 19),
    });

    const login = one(byId('0f3c2a5e-5555-4c1e-9d2a-000000000005'));
    expect(login.class).toBe('authentication');
    expect(login.action).toMatchObject({ name: 'ConsoleLogin', verb: 'auth', interactive: true });
    expect(login.outcome).toEqual({ success: true });
    expect(login.details).toMatchObject({ mfaUsed: false });
    expect(login.credential).toBeUndefined();
  });

  it('a failed ConsoleLogin is a failure even without errorCode', () => {
    const e = one(byId('0f3c2a5e-9999-4c1e-9d2a-000000000009'));
    expect(e.outcome).toEqual({ success: false, code: 'Failure', reason: 'Failed authentication' });
    expect(e.details?.errorMessage).toBe('Failed authentication');
  });

  it('IAM writes are account_change, with the target user and the console-session flag', () => {
    const e = one(byId('0f3c2a5e-6666-4c1e-9d2a-000000000006'));
    expect(e.class).toBe('account_change');
    expect(e.action.verb).toBe('privileged');
    expect(e.details?.targetUser).toBe('ci-deployer');
    expect(e.credential).toMatchObject({ kind: 'temporary_key', fromConsole: true });
    // The new key's id is in responseElements.accessKey, not a minted session credential.
    expect(e.details?.mintedKeyId).toBeUndefined();
  });

  it('a denied IAM write keeps its error code, message and VPC endpoint', () => {
    const e = one(byId('0f3c2a5e-bbbb-4c1e-9d2a-00000000000b'));
    expect(e.class).toBe('account_change');
    expect(e.outcome).toMatchObject({ success: false, code: 'AccessDenied' });
    expect(e.outcome.reason).toContain('is not authorized to perform: iam:AttachUserPolicy');
    expect(e.details).toMatchObject({ vpcEndpointId: 'vpce-0example1234567890', readOnly: false });
  });

  it('instance-role sessions are workloads; AWS services acting are service callers, not IPs', () => {
    const inst = one(byId('0f3c2a5e-7777-4c1e-9d2a-000000000007'));
    expect(inst.actor).toMatchObject({
      id: 'arn:aws:sts::111122223333:assumed-role/web-app-role/i-0a1b2c3d4e5f60718',
      name: 'i-0a1b2c3d4e5f60718',
      kind: 'workload',
      issuer: 'arn:aws:iam::111122223333:role/web-app-role',
    });
    const svc = one(byId('0f3c2a5e-8888-4c1e-9d2a-000000000008'));
    expect(svc.actor).toEqual({ id: 'ec2.amazonaws.com', kind: 'service', type: 'AWSService' });
    expect(svc.source).toEqual({ caller: 'ec2.amazonaws.com', userAgent: 'ec2.amazonaws.com', clientKind: 'service' });
    expect(svc.details).toMatchObject({
      invokedBy: 'ec2.amazonaws.com',
      roleArn: 'arn:aws:iam::111122223333:role/web-app-role',
      mintedKeyId: 'ASIAEXAMPLEINSTANCE1',
    });
    expect(svc.target).toEqual({
      id: 'arn:aws:iam::111122223333:role/web-app-role',
      type: 'AWS::IAM::Role',
      account: '111122223333',
    });
    expect(JSON.stringify(svc)).not.toContain('IQoJ');
  });

  it('a role session used through an EC2/Lambda/ECS invoker is a workload; other sessions are human', () => {
    const base = byId('0f3c2a5e-aaaa-4c1e-9d2a-00000000000a');
    expect(one(base).actor.kind).toBe('human');
    const ui = { ...(base.userIdentity as RawRecord), invokedBy: 'lambda.amazonaws.com' };
    expect(one({ ...base, userIdentity: ui }).actor.kind).toBe('workload');
    const ecs = {
      ...(base.userIdentity as RawRecord),
      arn: 'arn:aws:sts::111122223333:assumed-role/task/0123456789abcdef0123456789abcdef',
    };
    expect(one({ ...base, userIdentity: ecs }).actor.kind).toBe('workload');
  });

  it('AssumeRole: role, session name, duration, policy ARNs, MFA serial, normalized IPv6', () => {
    const e = one(byId('0f3c2a5e-aaaa-4c1e-9d2a-00000000000a'));
    expect(e.actor.mfa).toBe(true);
    expect(e.source.ip).toBe('2001:db8::42');
    expect(e.details).toMatchObject({
      roleArn: 'arn:aws:iam::444455556666:role/OrganizationAccountAccessRole',
      roleSessionName: 'alice-x',
      durationSeconds: 3600,
      mfaSerial: true,
      policyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      mintedKeyId: 'ASIAEXAMPLECROSSACC1',
      region: 'eu-west-1',
    });
    const text = JSON.stringify(e);
    expect(text).not.toContain('123456'); // tokenCode
    expect(text).not.toContain('IQoJ');
  });
});

describe('cloudtrail: client kind and records without a caller', () => {
  it('the minimised console-session shape (no userIdentity) names no caller and says which console part called', () => {
    // CloudConsoleCartographer's minimised records keep only these keys.
    const e = one({
      eventTime: '2024-04-13T16:59:04Z',
      eventID: 'c1',
      eventSource: 'iam.amazonaws.com',
      eventName: 'ListAccessKeys',
      requestParameters: { userName: '1_Petulla' },
      responseElements: null,
      errorCode: null,
      errorMessage: null,
      userAgent:
        'aws-internal/3 aws-sdk-java/1.12.692 Linux/5.10.213-179.855.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+9-LTS java/1.8.0_402',
      awsRegion: 'us-east-1',
    });
    expect(e.actor).toEqual({ id: 'unknown', kind: 'unknown' });
    expect(e.source.clientKind).toBe('console');
    const signin = one({
      eventTime: '2024-04-13T16:58:54Z',
      eventID: 'c0',
      eventSource: 'signin.amazonaws.com',
      eventName: 'GetSigninToken',
      userAgent: 'Jersey/${project.version} (HttpUrlConnection 11.0.22)',
      awsRegion: 'us-east-1',
    });
    expect(signin.source.clientKind).toBe('console');
  });

  it("a record with only accountId and invokedBy is the service's own event; the plaso console user agent is the console", () => {
    const svc = one({
      eventTime: '2022-02-07T22:20:00Z',
      eventID: 's1',
      eventSource: 'ec2.amazonaws.com',
      eventName: 'SharedSnapshotVolumeCreated',
      userIdentity: { accountId: '123456789012', invokedBy: 'ec2.amazonaws.com' },
      awsRegion: 'us-east-1',
    });
    expect(svc.actor).toMatchObject({ id: 'ec2.amazonaws.com', kind: 'service' });
    expect(svc.source.clientKind).toBe('service');
    const user = one({
      eventTime: '2022-02-07T22:19:04Z',
      eventID: 'u1',
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      sourceIPAddress: '1.2.3.4',
      userAgent: 'console.ec2.amazonaws.com',
      sessionCredentialFromConsole: 'true',
      userIdentity: {
        type: 'IAMUser',
        arn: 'arn:aws:iam::123456789012:user/fakeusername',
        accountId: '123456789012',
        accessKeyId: '0123456789ABCDEFGHIJ',
        userName: 'fakeusername',
      },
    });
    expect(user.source.clientKind).toBe('console');
    expect(user.credential?.fromConsole).toBe(true);
  });

  it('reads which secret or parameter was read and whether Parameter Store decrypted it', () => {
    const p = one({
      eventTime: '2026-03-02T09:00:00Z',
      eventID: 'p1',
      eventSource: 'ssm.amazonaws.com',
      eventName: 'GetParameter',
      userAgent: 'aws-cli/2.15.30',
      requestParameters: { name: '/prod/db/password', withDecryption: true },
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accessKeyId: 'AKIAEXAMPLE' },
    });
    expect(p.details).toMatchObject({ secretName: '/prod/db/password', withDecryption: true });
    expect(p.source.clientKind).toBe('sdk');
  });
});

describe('cloudtrail: other spellings of the same record', () => {
  const variants = loadFixture('cloudtrail/variants.ndjson');

  it('lower-cased top-level keys (Panther) read like the original', () => {
    const e = one(variants[0]!);
    expect(e).toMatchObject({
      id: '7e1d0c2b-0001-4f00-8000-00000000a001',
      time: Date.UTC(2026, 2, 2, 14, 10, 0),
      actor: { id: 'arn:aws:iam::111122223333:user/alice', kind: 'human' },
      credential: { kind: 'long_term_key', id: 'AKIAEXAMPLEALICE0001' },
      source: { ip: '203.0.113.66', userAgent: '[Boto3/1.34.2]' },
      action: { name: 'GetObject', service: 's3.amazonaws.com', verb: 'read' },
      details: { readOnly: true, recipientAccountId: '111122223333', region: 'us-east-1' },
    });
  });

  it('@timestamp and at_sign_timestamp stand in for eventTime', () => {
    expect(one(variants[1]!).time).toBe(Date.UTC(2026, 2, 2, 14, 11, 0, 123));
    const root = one(variants[2]!);
    expect(root.time).toBe(Date.UTC(2026, 2, 2, 14, 12, 0));
    expect(root.actor).toMatchObject({ id: 'arn:aws:iam::111122223333:root', kind: 'root' });
    expect(root.source).toEqual({ caller: 'AWS Internal', userAgent: 'AWS Internal', clientKind: 'console' });
  });

  it('keeps a record without a readable time as timeKnown: false, with what the log said', () => {
    const none = one(variants[3]!);
    expect(none).toMatchObject({
      id: '7e1d0c2b-0004-4f00-8000-00000000a004',
      time: 0,
      timeKnown: false,
      action: { name: 'ListBuckets' },
    });
    expect(none.details?.rawTime).toBeUndefined();
    const bad = one(variants[4]!);
    expect(bad).toMatchObject({ time: 0, timeKnown: false, details: { rawTime: 'yesterday-ish' } });
    expect(one(variants[0]!).timeKnown).toBeUndefined();
  });

  it('rejects a record without eventName', () => {
    const rec = { ...byId('0f3c2a5e-1111-4c1e-9d2a-000000000001') };
    delete rec.eventName;
    const res = cloudtrail.parse(rec, { ref: 'x' });
    expect(res).toEqual({ ok: false, reason: 'CloudTrail record has no eventName' });
  });

  it('CloudTrail Lake rows: the record in eventJson / eventjson', () => {
    const rows = json('cloudtrail/lake-export.json') as RawRecord[];
    expect(rows.every((r) => cloudtrail.detect(r))).toBe(true);
    const [a, b] = rows.map((r) => one(r));
    expect(a).toMatchObject({
      id: '0f3c2a5e-2222-4c1e-9d2a-000000000002',
      action: { name: 'GetCallerIdentity' },
      source: { ip: '203.0.113.66' },
    });
    expect(b).toMatchObject({
      action: { name: 'GetSecretValue' },
      actor: { kind: 'workload' },
      credential: { id: 'ASIAEXAMPLEINSTANCE1' },
    });
  });

  it('Lake get-query-results and lookup-events documents: one event per row', () => {
    const lake = json('cloudtrail/lake-query-results.json') as RawRecord;
    expect(cloudtrail.detect(lake)).toBe(true);
    const events = parse(lake, 'lake.json');
    expect(events.map((e) => e.action.name)).toEqual(['GetFederationToken', 'GetSigninToken']);
    expect(events.map((e) => e.ref)).toEqual(['lake.json#0', 'lake.json#1']);
    expect(events[0]!.details).toMatchObject({ mintedKeyId: 'ASIAEXAMPLEFED000001', durationSeconds: 129600 });
    expect(JSON.stringify(events)).not.toContain('IQoJ');

    const lookup = json('cloudtrail/lookup-events.json') as RawRecord;
    expect(cloudtrail.detect(lookup)).toBe(true);
    const [e] = parse(lookup);
    expect(e).toMatchObject({
      id: '0f3c2a5e-2222-4c1e-9d2a-000000000002',
      time: Date.UTC(2026, 2, 2, 13, 41, 7),
      actor: { type: 'IAMUser' },
    });
  });

  it('a Lake row whose eventJson is broken is rejected with a reason', () => {
    const res = cloudtrail.parse({ eventJson: '{"eventName": "ListBuckets",' }, { ref: 'x' });
    expect(res).toEqual({ ok: false, reason: 'the embedded CloudTrail event is not valid JSON' });
  });
});

describe('cloudtrail: console Event history CSV', () => {
  it('uses the "CloudTrail event" column when it holds the record', () => {
    const rows = loadFixture('cloudtrail/event-history.csv');
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => cloudtrail.detect(r))).toBe(true);
    const events = rows.flatMap((r, i) => parse(r, `event-history.csv:${i + 2}`));
    const fed = events.find((e) => e.action.name === 'GetFederationToken')!;
    expect(fed.details).toMatchObject({ federatedName: 'backup-svc', mintedKeyId: 'ASIAEXAMPLEFED000001' });
    expect(fed.actor.id).toBe('arn:aws:iam::111122223333:user/alice');
    const login = events.find((e) => e.id === '0f3c2a5e-9999-4c1e-9d2a-000000000009')!;
    expect(login.outcome.success).toBe(false);
    expect(JSON.stringify(events)).not.toContain('IQoJ');
  });

  it('builds the event from the columns when there is no JSON column', () => {
    const rows = loadFixture('cloudtrail/event-history-columns.csv');
    expect(rows.every((r) => cloudtrail.detect(r))).toBe(true);
    const events = rows.flatMap((r, i) => parse(r, `event-history-columns.csv:${i + 2}`));
    expect(events).toHaveLength(6);
    const [gci, , login, key, , denied] = events;
    expect(gci).toMatchObject({
      id: '0f3c2a5e-2222-4c1e-9d2a-000000000002',
      time: Date.UTC(2026, 2, 2, 13, 41, 7),
      actor: { id: 'alice', name: 'alice', kind: 'human' },
      credential: { kind: 'long_term_key', id: 'AKIAEXAMPLEALICE0001' },
      source: { ip: '203.0.113.66' },
      action: { name: 'GetCallerIdentity', service: 'sts.amazonaws.com' },
      details: { readOnly: true, region: 'us-east-1' },
    });
    expect(login).toMatchObject({ class: 'authentication', actor: { id: 'backup-svc', kind: 'unknown' } });
    expect(login!.credential).toBeUndefined();
    expect(key).toMatchObject({
      class: 'account_change',
      credential: { kind: 'temporary_key', id: 'ASIAEXAMPLECONSOLE01' },
      target: { type: 'AWS::IAM::AccessKey, AWS::IAM::User', name: 'AKIAEXAMPLENEWKEY001, ci-deployer' },
    });
    expect(denied!.outcome).toEqual({ success: false, code: 'AccessDenied' });
  });
});

describe('cloudtrail: detect', () => {
  it('does not claim other formats', () => {
    const gcp = json('gcp-audit/logs-explorer.json') as RawRecord[];
    expect(gcp.some((r) => cloudtrail.detect(r))).toBe(false);
    const gd = json('guardduty/get-findings.json') as { Findings: RawRecord[] };
    expect(cloudtrail.detect(gd as unknown as RawRecord)).toBe(false);
    expect(gd.Findings.some((r) => cloudtrail.detect(r))).toBe(false);
    expect(cloudtrail.detect(json('guardduty/eventbridge-finding.json') as RawRecord)).toBe(false);
    // Azure Activity log spells eventName as an object.
    expect(
      cloudtrail.detect({
        eventName: { value: 'EndRequest' },
        eventTimestamp: '2026-03-02T09:00:00Z',
        caller: 'a@b.c',
      }),
    ).toBe(false);
    // A record named like CloudTrail but from a non-AWS source.
    expect(cloudtrail.detect({ eventName: 'user.session.start', eventSource: 'okta' })).toBe(false);
  });
});

describe('cloudtrail: never throws', () => {
  it('any JSON object gives ok or a reject with a reason', () => {
    fc.assert(
      fc.property(fc.object({ maxDepth: 3 }), (rec) => {
        const r = rec as RawRecord;
        expect(typeof cloudtrail.detect(r)).toBe('boolean');
        const res = cloudtrail.parse(r, { ref: 'fc' });
        if (res.ok) res.events.forEach((e) => TokenEventSchema.parse(e));
        else expect(res.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('records with CloudTrail keys and arbitrary values give ok or a reject with a reason', () => {
    const keys = [
      'eventName',
      'eventname',
      'eventTime',
      '@timestamp',
      'eventSource',
      'userIdentity',
      'sourceIPAddress',
      'requestParameters',
      'responseElements',
      'additionalEventData',
      'errorCode',
      'readOnly',
      'resources',
      'eventJson',
      'Events',
      'QueryResultRows',
      'CloudTrail event',
      'Event name',
      'Event time',
    ];
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constant('2026-03-02T09:00:00Z'),
      fc.constant('GetFederationToken'),
      fc.record(
        {
          type: fc.constantFrom('IAMUser', 'AssumedRole', 'AWSService', 'Root', 'Unknown'),
          arn: fc.string(),
          accessKeyId: fc.string(),
          sessionContext: fc.jsonValue({ maxDepth: 2 }),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), value), (rec) => {
        const res = cloudtrail.parse(rec as RawRecord, { ref: 'fc' });
        if (res.ok) res.events.forEach((e) => TokenEventSchema.parse(e));
        else expect(res.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe.skipIf(!existsSync(CORPUS))('cloudtrail: public corpus', () => {
  // describe.skipIf still runs this body to collect tests: read only when the corpus is there.
  const panther = existsSync(CORPUS) ? loadRecordsFile(join(CORPUS, 'panther/AWS_CloudTrail.events.ndjson')) : [];
  const hasTime = (r: RawRecord): boolean => {
    const t = r.eventTime ?? r.eventtime ?? r.p_event_time;
    return typeof t === 'string' && /^\d{4}-/.test(t);
  };

  it('detects and parses all 461 Panther CloudTrail events (all have an eventName)', () => {
    expect(panther).toHaveLength(461);
    expect(panther.every((r) => cloudtrail.detect(r))).toBe(true);
    const timeless: number[] = [];
    panther.forEach((r, i) => {
      const ref = `AWS_CloudTrail.events.ndjson:${i + 1}`;
      const [e] = parse(r, ref);
      if (e!.timeKnown === false) timeless.push(i + 1);
      else expect(e!.time).toBeGreaterThan(0);
      // 48 trimmed events have no eventID: the row's position names them.
      expect(e!.id).toBe(str(r.eventID ?? r.eventid) ?? ref);
    });
    // Panther's rule tests trim events to the fields a rule reads: 14 have no time at all, two
    // carry placeholders (`redacted`, `...`). Those, and only those, have timeKnown: false.
    expect(timeless).toEqual(panther.map((r, i) => (hasTime(r) ? 0 : i + 1)).filter((n) => n > 0));
    expect(timeless).toHaveLength(16);
  });

  it('strict positives read as the labels describe them', () => {
    const at = (line: number): TokenEvent => one(panther[line - 1]!);
    expect(at(69)).toMatchObject({
      class: 'authentication',
      action: { name: 'GetSigninToken' },
      credential: { kind: 'temporary_key' },
      source: { ip: '203.0.113.50', userAgent: 'python-requests/2.28.0' },
    });
    expect(at(198)).toMatchObject({ actor: { kind: 'workload' }, source: { ip: '45.33.32.156' } });
    expect(at(427)).toMatchObject({
      action: { name: 'GetSessionToken' },
      actor: { type: 'IAMUser' },
      credential: { kind: 'long_term_key' },
    });
  });

  it('line 458: `<Attacker source IP>` is a caller, not an IP; the time-less event is kept', () => {
    const e = one(panther[457]!);
    expect(e).toMatchObject({
      time: 0,
      timeKnown: false,
      action: { name: 'CreateToken', service: 'sso.amazonaws.com' },
    });
    expect(e.source.caller).toBe('<Attacker source IP>');
    expect(e.source.ip).toBeUndefined();
    expect(e.actor).toMatchObject({ id: '<internal victim user id>', kind: 'unknown', type: 'Unknown' });
    expect(JSON.stringify(e)).not.toContain('HIDDEN_DUE_TO_SECURITY_REASONS');
  });

  it('lower-cased Panther events keep their ids and times', () => {
    const e = one(panther[31]!);
    expect(e).toMatchObject({
      id: '5d4b45ed-a15c-41b6-80e9-031729fa060d',
      time: Date.UTC(2023, 0, 10, 21, 4, 2),
      action: { name: 'GetRecords' },
    });
  });

  it('every Stratus Red Team record parses, leading-zero IPs included', () => {
    const dir = join(CORPUS, 'stratus-red-team');
    let n = 0;
    for (const f of readdirSync(dir)) {
      for (const r of JSON.parse(readFileSync(join(dir, f), 'utf8')) as RawRecord[]) {
        expect(cloudtrail.detect(r)).toBe(true);
        parse(r, f);
        n++;
      }
    }
    expect(n).toBe(263);
    const login = (
      JSON.parse(readFileSync(join(dir, 'aws.initial-access.console-login-without-mfa.json'), 'utf8')) as RawRecord[]
    )[0]!;
    expect(one(login)).toMatchObject({
      source: { ip: '225.1.0.16' },
      actor: { mfa: false },
      details: { mfaUsed: false },
      outcome: { success: true },
    });
  });

  it('does not claim the GCP corpus', () => {
    const gcp = loadRecordsFile(join(CORPUS, 'panther/GCP_AuditLog.events.ndjson'));
    expect(gcp.filter((r) => cloudtrail.detect(r))).toEqual([]);
  });
});
