import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { guardduty } from './guardduty';
import { TokenEventSchema, type TokenEvent } from '../../model/token-event';
import type { RawRecord } from '../../model/fields';
import { CORPUS } from '../../../test/support/shared-material';
import { FIXTURES } from '../../../test/support/fixture-records';

const json = (p: string): RawRecord => JSON.parse(readFileSync(join(FIXTURES, p), 'utf8')) as RawRecord;

function parse(rec: RawRecord, ref = 'test'): TokenEvent[] {
  const res = guardduty.parse(rec, { ref });
  if (!res.ok) throw new Error(`rejected: ${res.reason}`);
  for (const e of res.events) TokenEventSchema.parse(e);
  return res.events;
}

describe('guardduty: get-findings output (PascalCase)', () => {
  const doc = json('guardduty/get-findings.json');
  const findings = doc.Findings as RawRecord[];

  it('detects the document and each finding', () => {
    expect(guardduty.detect(doc)).toBe(true);
    expect(findings.every((f) => guardduty.detect(f))).toBe(true);
  });

  it('one event per finding, from the whole document too', () => {
    const events = parse(doc, 'get-findings.json');
    expect(events.map((e) => e.id)).toEqual(['8ec7a5f0e2b14a7c9f1d3e5a7b9c1d2e', '3a9b1c7d5e2f4a6b8c0d2e4f6a8b0c1d']);
    expect(events.map((e) => e.ref)).toEqual(['get-findings.json#0', 'get-findings.json#1']);
  });

  it('instance credential exfiltration: workload actor, temporary key, remote IP with geo and ASN, high risk', () => {
    const [e] = parse(findings[0]!);
    expect(e).toEqual({
      id: '8ec7a5f0e2b14a7c9f1d3e5a7b9c1d2e',
      time: Date.parse('2026-03-02T14:05:12.204Z'),
      provider: 'aws',
      format: 'guardduty',
      class: 'api_activity',
      actor: {
        id: 'AROAEXAMPLEWEBROLE001:i-0a1b2c3d4e5f60718',
        name: 'web-app-role',
        kind: 'workload',
        type: 'AssumedRole',
        account: '111122223333',
      },
      credential: { kind: 'temporary_key', id: 'ASIAEXAMPLEINSTANCE1' },
      source: {
        ip: '192.0.2.200',
        country: 'NL',
        city: 'Amsterdam',
        lat: 52.3759,
        lon: 4.8975,
        asn: 64500,
        asOrg: 'EXAMPLE-HOSTING-AS',
      },
      action: {
        name: 'GuardDuty:UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
        service: 'guardduty.amazonaws.com',
        verb: 'list',
      },
      outcome: { success: true },
      risk: {
        level: 'high',
        detections: ['UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS'],
        vendor: 'guardduty',
      },
      details: {
        findingType: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
        severity: 8,
        accountId: '111122223333',
        region: 'us-east-1',
      },
      ref: 'test',
    });
  });

  it('unknown geo (0,0), ASN -1 and "Unknown" country are left out; severity 5 is medium', () => {
    const [e] = parse(findings[1]!);
    expect(e!.source).toEqual({ ip: '203.0.113.66', userAgent: expect.stringContaining('Boto3/1.34.2') });
    expect(e!.actor).toMatchObject({ id: 'AIDAEXAMPLEALICE00001', name: 'alice', kind: 'human' });
    expect(e!.credential).toEqual({ kind: 'long_term_key', id: 'AKIAEXAMPLEALICE0001' });
    expect(e!.risk).toMatchObject({ level: 'medium' });
  });
});

