/**
 * Records read back from IndexedDB are checked against the model's zod schemas: another build,
 * a restore or a bug may have written anything. A record that fails is reported with its reason
 * (ReadProblem), never deleted or silently skipped.
 *
 * A case's events (up to 5,000) are the bulk of every read: zod checks them field by field, and in
 * an extension page, where eval is refused, without its compiled fast path (50-150 ms a read on
 * a 5,000-event case). So each event is checked here by hand against the same rules
 * (EVENT_FIELDS below mirrors CaseEventSchema), and the rest of the case by CaseSchema. Only an
 * event that passes every rule and has no other key takes this path, and it comes out as zod
 * would give it (a fresh object, fields in the schema's order); on anything else (an unknown or
 * missing key, a wrong type, a value out of bounds, more than 5,000 events, a rest that fails) the
 * whole record goes through CaseSchema as before, so a bad record is refused with zod's reason.
 * The store's writes (createCase, refreshSnapshot, mergeSnapshot) use the same check (parseCase,
 * parseSnapshot). validate.test.ts compares the two paths on generated events and cases.
 */
import { CaseSchema, CaseSnapshotSchema, NoteSchema, type Case, type CaseEvent, type Note } from '../model/case';
import { ACTOR_KINDS, CREDENTIAL_KINDS, EVENT_CLASSES, PROVIDERS, VERB_CLASSES } from '../model/token-event';
import { describeIssues, type ReadMany, type ReadProblem } from './errors';

function keyText(raw: unknown, fallback: string): string {
  if (raw && typeof raw === 'object') {
    const r = raw as Record<string, unknown>;
    if ('stepId' in r || 'caseId' in r) return `${String(r.caseId)}/${String(r.stepId)}`;
    if (typeof r.id === 'string') return r.id;
  }
  return fallback;
}

type Rule = (v: unknown) => boolean;
const text =
  (max: number, min = 0): Rule =>
  (v) =>
    typeof v === 'string' && v.length <= max && v.length >= min;
const oneOf = (values: readonly string[]): Rule => {
  const set = new Set<unknown>(values);
  return (v) => set.has(v);
};
const finite: Rule = (v) => typeof v === 'number' && Number.isFinite(v);
const bool: Rule = (v) => typeof v === 'boolean';
const count: Rule = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const flags: Rule = (v) =>
  Array.isArray(v) && v.length <= 50 && v.every((f) => typeof f === 'string' && f.length <= 100);

/** CaseEventSchema's fields, in its order: [name, required, rule]. An optional field is absent or passes its rule. */
export const EVENT_FIELDS: readonly (readonly [keyof CaseEvent, boolean, Rule])[] = [
  ['id', true, text(1_000, 1)],
  ['time', true, finite],
  ['timeKnown', true, bool],
  ['provider', true, oneOf(PROVIDERS)],
  ['format', true, text(100)],
  ['class', true, oneOf(EVENT_CLASSES)],
  ['actor', true, text(1_000)],
  ['actorName', false, text(1_000)],
  ['actorKind', true, oneOf(ACTOR_KINDS)],
  ['account', false, text(1_000)],
  ['issuer', false, text(1_000)],
  ['action', true, text(1_000)],
  ['service', false, text(500)],
  ['verb', true, oneOf(VERB_CLASSES)],
  ['success', true, bool],
  ['code', false, text(500)],
  ['ip', false, text(100)],
  ['caller', false, text(500)],
  ['country', false, text(100)],
  ['asn', false, count],
  ['asOrg', false, text(500)],
  ['userAgent', false, text(2_000)],
  ['credentialKind', false, oneOf(CREDENTIAL_KINDS)],
  ['credentialId', false, text(1_000)],
  ['sessionId', false, text(1_000)],
  ['appId', false, text(1_000)],
  ['appName', false, text(1_000)],
  ['target', false, text(2_000)],
  ['ref', false, text(2_000)],
  ['flagged', true, flags],
];
/** CaseSnapshotSchema's cap on events. */
const MAX_EVENTS = 5_000;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** The event as CaseEventSchema would return it, or undefined when it is not one this check is sure of. */
export function checkedEvent(e: unknown): CaseEvent | undefined {
  if (!isPlainObject(e)) return undefined;
  const out: Record<string, unknown> = {};
  let fields = 0;
  for (const [key, required, ok] of EVENT_FIELDS) {
    if (!Object.hasOwn(e, key)) {
      if (required) return undefined;
      continue;
    }
    const v = e[key];
    if (!ok(v)) return undefined;
    out[key] = key === 'flagged' ? [...(v as string[])] : v;
    fields++;
  }
  // Another key (zod would drop it silently): the full parse decides.
  return Object.keys(e).length === fields ? (out as CaseEvent) : undefined;
}

/** The events checked by hand, or undefined when one of them is not sure (or there are too many). */
function checkedEvents(events: unknown): CaseEvent[] | undefined {
  if (!Array.isArray(events) || events.length > MAX_EVENTS) return undefined;
  const checked: CaseEvent[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = checkedEvent(events[i]);
    if (!e) return undefined;
    checked.push(e);
  }
  return checked;
}

/**
 * CaseSchema.safeParse, with the events checked by hand and the rest by CaseSchema when the hand
 * check is sure of every event; otherwise CaseSchema on the whole (its reason on failure).
 */
export function parseCase(raw: unknown): ReturnType<typeof CaseSchema.safeParse> {
  const events = isPlainObject(raw) && isPlainObject(raw.snapshot) ? checkedEvents(raw.snapshot.events) : undefined;
  if (events && isPlainObject(raw)) {
    const rest = CaseSchema.safeParse({ ...raw, snapshot: { ...(raw.snapshot as object), events: [] } });
    if (rest.success) {
      rest.data.snapshot.events = events;
      return rest;
    }
  }
  return CaseSchema.safeParse(raw);
}

/** The same for a snapshot alone (CaseSnapshotSchema): a refreshed or merged analysis. */
export function parseSnapshot(raw: unknown): ReturnType<typeof CaseSnapshotSchema.safeParse> {
  const events = isPlainObject(raw) ? checkedEvents(raw.events) : undefined;
  if (events && isPlainObject(raw)) {
    const rest = CaseSnapshotSchema.safeParse({ ...raw, events: [] });
    if (rest.success) {
      rest.data.events = events;
      return rest;
    }
  }
  return CaseSnapshotSchema.safeParse(raw);
}

export function readCaseRecord(raw: unknown, fallbackId = '?'): { value?: Case; problem?: ReadProblem } {
  const parsed = parseCase(raw);
  if (parsed.success) return { value: parsed.data };
  return {
    problem: {
      table: 'cases',
      id: keyText(raw, fallbackId),
      reason: `Stored case does not match the case format: ${describeIssues(parsed.error)}`,
    },
  };
}

export function readNoteRecord(raw: unknown, fallbackId = '?'): { value?: Note; problem?: ReadProblem } {
  const parsed = NoteSchema.safeParse(raw);
  if (parsed.success) return { value: parsed.data };
  return {
    problem: {
      table: 'notes',
      id: keyText(raw, fallbackId),
      reason: `Stored note does not match the note format: ${describeIssues(parsed.error)}`,
    },
  };
}

export function readMany<T>(
  raws: readonly unknown[],
  read: (raw: unknown) => { value?: T; problem?: ReadProblem },
): ReadMany<T> {
  const out: ReadMany<T> = { items: [], problems: [] };
  for (const raw of raws) {
    const r = read(raw);
    if (r.value !== undefined) out.items.push(r.value);
    else if (r.problem) out.problems.push(r.problem);
  }
  return out;
}
