/**
 * The read check of a case (issue 11): its events are checked by hand (validate.ts EVENT_FIELDS)
 * and the rest by CaseSchema. What it accepts must be exactly what CaseSchema accepts, returned
 * exactly as CaseSchema returns it; whatever it is unsure of goes through CaseSchema, so a bad
 * record is still refused with zod's reason. These tests compare the two on generated input.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { CaseEventSchema, CaseSchema, CaseSnapshotSchema, type Case, type CaseEvent } from '../model/case';
import { ACTOR_KINDS, CREDENTIAL_KINDS, EVENT_CLASSES, PROVIDERS, VERB_CLASSES } from '../model/token-event';
import { sampleCase } from '../../test/support/cases';
import { describeIssues } from './errors';
import { readCaseRecord } from './validate';
import { checkedEvent, EVENT_FIELDS, parseCase, parseSnapshot } from '../model/case-check';

/** What readCaseRecord gave before issue 11: CaseSchema on the whole record. */
function zodRead(raw: unknown): { value?: Case; reason?: string } {
  const p = CaseSchema.safeParse(raw);
  return p.success
    ? { value: p.data }
    : { reason: `Stored case does not match the case format: ${describeIssues(p.error)}` };
}

function expectSameRead(raw: unknown): void {
  const now = readCaseRecord(raw);
  const before = zodRead(raw);
  expect(now.value).toStrictEqual(before.value);
  expect(JSON.stringify(now.value)).toBe(JSON.stringify(before.value)); // the same key order
  expect(now.problem?.reason).toBe(before.reason);
}

/** An event with every field set (the sample's events leave some out). */
function fullEvent(): CaseEvent {
  return {
    ...sampleCase().snapshot.events[0]!,
    issuer: 'arn:aws:iam::111122223333:role/r',
    caller: 'ec2.amazonaws.com',
    code: 'AccessDenied',
    sessionId: 's-1',
    appId: 'app-1',
    appName: 'App',
    target: 'bucket b',
    flagged: ['new-source'],
  };
}

const LENGTHS = [0, 1, 99, 100, 101, 499, 500, 501, 999, 1_000, 1_001, 1_999, 2_000, 2_001];
const ENUMS = [...PROVIDERS, ...EVENT_CLASSES, ...ACTOR_KINDS, ...CREDENTIAL_KINDS, ...VERB_CLASSES];
const PROBES: unknown[] = [
  ...LENGTHS.map((n) => 'x'.repeat(n)),
  ...ENUMS,
  'AWS',
  0,
  -0,
  1,
  -1,
  1.5,
  14061,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  null,
  undefined,
  {},
  [],
  ['new-source'],
  Array.from({ length: 50 }, () => 'f'),
  Array.from({ length: 51 }, () => 'f'),
  ['f'.repeat(100)],
  ['f'.repeat(101)],
  [1],
  new Date(0),
];

/** The hand check accepts only what zod accepts, and gives what zod gives, fields in the schema's order. */
function expectSound(e: unknown): void {
  const mine = checkedEvent(e);
  if (mine === undefined) return;
  const z = CaseEventSchema.safeParse(e);
  expect(z.success).toBe(true);
  expect(mine).toStrictEqual(z.data);
  expect(Object.keys(mine)).toEqual(Object.keys(z.data!));
  expect(mine).not.toBe(e);
}

describe('checkedEvent (the hand check of one event)', () => {
  it('has CaseEventSchema’s fields, in its order', () => {
    expect(EVENT_FIELDS.map(([k]) => k)).toEqual(Object.keys(CaseEventSchema.shape));
    for (const [k, required] of EVENT_FIELDS) expect(CaseEventSchema.shape[k].isOptional()).toBe(!required);
  });

  it('agrees with CaseEventSchema on every field set to each probe value, or left out', () => {
    let taken = 0;
    for (const [key] of EVENT_FIELDS) {
      for (const probe of PROBES) {
        const e: Record<string, unknown> = { ...fullEvent(), [key]: probe };
        expectSound(e);
        const z = CaseEventSchema.safeParse(e);
        // Whatever zod accepts as it is (no undefined field) takes the fast path: no silent slow read.
        if (z.success && probe !== undefined) {
          expect(checkedEvent(e)).toBeDefined();
          taken++;
        }
      }
      const without: Record<string, unknown> = fullEvent();
      delete without[key];
      expectSound(without);
      expect(checkedEvent(without) !== undefined).toBe(CaseEventSchema.safeParse(without).success);
    }
    expect(taken).toBeGreaterThan(100);
  });

  it('leaves to zod an event with another key, a field set to undefined, or another prototype', () => {
    expect(checkedEvent({ ...fullEvent(), extra: 1 })).toBeUndefined();
    expect(checkedEvent({ ...fullEvent(), code: undefined })).toBeUndefined();
    expect(checkedEvent(Object.assign(Object.create(null) as object, fullEvent()))).toBeUndefined();
    expect(checkedEvent(fullEvent())).toStrictEqual(CaseEventSchema.parse(fullEvent()));
  });

  it('accepts only what zod accepts, on generated events (fast-check)', () => {
    const field = fc.constantFrom(...EVENT_FIELDS.map(([k]) => k as string), 'extra', '__proto__', 'toString');
    const value = fc.oneof(fc.constantFrom(...PROBES), fc.anything(), fc.string({ maxLength: 120 }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(field, value), { maxLength: 4 }),
        fc.array(field, { maxLength: 3 }),
        (sets, drops) => {
          const e: Record<string, unknown> = fullEvent();
          for (const [k, v] of sets)
            Object.defineProperty(e, k, { value: v, enumerable: true, writable: true, configurable: true });
          for (const k of drops) delete e[k];
          expectSound(e);
        },
      ),
      { numRuns: 5_000 },
    );
  });
});

