/**
 * The one entry into the pure core, for the CLI and the extension alike: records in (page rows,
 * lines of a file, a selection), the same RecordRouter and runEngine, and out the engine's
 * result and what the extension shows, with every finding's evidence mapped back to the record it
 * came from (a page row, or a line of an imported file). Pure and synchronous; the CLI streams
 * its files into a `Collector` and judges once, the background judges each tab through
 * `analyseParsed`, the sidebar's import worker each file.
 *
 * IP intelligence is passed in: the CLI loads the full tables (lib/node/load-intel.ts), the
 * background and the import worker the packed tables the build ships (lib/intel/pack.ts); until
 * they are loaded (or when they cannot be), NO_INTEL knows only what the address itself says and
 * the indicators fall back to the log's own fields.
 */
import type { TokenEvent } from '../model/token-event';
import { clientKindOf } from '../model/client-kind';
import { neutralizeBidiDeep } from '../model/bidi';
import { RecordRouter, type ReadStats, type Rejection } from '../sources/read-events';
import { runEngine, type EngineResult } from '../engine/run';
import type { EngineSettings } from '../engine/settings';
import { allowedText, proposeAllowEntry, type AllowProposal } from '../engine/allow-list';
import { NO_INTEL, type IntelProvider, type IpIntel } from '../intel/intel-provider';
import type { Verdict } from '../engine/verdict';
import type { Severity } from '../engine/types';
import { capEvents, summarizeEvent, type CaseEvent } from '../model/case';
import type { HistorySnapshot } from '../baseline/history';
import { knownHistory, type IdentityHistoryView } from '../baseline/view-history';

/** Where a finding's evidence event came from. */
export interface EvidenceRef {
  eventId: string;
  /** The record's ref: `frameId/rowId` for page rows, `file:line` for imports. */
  ref: string;
  /** Set for page rows: the frame and row to scroll to. */
  frameId?: number;
  rowId?: string;
  /** A short description of the event, as text (the exports and cases keep this one). */
  label: string;
  /** The columns of the sidebar's evidence table, from the event the evidence cites (absent: the event is not in the view). */
  fields?: EvidenceFields;
}

/** The structured fields of an evidence event, as text and numbers (no markup: the sidebar renders them as text). */
export interface EvidenceFields {
  /** Absent: the log did not say when. */
  time?: number;
  action: string;
  service?: string;
  /** The identity's name, or its id. */
  identity: string;
  /** The key, token or session the call was made with (ids, never secrets). */
  credential?: string;
  session?: string;
  ip?: string;
  /** A service or caller name when the source has no IP. */
  caller?: string;
  /** ISO country, ASN and AS organisation: the log's own, else the IP data's when it knows. */
  country?: string;
  asn?: number;
  asOrg?: string;
  success: boolean;
  code?: string;
}

export interface FindingView {
  indicator: string;
  severity: Severity;
  title: string;
  detail: string;
  time: number;
  identities: string[];
  tokens: string[];
  evidence: EvidenceRef[];
  /** Every record is on the team's allow-list: which entries and why (not counted in the verdict). */
  allowed?: string;
  /**
   * "Mark as expected": the narrowest allow-list entry that would allow this finding, with a
   * suggested reason (lib/engine/allow-list.ts proposeAllowEntry). Absent when allowed already or
   * when no single entry can allow it. components/MarkExpected.tsx offers it.
   */
  proposal?: AllowProposal;
}

export interface SubjectView {
  kind: 'identity' | 'token' | 'other';
  id: string;
  verdict: Verdict;
  score: number;
  reasons: string[];
}

export interface AnalysisView {
  verdict: Verdict;
  reasons: string[];
  findings: FindingView[];
  /** Identities and tokens named by findings, worst first. */
  subjects: SubjectView[];
  stats: Pick<ReadStats, 'records' | 'parsed' | 'rejected' | 'events'>;
  rejected: Rejection[];
  errors: EngineResult['errors'];
  /**
   * The events, compact (a case keeps them for its timeline and observables): every event a
   * finding cites, then the most recent others, up to MAX_EVENTS_IN_VIEW; time order.
   */
  events: CaseEvent[];
  /** Events left out by the cap. */
  eventsOmitted: number;
  /**
   * Per identity of the view, the stored history it was judged with (issue 10): "history: 23
   * days, 412 events" or "no history yet". Absent where no stored history applies (the CLI, imports).
   */
  known?: IdentityHistoryView[];
}

