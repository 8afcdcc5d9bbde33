// @vitest-environment jsdom
/**
 * Reader equivalence, AWS CloudTrail Event history: the list (every column on, and the default
 * columns) and each event's detail page, against the Event history downloads of the same records.
 */
import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { cleanup, render } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { awsCloudtrailEvents } from '../../lib/sites/readers/aws-cloudtrail-events';
import { loadOfflineIntel } from '../../lib/node/load-intel';
import type { IntelProvider } from '../../lib/intel/intel-provider';
import { EventDetail, EventHistoryTable } from '../replicas/aws-cloudtrail-events/EventHistory';
import { STORY, toRow } from '../replicas/aws-cloudtrail-events/data';
import {
  CSV_COLUMNS,
  DEFAULT_COLUMN_IDS,
  eventHistoryCsvRows,
  eventHistoryJson,
} from '../replicas/aws-cloudtrail-events/export';
import { csv, expectSameReading, readExport, readPage, type View } from './harness';

const LIST_URL = 'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events';
const rows = STORY.map(toRow);

let intel: IntelProvider;
beforeAll(async () => {
  intel = await loadOfflineIntel();
});

const list =
  (visibleColumns?: readonly string[]): View =>
  () => {
    render(h(EventHistoryTable, { rows, visibleColumns }));
    return cleanup;
  };
/**
 * The analyst opens every event of the list, one after another: each detail page's markup, as
 * the replica's component renders it (rendered once: 211 client renders would take minutes).
 */
let detailHtml: string[] | undefined;
const everyDetail: View[] = STORY.map((record, i) => () => {
  detailHtml ??= STORY.map((r) => renderToStaticMarkup(h(EventDetail, { record: r })));
  const parsed = new DOMParser().parseFromString(detailHtml[i]!, 'text/html');
  document.body.replaceChildren(...Array.from(parsed.body.childNodes).map((n) => document.adoptNode(n)));
  return () => document.body.replaceChildren();
});

describe('aws-cloudtrail-events: page = export', { timeout: 60_000 }, () => {
  it("list with every column on + each event's detail opened = the JSON download", async () => {
    const page = readPage(awsCloudtrailEvents, LIST_URL, [list(), ...everyDetail, list()], intel);
    const file = await readExport([{ name: 'event_history.json', bytes: eventHistoryJson(STORY) }], intel);
    expectSameReading(page, file, STORY.length);
    expect(page.analysis.verdict).toBe(file.verdict);
  });

  it('the same against the CSV download with its "CloudTrail event" column', async () => {
    const page = readPage(awsCloudtrailEvents, LIST_URL, [...everyDetail, list()], intel);
    const file = await readExport(
      [
        {
          name: 'event_history.csv',
          bytes: csv([...CSV_COLUMNS, 'CloudTrail event'], eventHistoryCsvRows(STORY, true)),
        },
      ],
      intel,
    );
    expect(file.stats.rejected).toBe(0);
    expect(page.findings).toEqual(file.findings);
  });

  it('list with every column on = the CSV download of those columns (no column the engine reads is dropped)', async () => {
    const page = readPage(awsCloudtrailEvents, LIST_URL, [list()], intel);
    const file = await readExport(
      [{ name: 'event_history.csv', bytes: csv(CSV_COLUMNS, eventHistoryCsvRows(STORY, false)) }],
      intel,
    );
    expect(file.stats.rejected).toBe(0);
    expect(page.pages[0]?.partial).toBeUndefined();
    expect(page.findings.length).toBeGreaterThan(0);
    expect(page.findings).toEqual(file.findings);
  });

  it('default columns: "partial view", naming the hidden columns as the console does; the export finds more', async () => {
    const page = readPage(awsCloudtrailEvents, LIST_URL, [list(DEFAULT_COLUMN_IDS)], intel);
    const file = await readExport([{ name: 'event_history.json', bytes: eventHistoryJson(STORY) }], intel);
    const info = page.pages[0]!;
    expect(info.recognized).toBe(true);
    expect(info.rows).toBe(STORY.length);
    expect(info.partial?.missing).toEqual(['AWS access key', 'Source IP address', 'Error code']);
    expect(info.partial?.advice).toMatch(/Preferences/);
    expect(JSON.parse(page.badges.at(-1)!)).toMatchObject({
      kind: 'verdict',
      partial: { missing: ['AWS access key', 'Source IP address', 'Error code'] },
    });
    // Why the message matters: without the address and the key the page misses what the file shows.
    expect(page.findings).not.toEqual(file.findings);
  });

  it("default columns + each event's detail opened as the analyst reads it = the JSON download", async () => {
    const page = readPage(
      awsCloudtrailEvents,
      LIST_URL,
      [list(DEFAULT_COLUMN_IDS), ...everyDetail, list(DEFAULT_COLUMN_IDS)],
      intel,
    );
    const file = await readExport([{ name: 'event_history.json', bytes: eventHistoryJson(STORY) }], intel);
    expect(page.findings).toEqual(file.findings);
  });
});
