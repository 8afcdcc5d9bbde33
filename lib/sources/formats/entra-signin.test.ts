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
import {
  corpusRecords,
  expectContractHolds,
  fixtureRecords as fixtures,
  loadFixture as load,
  parseOneWith,
} from '../../../test/support/fixture-records';
import { CORPUS } from '../../../test/support/shared-material';
import { scanFile } from '../../../test/corpus/corpus-support';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/entra-signin');

const parseOne = (rec: RawRecord, ref?: string): TokenEvent => parseOneWith(entraSignin, rec, ref);

describe('entra-signin: Graph export (BOM + value wrapper)', () => {
  const recs = load('entra-signin/graph-signins-bom.json');
  const [interactive, nonInteractive, sp, mi] = recs.map((r, i) => parseOne(r, `graph-signins-bom.json#${i}`)) as [
    TokenEvent,
    TokenEvent,
    TokenEvent,
    TokenEvent,
  ];

  it('reads an interactive device-code sign-in with risk and location', () => {
    expect(interactive).toMatchObject({
      id: '6f1c2b7e-4a1d-4a0b-9d0e-1a2b3c4d5e01',
      time: Date.UTC(2026, 2, 2, 9, 14, 31, 483),
      provider: 'entra',
      format: 'entra-signin',
      class: 'authentication',
      actor: { id: 'alice@contoso.example', name: 'Alice Example', kind: 'human', mfa: true },
      credential: {
        kind: 'session',
        id: 'Zm9vYmFyLXV0aS0wMDE',
        sessionId: '0019a2b3-aaaa-bbbb-cccc-000000000001',
        incomingType: 'none',
      },
      source: {
        ip: '203.0.113.77',
        country: 'NL',
        region: 'Noord-Holland',
        city: 'Amsterdam',
        lat: 52.37403,
        lon: 4.88969,
        asn: 64500,
        userAgent: 'python-requests/2.31.0',
      },
      action: { name: 'Sign-in', service: 'Microsoft Graph', verb: 'auth', interactive: true },
      app: {
        id: '29d9ed98-a469-4536-ade2-f981bc1d605e',
        name: 'Microsoft Authentication Broker',
        resource: 'Microsoft Graph',
        protocol: 'deviceCode',
      },
      outcome: { success: true, code: '0' },
      risk: { level: 'high', detections: ['anonymizedIPAddress', 'unfamiliarFeatures'], vendor: 'entra' },
      details: {
        category: 'SignInLogs',
        authRequirement: 'multiFactorAuthentication',
        deviceManaged: false,
        deviceCompliant: false,
        tokenIssuerType: 'AzureAD',
        originalTransferMethod: 'deviceCodeFlow',
        clientCredentialType: 'none',
        riskState: 'atRisk',
      },
      ref: 'graph-signins-bom.json#0',
    });
    expect(interactive.outcome.reason).toBeUndefined();
    expect(interactive.credential?.deviceId).toBeUndefined();
  });

  it('reads a non-interactive refresh with scopes from "Oauth Scope Info"; ASN 0 and empty location are absent', () => {
    expect(nonInteractive.credential).toMatchObject({
      kind: 'oauth_refresh_token',
      incomingType: 'refreshToken',
      deviceId: 'd3v1c3-0001',
    });
    expect(nonInteractive.source.ip).toBe('2001:db8::42');
    expect(nonInteractive.source.asn).toBeUndefined();
    expect(nonInteractive.source.country).toBeUndefined();
    expect(nonInteractive.source.lat).toBeUndefined();
    expect(nonInteractive.app?.scopes).toEqual(['Mail.Read', 'Files.ReadWrite.All', 'offline_access']);
    expect(nonInteractive.app?.protocol).toBeUndefined();
    expect(nonInteractive.risk).toBeUndefined();
    expect(nonInteractive.action.interactive).toBe(false);
    expect(nonInteractive.details).toMatchObject({
      category: 'NonInteractiveUserSignInLogs',
      deviceManaged: true,
      deviceCompliant: true,
    });
  });

  it('reads a failed service-principal sign-in', () => {
    expect(sp).toMatchObject({
      actor: {
        id: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
        name: 'build-agent',
        kind: 'service_principal',
        type: 'servicePrincipal',
      },
      credential: { kind: 'oauth_access_token', id: 'Zm9vYmFyLXV0aS0wMDM' },
      outcome: { success: false, code: '7000215', reason: 'Invalid client secret is provided.' },
      details: { category: 'ServicePrincipalSignInLogs', clientCredentialType: 'clientSecret' },
    });
  });

  it('reads a managed-identity sign-in with an empty IP as no source at all', () => {
    expect(mi.actor).toMatchObject({
      id: '3e3cdeeb-9575-46bc-a20a-6241f409a96b',
      kind: 'workload',
      type: 'managedIdentity',
    });
    expect(mi.source).toEqual({});
    expect(mi.credential?.sessionId).toBeUndefined();
    expect(mi.outcome).toEqual({ success: true, code: '0' });
    expect(mi.details?.category).toBe('ManagedIdentitySignInLogs');
  });
});