export interface RecordInput {
  value: unknown;
  ref: string;
}

/** At most this many events travel with a view (a tab can hold 20,000 rows per frame). */
export const MAX_EVENTS_IN_VIEW = 5_000;

/** Keeps at most this many rejections for display (the count is always exact). */
export const MAX_REJECTIONS_SHOWN = 200;

/** How records are judged: the IP intelligence, the stored history and the team's settings. */
export interface JudgeOptions {
  intel?: IntelProvider;
  /** Stored history to judge with (lib/baseline/view-history.ts): null when none is stored yet, undefined where none applies. */
  history?: HistorySnapshot | null;
  settings?: EngineSettings;
}

/** One run of the engine: its result, and the view of it that the sidebar and a case show (built on demand). */
export interface Judgement {
  result: EngineResult;
  view(): AnalysisView;
}

/**
 * A router plus the event → record map, fed one record at a time (the CLI and the import worker
 * stream files, the background adds a tab's parsed rows), then judged once.
 *
 * `refs: 'event'` keeps no map: an event's record is its own `ref` (a file and line), which is
 * all the CLI's case needs, and saves a Set per event on a month of CloudTrail. `refs: 'none'`
 * keeps not even that (the CLI's report and `--json` cite events by id): on the 1 GB file the
 * refs' text is 50 MB of the peak.
 */
export class Collector {
  readonly events: TokenEvent[] = [];
  readonly rejected: Rejection[] = [];
  private readonly refsOf = new Map<string, Set<string>>();
  private current = '';
  private readonly byRecord: boolean;
  private readonly dropRefs: boolean;
  constructor(
    private readonly opts: JudgeOptions = {},
    refs: 'record' | 'event' | 'none' = 'record',
  ) {
    this.byRecord = refs === 'record';
    this.dropRefs = refs === 'none';
  }
  readonly router = new RecordRouter({
    onEvent: (e) => {
      this.events.push(e);
      if (this.dropRefs) e.ref = undefined;
      if (!this.byRecord) return;
      let refs = this.refsOf.get(e.id);
      if (!refs) this.refsOf.set(e.id, (refs = new Set()));
      refs.add(this.current);
    },
    onReject: (r) => {
      if (this.rejected.length < MAX_REJECTIONS_SHOWN) this.rejected.push(r);
    },
  });

  record(value: unknown, ref: string): void {
    this.current = ref;
    this.router.record(value, ref);
  }

  /** Adds a record parsed earlier (ParseCache): the same as `record(value, ref)`, without parsing. */
  add(parsed: ParsedRecord): void {
    const st = this.router.stats;
    const d = parsed.stats;
    st.records += d.records;
    st.parsed += d.parsed;
    st.rejected += d.rejected;
    st.events += d.events;
    for (const [k, n] of Object.entries(d.byFormat)) st.byFormat[k] = (st.byFormat[k] ?? 0) + n;
    for (const [k, n] of Object.entries(d.rejectedByReason)) st.rejectedByReason[k] = (st.rejectedByReason[k] ?? 0) + n;
    for (const e of parsed.events) {
      this.events.push(e);
      let refs = this.refsOf.get(e.id);
      if (!refs) this.refsOf.set(e.id, (refs = new Set()));
      refs.add(parsed.ref);
    }
    for (const r of parsed.rejected) if (this.rejected.length < MAX_REJECTIONS_SHOWN) this.rejected.push(r);
  }

  reject(ref: string, reason: string): void {
    this.router.stats.records += 1;
    this.router.reject(ref, reason);
  }

  refsFor(eventId: string): readonly string[] {
    if (!this.byRecord) {
      const ref = this.eventById().get(eventId)?.ref;
      return ref ? [ref] : [];
    }
    return [...(this.refsOf.get(eventId) ?? [])];
  }

