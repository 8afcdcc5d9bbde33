/**
 * A case: one investigated identity or token, the analysis as it was when the case was opened
 * (findings, evidence and the events behind them), and the analyst's work on the playbook
 * (answers confirmed or overridden, checklist state, the escalation decision, status).
 * Free text (the analyst's notes) is kept apart, one Note per playbook step, so that two tabs
 * typing in different steps never overwrite each other (lib/store).
 *
 * The zod schemas are the contract at every boundary where a case crosses in: the store reads
 * them back, a backup file is restored through them, and the exports take them as input. Pure.
 *
 * Nothing in a case is a raw secret: events carry credential identifiers (accessKeyId,
 * uniqueTokenIdentifier, hashed_token) and the sources mask any bearer secret they see
 * (lib/model/secret.ts); the case builder masks once more on the way in.
 */
import { z } from 'zod';
import type { TokenEvent } from './token-event';
import { ACTOR_KINDS, CREDENTIAL_KINDS, EVENT_CLASSES, PROVIDERS, VERB_CLASSES } from './token-event';

/** The format version of a case record (and of a backup file). Bump with a migration in lib/store. */
export const CASE_FORMAT_VERSION = 1;

export const CASE_STATUSES = ['open', 'escalated', 'contained', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_TEXT: Record<CaseStatus, string> = {
  open: 'Open',
  escalated: 'Escalated to Tier 2',
  contained: 'Contained',
  closed: 'Closed',
};

const str = (max = 4_000) => z.string().max(max);
const optStr = (max = 4_000) => z.string().max(max).optional();
const time = z.number().finite();

/**
 * One event as a case keeps it: what the timeline, the exports and the observables need, and
 * no more. `flagged` lists the indicators whose findings cite this event.
 */
export const CaseEventSchema = z.object({
  id: str(1_000).min(1),
  time,
  timeKnown: z.boolean(),
  provider: z.enum(PROVIDERS),
  format: str(100),
  class: z.enum(EVENT_CLASSES),
  actor: str(1_000),
  actorName: optStr(1_000),
  actorKind: z.enum(ACTOR_KINDS),
  account: optStr(1_000),
  /** The role or issuer a session came from (an AWS role ARN, an Entra app). */
  issuer: optStr(1_000),
  action: str(1_000),
  service: optStr(500),
  verb: z.enum(VERB_CLASSES),
  success: z.boolean(),
  code: optStr(500),
  ip: optStr(100),
  caller: optStr(500),
  country: optStr(100),
  asn: z.number().int().nonnegative().optional(),
  asOrg: optStr(500),
  userAgent: optStr(2_000),
  credentialKind: z.enum(CREDENTIAL_KINDS).optional(),
  /** The token or key identifier (not a secret). */
  credentialId: optStr(1_000),
  sessionId: optStr(1_000),
  appId: optStr(1_000),
  appName: optStr(1_000),
  target: optStr(2_000),
  /** Where the record came from: `frameId/rowId` for page rows, `file:line` for imports. */
  ref: optStr(2_000),
  flagged: z.array(str(100)).max(50),
});
export type CaseEvent = z.infer<typeof CaseEventSchema>;

export const CaseEvidenceSchema = z.object({ eventId: str(1_000), ref: str(2_000), label: str(4_000) });

export const CaseFindingSchema = z.object({
  indicator: str(100),
  severity: z.enum(['info', 'low', 'medium', 'high']),
  title: str(1_000),
  detail: str(8_000),
  time,
  identities: z.array(str(1_000)).max(500),
  tokens: z.array(str(1_000)).max(500),
  evidence: z.array(CaseEvidenceSchema).max(2_000),
});
export type CaseFinding = z.infer<typeof CaseFindingSchema>;

export const VERDICTS = ['benign', 'suspicious', 'escalate'] as const;

export const CaseSubjectSchema = z.object({
  kind: z.enum(['identity', 'token', 'other']),
  id: str(1_000).min(1),
});
export type CaseSubject = z.infer<typeof CaseSubjectSchema>;

export const ANSWER_VALUES = ['yes', 'no', 'unknown'] as const;

/** The engine's answer to one Question for Analysis (lib/playbook/answers.ts), frozen at opening. */
export const ProposedAnswerSchema = z.object({
  questionId: str(100),
  answer: z.enum(ANSWER_VALUES),
  confidence: z.enum(['high', 'medium', 'low']),
  /** Indices into snapshot.findings. */
  findings: z.array(z.number().int().nonnegative()),
  events: z.array(str(1_000)),
});

/** The analysis at the moment the case was opened (or last refreshed from the page). */
export const CaseSnapshotSchema = z.object({
  takenAt: time,
  /** Where the analysis came from: the console page URL or the imported file's name. */
  source: z.object({ kind: z.enum(['page', 'import']), label: str(8_000) }),
  verdict: z.enum(VERDICTS),
  /** The subject's own verdict reasons, in the playbook's words. */
  reasons: z.array(str(2_000)).max(100),
  /** The subject's findings, strongest first. */
  findings: z.array(CaseFindingSchema).max(1_000),
  /** The subject's events (and those the findings cite), time order; capped. */
  events: z.array(CaseEventSchema).max(5_000),
  /** Events of the subject left out by the cap. */
  eventsOmitted: z.number().int().nonnegative(),
  /** Other identities and tokens the same analysis flagged (for "similarly compromised"). */
  related: z
    .array(z.object({ kind: z.enum(['identity', 'token', 'other']), id: str(1_000), verdict: z.enum(VERDICTS) }))
    .max(500),
  answers: z.array(ProposedAnswerSchema).max(10),
});
export type CaseSnapshot = z.infer<typeof CaseSnapshotSchema>;

/** The analyst's confirmation or override of a proposed answer (the why is the step's note). */
export const AnalystAnswerSchema = z.object({
  answer: z.enum(ANSWER_VALUES),
  /** true when the analyst kept the proposed answer. */
  confirmed: z.boolean(),
  at: time,
  by: str(200),
});

/** A checklist item ticked (or marked not applicable) by the analyst. Keyed by playbook item or containment action id. */
export const ChecklistEntrySchema = z.object({
  state: z.enum(['done', 'not-applicable']),
  at: time,
  by: str(200),
});

export const ESCALATION_CHOICES = ['escalate', 'do-not-escalate'] as const;
export const DecisionSchema = z.object({
  choice: z.enum(ESCALATION_CHOICES),
  at: time,
  by: str(200),
});

export const StatusChangeSchema = z.object({ status: z.enum(CASE_STATUSES), at: time, by: str(200) });

const idKey = /^[a-z0-9][a-z0-9:._-]{0,199}$/i;

export const CaseSchema = z.object({
  formatVersion: z.literal(CASE_FORMAT_VERSION),
  id: z.string().regex(idKey),
  title: str(1_000),
  subject: CaseSubjectSchema,
  analyst: str(200),
  status: z.enum(CASE_STATUSES),
  statusHistory: z.array(StatusChangeSchema).max(1_000),
  createdAt: time,
  updatedAt: time,
  snapshot: CaseSnapshotSchema,
  answers: z.record(z.string().regex(idKey), AnalystAnswerSchema),
  checklist: z.record(z.string().regex(idKey), ChecklistEntrySchema),
  decision: DecisionSchema.optional(),
});
export type Case = z.infer<typeof CaseSchema>;

/** The step id of the case-wide note (not tied to one playbook item). */
export const GENERAL_NOTE = 'general';

/** The analyst's note on one step of one case. */
export const NoteSchema = z.object({
  caseId: z.string().regex(idKey),
  /** A playbook item id, a containment action id, or GENERAL_NOTE. */
  stepId: z.string().regex(idKey),
  text: z.string().max(100_000),
  updatedAt: time,
  by: str(200),
});
export type Note = z.infer<typeof NoteSchema>;

/** The compact form of an event a case keeps. */
export function summarizeEvent(e: TokenEvent, flagged: readonly string[] = []): CaseEvent {
  const target = e.target ? [e.target.type, e.target.name ?? e.target.id].filter(Boolean).join(' ') : undefined;
  return dropUndefined({
    id: e.id,
    time: e.time,
    timeKnown: e.timeKnown !== false,
    provider: e.provider,
    format: e.format,
    class: e.class,
    actor: e.actor.id,
    actorName: e.actor.name,
    actorKind: e.actor.kind,
    account: e.actor.account,
    issuer: e.actor.issuer,
    action: e.action.name,
    service: e.action.service,
    verb: e.action.verb,
    success: e.outcome.success,
    code: e.outcome.code,
    ip: e.source.ip,
    caller: e.source.caller,
    country: e.source.country,
    asn: e.source.asn,
    asOrg: e.source.asOrg,
    userAgent: e.source.userAgent,
    credentialKind: e.credential?.kind,
    credentialId: e.credential?.id,
    sessionId: e.credential?.sessionId,
    appId: e.app?.id,
    appName: e.app?.name,
    target: target || undefined,
    ref: e.ref,
    flagged: [...flagged],
  });
}

/**
 * At most `max` of `events`, in their order: every cited one (the most recent, if even they are
 * too many), then the most recent of the others. Used wherever events are capped (the view a
 * tab sends, a case's snapshot), so evidence is the last thing to go.
 */
export function capEvents<T extends { id: string; time: number }>(
  events: readonly T[],
  isCited: (e: T) => boolean,
  max: number,
): T[] {
  if (events.length <= max) return [...events];
  const newestFirst = (a: T, b: T) => b.time - a.time;
  const cited = events.filter(isCited).sort(newestFirst).slice(0, max);
  const rest = events
    .filter((e) => !isCited(e))
    .sort(newestFirst)
    .slice(0, max - cited.length);
  const keep = new Set<T>([...cited, ...rest]);
  return events.filter((e) => keep.has(e));
}

function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/**
 * Changes whenever the snapshot can have changed: a refresh or restore changes its time or its
 * contents' ends. The case view memoizes its facts on it (components/case/case-facts.ts), and a
 * page that holds a case's events is not sent them again while it holds (lib/messaging/store-rpc.ts).
 */
export function snapshotVersion(c: Case): string {
  const s = c.snapshot;
  return [
    c.id,
    c.subject.kind,
    c.subject.id,
    s.takenAt,
    s.source.kind,
    s.source.label,
    s.verdict,
    s.events.length,
    s.eventsOmitted,
    s.findings.length,
    s.events[0]?.id ?? '',
    s.events.at(-1)?.id ?? '',
  ].join('\n');
}
