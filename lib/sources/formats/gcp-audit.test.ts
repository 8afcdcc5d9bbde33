import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gcpAudit } from './gcp-audit';
import { TokenEventSchema, type TokenEvent } from '../../model/token-event';
import type { RawRecord } from '../../model/fields';
import { CORPUS } from '../../../test/support/shared-material';
import { FIXTURES, loadFixture, loadRecordsFile } from '../../../test/support/fixture-records';

const entries = (): RawRecord[] => loadFixture('gcp-audit/logs-explorer.json');

function one(rec: RawRecord, ref = 'test'): TokenEvent {
  const res = gcpAudit.parse(rec, { ref });
  if (!res.ok) throw new Error(`rejected: ${res.reason}`);
  expect(res.events).toHaveLength(1);
  return TokenEventSchema.parse(res.events[0]);
}

describe('gcp-audit: Logs Explorer download', () => {
  const all = entries();

  it('detects and parses every entry into a valid event with its insertId', () => {
    expect(all.every((r) => gcpAudit.detect(r))).toBe(true);
    const events = all.map((r, i) => one(r, `logs-explorer.json#${i}`));
    expect(events.map((e) => e.id)).toEqual([
      '1k9x2p4e3f5ab',
      '-3v8q1ze4mk2b',
      '1q2w3e4r5t6y',
      'ab12cd34ef56',
      'x7y8z9w0v1u2',
    ]);
    expect(events.every((e) => e.provider === 'gcp' && e.format === 'gcp-audit')).toBe(true);
  });

  it('GenerateAccessToken with a service-account key: impersonated account, chain, permissions', () => {
    const e = one(all[0]!);
    expect(e).toMatchObject({
      time: Date.parse('2026-03-02T14:20:05.104Z'),
      class: 'api_activity',
      actor: { id: 'dev-laptop@acme-prod.iam.gserviceaccount.com', kind: 'service_principal', account: 'acme-prod' },
      credential: {
        kind: 'service_account_key',
        id:
          '//iam.googleapis.com/projects/acme-prod/serviceAccounts/dev-laptop@acme-prod.iam.gserviceaccount.com' +
          '/keys/0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c',
      },
      source: { ip: '203.0.113.66', userAgent: expect.stringContaining('gcloud/465.0.0') },
      action: { name: 'GenerateAccessToken', service: 'iamcredentials.googleapis.com' },
      outcome: { success: true },
      target: { id: 'projects/-/serviceAccounts/104857392019283746501', type: 'service_account', account: 'acme-prod' },
    });
    expect(e.details).toEqual({
      delegationChain: ['projects/-/serviceAccounts/deployer@acme-prod.iam.gserviceaccount.com'],
      impersonated: 'deployer@acme-prod.iam.gserviceaccount.com',
      permissions: ['iam.serviceAccounts.getAccessToken'],
      granted: true,
    });
  });

  it('SetIamPolicy: binding deltas, delegation issuer, account_change', () => {
    const e = one(all[1]!);
    expect(e.class).toBe('account_change');
    expect(e.actor).toMatchObject({
      id: 'deployer@acme-prod.iam.gserviceaccount.com',
      issuer: 'dev-laptop@acme-prod.iam.gserviceaccount.com',
    });
    expect(e.credential).toEqual({ kind: 'oauth_access_token' });
    expect(e.details).toEqual({
      delegationChain: ['dev-laptop@acme-prod.iam.gserviceaccount.com'],
      bindingDeltas: [
        'ADD roles/iam.serviceAccountTokenCreator user:mallory.ops@gmail.com',
        'ADD roles/owner serviceAccount:dev-laptop@acme-prod.iam.gserviceaccount.com',
      ],
      permissions: ['resourcemanager.projects.setIamPolicy'],
      granted: true,
    });
  });

  it('a denied read with a redacted principal parses as a failure by `unknown (redacted)`', () => {
    const e = one(all[2]!);
    expect(e.actor).toEqual({ id: 'unknown (redacted)', kind: 'unknown' });
    expect(e.credential).toBeUndefined();
    expect(e.outcome).toEqual({ success: false, code: '7', reason: 'PERMISSION_DENIED' });
    expect(e.details).toEqual({ permissions: ['storage.objects.get'], granted: false });
    expect(e.source.ip).toBe('198.51.100.23');
  });

  it('the default compute service account is a workload; creating a key is account_change', () => {
    const e = one(all[3]!);
    expect(e.actor.kind).toBe('workload');
    expect(e.class).toBe('account_change');
    expect(e.action).toMatchObject({ name: 'google.iam.admin.v1.CreateServiceAccountKey', verb: 'privileged' });
    expect(e.details?.impersonated).toBeUndefined();
  });

  it('lower-cased protopayload/insertid, at_sign_type, zone-less time and BigQuery datasetChange deltas', () => {
    const e = one(all[4]!);
    expect(e).toMatchObject({
      id: 'x7y8z9w0v1u2',
      time: Date.UTC(2026, 2, 2, 14, 40, 0, 250),
      class: 'account_change',
      actor: { id: 'carol@acme.example', kind: 'human' },
      source: { ip: '198.51.100.7' },
      details: { bindingDeltas: ['ADD roles/bigquery.dataViewer allAuthenticatedUsers'] },
    });
  });

  it('status code 0 is success; other codes fail with their message', () => {
    const base = all[0]!;
    const withStatus = (status: unknown): TokenEvent =>
      one({ ...base, protoPayload: { ...(base.protoPayload as RawRecord), status } });
    expect(withStatus({ code: 0 }).outcome).toEqual({ success: true });
    expect(withStatus({ code: 5, message: 'Not found' }).outcome).toEqual({
      success: false,
      code: '5',
      reason: 'Not found',
    });
    expect(withStatus({ code: 16 }).outcome).toEqual({ success: false, code: '16', reason: 'UNAUTHENTICATED' });
    expect(withStatus({ code: 'PERMISSION_DENIED' }).outcome).toEqual({ success: false, code: 'PERMISSION_DENIED' });
    expect(withStatus({ code: '7' }).outcome).toEqual({ success: false, code: '7', reason: 'PERMISSION_DENIED' });
  });

  it('names a trimmed entry by its checked permission, rejects one with neither, and keeps one without a time', () => {
    const base = all[0]!;
    const pp = { ...(base.protoPayload as RawRecord) };
    delete pp.methodName;
    expect(
      one({
        ...base,
        protoPayload: { ...pp, authorizationInfo: [{ permission: 'run.services.setIamPolicy', granted: false }] },
      }).action.name,
    ).toBe('run.services.setIamPolicy');
    delete pp.authorizationInfo;
    expect(gcpAudit.parse({ ...base, protoPayload: pp }, { ref: 'x' })).toEqual({
      ok: false,
      reason: 'GCP audit entry has neither protoPayload.methodName nor an authorizationInfo permission',
    });
    const { timestamp: _t, receiveTimestamp: _r, ...noTime } = base;
    const pp2 = { ...(base.protoPayload as RawRecord), requestMetadata: {} };
    expect(one({ ...noTime, protoPayload: pp2 })).toMatchObject({ id: '1k9x2p4e3f5ab', time: 0, timeKnown: false });
    expect(one({ ...base, timestamp: '...' })).toMatchObject({ timeKnown: false, details: { rawTime: '...' } });
  });
});

