/**
 * The background's per-tab state as a pure reducer: each frame's page (URL, reader, rows merged
 * by row id) plus records the analyst analysed from a selection. `analyseTab` runs the engine
 * over all of it and says which rows of which frame to mark. The background only wires this to
 * messages and the toolbar badge.
 *
 * Stored baselines (issue 10): the background reads the baselines of the tenants `tabEvents`
 * belong to and passes them to `analyseTab`, which judges the rows with what was known before
 * them (lib/baseline/view-history.ts); learning the rows afterwards is lib/messaging/baseline-learning.ts.
 */
import type { PageRows, PartialViewMessage, RowMark } from './protocol';
import type { Rejection } from '../sources/read-events';
import { NO_INTEL, type IntelProvider } from '../intel/intel-provider';
import type { TokenEvent } from '../model/token-event';
import type { EngineSettings } from '../engine/settings';
import type { BaselineFile } from '../baseline/baseline-file';
import { damagedBaselines, historyBeforeView } from '../baseline/view-history';
import { neutralizeBidiDeep } from '../model/bidi';
import {
  type AnalysisView,
  analyseParsed,
  emptyAnalysis,
  isConsoleActivity,
  ParseCache,
  type ParsedRecord,
  rowRef,
  type RecordInput,
  splitRowRef,
} from '../analysis/analyse';

/** Per frame, rows beyond this are dropped oldest-first (a runaway page cannot exhaust memory). */
export const MAX_ROWS_PER_FRAME = 20_000;

/** What a dimmed row says on hover. */
export const CONSOLE_ACTIVITY_TITLE =
  "Console activity: the console's own calls for this page (context, not evidence on its own)";

export interface FrameState {
  url: string;
  readerId: string | null;
  readerTitle?: string;
  recognized: boolean;
  note?: string;
  /** The view hides columns the engine needs (the sidebar says which to turn on). */
  partial?: PartialViewMessage;
  /** The account, project or org the page says it shows: stamped on its rows' events that name none (ParseCache). */
  tenant?: string;
  rows: Map<string, Record<string, unknown>>;
}

export interface TabState {
  frames: Map<number, FrameState>;
  /** Records from "Analyse selected JSON", by ref. */
  selection: Map<string, unknown>;
  /** Parts of a selection that could not be read. */
  selectionRejected: Rejection[];
  /** Each row's parse, kept while its record is unchanged: a new row parses one record, not all. */
  parseCache: ParseCache;
  /** The last analysis and the parses it ran over: the engine reruns only when they changed. */
  last?: {
    inputs: ParsedRecord[];
    rejected: Rejection[];
    baselines?: string;
    settings?: EngineSettings;
    analysis: AnalysisView;
  };
}

export interface PageInfo {
  frameId: number;
  url: string;
  readerId: string | null;
  readerTitle?: string;
  recognized: boolean;
  note?: string;
  partial?: PartialViewMessage;
  rows: number;
}

/** What the sidebar is sent. */
export interface TabView {
  tabId: number;
  pages: PageInfo[];
  selectionRecords: number;
  analysis: AnalysisView;
  /** The IP network data the verdict was made with: still loading, in, or not available. */
  network?: NetworkData;
  /**
   * `analysis.events` was left out (get-state with `events: false`): the page tab's view. A case
   * is opened from the full view, never from this one.
   */
  eventsWithheld?: true;
}

/** The view without the analysis' events (see TabView.eventsWithheld). */
export function withoutEvents(view: TabView): TabView {
  return { ...view, analysis: { ...view.analysis, events: [] }, eventsWithheld: true };
}

export type NetworkData = 'loading' | 'ready' | 'unavailable';

export function emptyTab(): TabState {
  return { frames: new Map(), selection: new Map(), selectionRejected: [], parseCache: new ParseCache() };
}

/**
 * Applies a frame's message. Returns `resync` when the frame sent a delta for rows the state
 * does not have (the background restarted): the frame must then send all its rows again.
 */
