import { existsSync } from 'node:fs';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../../model/fields';
import type { TokenEvent } from '../../model/token-event';
import { azureActivity } from './azure-activity';
import { entraAudit } from './entra-audit';
import { entraSignin } from './entra-signin';
import { m365Audit } from './m365-audit';
import {
  corpusRecords,
  expectContractHolds,
  fixtureRecords as fixtures,
  loadFixture as load,
  parseOneWith,
} from '../../../test/support/fixture-records';
import { CORPUS } from '../../../test/support/shared-material';

const parseOne = (rec: RawRecord, ref?: string): TokenEvent => parseOneWith(entraAudit, rec, ref);

describe('entra-audit: Graph consent event', () => {
  const e = parseOne(load('entra-audit/consent-graph.json')[0]!);
  it('fills app from the target and the consent properties', () => {
    expect(e).toMatchObject({
      id: 'Directory_0c1d2e3f-0000-4000-8000-000000000050_ABCDE_123456',
      time: Date.UTC(2026, 2, 2, 9, 16, 2, 880),
      provider: 'entra',
      format: 'entra-audit',
      class: 'authorization_grant',
      actor: { id: 'alice@contoso.example', kind: 'human' },
      source: { ip: '203.0.113.77', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)' },
      action: { name: 'Consent to application', service: 'Core Directory', verb: 'privileged' },
      target: { id: '8f9e0d1c-0000-4000-8000-000000000052', name: 'Mail Sync Helper', type: 'ServicePrincipal' },
      app: {
        id: '0b1c2d3e-0000-4000-8000-000000000050',
        name: 'Mail Sync Helper',
        scopes: ['Mail.Read', 'Mail.Send', 'offline_access', 'User.Read'],
        adminConsent: false,
        allUsers: false,
      },
      outcome: { success: true },
      details: { category: 'AuditLogs', auditCategory: 'ApplicationManagement', targetType: 'ServicePrincipal' },
    });
    expect(e.details?.modifiedProperties).toContain('ConsentContext.IsAdminConsent=False');
    expect(e.details?.modifiedProperties).toContain(
      'TargetId.ServicePrincipalNames=0b1c2d3e-0000-4000-8000-000000000050;https://mailsync.example',
    );
  });
});

describe('entra-audit: Log Analytics AuditLogs row', () => {
  const e = parseOne(load('entra-audit/auditlogs-loganalytics.json')[0]!);
  it('reads InitiatedBy / TargetResources / AdditionalDetails from JSON text', () => {
    expect(e).toMatchObject({
      id: 'Directory_1f2e3d4c-0000-4000-8000-000000000060_FGHIJ_654321',
      time: Date.UTC(2026, 2, 2, 9, 40, 10, 987),
      class: 'account_change',
      actor: { id: 'alice@contoso.example', kind: 'human', account: '72f988bf-0000-4c2b-9a4e-5f6a7b8c9d01' },
      source: { ip: '45.137.0.9', userAgent: 'python-requests/2.31.0' },
      action: { name: 'Add service principal credentials', verb: 'privileged', service: 'Core Directory' },
      target: { id: '8f9e0d1c-0000-4000-8000-000000000052', type: 'ServicePrincipal' },
      details: { targetType: 'ServicePrincipal', auditCategory: 'ApplicationManagement', operationType: 'Update' },
    });
    expect(e.app).toBeUndefined();
  });
  it('keeps KeyDescription and never the secret value', () => {
    const mods = e.details?.modifiedProperties as string[];
    expect(mods[0]).toBe(
      'KeyDescription=[KeyIdentifier=4d5e6f70-0000-4000-8000-000000000060,KeyType=Password,KeyUsage=Verify,DisplayName=backdoor]',
    );
    expect(mods).toContain('ClientSecret=[redacted]');
    expect(JSON.stringify(e)).not.toContain('notarealsecretvalue');
  });
});

describe('entra-audit: diagnostic-settings shape', () => {
  const e = parseOne(load('entra-audit/diagnostic-audit.ndjson')[0]!);
  it('reads a tenant-wide delegated grant by an app', () => {
    expect(e).toMatchObject({
      id: 'Directory_2a3b4c5d-0000-4000-8000-000000000070_KLMNO_111',
      class: 'authorization_grant',
      actor: {
        id: '9f8e7d6c-0000-4000-8000-000000000071',
        name: 'Microsoft Graph Command Line Tools',
        kind: 'service_principal',
      },
      source: { ip: '45.137.0.9' },
      app: { scopes: ['Mail.ReadWrite', 'Directory.Read.All'], allUsers: true },
      details: { category: 'AuditLogs', auditCategory: 'ApplicationManagement' },
    });
  });
});

