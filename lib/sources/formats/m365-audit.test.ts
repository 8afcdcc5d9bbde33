import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../../model/fields';
import type { TokenEvent } from '../../model/token-event';
import { azureActivity } from './azure-activity';
import { entraAudit } from './entra-audit';
import { entraSignin } from './entra-signin';
import { m365Audit } from './m365-audit';
import { RecordRouter } from '../read-events';
import {
  corpusRecords,
  expectContractHolds,
  fixtureRecords as fixtures,
  loadFixture as load,
  parseOneWith,
} from '../../../test/support/fixture-records';
import { CORPUS } from '../../../test/support/shared-material';

const parseOne = (rec: RawRecord, ref?: string): TokenEvent => parseOneWith(m365Audit, rec, ref);

describe('m365-audit: Unified Audit Log JSON', () => {
  const [login, mail, consent] = load('m365-audit/ual-records.json').map((r) => parseOne(r)) as [
    TokenEvent,
    TokenEvent,
    TokenEvent,
  ];

  it('reads an Entra sign-in mirrored into UAL as authentication (device-code request type)', () => {
    expect(login).toMatchObject({
      id: '1a2b3c4d-0000-4000-8000-0000000000b0',
      time: Date.UTC(2026, 2, 2, 9, 15, 0),
      provider: 'm365',
      format: 'm365-audit',
      class: 'authentication',
      actor: {
        id: 'alice@contoso.example',
        kind: 'human',
        type: 'Regular',
        account: '72f988bf-0000-4c2b-9a4e-5f6a7b8c9d01',
      },
      credential: { kind: 'session', sessionId: '0019a2b3-aaaa-bbbb-cccc-000000000001' },
      source: { ip: '203.0.113.77', userAgent: 'python-requests/2.31.0' },
      action: { name: 'UserLoggedIn', service: 'AzureActiveDirectory', verb: 'auth' },
      app: { id: '29d9ed98-a469-4536-ade2-f981bc1d605e', protocol: 'deviceCode' },
      outcome: { success: true },
      details: { requestType: 'Cmsi:Cmsi' },
    });
  });

  it('reads AppAccessContext token ids and a bracketed IPv6 client address with port', () => {
    expect(mail).toMatchObject({
      class: 'api_activity',
      credential: {
        kind: 'oauth_access_token',
        id: 'Zm9vYmFyLXV0aS0wMDI',
        sessionId: '0019a2b3-aaaa-bbbb-cccc-000000000001',
        issuedAt: Date.UTC(2026, 2, 2, 9, 20, 2),
      },
      source: { ip: '2001:db8::42', userAgent: 'Client=REST;Client=RESTSystem;;' },
      action: { name: 'MailItemsAccessed', service: 'Exchange', verb: 'read' },
      app: { id: 'aebc6443-996d-45c2-90f0-388ff96faa56' },
      outcome: { success: true },
    });
  });

  it('reads a tenant-wide admin consent', () => {
    expect(consent).toMatchObject({
      class: 'authorization_grant',
      action: { name: 'Consent to application.', verb: 'privileged' },
      app: {
        id: '0b1c2d3e-0000-4000-8000-000000000050',
        name: 'Mail Sync Helper',
        scopes: ['Mail.ReadWrite', 'Files.Read.All', 'offline_access'],
        adminConsent: true,
        allUsers: true,
      },
    });
  });
});

describe('m365-audit: Purview CSV export (record in AuditData)', () => {
  const [failed, download] = load('m365-audit/purview-export.csv').map((r) => parseOne(r)) as [TokenEvent, TokenEvent];
  it('reads a failed login from the AuditData JSON text', () => {
    expect(failed).toMatchObject({
      id: '4d5e6f70-0000-4000-8000-0000000000b3',
      time: Date.UTC(2026, 2, 2, 9, 10, 0),
      class: 'authentication',
      outcome: { success: false, code: '50126', reason: 'InvalidUserNameOrPassword' },
      details: { requestType: 'OAuth2:Token' },
    });
  });
  it('reads a file download with token ids and a port-suffixed IP', () => {
    expect(download).toMatchObject({
      source: { ip: '45.137.0.9', userAgent: 'python-requests/2.31.0' },
      action: { name: 'FileDownloaded', service: 'SharePoint', verb: 'read' },
      credential: { id: 'cmVwbGF5ZWQtdXRpLTAzMA', sessionId: '0019a2b3-aaaa-bbbb-cccc-000000000001' },
      target: { name: 'payroll.xlsx', type: 'File' },
      app: { id: 'd3590ed6-52b3-4102-aeff-aad2292ab01c', name: 'Microsoft Office' },
    });
  });
  it('falls back to the columns when AuditData is not JSON', () => {
    const e = parseOne({
      RecordId: 'r-9',
      CreationDate: '2026-03-02T09:00:00Z',
      UserIds: 'bob@contoso.example',
      Operations: 'FileAccessed',
      AuditData: '{"cut',
    });
    expect(e).toMatchObject({
      id: 'r-9',
      actor: { id: 'bob@contoso.example' },
      action: { name: 'FileAccessed', verb: 'read' },
    });
  });
});