describe('gcp-audit: detect', () => {
  it('does not claim CloudTrail, GuardDuty or non-audit log entries', () => {
    const ct = (
      JSON.parse(readFileSync(join(FIXTURES, 'cloudtrail/stolen-keys.json'), 'utf8')) as { Records: RawRecord[] }
    ).Records;
    expect(ct.some((r) => gcpAudit.detect(r))).toBe(false);
    const gd = JSON.parse(readFileSync(join(FIXTURES, 'guardduty/get-findings.json'), 'utf8')) as {
      Findings: RawRecord[];
    };
    expect(gd.Findings.some((r) => gcpAudit.detect(r))).toBe(false);
    expect(
      gcpAudit.detect({ protoPayload: { '@type': 'type.googleapis.com/google.appengine.logging.v1.RequestLog' } }),
    ).toBe(false);
    expect(gcpAudit.detect({ jsonPayload: { message: 'hi' }, insertId: 'x', timestamp: '2026-03-02T00:00:00Z' })).toBe(
      false,
    );
  });
});

describe('gcp-audit: never throws', () => {
  it('any JSON object gives ok or a reject with a reason', () => {
    fc.assert(
      fc.property(fc.object({ maxDepth: 3 }), (rec) => {
        const r = rec as RawRecord;
        expect(typeof gcpAudit.detect(r)).toBe('boolean');
        const res = gcpAudit.parse(r, { ref: 'fc' });
        if (res.ok) res.events.forEach((e) => TokenEventSchema.parse(e));
        else expect(res.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('LogEntry-shaped records with arbitrary values give ok or a reject with a reason', () => {
    const any = fc.jsonValue({ maxDepth: 3 });
    const payload = fc.record(
      {
        methodName: fc.oneof(fc.constant('GenerateAccessToken'), any),
        serviceName: fc.oneof(fc.constant('iamcredentials.googleapis.com'), any),
        status: fc.oneof(fc.record({ code: fc.oneof(fc.integer(), any), message: any }, { requiredKeys: [] }), any),
        authenticationInfo: fc.oneof(
          fc.record(
            { principalEmail: any, serviceAccountDelegationInfo: any, serviceAccountKeyName: any },
            { requiredKeys: [] },
          ),
          any,
        ),
        authorizationInfo: any,
        requestMetadata: any,
        request: any,
        metadata: any,
        serviceData: any,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.record(
          {
            protoPayload: payload,
            insertId: any,
            timestamp: fc.oneof(fc.constant('2026-03-02T14:20:05Z'), any),
            resource: any,
          },
          { requiredKeys: ['protoPayload'] },
        ),
        (rec) => {
          const res = gcpAudit.parse(rec as RawRecord, { ref: 'fc' });
          if (res.ok) res.events.forEach((e) => TokenEventSchema.parse(e));
          else expect(res.reason.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe.skipIf(!existsSync(CORPUS))('gcp-audit: public corpus', () => {
  it('Elastic GenerateAccessToken: workload-identity principal mints for a CI service account', () => {
    const [rec] = loadRecordsFile(
      join(CORPUS, 'elastic-integrations/gcp_audit_iamcredentials_GenerateAccessToken.ndjson'),
    );
    expect(gcpAudit.detect(rec!)).toBe(true);
    const e = one(rec!);
    expect(e).toMatchObject({
      id: '15djrryd6bap',
      time: Date.parse('2024-11-19T00:49:55.293Z'),
      actor: { kind: 'federated' },
      source: { ip: '175.16.199.45', userAgent: 'Go-http-client/2.0,gzip(gfe)' },
      action: { name: 'GenerateAccessToken', service: 'iamcredentials.googleapis.com' },
      outcome: { success: true },
      details: {
        impersonated: 'made-up-ci-account@project-id.iam.gserviceaccount.com',
        permissions: ['iam.serviceAccounts.getAccessToken'],
        granted: true,
      },
    });
    expect(e.actor.id).toMatch(/^principal:\/\/iam\.googleapis\.com\/.*workloadIdentityPools/);
  });

  describe('Panther GCP_AuditLog', () => {
    // describe.skipIf still runs this body to collect tests: read only when the corpus is there.
    const panther = existsSync(CORPUS) ? loadRecordsFile(join(CORPUS, 'panther/GCP_AuditLog.events.ndjson')) : [];

    it('every entry parses or is rejected with a reason; none throws', () => {
      expect(panther).toHaveLength(143);
      let parsed = 0;
      for (const [i, r] of panther.entries()) {
        const res = gcpAudit.parse(r, { ref: `GCP_AuditLog.events.ndjson:${i + 1}` });
        if (res.ok) {
          res.events.forEach((e) => TokenEventSchema.parse(e));
          parsed++;
        } else expect(res.reason).toMatch(/protoPayload|methodName/);
      }
      // Trimmed rule-test events: 6 have no protoPayload; the 8 without methodName are named by their permission.
      expect(parsed).toBe(137);
    });

    it('strict positives #73 (SignJwt) and #75 (GenerateAccessToken, no caller IP)', () => {
      const signJwt = one(panther[72]!);
      expect(signJwt).toMatchObject({
        id: '1hu88qbef4d2o',
        source: { ip: '1.2.3.4' },
        credential: { kind: 'service_account_key' },
        details: { impersonated: 'some-project@company.iam.gserviceaccount.com' },
      });
      const gat = one(panther[74]!);
      expect(gat).toMatchObject({
        id: '1dy9ihte4iyjz',
        time: Date.UTC(2024, 7, 29, 19, 30, 36, 339),
        actor: { id: 'example_principal_subject' },
        source: { caller: 'gce-internal-ip' },
        details: {
          impersonated: 'xxxxx.iam.gserviceaccount.com',
          delegationChain: ['projects/-/serviceAccounts/xxxxx.iam.gserviceaccount.com'],
        },
      });
      expect(gat.source.ip).toBeUndefined();
    });

    it('policy deltas (#107) and PERMISSION_DENIED (#112)', () => {
      expect(one(panther[106]!).details?.bindingDeltas).toEqual([
        'ADD roles/iam.serviceAccountTokenCreator serviceAccount:test-account3@gcp-project1.iam.gserviceaccount.com',
        'ADD roles/iam.serviceAccountUser serviceAccount:test-account3@gcp-project1.iam.gserviceaccount.com',
      ]);
      expect(one(panther[111]!).outcome).toMatchObject({ success: false, code: '7' });
    });
  });

  it('claims no CloudTrail corpus record', () => {
    expect(
      loadRecordsFile(join(CORPUS, 'panther/AWS_CloudTrail.events.ndjson')).filter((r) => gcpAudit.detect(r)),
    ).toEqual([]);
    const dir = join(CORPUS, 'stratus-red-team');
    for (const f of readdirSync(dir)) {
      const recs = JSON.parse(readFileSync(join(dir, f), 'utf8')) as RawRecord[];
      expect(recs.some((r) => gcpAudit.detect(r))).toBe(false);
    }
  });
});

describe('gcp-audit: client kind and Google system events', () => {
  const entry = (
    principal: string | undefined,
    ua: string | undefined,
    method = 'v1.compute.instances.insert',
  ): RawRecord => ({
    insertId: `i-${method}-${principal ?? 'none'}`,
    timestamp: '2021-09-30T10:07:13.902718Z',
    logName: 'projects/p/logs/cloudaudit.googleapis.com%2Factivity',
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
      serviceName: 'compute.googleapis.com',
      methodName: method,
      ...(principal ? { authenticationInfo: { principalEmail: principal } } : {}),
      ...(ua ? { requestMetadata: { callerIp: '87.111.222.27', callerSuppliedUserAgent: ua } } : {}),
    },
  });

  it('a browser user agent stamped ,gzip(gfe) is the Cloud Console; gcloud is an SDK; Terraform is IaC', () => {
    // dftimewolf's project audit log.
    expect(
      one(
        entry(
          'user@dummy-domain.com',
          'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/94.0.4606.61 Safari/537.36,gzip(gfe),gzip(gfe)',
        ),
      ).source.clientKind,
    ).toBe('console');
    expect(
      one(entry('user@dummy-domain.com', 'google-cloud-sdk gcloud/456.0.0 command/gcloud.compute.instances.create'))
        .source.clientKind,
    ).toBe('sdk');
    expect(
      one(
        entry(
          'ci@p.iam.gserviceaccount.com',
          'Terraform/1.5.7 (+https://www.terraform.io) Terraform-Plugin-SDK/2.10.1 terraform-provider-google/5.0.0',
        ),
      ).source.clientKind,
    ).toBe('iac');
  });

  it('system@google.com (migrateOnHostMaintenance) is the service itself', () => {
    const e = one(entry('system@google.com', undefined, 'compute.instances.migrateOnHostMaintenance'));
    expect(e.actor).toMatchObject({ id: 'system@google.com', kind: 'service' });
    expect(e.source.clientKind).toBe('service');
  });
});