describe('entra-signin: Log Analytics SigninLogs export', () => {
  const [failed, ok] = load('entra-signin/signinlogs-loganalytics.json').map((r) => parseOne(r)) as [
    TokenEvent,
    TokenEvent,
  ];

  it('reads PascalCase columns with JSON-in-string dynamic columns and a failure', () => {
    expect(failed).toMatchObject({
      id: '9a8b7c6d-0000-4000-8000-000000000010',
      time: Date.UTC(2026, 2, 2, 11, 0, 1, 765),
      actor: { id: 'bob@contoso.example', name: 'Bob Example', kind: 'human' },
      source: { ip: '192.0.2.200', country: 'RU', city: 'Moscow', lat: 55.7558, lon: 37.6173, asn: 64502 },
      action: { interactive: true, service: 'Windows Azure Service Management API' },
      outcome: {
        success: false,
        code: '50126',
        reason: 'Error validating credentials due to invalid username or password.',
      },
      credential: { kind: 'session' },
    });
    expect(failed.actor.mfa).toBeUndefined();
    expect(failed.credential?.id).toBeUndefined();
    expect(failed.risk).toBeUndefined();
  });

  it('reads dynamic columns given as objects, and risk from the aggregated level', () => {
    expect(ok).toMatchObject({
      outcome: { success: true, code: '0' },
      credential: {
        kind: 'session',
        id: 'YmFyLXV0aS0wMTE',
        sessionId: '5e55-0000-0011',
        incomingType: 'primaryRefreshToken',
        deviceId: 'd3v1c3-0002',
      },
      risk: { level: 'low', detections: ['unlikelyTravel'], vendor: 'entra' },
      details: { deviceManaged: true, deviceCompliant: true, category: 'SignInLogs' },
      actor: { mfa: true },
    });
  });
});

describe('entra-signin: AADNonInteractiveUserSignInLogs row with JSON-in-string columns', () => {
  const e = parseOne(load('entra-signin/aad-noninteractive-row.json')[0]!);
  it('unwraps every string column and reads the scope list', () => {
    expect(e).toMatchObject({
      id: '7c7c7c7c-0000-4000-8000-000000000030',
      time: Date.UTC(2026, 2, 2, 12, 29, 58, 123),
      credential: {
        kind: 'oauth_refresh_token',
        id: 'cmVwbGF5ZWQtdXRpLTAzMA',
        sessionId: '0019a2b3-aaaa-bbbb-cccc-000000000001',
      },
      source: { ip: '45.137.0.9', country: 'NG', city: 'Lagos', asn: 208000 },
      action: { interactive: false, service: 'Microsoft Graph' },
      app: {
        id: 'd3590ed6-52b3-4102-aeff-aad2292ab01c',
        scopes: ['Directory.ReadWrite.All', 'RoleManagement.ReadWrite.Directory', 'offline_access'],
      },
      outcome: { success: true },
      details: { category: 'NonInteractiveUserSignInLogs', deviceManaged: false, deviceCompliant: false },
    });
  });
});

