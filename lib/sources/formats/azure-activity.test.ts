import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../../model/fields';
import type { TokenEvent } from '../../model/token-event';
import { azureActivity } from './azure-activity';
import { entraAudit } from './entra-audit';
import { entraSignin } from './entra-signin';
import { m365Audit } from './m365-audit';
import { join } from 'node:path';
import { runEngine } from '../../engine/run';
import {
  corpusRecords,
  expectContractHolds,
  fixtureRecords as fixtures,
  loadFixture as load,
  parseOneWith,
} from '../../../test/support/fixture-records';
import { CORPUS } from '../../../test/support/shared-material';
import { scanFile } from '../../../test/corpus/corpus-support';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/azure-activity');

const parseOne = (rec: RawRecord, ref?: string): TokenEvent => parseOneWith(azureActivity, rec, ref);

describe('azure-activity: diagnostic / Event Hub shape', () => {
  const e = parseOne(load('azure-activity/activity-diagnostic.ndjson')[0]!);
  it('reads identity.claims: token id, app, service-principal actor', () => {
    expect(e).toMatchObject({
      id:
        '3c4d5e6f-0000-4000-8000-000000000080:MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION:Success:' +
        Date.UTC(2026, 2, 2, 13, 1, 10, 123),
      time: Date.UTC(2026, 2, 2, 13, 1, 10, 123),
      provider: 'azure',
      format: 'azure-activity',
      class: 'api_activity',
      actor: {
        id: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
        kind: 'service_principal',
        type: 'app',
        account: '72f988bf-0000-4c2b-9a4e-5f6a7b8c9d01',
      },
      credential: { kind: 'oauth_access_token', id: 'c3AtdXRpLTA0MA', issuedAt: 1772442000000 },
      source: { ip: '198.51.100.23' },
      action: {
        name: 'MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION',
        service: 'MICROSOFT.STORAGE',
        verb: 'privileged',
      },
      target: { account: '0B0B0B0B-0000-4000-8000-000000000001' },
      app: { id: '11111111-2222-3333-4444-555555555555' },
      outcome: { success: true, code: 'Succeeded.OK' },
      details: { category: 'Administrative' },
    });
  });
});

