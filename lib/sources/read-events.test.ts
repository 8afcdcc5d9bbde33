import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { TokenEvent } from '../model/token-event';
import { csvColumnName, chunksOf } from './containers/read-records';
import { azureActivity } from './formats/azure-activity';
import { tableRoute } from './log-analytics-tables';
import { RecordRouter, readFileInto, type Rejection } from './read-events';

const MIXED = join(import.meta.dirname, '../../test/fixtures/log-analytics');

async function read(file: string): Promise<{ router: RecordRouter; events: TokenEvent[]; rejections: Rejection[] }> {
  const events: TokenEvent[] = [];
  const rejections: Rejection[] = [];
  const router = new RecordRouter({ onEvent: (e) => events.push(e), onReject: (r) => rejections.push(r) });
  await readFileInto(router, chunksOf(readFileSync(join(MIXED, file))), file);
  return { router, events, rejections };
}

function route(rec: Record<string, unknown>): { events: TokenEvent[]; rejections: Rejection[]; router: RecordRouter } {
  const events: TokenEvent[] = [];
  const rejections: Rejection[] = [];
  const router = new RecordRouter({ onEvent: (e) => events.push(e), onReject: (r) => rejections.push(r) });
  router.record(rec, 'row');
  return { events, rejections, router };
}

describe("read-events: a mixed Log Analytics export is routed by each row's table", async () => {
  const { router, events, rejections } = await read('mixed-export.csv');
  it("sends each row to its table's reader", () => {
    expect(router.stats).toMatchObject({ records: 7, parsed: 5, rejected: 2 });
    expect(router.stats.byFormat).toEqual({
      'entra-signin': 2,
      'entra-audit': 1,
      'azure-activity': 1,
      'm365-audit': 1,
    });
    expect(events.map((e) => `${e.format}:${e.class}`)).toEqual([
      'entra-signin:authentication',
      'entra-signin:authentication',
      'entra-audit:account_change',
      'azure-activity:api_activity',
      'm365-audit:api_activity',
    ]);
    expect(events[0]).toMatchObject({
      actor: { id: 'alice@contoso.example' },
      source: { ip: '203.0.113.77' },
      details: { category: 'SignInLogs' },
    });
    expect(events[1]).toMatchObject({
      details: { category: 'NonInteractiveUserSignInLogs' },
      action: { interactive: false },
    });
    expect(events[3]).toMatchObject({
      action: { name: 'MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE' },
      credential: { id: 'bWl4ZWQtdXRpLTM' },
    });
  });
  it("would misread the rows by their columns alone: the sign-in rows carry AzureActivity's empty columns", () => {
    const text = readFileSync(join(MIXED, 'mixed-export.csv'), 'utf8').replace(/^\uFEFF/, '');
    const rows = Papa.parse<Record<string, string>>(text, { header: true, transformHeader: csvColumnName }).data;
    expect(rows[0]!.Type).toBe('SigninLogs');
    expect(azureActivity.detect(rows[0]!)).toBe(true);
  });
  it('names the table of a row no reader reads, and the table and reader of a row its reader refused', () => {
    expect(rejections).toEqual([
      {
        ref: 'mixed-export.csv:7',
        reason: expect.stringMatching(/^Log Analytics table SecurityEvent: no reader for this table \(keys: /),
      },
      {
        ref: 'mixed-export.csv:8',
        reason: 'AzureActivity row, read as Azure Activity log: no operation name (operationName / OperationNameValue)',
      },
    ]);
    expect(router.stats.rejectedByReason).toEqual({
      'Log Analytics table SecurityEvent: no reader for this table': 1,
      'AzureActivity row, read as Azure Activity log: no operation name': 1,
    });
  });
});

describe('read-events: `search` output names the table in $table', async () => {
  const { router, events } = await read('search-rows.json');
  it('routes SigninLogs, AzureActivity and AADProvisioningLogs rows', () => {
    expect(router.stats).toMatchObject({ records: 3, parsed: 3, rejected: 0 });
    expect(events.map((e) => e.details?.category)).toEqual(['SignInLogs', 'Administrative', 'ProvisioningLogs']);
  });
});

describe("read-events: a row its table's reader refuses is never dropped silently", () => {
  it('falls back to the columns: a sign-in labelled AzureActivity is read as a sign-in', () => {
    const { events, rejections } = route({
      $table: 'AzureActivity',
      TimeGenerated: '2026-03-06T08:00:05Z',
      CreatedDateTime: '2026-03-06T08:00:01Z',
      OperationName: 'Sign-in activity',
      UserPrincipalName: 'alice@contoso.example',
      AppId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
      IPAddress: '203.0.113.77',
      ResultType: '0',
    });
    expect(rejections).toEqual([]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ format: 'entra-signin', actor: { id: 'alice@contoso.example' } });
  });
  it("when the columns' reader refuses too, says both readers' reasons", () => {
    const { rejections } = route({
      Type: 'AzureActivity',
      TimeGenerated: '2026-03-06T08:00:05Z',
      CreatedDateTime: '2026-03-06T08:00:01Z',
      uniqueTokenIdentifier: 'dG9rLTE',
    });
    expect(rejections).toEqual([
      {
        ref: 'row',
        reason: expect.stringMatching(
          /^AzureActivity row, read as Azure Activity log: no operation name .*; read by its columns as Microsoft Entra ID sign-in log: no one signed in/,
        ),
      },
    ]);
  });
  it('a row with only the table and a time is rejected with the table and the reader', () => {
    const { rejections, router } = route({ Type: 'AzureActivity', TimeGenerated: '2026-03-06T08:00:05Z' });
    expect(router.stats).toMatchObject({ records: 1, parsed: 0, rejected: 1 });
    expect(rejections[0]!.reason).toMatch(/^AzureActivity row, read as Azure Activity log: /);
  });
});

