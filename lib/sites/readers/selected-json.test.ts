// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { readSelection, selectedJson } from './selected-json';
import { RecordRouter } from '../../sources/read-events';
import type { TokenEvent } from '../../model/token-event';
import { OTHER_CONSOLE_URLS } from '../../../test/replicas/console-urls';

const CT = {
  eventVersion: '1.09',
  eventID: 'c0ffee00-0000-4000-8000-000000000001',
  eventTime: '2026-05-12T14:00:00Z',
  eventSource: 'sts.amazonaws.com',
  eventName: 'GetCallerIdentity',
  awsRegion: 'us-east-1',
  sourceIPAddress: '159.65.10.20',
  userAgent: 'aws-cli/2.15.0',
  userIdentity: {
    type: 'IAMUser',
    arn: 'arn:aws:iam::111122223333:user/ci',
    accountId: '111122223333',
    accessKeyId: 'AKIAEXAMPLEKEY000001',
    userName: 'ci',
  },
  eventType: 'AwsApiCall',
  recipientAccountId: '111122223333',
};
const OKTA = {
  uuid: '4b1f0c2e-1a2b-11f0-9d3e-5f2a6b7c8d01',
  published: '2026-05-12T13:02:11.482Z',
  eventType: 'user.session.start',
  actor: { id: '00u1', alternateId: 'jane.doe@acme.example', type: 'User' },
  client: { ipAddress: '73.15.20.10' },
  outcome: { result: 'SUCCESS' },
};

describe('selected-json reader', () => {
  it('is not URL-routed and reads nothing from the page', () => {
    for (const u of OTHER_CONSOLE_URLS) expect(selectedJson.matchesUrl(new URL(u))).toBe(false);
    expect(selectedJson.read(document)).toMatchObject({
      recognized: false,
      rows: [],
      note: expect.stringMatching(/context menu/),
    });
    expect(selectedJson.console).toBe('any');
  });

  it('reads one pretty-printed object with its own id', async () => {
    const rows = await readSelection(JSON.stringify(CT, null, 2));
    expect(rows).toEqual([{ id: CT.eventID, record: CT }]);
  });

  it('reads an array, NDJSON and a wrapper', async () => {
    expect((await readSelection(JSON.stringify([CT, OKTA]))).map((r) => r.id)).toEqual([CT.eventID, OKTA.uuid]);
    expect((await readSelection(`${JSON.stringify(CT)}\n${JSON.stringify(OKTA)}\n`)).map((r) => r.id)).toEqual([
      CT.eventID,
      OKTA.uuid,
    ]);
    expect((await readSelection(JSON.stringify({ Records: [CT] }))).map((r) => r.id)).toEqual([CT.eventID]);
    const ws = {
      kind: 'admin#reports#activity',
      id: { time: '2026-05-12T17:24:51Z', applicationName: 'token', uniqueQualifier: '-123' },
      events: [{ name: 'authorize' }],
    };
    expect(
      (await readSelection(JSON.stringify({ kind: 'admin#reports#activityList', items: [ws] }))).map((r) => r.id),
    ).toEqual(['-123']);
  });

  it('finds the JSON inside surrounding page text', async () => {
    const rows = await readSelection(`Event record\nCopy\n${JSON.stringify(CT, null, 2)}\nView in CloudTrail Lake`);
    expect(rows.map((r) => r.id)).toEqual([CT.eventID]);
  });

  it('hashes records without an id, stably, and de-duplicates repeated ids', async () => {
    const rec = { eventType: 'x.y', note: '<script>alert(1)</script>' };
    const a = await readSelection(JSON.stringify(rec));
    const b = await readSelection(JSON.stringify(rec, null, 4));
    expect(a[0]!.id).toMatch(/^sel:[0-9a-f]{16}$/);
    expect(a[0]!.id).toBe(b[0]!.id);
    expect(a[0]!.record['note']).toBe('<script>alert(1)</script>');
    expect((await readSelection(JSON.stringify([CT, CT]))).map((r) => r.id)).toEqual([CT.eventID, `${CT.eventID}#1`]);
  });

  it('gives no rows for text that holds no records, and never throws', async () => {
    expect(await readSelection('')).toEqual([]);
    expect(await readSelection('   ')).toEqual([]);
    expect(await readSelection('{ "broken": ')).toEqual([]);
    expect(await readSelection('[1, 2, "three"]')).toEqual([]);
    expect(await readSelection(undefined as unknown as string)).toEqual([]);
  });

  it('feeds the RecordRouter: each record reaches its format', async () => {
    const events: TokenEvent[] = [];
    const router = new RecordRouter({ onEvent: (e) => events.push(e) });
    for (const r of await readSelection(JSON.stringify([CT, OKTA]))) router.record(r.record, `selection#${r.id}`);
    expect(router.stats.byFormat).toEqual({ cloudtrail: 1, 'okta-system': 1 });
    expect(events.map((e) => e.id)).toEqual([CT.eventID, OKTA.uuid]);
  });
});
