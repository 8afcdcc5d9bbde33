/**
 * One format-neutral document built from a case, its notes and its containment actions, so that
 * every export format (Markdown, Jira, ServiceNow, TheHive, CSV) renders the same content and
 * none re-derives it. Every string in the document is already cleaned and masked
 * (./case-text.ts); each format still escapes for itself.
 *
 * Order: header (case, status and its history, source, verdict and reasons), the playbook's
 * header rows (tactic, TTP, name, log sources, key indicators), then the playbook's sections in
 * the playbook's order, each with EVERY sentence of the playbook (lib/playbook/t1550-001.ts) and
 * the analyst's work on it: Questions for Analysis, Additional Analysis Steps for L1 (each with
 * what the case shows for it, lib/playbook/l1-steps.ts), Decision for Escalation, T2 Analyst
 * Actions (each with its one-line summary and the findings that serve it, and under "Check if
 * additional users or tokens are similarly compromised" the scope queries of the case's query
 * languages, lib/playbook/t2-actions.ts and lib/queries), Containment and Further Analysis (with
 * the containment actions under the playbook sentence they serve); then the general note, notes
 * on steps the document does not otherwise show, findings, observables and the evidence events.
 *
 * An analyst answer that overrides the engine with no note on the question says "Overridden (no
 * reason given)", and a decision with no rationale note says "(no rationale given)": a reviewer
 * must see that nobody wrote down why. Pure.
 */
import { CASE_STATUS_TEXT, GENERAL_NOTE, type Case, type CaseEvent, type CaseStatus, type Note } from '../model/case';
import type { ContainmentAction } from '../playbook/containment/types';
import { l1Steps, type L1StepId, type L1StepSupport } from '../playbook/l1-steps';
import { ANSWER_TEXT, DECISION_TEXT, VERDICT_TEXT } from '../playbook/labels';
import { T1550_001, type PlaybookItem } from '../playbook/t1550-001';
import { caseScope, t2Actions, type T2ActionSupport } from '../playbook/t2-actions';
import { buildAllQueries } from '../queries/index';
import { errorMessage } from '../model/error-message';
import { deriveObservables, type CaseObservable } from './case-observables';
import { cleanInline, cleanText, isoOrUnknown } from './case-text';

export interface CaseExportInput {
  case: Case;
  /** Notes per step (stepId = playbook item id, containment action id, or 'general'). */
  notes: readonly Note[];
  /** The containment actions offered for the case (may be empty). */
  containment: readonly ContainmentAction[];
  /** Epoch ms of the export, passed in so output is reproducible. */
  exportedAt: number;
}

/** A label and a one-line value. */
export interface DocFact {
  label: string;
  value: string;
}
/** A labelled list of one-line rows. */
export interface DocList {
  label: string;
  rows: string[];
}
/** An analyst's note: multi-line text (LF only). */
export interface DocNote {
  stepId: string;
  text: string;
  at: number;
  by: string;
}

export interface DocAction {
  id: string;
  provider: string;
  title: string;
  why: string;
  language: string;
  /** Multi-line. */
  command: string;
  missing: string[];
  state: string;
  done: boolean;
  note?: DocNote;
}

/** One scope query for the org's own log engine (lib/queries). */
export interface DocQuery {
  /** QUERY_LANGUAGES id (`kql`, `athena`…). */
  languageId: string;
  /** The language's label (`Microsoft Sentinel / Defender (KQL)`…). */
  language: string;
  title: string;
  /** Multi-line. */
  text: string;
}

export interface DocItem {
  id: string;
  /** The playbook's sentence, verbatim. */
  text: string;
  facts: DocFact[];
  lists: DocList[];
  /** What the note is called for this item ("Note", or "Rationale" for the decision). */
  noteLabel: string;
  note?: DocNote;
  actions: DocAction[];
  /** Scope queries to run for this item (only "Check if additional users or tokens…"). */
  queries: DocQuery[];
  /** One line about the queries when they could not be built or none apply. */
  queryNote?: string;
  /** The analyst has dealt with this item (answered, ticked, decided). */
  done: boolean;
}