describe('read-events: what counts as a table name', () => {
  it("a known table in Type or $table, any table next to TimeGenerated, never another log's Type field", () => {
    expect(tableRoute({ Type: 'SigninLogs' })).toEqual({ table: 'SigninLogs', format: 'entra-signin' });
    expect(tableRoute({ $table: 'aadprovisioninglogs' })).toEqual({
      table: 'aadprovisioninglogs',
      format: 'entra-signin',
    });
    expect(tableRoute({ Type: 'OfficeActivity', $table: 'AzureActivity' })).toEqual({
      table: 'AzureActivity',
      format: 'azure-activity',
    });
    expect(tableRoute({ Type: 'Syslog', TimeGenerated: 'x' })).toEqual({ table: 'Syslog' });
    expect(tableRoute({ Type: 'Recon:EC2/PortProbeUnprotectedPort', SchemaVersion: '2.0' })).toBeUndefined();
    expect(tableRoute({ Type: 'Policy:IAMUser/RootCredentialUsage', TimeGenerated: 'x' })).toBeUndefined();
    expect(tableRoute({ Type: 'constructor' })).toBeUndefined();
    expect(tableRoute({ Type: 'toString', TimeGenerated: 'x' })).toEqual({ table: 'toString' });
  });
  it('any record with any Type or $table is read or rejected with a reason, never thrown', () => {
    const table = fc.oneof(
      fc.constantFrom(
        'SigninLogs',
        'AuditLogs',
        'AzureActivity',
        'OfficeActivity',
        'AADProvisioningLogs',
        'ADFSSignInLogs',
        'SecurityEvent',
        '__proto__',
      ),
      fc.string(),
    );
    const rec = fc.record(
      { Type: table, $table: table, TimeGenerated: fc.oneof(fc.string(), fc.constant('2026-03-06T08:00:05Z')) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(rec, fc.object(), (r, extra) => {
        const { router, rejections } = route({ ...extra, ...r });
        expect(router.stats.records).toBe(router.stats.parsed + router.stats.rejected);
        for (const x of rejections) expect(x.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });
});