  private byId?: Map<string, TokenEvent>;
  private eventById(): Map<string, TokenEvent> {
    return (this.byId ??= new Map(this.events.map((e) => [e.id, e])));
  }

  /** Runs the engine over everything collected; `late` adds what was not known at the start (the CLI's intel loads while it reads). */
  judge(late: JudgeOptions = {}): Judgement {
    const o = { ...this.opts, ...late };
    const intel = o.intel ?? NO_INTEL;
    // Stored history applies (null: none stored yet): findings that rest on history say how much.
    const result = runEngine(this.events, {
      intel,
      history: o.history ?? undefined,
      describeHistory: o.history !== undefined,
      ...(o.settings ? { settings: o.settings } : {}),
    });
    return {
      result,
      view: () => {
        const view = analysisView(
          this.events,
          result,
          (id) => this.refsFor(id),
          this.router.stats,
          this.rejected,
          intel,
        );
        // null: the caller keeps stored history (the background), none applies to this view yet.
        if (o.history !== undefined) view.known = neutralizeBidiDeep(knownHistory(o.history ?? undefined, this.events));
        return view;
      },
    };
  }

  analyse(): AnalysisView {
    return this.judge().view();
  }
}

/**
 * An engine result as the sidebar (and a case) sees it: findings with their evidence records,
 * subjects split into identities and tokens, compact events. Shared by the extension and the
 * CLI's case export, which ran the engine with its own intel.
 */
export function analysisView(
  all: readonly TokenEvent[],
  result: EngineResult,
  refsFor: (eventId: string) => readonly string[],
  stats: Pick<ReadStats, 'records' | 'parsed' | 'rejected' | 'events'>,
  rejected: readonly Rejection[],
  /** The network facts of addresses: the evidence's country and ASN, and the ASN a "mark as expected" proposal may name. */
  intel: IntelProvider = NO_INTEL,
): AnalysisView {
  const byId = new Map(all.map((e) => [e.id, e]));
  const network = (e: TokenEvent): IpIntel | undefined => (e.source.ip ? intel.lookup(e.source.ip) : undefined);
  const proposalOf = (f: EngineResult['findings'][number]) =>
    f.allowedBy ? undefined : proposeAllowEntry(f, (id) => byId.get(id), network);
  const findings: FindingView[] = result.findings.map((f) => ({
    indicator: f.indicator,
    severity: f.severity,
    title: f.title,
    detail: f.detail,
    time: f.time,
    identities: f.identities,
    tokens: f.tokens,
    ...(f.allowedBy ? { allowed: allowedText(f.allowedBy) } : {}),
    ...withProposal(proposalOf(f)),
    evidence: f.events.flatMap((eventId) => {
      const e = byId.get(eventId);
      const label = e ? eventLabel(e) : eventId;
      const fields = e ? evidenceFields(e, intel) : undefined;
      const refs = refsFor(eventId);
      return (refs.length ? refs : ['']).map((ref) => ({
        eventId,
        ref,
        label,
        ...splitRowRef(ref),
        ...(fields ? { fields } : {}),
      }));
    }),
  }));
  const subjects: SubjectView[] = result.subjects.map((s) => ({
    kind: s.subject.startsWith('id:') ? 'identity' : s.subject.startsWith('tok:') ? 'token' : 'other',
    id: s.subject.replace(/^(id|tok):/, ''),
    verdict: s.verdict,
    score: s.score,
    reasons: s.reasons,
  }));
  const summary = summarizeEvents(all, result.findings, (id) => refsFor(id)[0]);
  // What the sidebar shows and cases keep: bidirectional controls in log text made visible.
  return neutralizeBidiDeep({
    verdict: result.verdict,
    reasons: result.reasons,
    findings,
    subjects,
    stats: { records: stats.records, parsed: stats.parsed, rejected: stats.rejected, events: stats.events },
    rejected: [...rejected],
    errors: result.errors,
    events: summary.events,
    eventsOmitted: summary.omitted,
  });
}