export const SECTION_IDS = ['questions', 'l1', 'decision', 't2', 'containment'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface DocSection {
  id: SectionId;
  /** The playbook's row label. */
  title: string;
  items: DocItem[];
}

export interface DocFinding {
  severity: 'info' | 'low' | 'medium' | 'high';
  indicator: string;
  title: string;
  detail: string;
  time: string;
  identities: string[];
  tokens: string[];
  evidence: { eventId: string; ref: string; label: string }[];
}

export interface DocStatusChange {
  status: CaseStatus;
  statusText: string;
  at: number;
  by: string;
}

export interface CaseDocument {
  caseId: string;
  title: string;
  subject: { kind: string; id: string };
  analyst: string;
  status: CaseStatus;
  statusText: string;
  statusHistory: DocStatusChange[];
  createdAt: number;
  updatedAt: number;
  exportedAt: number;
  verdict: Case['snapshot']['verdict'];
  verdictText: string;
  reasons: string[];
  /** The header as label/value rows, in order (every format shows these). */
  header: DocFact[];
  related: { kind: string; id: string; verdict: string }[];
  playbook: {
    title: string;
    tactic: string;
    tactics: string[];
    ttp: string;
    subTtp: string;
    name: string;
    logSources: DocItem[];
    keyIndicators: DocItem[];
  };
  sections: DocSection[];
  generalNote?: DocNote;
  /** Notes on step ids the document shows nowhere else (a containment action not in the input). */
  otherNotes: DocNote[];
  findings: DocFinding[];
  observables: CaseObservable[];
  /** The evidence events, every string cleaned to one line. */
  events: CaseEvent[];
  eventsOmitted: number;
  providers: string[];
}

const who = (by: string, at: number) => `${cleanInline(by)}, ${isoOrUnknown(at)}`;

/**
 * The document, one named step per part: the case header, the playbook's header rows, the
 * playbook's sections, the notes no section shows, then findings, observables and events.
 */
export function buildCaseDocument(input: CaseExportInput): CaseDocument {
  const ctx = docContext(input);
  const sections = playbookSections(ctx);
  const playbook = playbookHeader(ctx);
  return {
    ...caseHeader(input),
    playbook,
    sections,
    generalNote: generalNote(ctx),
    otherNotes: otherNotes(ctx),
    findings: ctx.snap.findings.map(docFinding),
    observables: deriveObservables(ctx.snap.events),
    events: ctx.snap.events.map(cleanEvent),
    eventsOmitted: ctx.snap.eventsOmitted,
    providers: [...new Set(ctx.snap.events.map((e) => e.provider))].sort(),
  };
}

/** What the steps read: the case, its notes (latest per step), and the steps whose note the document has shown. */
interface DocContext {
  input: CaseExportInput;
  c: Case;
  snap: Case['snapshot'];
  notes: Map<string, DocNote>;
  /** Step ids whose note has a place in the document (filled by noteOf as the sections are built). */
  shown: Set<string>;
}

function docContext(input: CaseExportInput): DocContext {
  const c = input.case;
  return { input, c, snap: c.snapshot, notes: latestNotes(input.notes, c.id), shown: new Set<string>([GENERAL_NOTE]) };
}

/** Notes of this case only (another case's note must never reach this ticket); latest per step. */
function latestNotes(all: readonly Note[], caseId: string): Map<string, DocNote> {
  const notes = new Map<string, DocNote>();
  for (const n of all) {
    if (n.caseId !== caseId) continue;
    const prev = notes.get(n.stepId);
    if (prev && prev.at > n.updatedAt) continue;
    notes.set(n.stepId, {
      stepId: n.stepId,
      text: cleanText(n.text).replace(/\s+$/, ''),
      at: n.updatedAt,
      by: cleanInline(n.by),
    });
  }
  return notes;
}

/** The step's note if it has text; either way the step counts as shown (its note is not "other"). */
function noteOf(ctx: DocContext, id: string): DocNote | undefined {
  ctx.shown.add(id);
  const n = ctx.notes.get(id);
  return n && n.text ? n : undefined;
}

/** A checklist entry's state line, and whether the analyst dealt with it. */
function stateOf(c: Case, id: string): { text: string; done: boolean } {
  const e = c.checklist[id];
  if (!e) return { text: 'Open', done: false };
  return { text: `${e.state === 'done' ? 'Done' : 'Not applicable'} (${who(e.by, e.at)})`, done: true };
}

/** A playbook item with its state and note (the state only once dealt with, unless `withOpenState`). */
function simpleItem(ctx: DocContext, item: PlaybookItem, withOpenState: boolean): DocItem {
  const s = stateOf(ctx.c, item.id);
  return {
    id: item.id,
    text: item.text,
    facts: withOpenState || s.done ? [{ label: 'State', value: s.text }] : [],
    lists: [],
    noteLabel: 'Note',
    note: noteOf(ctx, item.id),
    actions: [],
    queries: [],
    done: s.done,
  };
}

/** The case header: identity, status and its history, verdict and reasons, as fields and as label/value rows. */
function caseHeader(input: CaseExportInput) {
  const c = input.case;
  const snap = c.snapshot;
  return {
    caseId: cleanInline(c.id),
    title: cleanInline(c.title),
    subject: { kind: c.subject.kind, id: cleanInline(c.subject.id) },
    analyst: cleanInline(c.analyst),
    status: c.status,
    statusText: CASE_STATUS_TEXT[c.status],
    statusHistory: c.statusHistory.map((s): DocStatusChange => ({
      status: s.status,
      statusText: CASE_STATUS_TEXT[s.status],
      at: s.at,
      by: cleanInline(s.by),
    })),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    exportedAt: input.exportedAt,
    verdict: snap.verdict,
    verdictText: VERDICT_TEXT[snap.verdict],
    reasons: snap.reasons.map(cleanInline),
    header: headerRows(input),
    related: snap.related.map((r) => ({ kind: r.kind, id: cleanInline(r.id), verdict: r.verdict })),
  };
}

function headerRows(input: CaseExportInput): DocFact[] {
  const c = input.case;
  const snap = c.snapshot;
  return [
    { label: 'Case', value: cleanInline(c.id) },
    { label: 'Title', value: cleanInline(c.title) },
    { label: 'Subject', value: `${c.subject.kind}: ${cleanInline(c.subject.id)}` },
    { label: 'Analyst', value: cleanInline(c.analyst) },
    { label: 'Status', value: CASE_STATUS_TEXT[c.status] },
    { label: 'Created', value: isoOrUnknown(c.createdAt) },
    { label: 'Updated', value: isoOrUnknown(c.updatedAt) },
    {
      label: 'Source',
      value: `${snap.source.kind === 'page' ? 'Console page' : 'Imported file'}: ${cleanInline(snap.source.label)}`,
    },
    { label: 'Analysis taken', value: isoOrUnknown(snap.takenAt) },
    { label: 'Verdict', value: VERDICT_TEXT[snap.verdict] },
    { label: 'Exported', value: isoOrUnknown(input.exportedAt) },
  ];
}

/** The playbook's header rows: tactic, TTP, name, log sources and key indicators. */
function playbookHeader(ctx: DocContext): CaseDocument['playbook'] {
  const p = T1550_001;
  return {
    title: p.title,
    tactic: p.tactic,
    tactics: [...p.tactics],
    ttp: p.ttp,
    subTtp: p.subTtp,
    name: p.name,
    logSources: p.logSources.map((i) => simpleItem(ctx, i, false)),
    keyIndicators: p.keyIndicators.map((i) => simpleItem(ctx, i, false)),
  };
}

/** The playbook's sections in the playbook's order, each item with the analyst's work on it. */
function playbookSections(ctx: DocContext): DocSection[] {
  const p = T1550_001;
  return [
    { id: 'questions', title: 'Questions for Analysis', items: questionItems(ctx) },
    { id: 'l1', title: 'Additional Analysis Steps for L1', items: l1Items(ctx, p.l1Steps) },
    { id: 'decision', title: 'Decision for Escalation', items: [decisionItem(ctx)] },
    { id: 't2', title: 'T2 Analyst Actions', items: t2Items(ctx, p.t2Actions) },
    { id: 'containment', title: 'Containment and Further Analysis', items: containmentItems(ctx, p.containment) },
  ];
}

/** One line per evidence event id: the finding's label for it, else the event itself. */
function evidenceRowsFor(snap: Case['snapshot']): (id: string) => string {
  const eventById = new Map(snap.events.map((e) => [e.id, e]));
  const labelById = new Map<string, string>();
  for (const f of snap.findings)
    for (const ev of f.evidence) if (!labelById.has(ev.eventId)) labelById.set(ev.eventId, ev.label);
  return (id) => {
    const label = labelById.get(id);
    const e = eventById.get(id);
    const text =
      label ??
      (e
        ? `${isoOrUnknown(e.time, e.timeKnown)} ${e.action} by ${e.actorName ?? e.actor}${e.ip ? ` from ${e.ip}` : ''}`
        : 'event not kept in the case');
    return cleanInline(`${id}: ${text}`);
  };
}

/** Questions for Analysis: the engine's proposed answer, the findings behind it, the analyst's answer, the evidence. */
function questionItems(ctx: DocContext): DocItem[] {
  const { c, snap } = ctx;
  const evidenceRow = evidenceRowsFor(snap);
  return T1550_001.questions.map((q) => {
    const proposed = snap.answers.find((a) => a.questionId === q.id);
    const analyst = c.answers[q.id];
    const facts: DocFact[] = [
      {
        label: 'Proposed answer',
        value: proposed ? `${ANSWER_TEXT[proposed.answer]} (confidence: ${proposed.confidence})` : 'None proposed',
      },
    ];
    if (proposed) {
      const findings = proposed.findings.map((i) => snap.findings[i]).filter((f) => f !== undefined);
      if (findings.length)
        facts.push({
          label: 'From findings',
          value: cleanInline(findings.map((f) => `${f.title} (${f.severity})`).join('; ')),
        });
    }
    const note = noteOf(ctx, q.id);
    facts.push({ label: 'Analyst answer', value: analystAnswerText(analyst, proposed, note !== undefined) });
    const evidence = proposed?.events ?? [];
    return {
      id: q.id,
      text: q.text,
      facts,
      lists: [{ label: 'Evidence', rows: evidence.length ? evidence.map(evidenceRow) : ['none'] }],
      noteLabel: 'Note',
      note,
      actions: [],
      queries: [],
      done: Boolean(analyst),
    };
  });
}

/** "Confirmed: …", "Overridden (no reason given): …, engine proposed …" or "Not yet confirmed". */
function analystAnswerText(
  analyst: Case['answers'][string] | undefined,
  proposed: Case['snapshot']['answers'][number] | undefined,
  hasNote: boolean,
): string {
  if (!analyst) return 'Not yet confirmed';
  if (analyst.confirmed) return `Confirmed: ${ANSWER_TEXT[analyst.answer]} (${who(analyst.by, analyst.at)})`;
  return (
    `Overridden${hasNote ? '' : ' (no reason given)'}: ${ANSWER_TEXT[analyst.answer]}${proposed ? `, engine proposed ${ANSWER_TEXT[proposed.answer]}` : ''} ` +
    `(${who(analyst.by, analyst.at)})`
  );
}

/** Decision for Escalation: the engine's recommendation and reasons, the analyst's decision and rationale. */
function decisionItem(ctx: DocContext): DocItem {
  const { c, snap } = ctx;
  const p = T1550_001;
  const rationale = noteOf(ctx, p.decision.id);
  return {
    id: p.decision.id,
    text: p.decision.text,
    facts: [
      { label: 'Engine recommendation', value: VERDICT_TEXT[snap.verdict] },
      {
        label: 'Analyst decision',
        value: c.decision
          ? `${DECISION_TEXT[c.decision.choice]} (${who(c.decision.by, c.decision.at)})${rationale ? '' : ' (no rationale given)'}`
          : 'Not decided',
      },
    ],
    lists: [{ label: 'Engine reasons', rows: snap.reasons.length ? snap.reasons.map(cleanInline) : ['none'] }],
    noteLabel: 'Rationale',
    note: rationale,
    actions: [],
    queries: [],
    done: Boolean(c.decision),
  };
}

/** L1 steps, each with what the case shows for it (computed from the case, so cleaned here). */
function l1Items(ctx: DocContext, items: readonly PlaybookItem[]): DocItem[] {
  const l1 = l1Steps(ctx.c) as Partial<Record<string, L1StepSupport>>;
  return items.map((item) => {
    const base = simpleItem(ctx, item, true);
    const support = l1[item.id as L1StepId];
    if (support)
      base.lists.push({
        label: 'What the case shows',
        rows: support.summary.length ? support.summary.map(cleanInline) : ['nothing in the case bears on this step'],
      });
    return base;
  });
}

/** T2 actions, each with its summary and the findings that serve it; the scope queries under "other users or tokens". */
function t2Items(ctx: DocContext, items: readonly PlaybookItem[]): DocItem[] {
  const t2 = new Map<string, T2ActionSupport>(t2Actions(ctx.c).map((a) => [a.actionId, a]));
  const queries = scopeQueries(ctx.c, t2.get('t2-other-users-tokens')?.languages ?? []);
  return items.map((item) => {
    const base = simpleItem(ctx, item, true);
    const support = t2.get(item.id);
    if (support) {
      base.lists.push({ label: 'What the case shows', rows: [cleanInline(support.summary)] });
      const titles = [
        ...new Set(support.findings.map((i) => ctx.snap.findings[i]?.title).filter((t) => t !== undefined)),
      ];
      base.lists.push({ label: 'Findings that serve it', rows: titles.length ? titles.map(cleanInline) : ['none'] });
    }
    if (item.id === 't2-other-users-tokens') {
      base.queries = queries.queries;
      base.queryNote = queries.note;
    }
    return base;
  });
}

/** Containment items, each with the containment actions that serve it. */
function containmentItems(ctx: DocContext, items: readonly PlaybookItem[]): DocItem[] {
  return items.map((item) => {
    const base = simpleItem(ctx, item, true);
    base.actions = ctx.input.containment.filter((a) => a.playbookItem === item.id).map((a) => docAction(ctx, a));
    return base;
  });
}

function docAction(ctx: DocContext, a: ContainmentAction): DocAction {
  const s = stateOf(ctx.c, a.id);
  return {
    id: cleanInline(a.id),
    provider: cleanInline(a.provider),
    title: cleanInline(a.title),
    why: cleanInline(a.why),
    language: cleanInline(a.language),
    command: cleanText(a.command),
    missing: a.missing.map(cleanInline),
    state: s.text,
    done: s.done,
    note: noteOf(ctx, a.id),
  };
}

function generalNote(ctx: DocContext): DocNote | undefined {
  const general = ctx.notes.get(GENERAL_NOTE);
  return general && general.text ? general : undefined;
}

/** Notes on steps no part of the document showed (call after the sections are built), by step id. */
function otherNotes(ctx: DocContext): DocNote[] {
  return [...ctx.notes.values()]
    .filter((n) => !ctx.shown.has(n.stepId) && n.text)
    .sort((a, b) => (a.stepId < b.stepId ? -1 : a.stepId > b.stepId ? 1 : 0));
}

function docFinding(f: Case['snapshot']['findings'][number]): DocFinding {
  return {
    severity: f.severity,
    indicator: cleanInline(f.indicator),
    title: cleanInline(f.title),
    detail: cleanInline(f.detail),
    time: isoOrUnknown(f.time),
    identities: f.identities.map(cleanInline),
    tokens: f.tokens.map(cleanInline),
    evidence: f.evidence.map((e) => ({
      eventId: cleanInline(e.eventId),
      ref: cleanInline(e.ref),
      label: cleanInline(e.label),
    })),
  };
}

/**
 * The scope queries (lib/queries) of the given languages for the case's scope, cleaned. A scope
 * the builders refuse (an invalid window, say) becomes a one-line note: never a failed export.
 */
function scopeQueries(c: Case, languages: readonly string[]): { queries: DocQuery[]; note?: string } {
  if (!languages.length)
    return { queries: [], note: "No scope query language reads the logs of this case's providers." };
  try {
    const wanted = new Set(languages);
    const queries = buildAllQueries(caseScope(c))
      .filter((g) => wanted.has(g.language.id))
      .flatMap((g) =>
        g.queries.map((q): DocQuery => ({
          languageId: cleanInline(g.language.id),
          language: cleanInline(g.language.label),
          title: cleanInline(q.title),
          text: cleanText(q.text),
        })),
      );
    return queries.length ? { queries } : { queries, note: "The case's scope gave no query to run." };
  } catch (e) {
    return { queries: [], note: cleanInline(`Scope queries could not be built: ${errorMessage(e)}`) };
  }
}

function cleanEvent(e: CaseEvent): CaseEvent {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    out[k] =
      typeof v === 'string'
        ? cleanInline(v)
        : Array.isArray(v)
          ? v.map((x) => (typeof x === 'string' ? cleanInline(x) : x))
          : v;
  }
  return out as CaseEvent;
}