describe('entra-signin: diagnostic-settings shape', () => {
  const [sp, mi] = load('entra-signin/diagnostic-signins.ndjson').map((r) => parseOne(r)) as [TokenEvent, TokenEvent];
  it('reads properties{} under lower-cased top-level keys', () => {
    expect(sp).toMatchObject({
      id: '36658c78-0000-4000-8000-000000000040',
      time: Date.UTC(2026, 2, 2, 12, 59, 59, 900),
      actor: {
        id: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
        kind: 'service_principal',
        account: '72f988bf-0000-4c2b-9a4e-5f6a7b8c9d01',
      },
      credential: { kind: 'oauth_access_token', id: 'c3AtdXRpLTA0MA' },
      source: { ip: '198.51.100.23', country: 'DE' },
      details: { category: 'ServicePrincipalSignInLogs', clientCredentialType: 'certificate' },
    });
  });
  it('keeps an empty managed-identity IP empty even with a top-level callerIpAddress key', () => {
    expect(mi.actor.kind).toBe('workload');
    expect(mi.source.ip).toBeUndefined();
    expect(mi.source.caller).toBeUndefined();
    expect(mi.source.asn).toBeUndefined();
  });
});

describe('entra-signin: portal CSV download', () => {
  const rows = load('entra-signin/portal-signins.csv');
  const [a, b] = rows.map((r) => parseOne(r)) as [TokenEvent, TokenEvent];
  it('maps the human column titles', () => {
    expect(a).toMatchObject({
      id: '6f1c2b7e-4a1d-4a0b-9d0e-1a2b3c4d5e01',
      time: Date.UTC(2026, 2, 2, 9, 14, 31),
      actor: {
        id: 'alice@contoso.example',
        name: 'Alice Example',
        kind: 'human',
        account: '72f988bf-0000-4c2b-9a4e-5f6a7b8c9d01',
      },
      credential: {
        id: 'Zm9vYmFyLXV0aS0wMDE',
        sessionId: '0019a2b3-aaaa-bbbb-cccc-000000000001',
        incomingType: 'none',
      },
      source: {
        ip: '203.0.113.77',
        city: 'Amsterdam',
        region: 'Noord-Holland',
        country: 'NL',
        asn: 64500,
        userAgent: 'python-requests/2.31.0',
      },
      app: {
        id: '29d9ed98-a469-4536-ade2-f981bc1d605e',
        name: 'Microsoft Authentication Broker',
        resource: 'Microsoft Graph',
        protocol: 'Device code',
      },
      outcome: { success: true, code: '0' },
      details: {
        deviceManaged: false,
        deviceCompliant: false,
        originalTransferMethod: 'Device code flow',
        tokenIssuerType: 'AzureAD',
      },
    });
  });
  it('reads a failure with a US-style date and missing columns', () => {
    expect(b).toMatchObject({
      time: Date.UTC(2026, 4, 1, 19, 2, 11),
      outcome: {
        success: false,
        code: '50126',
        reason: 'Error validating credentials due to invalid username or password.',
      },
      source: { ip: '192.0.2.200', city: 'Moscow', country: 'RU' },
    });
    expect(b.source.asn).toBeUndefined();
    expect(b.credential?.id).toBeUndefined();
  });
  it('tolerates a row with only a few columns', () => {
    const e = parseOne({
      'Date (UTC)': '2026-03-02T10:00:00Z',
      'Request ID': 'r-1',
      'IP address': '',
      Status: 'Interrupted',
    });
    expect(e).toMatchObject({ id: 'r-1', actor: { id: '', kind: 'unknown' }, outcome: { success: false }, source: {} });
  });
});

