/**
 * Opens a case from an analysis (the page's or an imported file's): the subject's findings and
 * events, its verdict and reasons, the other identities and tokens the same analysis flagged,
 * and the engine's answers to the Questions for Analysis, all frozen at that moment. The same
 * function refreshes a case's snapshot when the page shows more rows later.
 *
 * Which findings and events belong to a subject:
 * - identity: findings naming the identity; events whose actor it is;
 * - token: findings naming the token; events whose credential or session id it is;
 * - other (an input-wide subject): every finding and event;
 * plus, always, the events the subject's findings cite (a finding about the identity may cite
 * another actor's event, e.g. multi-account).
 *
 * Every string goes through maskSecretsIn on the way in: a case never holds a raw secret, even
 * one a source did not recognise. Pure: the caller passes the id and the time.
 */
import {
  capEvents,
  CASE_FORMAT_VERSION,
  CaseSnapshotSchema,
  type Case,
  type CaseEvent,
  type CaseFinding,
  type CaseSnapshot,
  type CaseSubject,
} from '../model/case';
import { maskDeep, maskSecretsIn } from '../model/secret';
import { fitAndParse, fitToSchema } from '../model/fit-to-schema';
import { parseCase, parseSnapshot } from '../model/case-check';
import { severityRank, type Severity } from '../engine/types';
import type { Verdict } from '../engine/verdict';
import { answerQuestions, type CoverageEvent } from './answers';

/** What of an analysis a case is opened from (lib/messaging's AnalysisView fits). */
export interface CaseAnalysis {
  findings: readonly CaseFinding[];
  subjects: readonly { kind: CaseSubject['kind']; id: string; verdict: Verdict; reasons: readonly string[] }[];
  events: readonly CaseEvent[];
  eventsOmitted: number;
}

export interface OpenCaseInput {
  id: string;
  analysis: CaseAnalysis;
  subject: CaseSubject;
  source: CaseSnapshot['source'];
  analyst: string;
  now: number;
}

export const MAX_CASE_EVENTS = 5_000;

export function subjectTitle(subject: CaseSubject): string {
  const kind = subject.kind === 'identity' ? 'Identity' : subject.kind === 'token' ? 'Token' : 'Input';
  return `${kind} ${subject.id}`;
}

function findingConcerns(f: CaseFinding, s: CaseSubject): boolean {
  if (s.kind === 'identity') return f.identities.includes(s.id);
  if (s.kind === 'token') return f.tokens.includes(s.id);
  return true;
}

/** Whether an event is the subject's own: its actor, its credential or session, or any event for an input-wide subject. */
export function eventConcerns(e: Pick<CaseEvent, 'actor' | 'credentialId' | 'sessionId'>, s: CaseSubject): boolean {
  if (s.kind === 'identity') return e.actor === s.id;
  if (s.kind === 'token') return e.credentialId === s.id || e.sessionId === s.id;
  return true;
}

/** The analysis as the case keeps it, for one subject. */
export function caseSnapshot(
  analysis: CaseAnalysis,
  subject: CaseSubject,
  source: CaseSnapshot['source'],
  now: number,
): CaseSnapshot {
  const findings = analysis.findings
    .filter((f) => findingConcerns(f, subject))
    .map((f, i) => [f, i] as const)
    .sort(
      ([a, ai], [b, bi]) =>
        severityRank(b.severity as Severity) - severityRank(a.severity as Severity) || a.time - b.time || ai - bi,
    )
    .map(([f]) => ({
      indicator: f.indicator,
      severity: f.severity,
      title: f.title,
      detail: f.detail,
      time: f.time,
      identities: [...f.identities],
      tokens: [...f.tokens],
      evidence: f.evidence.map((ev) => ({ eventId: ev.eventId, ref: ev.ref, label: ev.label })),
    }));
  const cited = new Set(findings.flatMap((f) => f.evidence.map((ev) => ev.eventId)));
  const mine = analysis.events.filter((e) => cited.has(e.id) || eventConcerns(e, subject));
  const events = capEvents(mine, (e) => cited.has(e.id), MAX_CASE_EVENTS);
  const own = analysis.subjects.find((s) => s.kind === subject.kind && s.id === subject.id);
  const related = analysis.subjects
    .filter((s) => s !== own && s.verdict !== 'benign')
    .slice(0, 500)
    .map((s) => ({ kind: s.kind, id: s.id, verdict: s.verdict }));
  const coverageEvents: CoverageEvent[] = events.map((e) => ({
    class: e.class,
    outcome: { success: e.success },
    source: { ip: e.ip, country: e.country },
  }));
  const answers = answerQuestions(
    {
      findings: findings.map((f) => ({
        ...f,
        indicator: f.indicator as never,
        events: f.evidence.map((ev) => ev.eventId),
      })),
    },
    coverageEvents,
  );
  // Masked, then cut to the schema's limits: one oversized field never blocks a case.
  return fitToSchema(
    CaseSnapshotSchema,
    maskDeep({
      takenAt: now,
      source,
      verdict: own?.verdict ?? (subject.kind === 'other' ? worst(analysis.subjects.map((s) => s.verdict)) : 'benign'),
      reasons: [...(own?.reasons ?? [])],
      findings,
      events: events.map((e) => ({ ...e, flagged: [...e.flagged] })),
      eventsOmitted: mine.length - events.length,
      related,
      answers: answers.map((a) => ({ ...a, findings: [...a.findings], events: [...a.events] })),
    }),
    parseSnapshot,
  );
}