/** How many of a section's items the analyst has dealt with. */
export function sectionProgress(s: DocSection): { done: number; total: number } {
  return { done: s.items.filter((i) => i.done).length, total: s.items.length };
}

/** The evidence-events table the document formats share: its header and one row per event. */
export const EVENT_TABLE_HEADER = [
  'Time',
  'Provider',
  'Actor',
  'Action',
  'Result',
  'IP',
  'Country',
  'ASN',
  'User agent',
  'Credential',
  'App',
  'Flagged',
  'Ref',
  'Event',
] as const;

export function eventTableRow(e: CaseEvent): string[] {
  return [
    isoOrUnknown(e.time, e.timeKnown),
    e.provider,
    e.actorName ? `${e.actorName} (${e.actor})` : e.actor,
    e.service ? `${e.service} ${e.action}` : e.action,
    e.success ? 'success' : `failed${e.code ? ` (${e.code})` : ''}`,
    e.ip ?? '',
    e.country ?? '',
    e.asn === undefined ? '' : `AS${e.asn}${e.asOrg ? ` ${e.asOrg}` : ''}`,
    e.userAgent ?? '',
    e.credentialId ?? '',
    e.appName ?? e.appId ?? '',
    e.flagged.join(', '),
    e.ref ?? '',
    e.id,
  ];
}