describe('entra-signin: the other sign-in tables exported as CSV from Log Analytics', async () => {
  const scan = await scanFile(join(FIXTURES, 'signin-tables-loganalytics.csv'));
  const byCat = new Map(scan.events.map((e) => [e.details?.category as string, e]));
  it('reads one row of each table, by its Type, with the [UTC] time columns', () => {
    expect(scan.stats).toMatchObject({ records: 4, parsed: 4, rejected: 0 });
    expect([...byCat.keys()].sort()).toEqual([
      'ADFSSignInLogs',
      'ManagedIdentitySignInLogs',
      'MicrosoftServicePrincipalSignInLogs',
      'ServicePrincipalSignInLogs',
    ]);
  });
  it('AADServicePrincipalSignInLogs and AADManagedIdentitySignInLogs: the app and the workload, with their token ids', () => {
    expect(byCat.get('ServicePrincipalSignInLogs')).toMatchObject({
      time: Date.UTC(2026, 2, 5, 7, 0, 1),
      actor: { id: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', kind: 'service_principal' },
      credential: { kind: 'oauth_access_token', id: 'c3AtY3N2LXV0aS0x' },
      source: { ip: '203.0.113.9', country: 'NL' },
    });
    expect(byCat.get('ManagedIdentitySignInLogs')).toMatchObject({
      actor: { id: 'bbbbbbbb-cccc-dddd-eeee-ffffffffffff', kind: 'workload' },
      source: {},
    });
  });
  it('ADFSSignInLogs: the user, interactive, token issuer AD FS', () => {
    expect(byCat.get('ADFSSignInLogs')).toMatchObject({
      time: Date.UTC(2026, 2, 5, 7, 10, 30, 250),
      actor: { id: 'frank@contoso.example', kind: 'human', mfa: false },
      credential: { kind: 'session' },
      source: { ip: '198.51.100.120' },
      action: { interactive: true },
      details: { tokenIssuerType: 'ADFederationServices' },
    });
  });
  it("MicrosoftServicePrincipalSignInLogs: Microsoft's own service signing in, read as the platform (kind service)", () => {
    expect(byCat.get('MicrosoftServicePrincipalSignInLogs')).toMatchObject({
      actor: {
        id: 'cccccccc-dddd-eeee-ffff-000000000001',
        name: 'Office 365 Exchange Online',
        kind: 'service',
        type: 'microsoftServicePrincipal',
      },
      credential: { id: 'bXNzcC11dGktMQ' },
      outcome: { success: true },
    });
  });
});

describe('entra-signin: AD FS, Microsoft service principal and provisioning logs from diagnostic settings', () => {
  const [adfs, mssp, prov] = load('entra-signin/other-signins-diagnostic.ndjson').map((r) => parseOne(r)) as [
    TokenEvent,
    TokenEvent,
    TokenEvent,
  ];
  it('reads a non-interactive AD FS sign-in', () => {
    expect(adfs).toMatchObject({
      actor: { id: 'frank@contoso.example', kind: 'human' },
      action: { interactive: false },
      source: { ip: '198.51.100.121' },
      details: { category: 'ADFSSignInLogs' },
    });
  });
  it("reads a Microsoft service principal's failed sign-in from its ResultSignature", () => {
    expect(mssp).toMatchObject({ actor: { kind: 'service' }, outcome: { success: false, code: 'failure' } });
  });
  it('reads a skipped provisioning change as no failure', () => {
    expect(prov).toMatchObject({
      class: 'account_change',
      action: { name: 'Provisioning: other', verb: 'write' },
      outcome: { success: true, code: 'skipped' },
      actor: { id: '', kind: 'service' },
    });
  });
});

describe('entra-signin: provisioning log (Graph provisioningObjectSummary, AADProvisioningLogs)', () => {
  const [create, disable] = load('entra-signin/provisioning-graph.json').map((r) => parseOne(r)) as [
    TokenEvent,
    TokenEvent,
  ];
  it("reads the provisioning service's own change as the platform, with its target and job", () => {
    expect(create).toMatchObject({
      id: '75b5b0b9-0000-4000-8000-000000000701',
      time: Date.UTC(2026, 2, 5, 8, 0, 12),
      provider: 'entra',
      class: 'account_change',
      actor: { id: '', kind: 'service', type: 'provisioningService', name: 'Microsoft Entra ID Provisioning Service' },
      action: { name: 'Provisioning: create', service: 'Salesforce', verb: 'write' },
      target: { id: '005Dn000003ABCD', name: 'frank@contoso.example', type: 'User', account: 'Salesforce' },
      app: { id: 'dddddddd-eeee-ffff-0000-111111111111', name: 'Salesforce' },
      outcome: { success: true },
      details: {
        category: 'ProvisioningLogs',
        provisioningJobId: 'scim.contoso.salesforce.job1',
        sourceIdentity: 'Frank Example',
      },
    });
    expect(create.credential).toBeUndefined();
  });
  it('reads a user-started change as that user, and a failure with its error code and reason', () => {
    expect(disable).toMatchObject({
      actor: { id: '3c9f2a0d-6666-4c2b-9a4e-5f6a7b8c9d06', name: 'grace@contoso.example', kind: 'human' },
      outcome: {
        success: false,
        code: 'SalesforceInsufficientAccess',
        reason: 'The provisioning account lacks permission to update users.',
      },
    });
  });
  it('reads an AADProvisioningLogs row with its objects as JSON text', () => {
    expect(parseOne(load('entra-signin/aadprovisioninglogs-loganalytics.json')[0]!)).toMatchObject({
      id: '75b5b0b9-0000-4000-8000-000000000721',
      time: Date.UTC(2026, 2, 5, 9, 0, 3),
      action: { name: 'Provisioning: delete', verb: 'delete' },
      target: { name: 'ivan@contoso.example' },
      outcome: { success: true },
    });
  });
  it('rejects a provisioning record with nothing to read, with a reason', () => {
    expect(entraSignin.parse({ category: 'ProvisioningLogs', properties: {} }, { ref: 'x' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/provisioning action/),
    });
  });
});

describe('entra-signin: detection', () => {
  it("claims none of the other Microsoft formats' fixtures", () => {
    for (const dir of ['entra-audit', 'azure-activity', 'm365-audit']) {
      for (const r of fixtures(dir))
        expect(entraSignin.detect(r), `${dir}: ${JSON.stringify(r).slice(0, 80)}`).toBe(false);
    }
  });
  it('its fixtures are claimed by no other Microsoft format', () => {
    for (const r of fixtures('entra-signin')) {
      expect(entraAudit.detect(r)).toBe(false);
      expect(azureActivity.detect(r)).toBe(false);
      expect(m365Audit.detect(r)).toBe(false);
    }
  });
  it('keeps a record without a readable time as timeKnown: false, with the raw text', () => {
    const e = parseOne({
      category: 'SignInLogs',
      time: 'sometime',
      properties: { userPrincipalName: 'x@y', createdDateTime: 'n/a' },
    });
    expect(e).toMatchObject({ time: 0, timeKnown: false, actor: { id: 'x@y' }, details: { rawTime: 'n/a' } });
    expect(
      parseOne({ category: 'SignInLogs', properties: { userPrincipalName: 'x@y' } }).details?.rawTime,
    ).toBeUndefined();
  });
  it('rejects a sign-in in which no one signs in (no user, app or address), with a reason', () => {
    expect(
      entraSignin.parse({ Type: 'SigninLogs', TimeGenerated: '2026-03-02T09:00:00Z', ResultType: '0' }, { ref: 'x' }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/no one signed in/) });
  });
  it('rejects a record with neither a time nor an identity, with a reason', () => {
    const res = entraSignin.parse({ category: 'SignInLogs', properties: {} }, { ref: 'x' });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.reason).toMatch(/time/);
  });
});