describe('guardduty: EventBridge event', () => {
  const ev = json('guardduty/eventbridge-finding.json');

  it('reads the finding in detail (camelCase)', () => {
    expect(guardduty.detect(ev)).toBe(true);
    const [e] = parse(ev);
    expect(e).toMatchObject({
      id: '5d6e7f8091a2b3c4d5e6f708192a3b4c',
      time: Date.parse('2026-03-02T13:55:03.412Z'),
      actor: { id: '111122223333:backup-svc', name: 'backup-svc', kind: 'federated' },
      credential: { kind: 'temporary_key', id: 'ASIAEXAMPLEFED000001' },
      source: {
        ip: '198.51.100.23',
        country: 'Germany',
        city: 'Frankfurt am Main',
        asn: 64496,
        userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0',
      },
      action: { name: 'GuardDuty:UnauthorizedAccess:IAMUser/TorIPCaller', verb: 'list' },
      outcome: { success: false, code: 'AccessDenied' },
      risk: { level: 'medium', detections: ['UnauthorizedAccess:IAMUser/TorIPCaller'], vendor: 'guardduty' },
      details: { findingType: 'UnauthorizedAccess:IAMUser/TorIPCaller', severity: 5 },
    });
  });

  it('severity bands: >=7 high, >=4 medium, else low; time falls back to createdAt then eventLastSeen', () => {
    const detail = ev.detail as RawRecord;
    const at = (severity: number): string => parse({ ...detail, severity })[0]!.risk!.level;
    expect([at(8.9), at(7), at(6.9), at(4), at(3.9), at(1)]).toEqual([
      'high',
      'high',
      'medium',
      'medium',
      'low',
      'low',
    ]);
    const { updatedAt: _u, ...noUpdated } = detail;
    expect(parse(noUpdated)[0]!.time).toBe(Date.parse('2026-03-02T13:55:03.412Z'));
    const { createdAt: _c, ...neither } = noUpdated;
    expect(parse(neither)[0]!.time).toBe(Date.parse('2026-03-02T13:46:10.000Z'));
  });

  it('rejects a finding without Id; keeps one without a time as timeKnown: false', () => {
    const detail = ev.detail as RawRecord;
    const { id: _id, ...noId } = detail;
    expect(guardduty.parse(noId, { ref: 'x' })).toEqual({ ok: false, reason: 'GuardDuty finding has no Id' });
    const service = { ...(detail.service as RawRecord) };
    delete service.eventLastSeen;
    const withService: RawRecord = { ...detail, service };
    const { createdAt: _c, updatedAt: _u, ...noTime } = withService;
    expect(parse(noTime)[0]).toMatchObject({ id: '5d6e7f8091a2b3c4d5e6f708192a3b4c', time: 0, timeKnown: false });
  });
});

describe('guardduty: detect', () => {
  it('does not claim CloudTrail or GCP records', () => {
    const ct = json('cloudtrail/stolen-keys.json').Records as RawRecord[];
    expect(ct.some((r) => guardduty.detect(r))).toBe(false);
    expect(guardduty.detect(json('cloudtrail/stolen-keys.json'))).toBe(false);
    const gcp = JSON.parse(readFileSync(join(FIXTURES, 'gcp-audit/logs-explorer.json'), 'utf8')) as RawRecord[];
    expect(gcp.some((r) => guardduty.detect(r))).toBe(false);
    // Another EventBridge event is not a finding.
    expect(
      guardduty.detect({
        'detail-type': 'AWS API Call via CloudTrail',
        source: 'aws.iam',
        detail: { eventName: 'CreateUser' },
      }),
    ).toBe(false);
  });
});

describe('guardduty: never throws', () => {
  it('any JSON object gives ok or a reject with a reason', () => {
    fc.assert(
      fc.property(fc.object({ maxDepth: 3 }), (rec) => {
        const r = rec as RawRecord;
        expect(typeof guardduty.detect(r)).toBe('boolean');
        const res = guardduty.parse(r, { ref: 'fc' });
        if (res.ok) res.events.forEach((e) => TokenEventSchema.parse(e));
        else expect(res.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('finding-shaped records with arbitrary values give ok or a reject with a reason', () => {
    const finding = fc.record(
      {
        Id: fc.oneof(fc.string(), fc.jsonValue()),
        Type: fc.oneof(fc.constant('Recon:IAMUser/TorIPCaller'), fc.jsonValue()),
        Severity: fc.oneof(fc.double(), fc.jsonValue()),
        UpdatedAt: fc.oneof(fc.constant('2026-03-02T13:55:03Z'), fc.jsonValue()),
        Service: fc.oneof(
          fc.constant({
            Action: { AwsApiCallAction: { RemoteIpDetails: { IpAddressV4: '1.2.3.4', Organization: { Asn: 'x' } } } },
          }),
          fc.jsonValue({ maxDepth: 3 }),
        ),
        Resource: fc.jsonValue({ maxDepth: 3 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          finding,
          finding.map((f) => ({ Findings: [f, f] })),
          finding.map((f) => ({ 'detail-type': 'GuardDuty Finding', detail: f })),
        ),
        (rec) => {
          const res = guardduty.parse(rec as RawRecord, { ref: 'fc' });
          if (res.ok) res.events.forEach((e) => TokenEventSchema.parse(e));
          else expect(res.reason.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe.skipIf(!existsSync(CORPUS))('guardduty: public corpus', () => {
  it('claims no CloudTrail or GCP corpus record', () => {
    const lines = (p: string): RawRecord[] =>
      readFileSync(join(CORPUS, p), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as RawRecord);
    expect(lines('panther/AWS_CloudTrail.events.ndjson').filter((r) => guardduty.detect(r))).toEqual([]);
    expect(lines('panther/GCP_AuditLog.events.ndjson').filter((r) => guardduty.detect(r))).toEqual([]);
    const dir = join(CORPUS, 'stratus-red-team');
    for (const f of readdirSync(dir)) {
      const recs = JSON.parse(readFileSync(join(dir, f), 'utf8')) as RawRecord[];
      expect(recs.some((r) => guardduty.detect(r))).toBe(false);
    }
  });
});