export function applyPageRows(tab: TabState, frameId: number, msg: PageRows): { changed: boolean; resync: boolean } {
  let frame = tab.frames.get(frameId);
  const resync = !frame && !msg.reset;
  if (!frame || msg.reset) {
    const had = frame?.rows.size ?? 0;
    frame = {
      url: msg.url,
      readerId: msg.readerId,
      readerTitle: msg.readerTitle,
      recognized: msg.recognized,
      note: msg.note,
      partial: msg.partial,
      tenant: msg.tenant,
      rows: new Map(),
    };
    tab.frames.set(frameId, frame);
    if (had > 0) {
      for (const r of msg.rows) frame.rows.set(r.id, r.record);
      return { changed: true, resync };
    }
  }
  const metaChanged =
    frame.url !== msg.url ||
    frame.readerId !== msg.readerId ||
    frame.recognized !== msg.recognized ||
    frame.note !== msg.note ||
    frame.tenant !== msg.tenant ||
    JSON.stringify(frame.partial ?? null) !== JSON.stringify(msg.partial ?? null);
  Object.assign(frame, {
    url: msg.url,
    readerId: msg.readerId,
    readerTitle: msg.readerTitle,
    recognized: msg.recognized,
    note: msg.note,
    partial: msg.partial,
    tenant: msg.tenant,
  });
  for (const r of msg.rows) {
    frame.rows.delete(r.id); // re-insert: most recent last, so the cap drops the oldest
    frame.rows.set(r.id, r.record);
  }
  while (frame.rows.size > MAX_ROWS_PER_FRAME) {
    const first = frame.rows.keys().next().value as string;
    frame.rows.delete(first);
  }
  return { changed: metaChanged || msg.rows.length > 0 || msg.reset, resync };
}

export function addSelection(
  tab: TabState,
  sel: { records: readonly RecordInput[]; rejected: readonly Rejection[] },
): void {
  for (const r of sel.records) tab.selection.set(r.ref, r.value);
  tab.selectionRejected.push(...sel.rejected);
  tab.selectionRejected.splice(0, Math.max(0, tab.selectionRejected.length - 200));
}

export interface TabAnalysis {
  view: Omit<TabView, 'tabId'>;
  /** Marks per frame id: every frame that has rows gets an entry (possibly empty, to clear). */
  marks: Map<number, RowMark[]>;
  findings: number;
}

function tabInputs(tab: TabState): ParsedRecord[] {
  const cache = tab.parseCache;
  const inputs: ParsedRecord[] = [];
  for (const [frameId, f] of tab.frames)
    for (const [id, rec] of f.rows) inputs.push(cache.parse(rec, rowRef(frameId, id), f.tenant));
  for (const [ref, value] of tab.selection) inputs.push(cache.parse(value, ref));
  return inputs;
}

/** The events of the tab's rows and selection (parsed once per record: the parse cache). */
export function tabEvents(tab: TabState): TokenEvent[] {
  return tabInputs(tab).flatMap((r) => r.events);
}

/** Which stored baselines an analysis used: the same rows with the same baselines give the same analysis. */
const baselinesKey = (files: readonly BaselineFile[] | undefined): string | undefined =>
  files &&
  files
    .map((f) => `${f.tenant}@${f.savedAt}`)
    .sort()
    .join('|');

/**
 * The tab's analysis; `intel` is the background's (its change must clear `tab.last`).
 * `baselines`: the stored baselines of the tab's tenants (none stored: an empty list, and the view
 * says "no history yet"); undefined judges cold and says nothing about history.
 * `damaged`: the tenants whose stored baseline could not be read (BaselineService.problemsFor):
 * listed first in `known`, with what to do.
 */