describe('m365-audit: OfficeActivity Log Analytics row', () => {
  const e = parseOne(load('m365-audit/officeactivity-loganalytics.json')[0]!);
  it('reads OfficeId, OfficeWorkload and AppAccessContext JSON text', () => {
    expect(e).toMatchObject({
      id: '6f708192-0000-4000-8000-0000000000b5',
      time: Date.UTC(2026, 2, 2, 9, 31, 0, 123),
      actor: { id: 'alice@contoso.example', kind: 'human', type: 'Regular' },
      credential: { kind: 'oauth_access_token', id: 'cmVwbGF5ZWQtdXRpLTAzMA' },
      source: { ip: '45.137.0.9', userAgent: 'curl/8.5.0' },
      action: { name: 'FileDownloaded', service: 'OneDrive', verb: 'read' },
      target: { id: 'https://contoso-my.sharepoint.com/personal/alice/Documents/keys.txt', name: 'keys.txt' },
      outcome: { success: true },
    });
  });
});

describe('m365-audit: lower-cased keys', () => {
  it('reads Panther-style Exchange records', () => {
    const e = parseOne({
      clientip: '1.2.3.4',
      creationtime: '2022-12-12 22:19:00',
      id: '111-22-33',
      operation: 'New-InboxRule',
      organizationid: '11-aa-bb',
      resultstatus: 'True',
      userid: 'homer@simpsons.example',
      usertype: 2,
      workload: 'Exchange',
      parameters: [{ Name: 'Password', Value: 'hunter2' }],
    });
    expect(e).toMatchObject({
      id: '111-22-33',
      time: Date.UTC(2022, 11, 12, 22, 19, 0),
      actor: { id: 'homer@simpsons.example', type: 'Admin', kind: 'human' },
      source: { ip: '1.2.3.4' },
      action: { name: 'New-InboxRule', service: 'Exchange' },
      outcome: { success: true },
    });
    expect(JSON.stringify(e)).not.toContain('hunter2');
  });
});

describe('m365-audit: detection', () => {
  it("claims none of the other Microsoft formats' fixtures", () => {
    for (const dir of ['entra-signin', 'entra-audit', 'azure-activity']) {
      for (const r of fixtures(dir))
        expect(m365Audit.detect(r), `${dir}: ${JSON.stringify(r).slice(0, 80)}`).toBe(false);
    }
  });
  it('its fixtures are claimed by no other Microsoft format', () => {
    for (const r of fixtures('m365-audit')) {
      expect(entraSignin.detect(r)).toBe(false);
      expect(entraAudit.detect(r)).toBe(false);
      expect(azureActivity.detect(r)).toBe(false);
    }
  });
  it('keeps a record with an unreadable time as timeKnown: false, with the raw text', () => {
    const e = parseOne({
      CreationTime: 'yesterday-ish',
      Operation: 'FileAccessed',
      Workload: 'SharePoint',
      UserId: 'a@b',
    });
    expect(e).toMatchObject({
      time: 0,
      timeKnown: false,
      id: 'm365-audit:no-time:FileAccessed:a@b',
      details: { rawTime: 'yesterday-ish' },
    });
  });
  it('rejects a record without an Operation, with a reason', () => {
    const res = m365Audit.parse(
      { CreationTime: '2026-03-02T09:00:00', Operation: '', Workload: 'SharePoint' },
      { ref: 'x' },
    );
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.reason).toMatch(/Operation/);
  });
});

