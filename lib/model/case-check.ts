/**
 * CaseSchema's check of a case, fast on its events. A case's events (up to 5,000) are the bulk of
 * every case opened, written and read: zod checks them field by field, and in an extension page,
 * where eval is refused, without its compiled fast path (50-150 ms a read on a 5,000-event case).
 * So each event is checked here by hand against the same rules (EVENT_FIELDS below mirrors
 * CaseEventSchema), and the rest of the case by CaseSchema. Only an event that passes every rule
 * and has no other key takes this path, and it comes out as zod would give it (a fresh object,
 * fields in the schema's order); on anything else (an unknown or missing key, a wrong type, a
 * value out of bounds, more than 5,000 events, a rest that fails) the whole value goes through
 * CaseSchema as before, so a bad case is refused with zod's reason. Used where a case is opened
 * (lib/playbook/open-case.ts), written and read back (lib/store: createCase, mergeSnapshot,
 * readCaseRecord). lib/store/validate.test.ts compares the two paths on generated events and cases.
 */
import { CaseSchema, CaseSnapshotSchema, type CaseEvent } from './case';
import { ACTOR_KINDS, CREDENTIAL_KINDS, EVENT_CLASSES, PROVIDERS, VERB_CLASSES } from './token-event';

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