const withProposal = (p: AllowProposal | undefined): { proposal?: AllowProposal } => (p ? { proposal: p } : {});

/**
 * Whether a record is the console's own traffic: every event it gave was made by the console's
 * pages or back ends, or by a cloud service acting for the caller (lib/model/client-kind.ts). The
 * page dims such rows as "console activity", so the analyst's eye goes to the rest.
 */
export function isConsoleActivity(events: readonly TokenEvent[]): boolean {
  return (
    events.length > 0 &&
    events.every((e) => {
      const kind = clientKindOf(e);
      return kind === 'console' || kind === 'service';
    })
  );
}

/** Compact events for the view: cited ones always, then the most recent, capped; time order. */
function summarizeEvents(
  all: readonly TokenEvent[],
  findings: EngineResult['findings'],
  refOf: (eventId: string) => string | undefined,
): { events: CaseEvent[]; omitted: number } {
  const flagged = new Map<string, string[]>();
  for (const f of findings) {
    for (const id of f.events) {
      const list = flagged.get(id) ?? [];
      if (!list.includes(f.indicator)) list.push(f.indicator);
      flagged.set(id, list);
    }
  }
  const seen = new Set<string>();
  const unique = all.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
  const kept = capEvents(unique, (e) => flagged.has(e.id), MAX_EVENTS_IN_VIEW);
  const events = kept
    .map((e) => summarizeEvent({ ...e, ref: refOf(e.id) ?? e.ref }, flagged.get(e.id)))
    .sort((a, b) => a.time - b.time);
  return { events, omitted: unique.length - kept.length };
}

/** One record's parse: its events, rejections and its share of the read stats. */
export interface ParsedRecord {
  ref: string;
  /** The page's tenant stamped on the events that name none (ParseCache.parse). */
  tenant?: string;
  events: readonly TokenEvent[];
  rejected: readonly Rejection[];
  stats: ReadStats;
}

const zeroStats = (): ReadStats => ({
  records: 0,
  parsed: 0,
  rejected: 0,
  events: 0,
  byFormat: {},
  rejectedByReason: {},
});

/**
 * Parses each record once (the background keeps a tab's rows, and a new row must not re-parse the
 * other thousand): results are kept per record object and ref, so a row whose record changed (a
 * new object from the page) is parsed again. The formats' parsers are pure: a cached parse is the
 * parse the record would get again.
 */
export class ParseCache {
  private readonly memo = new WeakMap<object, ParsedRecord>();
  private out: { events: TokenEvent[]; rejected: Rejection[] } = { events: [], rejected: [] };
  private readonly router = new RecordRouter({
    onEvent: (e) => this.out.events.push(e),
    onReject: (r) => this.out.rejected.push(r),
  });
  /** Records actually parsed (for the tests). */
  parses = 0;

  parse(value: unknown, ref: string, tenant?: string): ParsedRecord {
    const key = value !== null && typeof value === 'object' ? value : undefined;
    const hit = key ? this.memo.get(key) : undefined;
    if (hit && hit.ref === ref && hit.tenant === tenant) return hit;
    this.parses += 1;
    const before = snapshot(this.router.stats);
    this.out = { events: [], rejected: [] };
    this.router.record(value, ref);
    // The page's tenant (the account, project or org its header or URL names) for events that do
    // not name their own: they are then judged with, and learned into, that tenant's baseline.
    const events = tenant
      ? this.out.events.map((e) => (e.actor.account ? e : { ...e, actor: { ...e.actor, account: tenant } }))
      : this.out.events;
    const parsed: ParsedRecord = {
      ref,
      ...(tenant ? { tenant } : {}),
      events,
      rejected: this.out.rejected,
      stats: diffStats(this.router.stats, before),
    };
    if (key) this.memo.set(key, parsed);
    return parsed;
  }
}

function snapshot(s: ReadStats): ReadStats {
  return { ...s, byFormat: { ...s.byFormat }, rejectedByReason: { ...s.rejectedByReason } };
}