export function analyseTab(
  tab: TabState,
  intel: IntelProvider = NO_INTEL,
  baselines?: readonly BaselineFile[],
  settings?: EngineSettings,
  damaged: readonly { tenant: string; detail?: string }[] = [],
): TabAnalysis {
  const inputs = tabInputs(tab);
  const key = baselinesKey(baselines);
  const last = tab.last;
  // Settings are replaced whole when the team imports a file: the same object means the same settings.
  const same =
    last !== undefined &&
    last.baselines === key &&
    last.settings === settings &&
    sameItems(last.rejected, tab.selectionRejected) &&
    sameItems(last.inputs, inputs);
  const history = () =>
    baselines
      ? (historyBeforeView(
          baselines,
          inputs.flatMap((r) => r.events),
        ) ?? null)
      : undefined;
  const judged = same
    ? last.analysis
    : inputs.length || tab.selectionRejected.length
      ? analyseParsed(inputs, tab.selectionRejected, intel, history(), settings)
      : emptyAnalysis();
  tab.last = {
    inputs,
    rejected: [...tab.selectionRejected],
    ...(key !== undefined ? { baselines: key } : {}),
    ...(settings ? { settings } : {}),
    analysis: judged,
  };
  // A damaged stored baseline is said where the history is: the verdict was made without it.
  const analysis = damaged.length
    ? { ...judged, known: [...neutralizeBidiDeep(damagedBaselines(damaged)), ...(judged.known ?? [])] }
    : judged;
  const titles = new Map<number, Map<string, Set<string>>>();
  for (const f of analysis.findings) {
    for (const ev of f.evidence) {
      if (ev.frameId === undefined || ev.rowId === undefined) continue;
      let byRow = titles.get(ev.frameId);
      if (!byRow) titles.set(ev.frameId, (byRow = new Map()));
      let set = byRow.get(ev.rowId);
      if (!set) byRow.set(ev.rowId, (set = new Set()));
      set.add(f.title);
    }
  }
  const marks = new Map<number, RowMark[]>();
  for (const frameId of tab.frames.keys()) {
    const byRow = titles.get(frameId);
    marks.set(frameId, byRow ? [...byRow].map(([rowId, t]) => ({ rowId, titles: [...t] })) : []);
  }
  // Rows that are the console's own traffic and carry no finding: dimmed as context.
  for (const rec of inputs) {
    const { frameId, rowId } = splitRowRef(rec.ref);
    if (
      frameId === undefined ||
      rowId === undefined ||
      titles.get(frameId)?.has(rowId) ||
      !isConsoleActivity(rec.events)
    )
      continue;
    marks.get(frameId)?.push({ rowId, titles: [CONSOLE_ACTIVITY_TITLE], kind: 'console' });
  }
  const pages: PageInfo[] = [...tab.frames].map(([frameId, f]) => ({
    frameId,
    url: f.url,
    readerId: f.readerId,
    readerTitle: f.readerTitle,
    recognized: f.recognized,
    note: f.note,
    ...(f.partial ? { partial: f.partial } : {}),
    rows: f.rows.size,
  }));
  return { view: { pages, selectionRecords: tab.selection.size, analysis }, marks, findings: analysis.findings.length };
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The toolbar badge for a verdict: short text the page cannot fake. */
export function badgeFor(
  verdict: AnalysisView['verdict'],
  findings: number,
  hasRows: boolean,
): { text: string; color: string } {
  if (!hasRows) return { text: '', color: '#5f6368' };
  if (verdict === 'escalate') return { text: 'ESC', color: '#b3261e' };
  if (verdict === 'suspicious') return { text: findings > 99 ? '99+' : String(findings || '?'), color: '#b26a00' };
  return { text: 'OK', color: '#1e7e34' };
}

/**
 * True when `next` differs from `prev` only in its fragment: a same-document navigation (hash
 * routes of the AWS console and the Azure portal). Chrome reports it through tabs.onUpdated as
 * `status: 'loading'` with the new URL, like a real load, but the frames and their content
 * scripts stay: their rows must be kept (list and detail views merge by row id).
 */
export function isFragmentOnlyChange(prev: string | undefined, next: string): boolean {
  if (!prev) return false;
  try {
    const a = new URL(prev);
    const b = new URL(next);
    a.hash = '';
    b.hash = '';
    return a.href === b.href;
  } catch {
    return false;
  }
}
