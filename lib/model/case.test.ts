import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { capEvents, CaseSchema, summarizeEvent } from './case';
import { sampleCase } from '../../test/support/cases';
import { ev as tokenEvent } from '../../test/support/events';

describe('capEvents', () => {
  const ev = (id: string, time: number) => ({ id, time });
  it('keeps every cited event, then the most recent others, in the input order', () => {
    const events = [ev('a', 1), ev('b', 2), ev('c', 3), ev('d', 4), ev('e', 5)];
    expect(capEvents(events, (e) => e.id === 'a', 3).map((e) => e.id)).toEqual(['a', 'd', 'e']);
    expect(capEvents(events, () => false, 10)).toEqual(events);
  });
  it('never exceeds the cap, and drops a cited event only when cited ones alone exceed it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.boolean()), { maxLength: 60 }),
        fc.integer({ min: 0, max: 30 }),
        (rows, max) => {
          const events = rows.map(([t, c], i) => ({ id: String(i), time: t, cited: c }));
          const kept = capEvents(events, (e) => e.cited, max);
          expect(kept.length).toBe(Math.min(max, events.length));
          const citedTotal = events.filter((e) => e.cited).length;
          expect(kept.filter((e) => e.cited).length).toBe(Math.min(citedTotal, max));
          // order kept
          expect(kept.map((e) => Number(e.id))).toEqual([...kept.map((e) => Number(e.id))].sort((a, b) => a - b));
        },
      ),
    );
  });
});

describe('the case format', () => {
  it('accepts the sample case and refuses a case id with a path in it', () => {
    expect(CaseSchema.safeParse(sampleCase()).success).toBe(true);
    expect(CaseSchema.safeParse({ ...sampleCase(), id: '../x' }).success).toBe(false);
  });
  it('summarizes an event without undefined fields and with its flags', () => {
    const s = summarizeEvent(tokenEvent({ id: 'e1' }), ['new-source']);
    expect(s.id).toBe('e1');
    expect(s.flagged).toEqual(['new-source']);
    expect(Object.values(s)).not.toContain(undefined);
  });
});
