// @vitest-environment jsdom
/**
 * The CloudTrail Event history reader against the DOM of the real Cloudscape Table and detail
 * page (the replica's components, test/replicas/aws-cloudtrail-events), and through the engine.
 */
import { createElement } from 'react';
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  accountIdOf,
  awsCloudtrailEvents as reader,
  cloudtrailEventsView,
  consoleTimeToIso,
} from './aws-cloudtrail-events';
import { readerFor } from '../index';
import { cloudtrail } from '../../sources/formats/cloudtrail';
import { RecordRouter } from '../../sources/read-events';
import { runEngine } from '../../engine/run';
import type { TokenEvent } from '../../model/token-event';
import { fakeIntel } from '../../../test/support/fake-intel';
import { EventDetail, EventHistoryTable } from '../../../test/replicas/aws-cloudtrail-events/EventHistory';
import { type EventRow, recordsFor, STORY, toRow } from '../../../test/replicas/aws-cloudtrail-events/data';

afterEach(cleanup);

const ATTACKER_IP = '159.89.14.201';
const FED_TOKEN = STORY.find((r) => r.eventName === 'GetFederationToken')!;

function renderTable(rows: readonly EventRow[], visibleColumns?: readonly string[]) {
  return render(createElement(EventHistoryTable, { rows, visibleColumns }));
}

describe('matchesUrl', () => {
  const yes = [
    'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events',
    'https://eu-west-3.console.aws.amazon.com/cloudtrailv2/home?region=eu-west-3#/events?EventName=CreateAccessKey&StartTime=2026-11-01T00:00:00Z',
    'https://us-west-2.console.aws.amazon.com/cloudtrailv2/home?region=us-west-2#/events/5eed018a-018a-418a-8ac6-00f381614a6a',
    'https://us-west-2.console.aws.amazon.com/cloudtrailv2/home?region=us-west-2#/events/5eed018a-018a-418a-8ac6-00f381614a6a?tab=json',
    'https://console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events',
    'https://console.aws.amazon.com/cloudtrailv2/home#/events',
    'https://123456789012-abcd1234.us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events',
    'https://us-gov-west-1.console.amazonaws-us-gov.com/cloudtrailv2/home?region=us-gov-west-1#/events',
    'https://console.amazonaws-us-gov.com/cloudtrailv2/home?region=us-gov-east-1#/events/abc',
    'https://cn-north-1.console.amazonaws.cn/cloudtrailv2/home?region=cn-north-1#/events',
    'https://console.amazonaws.cn/cloudtrailv2/home?region=cn-northwest-1#/events',
    'https://us-east-1.console.aws.amazon.com/cloudtrail/home?region=us-east-1#/events',
  ];
  const no = [
    'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/dashboard',
    'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/trails',
    'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/lake',
    'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/eventsfoo',
    'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1',
    'https://us-east-1.console.aws.amazon.com/iam/home#/events',
    'https://us-east-1.console.aws.amazon.com/guardduty/home?region=us-east-1#/findings',
    'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups',
    'https://console.aws.amazon.com.evil.example/cloudtrailv2/home?region=us-east-1#/events',
    'https://evilconsole.aws.amazon.com/cloudtrailv2/home#/events',
    'https://console.aws.amazon.com.cn/cloudtrailv2/home#/events',
    'https://us-east-1.console.aws.amazon.com:8443/cloudtrailv2/home#/events',
    'http://us-east-1.console.aws.amazon.com/cloudtrailv2/home#/events',
    'https://portal.azure.com/#view/Microsoft_AAD_IAM/ActiveDirectoryMenuBlade/~/SignIns',
    'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/SignInLogsBlade',
    'https://console.cloud.google.com/logs/query?project=p',
    'https://acme-admin.okta.com/report/system_log_2',
    'https://github.com/organizations/acme/settings/audit-log',
    'https://admin.google.com/ac/reporting/audit/login',
  ];
  it.each(yes)('reads %s', (u) => {
    expect(reader.matchesUrl(new URL(u))).toBe(true);
    expect(readerFor(new URL(u))).toBe(reader);
  });
  it.each(no)('ignores %s', (u) => expect(reader.matchesUrl(new URL(u))).toBe(false));

  it('tells the list from an event', () => {
    expect(cloudtrailEventsView(new URL(yes[1]!))).toBe('list');
    expect(cloudtrailEventsView(new URL(yes[2]!))).toBe('detail');
    expect(cloudtrailEventsView(new URL('https://console.aws.amazon.com/cloudtrailv2/home#/events/'))).toBe('list');
  });

  it('has match patterns that cover every host it reads, and only https', () => {
    const toRe = (p: string) => {
      const m = /^(https):\/\/(\*\.)?([^/]+)\/\*$/.exec(p)!;
      return { scheme: m[1]!, wild: !!m[2], host: m[3]! };
    };
    const covered = (u: URL) =>
      reader.matches
        .map(toRe)
        .some(
          (p) =>
            `${p.scheme}:` === u.protocol && (u.hostname === p.host || (p.wild && u.hostname.endsWith(`.${p.host}`))),
        );
    for (const u of yes) expect(covered(new URL(u)), u).toBe(true);
    expect(covered(new URL('https://console.aws.amazon.com.evil.example/'))).toBe(false);
  });
});