describe('m365-audit: never throws', () => {
  const check = (rec: RawRecord): void => expectContractHolds(m365Audit, rec);
  it('on arbitrary objects', () => {
    fc.assert(
      fc.property(fc.object(), (o) => check(o as RawRecord)),
      { numRuns: 300 },
    );
  });
  it('on UAL-shaped records with arbitrary values', () => {
    const anyVal = fc.oneof(
      fc.jsonValue(),
      fc.string(),
      fc.constantFrom('', 'null', '[{"Name":"RequestType","Value":"Cmsi:Cmsi"}]', '2026-03-02T09:00:00'),
    );
    const rec = fc.record({
      CreationTime: fc.oneof(anyVal, fc.constant('2026-03-02T09:00:00')),
      Operation: fc.oneof(anyVal, fc.constantFrom('UserLoggedIn', 'Consent to application.', 'FileDownloaded')),
      Workload: anyVal,
      Id: anyVal,
      UserId: anyVal,
      UserType: anyVal,
      ClientIP: anyVal,
      ResultStatus: anyVal,
      ExtendedProperties: anyVal,
      ModifiedProperties: fc.oneof(anyVal, fc.array(fc.record({ Name: anyVal, NewValue: anyVal }))),
      AppAccessContext: anyVal,
      Target: anyVal,
      DeviceProperties: anyVal,
    });
    fc.assert(
      fc.property(rec, (r) => check(r as RawRecord)),
      { numRuns: 500 },
    );
  });
  it('on Purview CSV rows with arbitrary AuditData', () => {
    const row = fc.record({
      CreationDate: fc.string(),
      Operations: fc.string(),
      UserIds: fc.string(),
      AuditData: fc.oneof(fc.string(), fc.json()),
    });
    fc.assert(
      fc.property(row, (r) => check(r as RawRecord)),
      { numRuns: 300 },
    );
  });
});

describe.skipIf(!existsSync(CORPUS))('m365-audit: shared corpus', () => {
  it('reads all 19 Panther Microsoft 365 events', () => {
    const files = ['AzureActiveDirectory', 'Exchange', 'SharePoint'].map(
      (w) => `panther/Microsoft365_Audit_${w}.events.ndjson`,
    );
    const evs = files.flatMap((f) => corpusRecords(f).map((r, i) => parseOne(r, `${f}#${i + 1}`)));
    expect(evs).toHaveLength(19);
    const logins = evs.filter((e) => e.class === 'authentication');
    expect(logins.map((e) => [e.action.name, e.outcome.success])).toEqual([
      ['UserLoginFailed', false],
      ['UserLoggedIn', true],
    ]);
    expect(evs.find((e) => e.action.name === 'AddedToSecureLink')?.credential).toMatchObject({ sessionId: 'aa-bb-cc' });
  });
});

describe('m365-audit: mail and file reads by an application', () => {
  const [ceo, , , file] = load('m365-audit/app-mail-read-chain.json').map((r) => parseOneWith(m365Audit, r));
  it('MailItemsAccessed keeps the app id, the item count, the REST client string and Bind', () => {
    expect(ceo).toMatchObject({
      action: { name: 'MailItemsAccessed', service: 'Exchange' },
      actor: { id: 'ceo@contoso.example' },
      source: { ip: '20.163.45.18' },
      app: { id: '7e1f2a3b-0000-4000-8000-0000000000a1' },
      details: { operationCount: 188, clientInfo: 'Client=REST;Client=RESTSystem;;', mailAccessType: 'Bind' },
    });
  });
  it('FileDownloaded by the app keeps ApplicationId', () => {
    expect(file).toMatchObject({
      action: { name: 'FileDownloaded' },
      app: { id: '7e1f2a3b-0000-4000-8000-0000000000a1' },
      source: { ip: '20.163.45.18' },
    });
  });
  it("the owner's own Outlook: MAPI client string, Sync, and no count when OperationCount is absent or not a count", () => {
    const [mapi, owa] = load('m365-audit/own-outlook-mail-read-negative.json').map((r) => parseOneWith(m365Audit, r));
    expect(mapi!.details).toMatchObject({
      clientInfo: 'Client=MSExchangeRPC',
      mailAccessType: 'Sync',
      operationCount: 240,
    });
    expect(owa!.app).toBeUndefined();
    const odd = parseOneWith(m365Audit, {
      ...load('m365-audit/own-outlook-mail-read-negative.json')[1]!,
      OperationCount: 'lots',
    });
    expect(odd.details?.operationCount).toBeUndefined();
  });
});