describe('entra-audit: detection', () => {
  it("claims none of the other Microsoft formats' fixtures", () => {
    for (const dir of ['entra-signin', 'azure-activity', 'm365-audit']) {
      for (const r of fixtures(dir))
        expect(entraAudit.detect(r), `${dir}: ${JSON.stringify(r).slice(0, 80)}`).toBe(false);
    }
  });
  it('its fixtures are claimed by no other Microsoft format', () => {
    for (const r of fixtures('entra-audit')) {
      expect(entraSignin.detect(r)).toBe(false);
      expect(azureActivity.detect(r)).toBe(false);
      expect(m365Audit.detect(r)).toBe(false);
    }
  });
  it('rejects a record without an activity name, with a reason', () => {
    const res = entraAudit.parse({ activityDateTime: '2026-03-02T00:00:00Z', activityDisplayName: '' }, { ref: 'x' });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.reason).toMatch(/activity name/);
  });
});

describe('entra-audit: never throws', () => {
  const check = (rec: RawRecord): void => expectContractHolds(entraAudit, rec);
  it('on arbitrary objects', () => {
    fc.assert(
      fc.property(fc.object(), (o) => check(o as RawRecord)),
      { numRuns: 300 },
    );
  });
  it('on audit-shaped records with arbitrary values', () => {
    const anyVal = fc.oneof(
      fc.jsonValue(),
      fc.string(),
      fc.constantFrom('', '"True"', 'null', '[{"displayName":"X","newValue":"\\"y\\""}]'),
    );
    const target = fc.record({
      id: anyVal,
      displayName: anyVal,
      type: anyVal,
      modifiedProperties: fc.oneof(anyVal, fc.array(fc.record({ displayName: anyVal, newValue: anyVal }))),
    });
    const rec = fc.record({
      activityDisplayName: fc.oneof(
        anyVal,
        fc.constantFrom('Consent to application', 'Add delegated permission grant'),
      ),
      activityDateTime: fc.oneof(anyVal, fc.constant('2026-03-02T09:00:00Z')),
      initiatedBy: fc.oneof(anyVal, fc.record({ user: anyVal, app: anyVal })),
      targetResources: fc.oneof(anyVal, fc.array(target, { maxLength: 3 })),
      additionalDetails: anyVal,
      result: anyVal,
    });
    fc.assert(
      fc.property(rec, (r) => check(r as RawRecord)),
      { numRuns: 500 },
    );
  });
});

describe.skipIf(!existsSync(CORPUS))('entra-audit: shared corpus', () => {
  it('reads all 123 Graph audit events', () => {
    const recs = corpusRecords('invictus-mes/entra_auditlogs_graph_20250502.json');
    expect(recs).toHaveLength(123);
    const evs = recs.map((r, i) => parseOne(r, `audit#${i}`));
    expect(evs.filter((e) => e.class === 'authorization_grant')).toHaveLength(0);
    const sts = evs.find((e) => e.id === 'Directory_588cc0c8-09a4-4477-8e2e-8e7c7f84ef55_4PDB9_54222394')!;
    expect(sts).toMatchObject({
      time: Date.parse('2025-05-02T06:58:49.275Z'),
      actor: { id: 'charles.taylor@bonacu.onmicrosoft.com' },
      source: { ip: '132.164.106.179' },
      action: { name: 'Update StsRefreshTokenValidFrom Timestamp' },
      target: { name: 'alina_fern@bonacu.onmicrosoft.com', type: 'User' },
    });
    expect(sts.details?.modifiedProperties).toContain('StsRefreshTokensValidFrom=2025-05-02T06:58:49Z');
    // Authenticator push-notification tokens never leave the parser.
    for (const e of evs) expect(JSON.stringify(e)).not.toMatch(/DeviceToken|APA91b/);
  });

  it('routes the Panther Azure.Audit audit categories here and nothing else', () => {
    const recs = corpusRecords('panther/Azure_Audit.events.ndjson');
    let n = 0;
    for (const [i, r] of recs.entries()) {
      const isAudit = !/SignInLogs$/.test(String(r.category));
      expect(entraAudit.detect(r), `line ${i + 1}`).toBe(isAudit);
      if (isAudit) {
        parseOne(r, `Azure_Audit#${i + 1}`);
        n += 1;
      }
    }
    expect(n).toBe(21);
    const creds = entraAudit.parse(recs[43]!, { ref: 'Azure_Audit#44' });
    expect(creds.ok && creds.events[0]).toMatchObject({
      action: { name: 'Add service principal credentials', verb: 'privileged' },
      details: { modifiedProperties: ['KeyDescription=Client Secret for API Access', 'KeyType=Password'] },
    });
  });
});