describe('consoleTimeToIso', () => {
  it.each([
    ['November 09, 2026, 03:12:26 (UTC+00:00)', '2026-11-09T03:12:26Z'],
    ['November 08, 2026, 19:12:26 (UTC-08:00)', '2026-11-08T19:12:26-08:00'],
    ['Nov 9, 2026, 3:12:26 AM (UTC)', '2026-11-09T03:12:26Z'],
    ['November 09, 2026, 12:05:00 AM (UTC+05:30)', '2026-11-09T00:05:00+05:30'],
    ['2026-11-09T03:12:26Z', '2026-11-09T03:12:26Z'],
    ['yesterday', 'yesterday'],
  ])('%s → %s', (shown, iso) => expect(consoleTimeToIso(shown)).toBe(iso));

  it('keeps the instant', () => {
    expect(Date.parse(consoleTimeToIso('November 08, 2026, 19:12:26 (UTC-08:00)'))).toBe(
      Date.parse('2026-11-09T03:12:26Z'),
    );
  });
});

describe('read: the Event history list (real Cloudscape Table)', () => {
  it('reads every row, newest first, with the console CSV columns', () => {
    const { container } = renderTable(STORY.map(toRow));
    const res = reader.read(container);
    expect(res.recognized).toBe(true);
    expect(res.note).toBeUndefined();
    expect(res.rows).toHaveLength(STORY.length);
    expect(res.rows.map((r) => r.id)).toEqual(STORY.map((r) => r.eventID));
    const fed = res.rows.find((r) => r.id === FED_TOKEN.eventID)!;
    expect(fed.record).toEqual({
      'Event ID': '5eed018a-018a-418a-8ac6-00f381614a6a',
      'Event name': 'GetFederationToken',
      'Event time': '2026-11-09T03:12:26Z',
      'User name': 'alice',
      'Event source': 'sts.amazonaws.com',
      'Resource type': '',
      'Resource name': '',
      'AWS access key': 'AKIAEXAMPLEALICE0001',
      'Source IP address': ATTACKER_IP,
      'AWS region': 'us-west-2',
      'Error code': '',
      'Read-only': 'false',
    });
    const denied = res.rows.find((r) => r.record['Event name'] === 'CreateUser')!;
    expect(denied.record['Error code']).toBe('AccessDenied');
    expect(denied.record['Resource type']).toBe('AWS::IAM::User');
  });

  it('gives records lib/sources/formats/cloudtrail parses to the right events', () => {
    const { container } = renderTable(STORY.map(toRow));
    const rows = reader.read(container).rows;
    for (const row of rows) {
      expect(cloudtrail.detect(row.record)).toBe(true);
      const src = STORY.find((r) => r.eventID === row.id)!;
      const res = cloudtrail.parse(row.record, { ref: `page#${row.id}` });
      expect(res.ok, row.id).toBe(true);
      if (!res.ok) continue;
      const [e] = res.events;
      expect(e!.id).toBe(src.eventID);
      expect(e!.action.name).toBe(src.eventName);
      expect(e!.action.service).toBe(src.eventSource);
      expect(e!.source.ip).toBe(src.sourceIPAddress);
      expect(e!.credential?.id).toBe(src.userIdentity?.accessKeyId);
      expect(e!.time).toBe(Date.parse(src.eventTime));
      expect(e!.outcome.success).toBe(src.errorCode === undefined);
      expect(e!.ref).toBe(`page#${row.id}`);
    }
  });

  it('maps reordered and missing columns by header text', () => {
    const { container } = renderTable(STORY.slice(0, 5).map(toRow), [
      'eventTime',
      'sourceIp',
      'eventName',
      'eventSource',
    ]);
    const res = reader.read(container);
    expect(res.recognized).toBe(true);
    expect(res.rows.map((r) => r.id)).toEqual(STORY.slice(0, 5).map((r) => r.eventID));
    expect(res.rows[0]!.record).toEqual({
      'Event ID': STORY[0]!.eventID,
      'Event time': STORY[0]!.eventTime,
      'Source IP address': STORY[0]!.sourceIPAddress,
      'Event name': STORY[0]!.eventName,
      'Event source': STORY[0]!.eventSource,
    });
  });

  it('takes the id from the Event ID column when the name has no link', () => {
    const { container } = renderTable(STORY.slice(0, 3).map(toRow), ['eventName', 'eventSource', 'eventId']);
    for (const a of Array.from(container.querySelectorAll('a'))) a.removeAttribute('href');
    expect(reader.read(container).rows.map((r) => r.id)).toEqual(STORY.slice(0, 3).map((r) => r.eventID));
  });

  it('falls back to a stable hash of the cells when the page shows no id', () => {
    const { container } = renderTable(STORY.slice(0, 3).map(toRow), ['eventName', 'eventTime', 'eventSource']);
    for (const a of Array.from(container.querySelectorAll('a'))) a.removeAttribute('href');
    const ids = reader.read(container).rows.map((r) => r.id);
    expect(ids.every((id) => /^row-[0-9a-f]{8}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(3);
    expect(reader.read(container).rows.map((r) => r.id)).toEqual(ids);
    expect(reader.read(container).rows[0]!.record['Event ID']).toBeUndefined();
  });

  it('says what to turn on when neither Event source nor AWS access key is shown', () => {
    const { container } = renderTable(STORY.slice(0, 3).map(toRow), ['eventName', 'eventTime', 'userName']);
    const res = reader.read(container);
    expect(res.recognized).toBe(false);
    expect(res.rows).toEqual([]);
    expect(res.note).toMatch(/Event source/);
  });

  it('returns the rows in the DOM now, after a virtualized re-render', () => {
    const all = recordsFor(60).map(toRow);
    const view = renderTable(all.slice(0, 20));
    expect(reader.read(view.container).rows.map((r) => r.id)).toEqual(all.slice(0, 20).map((r) => r.id));
    view.rerender(createElement(EventHistoryTable, { rows: all.slice(15, 45) }));
    const now = reader.read(view.container).rows;
    expect(now.map((r) => r.id)).toEqual(all.slice(15, 45).map((r) => r.id));
    expect(now.find((r) => r.id === all[40]!.id)!.record['Event name']).toBe(all[40]!.eventName);
    view.rerender(createElement(EventHistoryTable, { rows: [] }));
    expect(reader.read(view.container)).toEqual({ recognized: true, rows: [] });
  });

  it('returns hostile cell text as text', () => {
    const evil = '<img src=x onerror="alert(1)">';
    const row: EventRow = {
      ...toRow(STORY[0]!),
      id: 'evil-1',
      resourceName: evil,
      userName: '"><script>alert(2)</script>',
      eventName: 'GetObject<svg onload=alert(3)>',
    };
    const { container } = renderTable([row]);
    const [r] = reader.read(container).rows;
    expect(r!.record['Resource name']).toBe(evil);
    expect(r!.record['User name']).toBe('"><script>alert(2)</script>');
    expect(r!.record['Event name']).toBe('GetObject<svg onload=alert(3)>');
    expect(container.querySelector('img, script')).toBeNull();
  });

  it('anchors the badge on the table heading and finds rows by id', () => {
    const { container } = renderTable(STORY.slice(0, 10).map(toRow));
    const anchor = reader.anchor!(container);
    expect(anchor?.tagName).toBe('H1');
    expect(anchor?.textContent).toContain('Event history');
    const tr = reader.rowElement!(container, STORY[4]!.eventID);
    expect(tr?.tagName).toBe('TR');
    expect(tr?.querySelector('a')?.getAttribute('href')).toBe(`#/events/${STORY[4]!.eventID}`);
    expect(reader.rowElement!(container, 'no-such-event')).toBeNull();
  });

  it('finds every row element in one pass, as rowElement finds each', () => {
    const rows = STORY.slice(0, 12).map(toRow);
    const { container } = renderTable(rows);
    const els = reader.rowElements!(container);
    expect([...els.keys()]).toEqual(rows.map((r) => r.id));
    for (const r of rows) expect(els.get(r.id)).toBe(reader.rowElement!(container, r.id));
  });

  it('reads only the changed rows from mutation records, as read() reads them; structural changes ask for a full read', () => {
    const all = recordsFor(40).map(toRow);
    const view = renderTable(all.slice(5, 25));
    const container = view.container;
    expect(reader.read(container).recognized).toBe(true); // the full read the session always does first
    const observer = new MutationObserver(() => undefined);
    observer.observe(container, { childList: true, subtree: true, characterData: true });
    const nodesOf = (records: MutationRecord[]) =>
      records.flatMap((r) => (r.type === 'childList' ? [...r.addedNodes] : [r.target]));
    const removedFrom = (records: MutationRecord[]) =>
      records.filter((r) => r.type === 'childList' && r.removedNodes.length).map((r) => r.target);
    // New rows at the top (the newest events) and one row's cell text changed in place.
    const edited = { ...all[10]!, userName: 'mallory' };
    view.rerender(
      createElement(EventHistoryTable, {
        rows: [...all.slice(0, 5), ...all.slice(5, 10), edited, ...all.slice(11, 25)],
      }),
    );
    let records = observer.takeRecords();
    const part = reader.readChanged!(container, nodesOf(records), removedFrom(records))!;
    expect(part).toBeDefined();
    const full = new Map(reader.read(container).rows.map((r) => [r.id, r]));
    const ids = part.rows.map((r) => r.id);
    for (const id of [...all.slice(0, 5).map((r) => r.id), edited.id]) expect(ids).toContain(id);
    expect(ids.length).toBeLessThan(full.size);
    for (const r of part.rows) expect(r).toEqual(full.get(r.id));
    expect(part.rows.find((r) => r.id === edited.id)!.record['User name']).toBe('mallory');
    for (const [id, el] of part.elements) expect(el).toBe(reader.rowElement!(container, id));
    // The header changed (columns hidden in Preferences): the reader cannot tell, full read.
    view.rerender(
      createElement(EventHistoryTable, {
        rows: all.slice(0, 25),
        visibleColumns: ['eventName', 'eventTime', 'eventSource'],
      }),
    );
    records = observer.takeRecords();
    expect(reader.readChanged!(container, nodesOf(records), removedFrom(records))).toBeUndefined();
    // Rows removed (a virtualized scroll): nothing to read, no full read.
    view.rerender(
      createElement(EventHistoryTable, {
        rows: all.slice(0, 25),
        visibleColumns: ['eventName', 'eventTime', 'eventSource'],
      }),
    );
    reader.read(container);
    observer.takeRecords();
    view.rerender(
      createElement(EventHistoryTable, {
        rows: all.slice(0, 20),
        visibleColumns: ['eventName', 'eventTime', 'eventSource'],
      }),
    );
    records = observer.takeRecords();
    expect(removedFrom(records).length).toBeGreaterThan(0);
    expect(reader.readChanged!(container, nodesOf(records), removedFrom(records))).toEqual({
      rows: [],
      elements: new Map(),
    });
    // A mutation elsewhere on the page: nothing to read.
    const aside = document.createElement('aside');
    container.append(aside);
    expect(reader.readChanged!(container, [aside])).toEqual({ rows: [], elements: new Map() });
    // Another table than the one the last full read read: full read.
    view.unmount();
    const other = renderTable(all.slice(0, 3));
    expect(reader.readChanged!(other.container, [other.container.querySelector('tbody tr')!])).toBeUndefined();
    observer.disconnect();
  });

  it('reports a page without the table, and never throws', () => {
    const div = document.createElement('div');
    const p = document.createElement('p');
    p.textContent = 'Loading…';
    div.append(p);
    const res = reader.read(div);
    expect(res.recognized).toBe(false);
    expect(res.rows).toEqual([]);
    expect(res.note).toMatch(/No Event history table/);
    expect(reader.anchor!(div)).toBeNull();
    const broken = {
      querySelectorAll() {
        throw new Error('boom');
      },
      querySelector() {
        throw new Error('boom');
      },
    } as unknown as ParentNode;
    expect(reader.read(broken)).toMatchObject({ recognized: false, rows: [] });
    expect(reader.anchor!(broken)).toBeNull();
    expect(reader.rowElement!(broken, 'x')).toBeNull();
  });

  it('says the headers must be English when the table of events has others', () => {
    const { container } = renderTable(STORY.slice(0, 3).map(toRow));
    for (const el of Array.from(container.querySelectorAll('[class*="awsui_header-cell-text_"]')))
      el.textContent = `Nom ${el.textContent}`;
    const res = reader.read(container);
    expect(res.recognized).toBe(false);
    expect(res.note).toMatch(/English/);
  });
});

describe('read: an event detail page', () => {
  it('reads the JSON record whole, with the eventID as row id', () => {
    const { container } = render(createElement(EventDetail, { record: FED_TOKEN }));
    const res = reader.read(container);
    expect(res.recognized).toBe(true);
    expect(res.rows).toHaveLength(1);
    expect(res.rows[0]!.id).toBe(FED_TOKEN.eventID);
    expect(res.rows[0]!.record).toEqual(FED_TOKEN);
    expect(reader.rowElement!(container, FED_TOKEN.eventID)?.tagName).toBe('PRE');
    const parsed = cloudtrail.parse(res.rows[0]!.record, { ref: 'detail' });
    expect(parsed.ok && parsed.events[0]!.details?.mintedKeyId).toBe('ASIAEXAMPLEFEDTOKEN01');
    // Same text again: the memo answers, the answer does not change.
    expect(reader.read(container)).toEqual(res);
  });

  it('ignores code blocks that are not a CloudTrail record', () => {
    const div = document.createElement('div');
    for (const t of ['{"eventName": ', '{"foo": 1}', '["eventName"]', '{"eventName": 42, "eventID": "x"}']) {
      const pre = document.createElement('pre');
      pre.textContent = t;
      div.append(pre);
    }
    expect(reader.read(div)).toMatchObject({ recognized: false, rows: [] });
  });

  it('reads a record from a code element or a read-only textarea', () => {
    const div = document.createElement('div');
    const code = document.createElement('code');
    code.textContent = JSON.stringify(STORY[0]);
    const ta = document.createElement('textarea');
    ta.value = JSON.stringify(STORY[1]);
    div.append(code, ta);
    expect(reader.read(div).rows.map((r) => r.id)).toEqual([STORY[0]!.eventID, STORY[1]!.eventID]);
  });
});

describe('the page rows through the engine', () => {
  it('escalates the stolen key story read from the list', () => {
    const { container } = renderTable(STORY.map(toRow));
    const events: TokenEvent[] = [];
    const router = new RecordRouter({ onEvent: (e) => events.push(e) });
    for (const row of reader.read(container).rows) router.record(row.record, `aws-cloudtrail-events#${row.id}`);
    expect(router.stats).toMatchObject({ records: STORY.length, parsed: STORY.length, rejected: 0 });
    expect(router.stats.byFormat).toEqual({ cloudtrail: STORY.length });
    const intel = fakeIntel({
      [ATTACKER_IP]: { asn: 14061, asOrg: 'DigitalOcean', country: 'DE', kind: 'hosting', lat: 50.11, lon: 8.68 },
      '73.109.24.18': {
        asn: 7922,
        asOrg: 'Comcast Cable',
        country: 'US',
        kind: 'residential',
        lat: 47.61,
        lon: -122.33,
      },
      '24.16.201.77': {
        asn: 7922,
        asOrg: 'Comcast Cable',
        country: 'US',
        kind: 'residential',
        lat: 47.61,
        lon: -122.33,
      },
    });
    const result = runEngine(events, { intel });
    expect(result.errors).toEqual([]);
    expect(result.verdict).toBe('escalate');
    // Evidence ids are the page's row ids, so the flagged rows can be marked on the page.
    const pageIds = new Set(STORY.map((r) => r.eventID));
    const flagged = result.findings.flatMap((f) => f.events);
    expect(flagged.length).toBeGreaterThan(0);
    for (const id of flagged) expect(pageIds.has(id), id).toBe(true);
    expect(flagged).toContain(FED_TOKEN.eventID);
    // About alice's stolen key and what it minted; bob's normal week stays clean.
    const tokens = new Set(result.findings.flatMap((f) => f.tokens));
    expect(tokens.has('AKIAEXAMPLEALICE0001')).toBe(true);
    expect(tokens.has('AKIAEXAMPLEBOB000001')).toBe(false);
  });
});

describe('aws-cloudtrail-events tenant (issue 10)', () => {
  const page = (header: string): Document =>
    new DOMParser().parseFromString(
      `<html><body><header data-testid="awsc-nav-header">${header}</header><main></main></body></html>`,
      'text/html',
    );
  const url = new URL('https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events');

  it('is the account id the navigation header shows, without its dashes', () => {
    expect(
      reader.tenant!(
        url,
        page(
          '<div data-testid="account-detail-menu"><span>Account ID</span><div><span>1111-2222-3333</span><button ' +
            'data-testid="awsc-copy-accountid">Copy</button></div></div>',
        ),
      ),
    ).toBe('111122223333');
    expect(reader.tenant!(url, page('<span data-testid="aws-my-account-details">444455556666</span>'))).toBe(
      '444455556666',
    );
    expect(
      accountIdOf(page('<div data-testid="account-detail-menu"><span>alice</span><span> 7777-8888-9999 </span></div>')),
    ).toBe('777788889999');
  });

  it('is none where the header shows no 12-digit id (no header, an alias, a user name): the list stays cold', () => {
    expect(reader.tenant!(url, page(''))).toBeUndefined();
    expect(reader.tenant!(url, page('<span data-testid="aws-my-account-details">acme-prod</span>'))).toBeUndefined();
    expect(
      reader.tenant!(
        url,
        page('<div data-testid="account-detail-menu"><span>alice @ acme-prod</span><span>1234-5678</span></div>'),
      ),
    ).toBeUndefined();
  });
});