describe('m365-audit: an application permission mirrored into the UAL', () => {
  it('takes the app, never Microsoft Graph named in TargetId.ServicePrincipalNames, as the granted app', () => {
    const e = parseOneWith(m365Audit, {
      CreationTime: '2026-03-04T10:03:40',
      Id: 'cc01b2c3-0000-4000-8000-000000000401',
      Operation: 'Add app role assignment to service principal.',
      OrganizationId: '72f988bf-0000-4c2b-9a4e-5f6a7b8c9d01',
      RecordType: 8,
      ResultStatus: 'Success',
      UserKey: '10032000ABCDEF',
      UserType: 2,
      Workload: 'AzureActiveDirectory',
      UserId: 'admin@contoso.example',
      ObjectId: '7e1f2a3b-0000-4000-8000-0000000000a2',
      ModifiedProperties: [
        { Name: 'AppRole.Value', NewValue: 'Mail.ReadWrite', OldValue: '' },
        {
          Name: 'TargetId.ServicePrincipalNames',
          NewValue: '00000003-0000-0000-c000-000000000000;https://graph.microsoft.com',
          OldValue: '',
        },
      ],
      Target: [
        { ID: 'ServicePrincipal_7e1f2a3b-0000-4000-8000-0000000000a2', Type: 2 },
        { ID: 'Contoso Mail Archiver', Type: 1 },
      ],
    });
    expect(e).toMatchObject({
      class: 'authorization_grant',
      app: { id: '7e1f2a3b-0000-4000-8000-0000000000a2', name: 'Contoso Mail Archiver', scopes: ['Mail.ReadWrite'] },
    });
  });
});

describe('m365-audit: sign-in identity and repeated records', () => {
  // A UAL UserLoginFailed as Microsoft documents it (Actor: type 0 object id, type 5 UPN).
  const rec = (id: string, userId: string): RawRecord => ({
    CreationTime: '2023-07-23T09:17:44',
    Id: id,
    Operation: 'UserLoginFailed',
    RecordType: 15,
    ResultStatus: 'Failed',
    UserKey: '1abf30d3-0000-4000-8000-000000000001',
    UserType: 0,
    Workload: 'AzureActiveDirectory',
    ClientIP: '2001:db8::9c',
    UserId: userId,
    ErrorNumber: '50126',
    LogonError: 'InvalidUserNameOrPassword',
    Actor: [
      { ID: '1abf30d3-0000-4000-8000-000000000001', Type: 0 },
      { ID: 'Adele@contoso.example', Type: 5 },
    ],
  });

  it('a UserId that lost its @ gives way to the Actor UPN; with no UPN anywhere, the object id', () => {
    expect(parseOne(rec('a1', 'Adele@contoso.example')).actor.id).toBe('Adele@contoso.example');
    expect(parseOne(rec('a1', 'Adelecontoso.example')).actor.id).toBe('Adele@contoso.example');
    const noUpn = {
      ...rec('a2', 'AdeleRcontoso.example'),
      Actor: [{ ID: '1abf30d3-0000-4000-8000-000000000001', Type: 0 }],
    };
    expect(parseOne(noUpn).actor.id).toBe('1abf30d3-0000-4000-8000-000000000001');
    // Outside sign-ins the UserId is kept as written.
    expect(
      parseOne({ ...rec('a3', 'svc-mailbox'), Operation: 'MailItemsAccessed', Workload: 'Exchange' }).actor.id,
    ).toBe('svc-mailbox');
  });

  it('the same sign-in Id twice in one scan is read once; different Ids are not merged', () => {
    const events: TokenEvent[] = [];
    const router = new RecordRouter({ onEvent: (e) => events.push(e), formats: [m365Audit] });
    router.record(rec('dup-1', 'Adele@contoso.example'), 'f:1');
    router.record(rec('dup-2', 'Adele@contoso.example'), 'f:2');
    router.record(rec('dup-1', 'Adelecontoso.example'), 'f:3');
    expect(events.map((e) => e.id)).toEqual(['dup-1', 'dup-2']);
    expect(router.stats).toMatchObject({ records: 3, parsed: 3, events: 2, duplicates: 1 });
  });
});