describe('entra-signin: never throws', () => {
  const check = (rec: RawRecord): void => expectContractHolds(entraSignin, rec);
  it('on arbitrary objects', () => {
    fc.assert(
      fc.property(fc.object(), (o) => check(o as RawRecord)),
      { numRuns: 300 },
    );
  });
  it('on sign-in-shaped records with arbitrary values', () => {
    const anyVal = fc.oneof(
      fc.jsonValue(),
      fc.string(),
      fc.constantFrom('', '0', 'null', '{"a":1}', '[1,2]', '2026-03-02T09:00:00Z'),
    );
    const rec = fc.record(
      {
        category: fc.constantFrom(
          'SignInLogs',
          'NonInteractiveUserSignInLogs',
          'ServicePrincipalSignInLogs',
          'ManagedIdentitySignInLogs',
          'ADFSSignInLogs',
          'MicrosoftServicePrincipalSignInLogs',
          'ProvisioningLogs',
        ),
        time: fc.oneof(anyVal, fc.constant('2026-03-02T09:00:00Z')),
        properties: fc.oneof(
          fc.dictionary(
            fc.constantFrom(
              'createdDateTime',
              'ipAddress',
              'status',
              'location',
              'deviceDetail',
              'authenticationProcessingDetails',
              'riskLevelDuringSignIn',
              'riskEventTypes_v2',
              'autonomousSystemNumber',
              'isInteractive',
              'userPrincipalName',
              'servicePrincipalId',
              'signInEventTypes',
              'id',
              'uniqueTokenIdentifier',
              'riskState',
              'resultSignature',
              'activityDateTime',
              'provisioningAction',
              'provisioningStatusInfo',
              'initiatedBy',
              'servicePrincipal',
              'targetIdentity',
              'targetSystem',
            ),
            anyVal,
          ),
          anyVal,
        ),
      },
      { requiredKeys: ['category'] },
    );
    fc.assert(
      fc.property(rec, (r) => check(r as RawRecord)),
      { numRuns: 500 },
    );
  });
  it('on CSV-shaped rows with arbitrary strings', () => {
    const row = fc.dictionary(
      fc.constantFrom(
        'Date (UTC)',
        'Request ID',
        'IP address',
        'Location',
        'Status',
        'Sign-in error code',
        'Autonomous system number',
        'Managed',
        'Compliant',
        'Username',
        'Service principal ID',
      ),
      fc.string(),
    );
    fc.assert(
      fc.property(row, (r) => check({ 'Date (UTC)': '2026-01-01T00:00:00Z', 'Request ID': 'x', ...r })),
      { numRuns: 300 },
    );
  });
  it('a risk level named like an Object property (constructor, toString) is no risk level', () => {
    for (const level of ['constructor', 'toString', '__proto__']) {
      const e = parseOne({
        category: 'SignInLogs',
        properties: { userPrincipalName: 'x@y', createdDateTime: '2026-03-02T09:00:00Z', riskLevelDuringSignIn: level },
      });
      expect(e.risk, level).toBeUndefined();
    }
  });
});