describe('azure-activity: REST / portal JSON', () => {
  const e = parseOne(load('azure-activity/activity-rest.json')[0]!);
  it('reads operationName.value, status.value, caller, claims and httpRequest', () => {
    expect(e).toMatchObject({
      id: '5e6f7081-0000-4000-8000-000000000091',
      time: Date.UTC(2026, 2, 2, 13, 8, 11, 530),
      actor: { id: 'alice@contoso.example', kind: 'human', type: 'user' },
      credential: { kind: 'oauth_access_token', id: 'cmVwbGF5ZWQtdXRpLTA5MA' },
      source: { ip: '45.137.0.9' },
      action: {
        name: 'Microsoft.Authorization/roleAssignments/write',
        service: 'Microsoft.Authorization',
        verb: 'privileged',
      },
      app: { id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46' },
      outcome: { success: true, code: 'Created' },
      target: { account: '0b0b0b0b-0000-4000-8000-000000000001' },
    });
  });
  it('never copies the request body', () => {
    expect(JSON.stringify(e)).not.toContain('requestbody');
    expect(JSON.stringify(e)).not.toContain('PrincipalId');
  });
});

describe('azure-activity: AzureActivity Log Analytics row', () => {
  const e = parseOne(load('azure-activity/azureactivity-loganalytics.json')[0]!);
  it('reads OperationNameValue, ActivityStatusValue, Caller and Claims JSON text', () => {
    expect(e).toMatchObject({
      id: 'a3b4c5d6-0000-4000-8000-0000000000a1',
      time: Date.UTC(2026, 2, 2, 13, 20, 0, 123),
      actor: { id: 'alice@contoso.example', kind: 'human' },
      credential: { id: 'cmVwbGF5ZWQtdXRpLTA5MA' },
      source: { ip: '45.137.0.9' },
      action: {
        name: 'MICROSOFT.COMPUTE/VIRTUALMACHINES/RUNCOMMAND/ACTION',
        service: 'MICROSOFT.COMPUTE',
        verb: 'write',
      },
      outcome: { success: false, code: 'Forbidden' },
      target: {
        id: '/subscriptions/0b0b0b0b-0000-4000-8000-000000000001/resourcegroups/prod/providers/microsoft.compute/virtualmachines/vm-web-1',
      },
    });
  });
});

describe('azure-activity: snake_case SDK serialisation (azure-mgmt-monitor EventData)', () => {
  const [user, platform] = load('azure-activity/activity-sdk-snake-case.ndjson').map((r) => parseOne(r)) as [
    TokenEvent,
    TokenEvent,
  ];
  it('reads event_timestamp, operation_name.value, http_request.client_ip_address, event_data_id and resource_provider_name', () => {
    expect(user).toMatchObject({
      id: '0f1e2d3c-0000-4000-8000-0000000000c2',
      time: Date.UTC(2026, 2, 2, 14, 0, 12, 441),
      actor: {
        id: 'bob@contoso.example',
        kind: 'human',
        type: 'user',
        account: '72f988bf-0000-4c2b-9a4e-5f6a7b8c9d01',
      },
      credential: { kind: 'oauth_access_token', id: 'dXNlci11dGktc25ha2U', issuedAt: 1772445600000 },
      source: { ip: '203.0.113.40' },
      action: { name: 'Microsoft.Compute/virtualMachines/write', service: 'Microsoft.Compute', verb: 'write' },
      target: { account: '0b0b0b0b-0000-4000-8000-000000000001' },
      outcome: { success: true },
      details: {
        category: 'Administrative',
        correlationId: 'a1b2c3d4-0000-4000-8000-0000000000c0',
        eventName: 'BeginRequest',
      },
    });
  });
  it("reads the platform's app-only call on the user's request as a service principal sharing the correlation id", () => {
    expect(platform).toMatchObject({
      actor: { id: '9a1b2c3d-3333-4c2b-9a4e-5f6a7b8c9d03', kind: 'service_principal', type: 'app' },
      credential: { id: 'cGxhdGZvcm0tdXRp' },
      action: { name: 'Microsoft.Compute/disks/write', verb: 'write' },
      details: { correlationId: user.details!.correlationId! },
    });
  });
});

describe('azure-activity: every category from diagnostic settings (storage / Event Hub)', () => {
  const evs = load('azure-activity/activity-diagnostic-categories.ndjson').map((r) => parseOne(r));
  const byCat = new Map(evs.map((e) => [e.details!.category as string, e]));
  it('reads all eight categories', () => {
    expect([...byCat.keys()].sort()).toEqual([
      'Administrative',
      'Alert',
      'Autoscale',
      'Policy',
      'Recommendation',
      'ResourceHealth',
      'Security',
      'ServiceHealth',
    ]);
  });
  it('takes the category from properties.eventCategory when `category` is the operation kind ("Write")', () => {
    expect(byCat.get('Administrative')).toMatchObject({
      actor: { id: 'bob@contoso.example', kind: 'human' },
      source: { ip: '203.0.113.40' },
      credential: { id: 'ZGlhZy13cml0ZS11dGk' },
      outcome: { success: true, code: 'Succeeded.Created' },
    });
  });
  it('keeps the identity of a Policy event (the caller the schema gives it)', () => {
    expect(byCat.get('Policy')).toMatchObject({
      actor: { id: '33a68b9d-63ce-484c-a97e-94aef4c89648', kind: 'service_principal' },
    });
  });
  it('reads the six platform categories as the platform: no identity, no token, no app', () => {
    for (const c of ['Security', 'ServiceHealth', 'Alert', 'Recommendation', 'Autoscale', 'ResourceHealth']) {
      const e = byCat.get(c)!;
      expect(e.actor, c).toMatchObject({ id: '', kind: 'service', type: 'platform' });
      expect(e.credential, c).toBeUndefined();
      expect(e.app, c).toBeUndefined();
    }
    expect(byCat.get('Alert')!.actor.name).toBe('Microsoft.Insights/alertRules');
    expect(byCat.get('Autoscale')!.actor.name).toBe('Microsoft.Insights/autoscaleSettings');
  });
});

describe('azure-activity: REST / portal JSON of platform categories', () => {
  const [alert, health] = load('azure-activity/activity-rest-platform.json').map((r) => parseOne(r)) as [
    TokenEvent,
    TokenEvent,
  ];
  it('reads the alert engine as a caller name, not an identity', () => {
    expect(alert).toMatchObject({
      id: 'dd3d3d3d-0000-4000-8000-0000000000d1',
      actor: { id: '', kind: 'service', name: 'Microsoft.Insights/alertRules' },
      details: { category: 'Alert' },
    });
  });
  it('reads a service-health incident without a caller', () => {
    expect(health).toMatchObject({
      actor: { id: '', kind: 'service' },
      action: { name: 'Microsoft.ServiceHealth/incident/action' },
      outcome: { success: true },
    });
  });
});

describe('azure-activity: AzureActivity exported as CSV from Log Analytics', async () => {
  const scan = await scanFile(join(FIXTURES, 'azureactivity-loganalytics.csv'));
  it('reads every row: [UTC] time columns, JSON in the Claims, Properties and HTTPRequest cells', () => {
    expect(scan.stats).toMatchObject({ records: 3, parsed: 3, rejected: 0 });
    const [grant, secret, health] = scan.events as [TokenEvent, TokenEvent, TokenEvent];
    expect(grant).toMatchObject({
      id: 'f2000001-0000-4000-8000-0000000000f2',
      time: Date.UTC(2026, 2, 3, 9, 15, 2, 123),
      actor: { id: 'carol@contoso.example', kind: 'human' },
      credential: { id: 'bGEtY3N2LXV0aS0x' },
      source: { ip: '198.51.100.77' },
      action: { verb: 'privileged' },
      outcome: { success: true, code: 'Created' },
    });
    expect(secret).toMatchObject({
      actor: { id: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', kind: 'service_principal' },
      outcome: { success: false, code: 'Forbidden' },
    });
    expect(health).toMatchObject({ actor: { id: '', kind: 'service' }, details: { category: 'ServiceHealth' } });
  });
});

describe('azure-activity: older AzureActivity columns and the portal download', async () => {
  it('reads the pre-2020 column set (OperationName, ActivityStatus, ActivitySubstatus, ResourceProvider)', () => {
    expect(parseOne(load('azure-activity/azureactivity-legacy-columns.json')[0]!)).toMatchObject({
      id: 'a9000002-0000-4000-8000-0000000000a9',
      time: Date.UTC(2019, 5, 11, 10, 2, 33, 441),
      actor: { id: 'dave@contoso.example', kind: 'human' },
      source: { ip: '198.51.100.90' },
      action: { name: 'Microsoft.Compute/virtualMachines/write', service: 'Microsoft.Compute', verb: 'write' },
      outcome: { success: true },
      details: { category: 'Administrative' },
    });
  });
  it('names the resource from the RBAC scope when the record has no resource id', () => {
    const e = parseOne({
      eventTimestamp: '2026-03-02T10:00:00Z',
      caller: 'bob@contoso.example',
      operationName: { value: 'Microsoft.KeyVault/vaults/write' },
      authorization: {
        action: 'Microsoft.KeyVault/vaults/write',
        scope: '/subscriptions/0b0b/resourceGroups/ops/providers/Microsoft.KeyVault/vaults/kv-ops',
      },
    });
    expect(e.target).toEqual({
      id: '/subscriptions/0b0b/resourceGroups/ops/providers/Microsoft.KeyVault/vaults/kv-ops',
      account: '0b0b',
    });
  });
  it("does not take today's localized OperationName for the operation", () => {
    const res = azureActivity.parse(
      {
        TimeGenerated: '2026-01-01T00:00:00Z',
        OperationNameValue: '',
        OperationName: 'Create role assignment',
        ActivityStatusValue: 'Success',
      },
      { ref: 'x' },
    );
    expect(res).toMatchObject({ ok: false, reason: expect.stringMatching(/operation name/) });
  });
  const portal = await scanFile(join(FIXTURES, 'portal-activity-download.csv'));
  it('reads the portal\'s "Download as CSV": the initiator as the actor, the alert engine and Resource Health as the platform', () => {
    expect(portal.stats).toMatchObject({ parsed: 3, rejected: 0 });
    const [vm, alert, health] = portal.events as [TokenEvent, TokenEvent, TokenEvent];
    expect(vm).toMatchObject({
      time: Date.UTC(2026, 2, 4, 10, 15, 2),
      actor: { id: 'erin@contoso.example', kind: 'human' },
      action: { name: 'Create or Update Virtual Machine' },
      target: { name: 'vm-app-3', account: 'Production' },
    });
    expect(alert.actor).toMatchObject({ id: '', kind: 'service', name: 'Microsoft.Insights/alertRules' });
    expect(health.actor).toMatchObject({ id: '', kind: 'service' });
  });
});

describe('azure-activity: storage resource logs in the same schema', () => {
  const rec = {
    time: '2025-01-28T15:30:00.0000000Z',
    category: 'StorageRead',
    operationName: 'GetBlob',
    callerIpAddress: '8.8.8.8:45123',
    statusCode: 403,
    statusText: 'AuthenticationFailed',
    uri: 'https://acct.blob.core.windows.net/c/data.zip?sv=2021-12-02&sp=rl&sig=SECRETSIGNATURE',
    identity: { type: 'SAS' },
    properties: { accountName: 'acct', objectKey: '/acct/c/data.zip', userAgentHeader: 'python-requests/2.31.0' },
  };
  const e = parseOne(rec);
  it('reads port-suffixed IPs, status codes and the object key, never the SAS URI', () => {
    expect(e).toMatchObject({
      source: { ip: '8.8.8.8', userAgent: 'python-requests/2.31.0' },
      action: { name: 'GetBlob', verb: 'read' },
      target: { name: '/acct/c/data.zip' },
      outcome: { success: false, code: '403', reason: 'AuthenticationFailed' },
      credential: { kind: 'unknown' },
      details: { authType: 'SAS', category: 'StorageRead' },
    });
    expect(JSON.stringify(e)).not.toContain('SECRETSIGNATURE');
  });
});

describe('azure-activity: detection', () => {
  it("claims none of the other Microsoft formats' fixtures", () => {
    for (const dir of ['entra-signin', 'entra-audit', 'm365-audit']) {
      for (const r of fixtures(dir))
        expect(azureActivity.detect(r), `${dir}: ${JSON.stringify(r).slice(0, 80)}`).toBe(false);
    }
  });
  it('its fixtures are claimed by no other Microsoft format', () => {
    for (const r of fixtures('azure-activity')) {
      expect(entraSignin.detect(r)).toBe(false);
      expect(entraAudit.detect(r)).toBe(false);
      expect(m365Audit.detect(r)).toBe(false);
    }
  });
  it('leaves Microsoft Graph activity logs and Entra categories alone', () => {
    expect(
      azureActivity.detect({
        time: '2026-01-01T00:00:00Z',
        operationName: 'Microsoft Graph Activity',
        category: 'MicrosoftGraphActivityLogs',
        properties: {},
      }),
    ).toBe(false);
    expect(
      azureActivity.detect({
        time: '2026-01-01T00:00:00Z',
        operationName: 'Sign-in activity',
        category: 'SignInLogs',
        properties: {},
      }),
    ).toBe(false);
    expect(
      azureActivity.detect({
        time: '2026-01-01T00:00:00Z',
        operationName: 'Update policy',
        category: 'Policy',
        resourceId: '/tenants/x/providers/Microsoft.aadiam',
        properties: {},
      }),
    ).toBe(false);
  });
  it('rejects a record without an operation name, with a reason', () => {
    const res = azureActivity.parse(
      { time: '2026-01-01T00:00:00Z', operationName: { localizedValue: 'x' } },
      { ref: 'x' },
    );
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.reason).toMatch(/operation name/);
  });
});

describe('azure-activity: never throws', () => {
  const check = (rec: RawRecord): void => expectContractHolds(azureActivity, rec);
  it('on arbitrary objects', () => {
    fc.assert(
      fc.property(fc.object(), (o) => check(o as RawRecord)),
      { numRuns: 300 },
    );
  });
  it('on activity-shaped records with arbitrary values', () => {
    const anyVal = fc.oneof(
      fc.jsonValue(),
      fc.string(),
      fc.constantFrom('', 'null', '{"uti":"x","iat":"1"}', '2026-03-02T09:00:00Z'),
    );
    const rec = fc.record({
      time: fc.oneof(anyVal, fc.constant('2026-03-02T09:00:00Z')),
      operationName: fc.oneof(anyVal, fc.record({ value: anyVal })),
      category: fc.oneof(anyVal, fc.constant('Administrative')),
      resultType: anyVal,
      statusCode: anyVal,
      callerIpAddress: anyVal,
      claims: anyVal,
      Claims: anyVal,
      identity: fc.oneof(anyVal, fc.record({ claims: anyVal, type: anyVal })),
      properties: anyVal,
      status: fc.oneof(anyVal, fc.record({ value: anyVal })),
      httpRequest: anyVal,
    });
    fc.assert(
      fc.property(rec, (r) => check(r as RawRecord)),
      { numRuns: 500 },
    );
  });
});

describe.skipIf(!existsSync(CORPUS))(
  "azure-activity: plaso's snake_case session (corpus sessions/azure-activity-plaso-vm-lifecycle)",
  async () => {
    const file = join(CORPUS, 'sessions/azure-activity-plaso-vm-lifecycle/azure_activity_log.jsonl');
    const scan = existsSync(file) ? await scanFile(file) : undefined;
    it.skipIf(!scan)('reads 4 of 4 records, placeholder GUIDs and all', () => {
      expect(scan!.stats).toMatchObject({ records: 4, parsed: 4, rejected: 0 });
    });
    it.skipIf(!scan)(
      "judges it benign: the platform's app-only disk calls on the user's request are no second actor",
      () => {
        const app = scan!.events.filter((e) => e.actor.type === 'app');
        const user = scan!.events.filter((e) => e.actor.kind === 'human');
        expect(app).toHaveLength(2);
        expect(user).toHaveLength(2);
        for (const e of app) expect(user.map((u) => u.details?.correlationId)).toContain(e.details?.correlationId);
        const res = runEngine(scan!.events);
        expect(res.verdict).toBe('benign');
        expect(res.findings.filter((f) => f.severity === 'medium' || f.severity === 'high')).toEqual([]);
      },
    );
  },
);

describe.skipIf(!existsSync(CORPUS))('azure-activity: shared corpus', () => {
  it('reads all 214 Panther Azure.MonitorActivity events', () => {
    const recs = corpusRecords('panther/Azure_MonitorActivity.events.ndjson');
    expect(recs).toHaveLength(214);
    const evs = recs.map((r, i) => parseOne(r, `Azure_MonitorActivity#${i + 1}`));
    // Every eventless resource log still gets a distinct, content-based id.
    expect(evs.every((e) => e.id.length > 0)).toBe(true);
    for (const e of evs) expect(JSON.stringify(e)).not.toMatch(/sig=|requestbody/);
  });
  it('claims no Panther Azure.Audit (Entra) event', () => {
    for (const r of corpusRecords('panther/Azure_Audit.events.ndjson')) expect(azureActivity.detect(r)).toBe(false);
  });
});