describe('readCaseRecord', () => {
  afterEach(() => vi.restoreAllMocks());

  it('checks the events by hand and the rest with CaseSchema: the same case as before', () => {
    const c = sampleCase();
    const spy = vi.spyOn(CaseSchema, 'safeParse');
    const r = readCaseRecord(c);
    expect(spy).toHaveBeenCalledTimes(1);
    expect((spy.mock.calls[0]![0] as Case).snapshot.events).toEqual([]);
    expect(r.value?.snapshot.events).toHaveLength(c.snapshot.events.length);
    spy.mockRestore();
    expectSameRead(c);
  });

  it('refuses a stored case with one bad event among 5,000, with zod’s reason', () => {
    const c = sampleCase();
    const events = Array.from({ length: 5_000 }, (_, i) => ({ ...fullEvent(), id: `ev-${i}` }));
    (events[4_321] as Record<string, unknown>).provider = 'evil';
    const raw = { ...c, snapshot: { ...c.snapshot, events } };
    const r = readCaseRecord(raw, c.id);
    expect(r.value).toBeUndefined();
    expect(r.problem?.reason).toContain('snapshot.events.4321.provider');
    expectSameRead(raw);
  });

  it('refuses more than 5,000 events, valid as each one is', () => {
    const c = sampleCase();
    const events = Array.from({ length: 5_001 }, (_, i) => ({ ...fullEvent(), id: `ev-${i}` }));
    const raw = { ...c, snapshot: { ...c.snapshot, events } };
    expect(readCaseRecord(raw).problem?.reason).toContain('snapshot.events');
    expectSameRead(raw);
    expectSameRead({ ...c, snapshot: { ...c.snapshot, events: events.slice(1) } });
  });

  it('drops an unknown key as zod does, and refuses a bad rest with good events', () => {
    const c = sampleCase();
    expectSameRead({ ...c, snapshot: { ...c.snapshot, events: [{ ...fullEvent(), extra: 'x' }] } });
    expectSameRead({ ...c, status: 'lost' });
    expectSameRead({ ...c, snapshot: { ...c.snapshot, events: 'none' } });
    expectSameRead({ ...c, snapshot: null });
    expectSameRead(null);
  });

  it('reads generated stored records exactly as CaseSchema does (fast-check)', () => {
    const c = sampleCase();
    const event = fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      {
        weight: 1,
        arbitrary: fc.tuple(
          fc.constantFrom(...EVENT_FIELDS.map(([k]) => k as string), 'extra'),
          fc.constantFrom(...PROBES),
        ),
      },
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 8 }), fc.constantFrom('ok', 'status', 'snapshot'), (changes, rest) => {
        const events = changes.map((ch, i) =>
          ch ? { ...fullEvent(), id: `ev-${i}`, [ch[0]]: ch[1] } : { ...fullEvent(), id: `ev-${i}` },
        );
        const raw: Record<string, unknown> = { ...c, snapshot: { ...c.snapshot, events } };
        if (rest === 'status') raw.status = 'lost';
        if (rest === 'snapshot') raw.snapshot = { ...(raw.snapshot as object), verdict: 'maybe' };
        expectSameRead(raw);
        // The write side (createCase, refreshSnapshot, mergeSnapshot): the same result as zod's, error included.
        for (const [mine, zods] of [
          [parseCase(raw), CaseSchema.safeParse(raw)],
          [parseSnapshot(raw.snapshot), CaseSnapshotSchema.safeParse(raw.snapshot)],
        ] as const) {
          expect(mine.success).toBe(zods.success);
          expect(mine.data).toStrictEqual(zods.data);
          expect(JSON.stringify(mine.data)).toBe(JSON.stringify(zods.data));
          expect(mine.error?.issues).toStrictEqual(zods.error?.issues);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