function diffStats(now: ReadStats, before: ReadStats): ReadStats {
  const d = zeroStats();
  d.records = now.records - before.records;
  d.parsed = now.parsed - before.parsed;
  d.rejected = now.rejected - before.rejected;
  d.events = now.events - before.events;
  for (const [k, n] of Object.entries(now.byFormat))
    if (n !== (before.byFormat[k] ?? 0)) d.byFormat[k] = n - (before.byFormat[k] ?? 0);
  for (const [k, n] of Object.entries(now.rejectedByReason))
    if (n !== (before.rejectedByReason[k] ?? 0)) d.rejectedByReason[k] = n - (before.rejectedByReason[k] ?? 0);
  return d;
}

/**
 * Analyses records parsed earlier, in order (the same view `analyseRecords` gives for their values).
 * `history`: the stored history to judge with, null when the store has none for these tenants
 * (the view then says "no history yet"), undefined where stored history does not apply.
 */
export function analyseParsed(
  records: Iterable<ParsedRecord>,
  rejected: readonly Rejection[] = [],
  intel: IntelProvider = NO_INTEL,
  history?: HistorySnapshot | null,
  settings?: EngineSettings,
): AnalysisView {
  const c = new Collector({ intel, ...(history !== undefined ? { history } : {}), ...(settings ? { settings } : {}) });
  for (const r of rejected) c.reject(r.ref, r.reason);
  for (const r of records) c.add(r);
  return c.analyse();
}

/** Analyses records already in memory (the page rows of a tab). */
export function analyseRecords(
  records: Iterable<RecordInput>,
  rejected: readonly Rejection[] = [],
  intel: IntelProvider = NO_INTEL,
): AnalysisView {
  const c = new Collector({ intel });
  for (const r of rejected) c.reject(r.ref, r.reason);
  for (const r of records) c.record(r.value, r.ref);
  return c.analyse();
}

function eventLabel(e: TokenEvent): string {
  const when = e.timeKnown === false ? 'time unknown' : new Date(e.time).toISOString();
  const from = e.source.ip ?? e.source.caller ?? '';
  return `${when} ${e.action.name} by ${e.actor.name ?? e.actor.id}${from ? ` from ${from}` : ''}${e.outcome.success ? '' : ' (failed)'}`;
}

/** The evidence table's columns for one event: the log's own network fields first, then the IP data's. */
export function evidenceFields(e: TokenEvent, intel: IntelProvider = NO_INTEL): EvidenceFields {
  const ip = e.source.ip;
  const known = ip ? intel.lookup(ip) : undefined;
  const country = e.source.country ?? known?.country;
  const asn = e.source.asn ?? known?.asn;
  const asOrg = e.source.asOrg ?? known?.asOrg;
  const f: EvidenceFields = {
    action: e.action.name,
    identity: e.actor.name ?? e.actor.id,
    success: e.outcome.success,
  };
  if (e.timeKnown !== false) f.time = e.time;
  if (e.action.service) f.service = e.action.service;
  if (e.credential?.id) f.credential = e.credential.id;
  if (e.credential?.sessionId) f.session = e.credential.sessionId;
  if (ip) f.ip = ip;
  else if (e.source.caller) f.caller = e.source.caller;
  if (country) f.country = country;
  if (asn !== undefined) f.asn = asn;
  if (asOrg) f.asOrg = asOrg;
  if (e.outcome.code) f.code = e.outcome.code;
  return f;
}

/** Page-row refs are `frameId/rowId`; anything else (file refs) has no row. */
export function rowRef(frameId: number, rowId: string): string {
  return `${frameId}/${rowId}`;
}

export function splitRowRef(ref: string): { frameId?: number; rowId?: string } {
  const m = /^(\d+)\/(.+)$/s.exec(ref);
  return m ? { frameId: Number(m[1]), rowId: m[2]! } : {};
}

export function emptyAnalysis(): AnalysisView {
  return {
    verdict: 'benign',
    reasons: [],
    findings: [],
    subjects: [],
    stats: { records: 0, parsed: 0, rejected: 0, events: 0 },
    rejected: [],
    errors: [],
    events: [],
    eventsOmitted: 0,
  };
}