describe.skipIf(!existsSync(CORPUS))('entra-signin: shared corpus', () => {
  it('reads all 28 managed-identity sign-ins with no IP and no ASN', () => {
    const recs = corpusRecords('invictus-mes/entra_signin_managedIdentity_graph_20250502.json');
    expect(recs).toHaveLength(28);
    for (const [i, r] of recs.entries()) {
      const e = parseOne(r, `mi#${i}`);
      expect(e.source.ip).toBeUndefined();
      expect(e.source.caller).toBeUndefined();
      expect(e.source.asn).toBeUndefined();
      expect(e.actor.kind).toBe('workload');
      expect(e.credential?.id).toBeTruthy();
      expect(e.outcome.success).toBe(true);
    }
  });

  it('reads the Event Hub non-interactive sign-ins with their scopes', () => {
    const evs = corpusRecords('elastic-integrations/entra_noninteractive_signin_eventhub_first3.ndjson').map((r) =>
      parseOne(r),
    );
    expect(evs).toHaveLength(3);
    for (const e of evs) {
      expect(e.source).toMatchObject({ ip: '1.128.3.4', asn: 55836 });
      expect(e.time).toBeGreaterThan(Date.UTC(2022, 0, 24));
      expect(e.credential?.kind).toBe('oauth_access_token');
    }
    expect(evs.some((e) => e.app?.scopes?.includes('Directory.ReadWrite.All'))).toBe(true);
  });

  it('routes the Panther Azure.Audit sign-in categories here and nothing else', () => {
    const recs = corpusRecords('panther/Azure_Audit.events.ndjson');
    let n = 0;
    for (const [i, r] of recs.entries()) {
      const cat = String(r.category);
      const isSignin = /SignInLogs$/.test(cat);
      expect(entraSignin.detect(r), `line ${i + 1}`).toBe(isSignin);
      if (isSignin) {
        parseOne(r, `Azure_Audit#${i + 1}`);
        n += 1;
      }
    }
    expect(n).toBe(26);
  });
});

describe('entra-signin: the portal download names its table in the file name', () => {
  it('reads interactivity from InteractiveSignIns_/NonInteractiveSignIns_ when the column is missing', async () => {
    const { interactiveFromFileName } = await import('./entra-signin');
    expect(interactiveFromFileName('NonInteractiveSignIns_2026-11-10_2026-11-11.csv:7')).toBe(false);
    expect(interactiveFromFileName('/tmp/x/InteractiveSignIns_2026-11-10_2026-11-11.csv:2')).toBe(true);
    expect(interactiveFromFileName('signins.csv:2')).toBeUndefined();
    expect(interactiveFromFileName(undefined)).toBeUndefined();
  });
});