const findingKey = (f: CaseFinding) => `${f.indicator}\u0000${f.title}\u0000${f.time}`;

/**
 * Adds a newer analysis of the subject to a case's snapshot without losing what the case held:
 * events are merged by id (the newer copy wins), findings by indicator, title and time (the
 * newer wins), reasons are united, the verdict is the worse of the two, and the proposed
 * answers are worked out again over the merged findings and events. A page that shows fewer
 * rows than before (another page of the list, a narrower filter) can only add, never remove.
 */
export function mergeSnapshots(old: CaseSnapshot, fresh: CaseSnapshot): CaseSnapshot {
  const events = new Map(old.events.map((e) => [e.id, e]));
  for (const e of fresh.events) events.set(e.id, e);
  const findings = new Map(old.findings.map((f) => [findingKey(f), f]));
  for (const f of fresh.findings) findings.set(findingKey(f), f);
  const mergedFindings = [...findings.values()]
    .map((f, i) => [f, i] as const)
    .sort(
      ([a, ai], [b, bi]) =>
        severityRank(b.severity as Severity) - severityRank(a.severity as Severity) || a.time - b.time || ai - bi,
    )
    .map(([f]) => f);
  const all = [...events.values()].sort((a, b) => a.time - b.time);
  const cited = new Set(mergedFindings.flatMap((f) => f.evidence.map((ev) => ev.eventId)));
  const mergedEvents = capEvents(all, (e) => cited.has(e.id), MAX_CASE_EVENTS);
  const omitted = all.length - mergedEvents.length;
  const related = new Map(old.related.map((r) => [`${r.kind}:${r.id}`, r]));
  for (const r of fresh.related) related.set(`${r.kind}:${r.id}`, r);
  const answers = answerQuestions(
    {
      findings: mergedFindings.map((f) => ({
        ...f,
        indicator: f.indicator as never,
        events: f.evidence.map((ev) => ev.eventId),
      })),
    },
    mergedEvents.map((e) => ({
      class: e.class,
      outcome: { success: e.success },
      source: { ip: e.ip, country: e.country },
    })),
  );
  return fitToSchema(
    CaseSnapshotSchema,
    {
      takenAt: fresh.takenAt,
      source: fresh.source,
      verdict: worst([old.verdict, fresh.verdict]),
      reasons: [...new Set([...fresh.reasons, ...old.reasons])].slice(0, 100),
      findings: mergedFindings.slice(0, 1_000),
      events: mergedEvents,
      eventsOmitted: Math.max(old.eventsOmitted, fresh.eventsOmitted) + omitted,
      related: [...related.values()].slice(0, 500),
      answers: answers.map((a) => ({ ...a, findings: [...a.findings], events: [...a.events] })),
    },
    parseSnapshot,
  );
}

/** What a newer analysis would add to the case: events and findings it does not hold yet. */
export function snapshotAdds(old: CaseSnapshot, fresh: CaseSnapshot): { events: number; findings: number } {
  const ids = new Set(old.events.map((e) => e.id));
  const keys = new Set(old.findings.map(findingKey));
  return {
    events: fresh.events.filter((e) => !ids.has(e.id)).length,
    findings: fresh.findings.filter((f) => !keys.has(findingKey(f))).length,
  };
}

function worst(vs: readonly Verdict[]): Verdict {
  return vs.includes('escalate') ? 'escalate' : vs.includes('suspicious') ? 'suspicious' : 'benign';
}

/**
 * A new case for the subject, validated: strings and lists over the schema's limits are cut (with
 * "…"), so hostile log text cannot block a case; anything else malformed throws with zod's reasons.
 */
export function openCase(input: OpenCaseInput): Case {
  const subject = maskDeep(input.subject);
  // Masked before it is cut to the schema's length: a cut first could leave a secret too short to recognise.
  const analyst = maskSecretsIn(input.analyst);
  const c: Case = {
    formatVersion: CASE_FORMAT_VERSION,
    id: input.id,
    title: subjectTitle(subject),
    subject,
    analyst,
    status: 'open',
    statusHistory: [{ status: 'open', at: input.now, by: analyst }],
    createdAt: input.now,
    updatedAt: input.now,
    snapshot: caseSnapshot(input.analysis, input.subject, input.source, input.now),
    answers: {},
    checklist: {},
  };
  // Cut to the schema and checked with the case's fast check (its events by hand, the rest by
  // CaseSchema): in the extension, zod runs without eval and took ~150 ms over three full passes
  // on 5,000 events. fitAndParse's last check is the result (no second check).
  const r = fitAndParse(c, parseCase);
  if (!r.success) throw r.error;
  return r.data;
}
