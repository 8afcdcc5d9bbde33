/**
 * Reader equivalence: the findings the extension gives for a replica page must be the findings
 * the CLI gives for the console's own export of the same records (issue 13, "pages lose what the
 * file keeps"). Both sides run the product's code paths:
 * - page: the replica's views are put in the jsdom document one after another, as the analyst
 *   opens them (the list, then an event's detail, a details pane…); the real PageSession reads
 *   each with the console's reader and sends its rows to the real background reducer
 *   (lib/messaging/tab-state.ts: rows merged by row id), and `analyseTab` runs the engine as the
 *   background does (lib/analysis/analyse.ts);
 * - export: the export's bytes go through the CLI's reading path (lib/sources/read-events.ts
 *   `readFileInto`: containers, format detection, parsing) and `runEngine` (lib/engine/run.ts),
 *   as cli/scan.ts does.
 * Both use the same IP data (the CLI's offline intel), so a difference is the reader's or the
 * format's, never the network data's. Findings are compared by indicator, severity and the ids
 * of the events they cite (the record ids: CloudTrail eventID, Entra Request ID, Okta uuid…): a
 * reader that drops a field the engine needs changes one of these.
 */
import { expect } from 'vitest';
import { PageSession } from '../../lib/messaging/page-session';
import type { SiteReader } from '../../lib/sites/site-reader';
import type { PageRows } from '../../lib/messaging/protocol';
import { analyseTab, applyPageRows, emptyTab, type PageInfo } from '../../lib/messaging/tab-state';
import type { AnalysisView } from '../../lib/analysis/analyse';
import { RecordRouter, readFileInto, type ReadStats } from '../../lib/sources/read-events';
import { runEngine } from '../../lib/engine/run';
import type { TokenEvent } from '../../lib/model/token-event';
import type { IntelProvider } from '../../lib/intel/intel-provider';

/** A finding as the comparison sees it. */
export interface FindingKey {
  indicator: string;
  severity: string;
  events: string[];
}

const byKey = (a: FindingKey, b: FindingKey): number =>
  `${a.indicator}|${a.severity}|${a.events.join(',')}`.localeCompare(
    `${b.indicator}|${b.severity}|${b.events.join(',')}`,
  );

function key(indicator: string, severity: string, events: Iterable<string>): FindingKey {
  return { indicator, severity, events: [...new Set(events)].sort() };
}

/**
 * How a finding's events are named: `id`, the record id (every console whose page shows it);
 * `time-action`, the event's time and action, for the views that show no record id (the Entra
 * audit grid: its rows get a hash of their cells, the export its audit id).
 */
export type MatchBy = 'id' | 'time-action';

const timeAction = (time: number, action: string): string => `${new Date(time).toISOString()} ${action}`;

/** One view of the replica as the analyst sees it: puts it in `document`, returns its cleanup. */
export type View = () => void | (() => void);

export interface PageReading {
  analysis: AnalysisView;
  findings: FindingKey[];
  pages: PageInfo[];
  /** The page badge's last state (the verdict badge on the console page). */
  badges: string[];
}

/** The extension's reading of a replica: each view in turn, one frame, one tab. */
export function readPage(
  reader: SiteReader,
  url: string,
  views: readonly View[],
  intel: IntelProvider,
  matchBy: MatchBy = 'id',
): PageReading {
  const tab = emptyTab();
  const badges: string[] = [];
  const session = new PageSession({
    root: document,
    readerFor: (u) => (reader.matchesUrl(u) ? reader : undefined),
    send: (msg: PageRows) => {
      applyPageRows(tab, 0, msg);
      return Promise.resolve({ resync: false });
    },
    badge: { show: (_a, state) => badges.push(JSON.stringify(state)), remove: () => undefined },
    setTimeout: () => 0,
    createObserver: () => ({ observe: () => undefined, disconnect: () => undefined }),
  });
  session.navigate(url);
  for (const view of views) {
    const done = view();
    session.scan();
    if (typeof done === 'function') done();
  }
  const { view } = analyseTab(tab, intel);
  const analysis = view.analysis;
  // The background's answer: the page badge shows the tab's verdict (and "partial view").
  session.applyVerdict({
    type: 'page-verdict',
    verdict: analysis.verdict,
    findings: analysis.findings.length,
    marks: [],
  });
  session.stop();
  const byId = new Map(analysis.events.map((e) => [e.id, e]));
  const name = (id: string): string => {
    const e = byId.get(id);
    return matchBy === 'id' || !e ? id : timeAction(e.time, e.action);
  };
  const findings = analysis.findings
    .map((f) =>
      key(
        f.indicator,
        f.severity,
        f.evidence.map((e) => name(e.eventId)),
      ),
    )
    .sort(byKey);
  return { analysis, findings, pages: view.pages, badges };
}

export interface ExportReading {
  findings: FindingKey[];
  stats: ReadStats;
  events: TokenEvent[];
  verdict: string;
}

export interface ExportFile {
  name: string;
  bytes: string | Uint8Array;
}

/** The CLI's reading of export files (`token-triage scan FILE…`). */
export async function readExport(
  files: readonly ExportFile[],
  intel: IntelProvider,
  matchBy: MatchBy = 'id',
): Promise<ExportReading> {
  const events: TokenEvent[] = [];
  const router = new RecordRouter({ onEvent: (e) => events.push(e) });
  for (const f of files) {
    const data = typeof f.bytes === 'string' ? new TextEncoder().encode(f.bytes) : f.bytes;
    async function* chunks(): AsyncIterable<Uint8Array> {
      yield data;
    }
    await readFileInto(router, chunks(), f.name);
  }
  const result = runEngine(events, { intel });
  const byId = new Map(events.map((e) => [e.id, e]));
  const name = (id: string): string => {
    const e = byId.get(id);
    return matchBy === 'id' || !e ? id : timeAction(e.time, e.action.name);
  };
  const findings = result.findings.map((f) => key(f.indicator, f.severity, f.events.map(name))).sort(byKey);
  return { findings, stats: router.stats, events, verdict: result.verdict };
}

/** RFC 4180 CSV text: a header row of `columns` and one line per record, every field quoted when needed. */
export function csv(columns: readonly string[], rows: readonly Record<string, string | undefined>[]): string {
  const q = (v: string | undefined): string => {
    const s = v ?? '';
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.map(q).join(','), ...rows.map((r) => columns.map((c) => q(r[c])).join(','))].join('\r\n') + '\r\n';
}

/**
 * The page and the download agree: every record of the download read, the page holding all
 * `events` of them, at least one finding, and the same findings in the same order.
 */
export function expectSameReading(page: PageReading, file: ExportReading, events: number): void {
  expect(file.stats.rejected).toBe(0);
  expect(file.stats.events).toBe(events);
  expect(page.analysis.stats.events).toBe(events);
  expect(page.findings.length).toBeGreaterThan(0);
  expect(page.findings).toEqual(file.findings);
}