describe('entra-audit: application-permission grants (AuditLogs with JSON inside strings)', () => {
  const rows = load('entra-audit/app-permission-chain-auditlogs.json');
  const [grant, appRole, secret] = rows.map((r) => parseOne(r));

  it('a tenant-wide delegated grant: the client app (second target), the scopes, ConsentType and the PowerShell client', () => {
    expect(grant).toMatchObject({
      class: 'authorization_grant',
      actor: { id: 'admin@contoso.example', kind: 'human' },
      source: { ip: '198.51.100.23', userAgent: expect.stringContaining('PowerShell/7.4.1') },
      app: {
        id: '7e1f2a3b-0000-4000-8000-0000000000a2',
        name: 'Contoso Mail Archiver',
        scopes: ['Mail.ReadWrite', 'Files.ReadWrite.All', 'offline_access'],
        allUsers: true,
      },
      details: { consentType: 'AllPrincipals', permissionType: 'delegated' },
    });
    expect(grant!.details?.appKeys).toEqual(['7e1f2a3b-0000-4000-8000-0000000000a2', 'Contoso Mail Archiver']);
  });

  it('an app role to a service principal is an application permission for every user; Microsoft Graph is the resource, not the app', () => {
    expect(appRole).toMatchObject({
      app: {
        name: 'Contoso Mail Archiver',
        scopes: ['Mail.ReadWrite'],
        resource: 'Microsoft Graph',
        adminConsent: true,
        allUsers: true,
      },
      details: { permissionType: 'application' },
    });
    expect(appRole!.app?.id).not.toBe('00000003-0000-0000-c000-000000000000');
  });

  it('a credential added to the application carries the app id and object id as app keys', () => {
    expect(secret).toMatchObject({
      class: 'account_change',
      target: { id: '7e1f2a3b-0000-4000-8000-0000000000a3', type: 'Application' },
    });
    expect(secret!.details?.appKeys).toEqual([
      '7e1f2a3b-0000-4000-8000-0000000000a1',
      '7e1f2a3b-0000-4000-8000-0000000000a3',
      'Contoso Mail Archiver',
    ]);
  });

  // The same record as Graph directoryAudits return it and as diagnostic settings stream it (Event Hub).
  const asGraph = (r: RawRecord): RawRecord => ({
    id: r.Id,
    category: r.Category,
    correlationId: r.CorrelationId,
    result: r.Result,
    activityDisplayName: r.ActivityDisplayName,
    activityDateTime: r.ActivityDateTime,
    loggedByService: r.LoggedByService,
    operationType: r.AADOperationType,
    initiatedBy: JSON.parse(r.InitiatedBy as string),
    targetResources: JSON.parse(r.TargetResources as string),
    additionalDetails: JSON.parse(r.AdditionalDetails as string),
  });
  const asEventHub = (r: RawRecord): RawRecord => ({
    time: r.TimeGenerated,
    resourceId: r.ResourceId,
    operationName: r.OperationName,
    category: 'AuditLogs',
    tenantId: r.TenantId,
    resultType: 'Success',
    correlationId: r.CorrelationId,
    properties: asGraph(r),
  });

  it('reads the same grant facts from the Graph directoryAudit and the Event Hub shapes', () => {
    for (const shape of [asGraph, asEventHub]) {
      const e = parseOne(shape(rows[0]!));
      expect(e.app).toEqual(grant!.app);
      expect(e.details).toMatchObject({ consentType: 'AllPrincipals', appKeys: grant!.details?.appKeys });
      expect(parseOne(shape(rows[1]!)).details).toMatchObject({ permissionType: 'application' });
    }
  });

  it('reads the Log Analytics CSV export of the same rows (JSON in cells, `[UTC]` time columns)', () => {
    const utc = rows.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [/^(TimeGenerated|ActivityDateTime)$/.test(k) ? `${k} [UTC]` : k, v]),
      ),
    );
    utc[0]!['ActivityDateTime [UTC]'] = '3/4/2026, 10:02:11.100 AM';
    const back = Papa.parse<RawRecord>(Papa.unparse(utc), { header: true, skipEmptyLines: 'greedy' }).data;
    const [g, r, c] = back.map((x) => parseOne(x));
    expect(g).toMatchObject({ time: grant!.time, app: grant!.app, details: { consentType: 'AllPrincipals' } });
    expect(r!.details).toMatchObject({ permissionType: 'application' });
    expect(c!.time).toBe(secret!.time);
    expect(c!.details?.appKeys).toEqual(secret!.details?.appKeys);
  });

  it('hard negatives from the portal: User.Read for all users, a user consenting for themselves', () => {
    const neg = load('entra-audit/portal-consents-negative-auditlogs.json').map((r) => parseOne(r));
    expect(neg[0]!.app).toMatchObject({
      id: '2f3e4d5c-0000-4000-8000-0000000000b1',
      scopes: ['openid', 'profile', 'User.Read'],
      allUsers: true,
    });
    expect(neg[1]!.app).toMatchObject({
      name: 'Payroll Portal',
      scopes: ['openid', 'profile', 'User.Read'],
      allUsers: true,
    });
    expect(neg[2]!.app).toMatchObject({ name: 'Team Calendar Widget', allUsers: false, adminConsent: false });
    expect(neg[2]!.details?.consentType).toBe('Principal');
  });
});
