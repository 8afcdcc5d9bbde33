import { describe, expect, it } from 'vitest';
import { Baseline } from './baseline';
import { hasWarmHistory, isFirstSeen, isFirstSeenWithWarmHistory } from './novelty';
import { identitySubject } from './history';
import { ev, series, T0, HOUR } from '../../test/support/events';

const ALICE = 'arn:aws:iam::111122223333:user/alice';
const SUBJECT = 'id:' + ALICE;

/** Alice: 5 events an hour apart from T0, ListBuckets; then one GetObject at T0 + 10 h. */
function history(): Baseline {
  const b = new Baseline();
  for (const e of series(5, T0, HOUR, () => ({}))) b.observe(e);
  b.observe(ev({ time: T0 + 10 * HOUR, action: { name: 'GetObject' } }));
  return b;
}

describe('isFirstSeen', () => {
  const h = history();

  it('is true for a value never seen, and for one first seen at or after the time asked', () => {
    expect(isFirstSeen(h, SUBJECT, 'action', 'DeleteBucket', T0 + 20 * HOUR)).toBe(true);
    expect(isFirstSeen(h, SUBJECT, 'action', 'GetObject', T0 + 10 * HOUR)).toBe(true);
    expect(isFirstSeen(h, SUBJECT, 'action', 'GetObject', T0 + 9 * HOUR)).toBe(true);
  });

  it('is false once the value was seen strictly before', () => {
    expect(isFirstSeen(h, SUBJECT, 'action', 'GetObject', T0 + 10 * HOUR + 1)).toBe(false);
    expect(isFirstSeen(h, SUBJECT, 'action', 'ListBuckets', T0 + 1)).toBe(false);
  });

  it('is per subject: another identity has seen nothing', () => {
    expect(isFirstSeen(h, 'id:bob', 'action', 'ListBuckets', T0 + 20 * HOUR)).toBe(true);
  });
});

describe('hasWarmHistory', () => {
  const h = history();

  it('counts only events strictly before the time', () => {
    expect(hasWarmHistory(h, SUBJECT, T0 + 4 * HOUR, 4)).toBe(true);
    expect(hasWarmHistory(h, SUBJECT, T0 + 4 * HOUR, 5)).toBe(false);
    expect(hasWarmHistory(h, SUBJECT, T0 + 4 * HOUR + 1, 5)).toBe(true);
  });

  it('with a span, also needs the first activity at least that long before', () => {
    expect(hasWarmHistory(h, SUBJECT, T0 + 10 * HOUR, 5, 10 * HOUR)).toBe(true);
    expect(hasWarmHistory(h, SUBJECT, T0 + 10 * HOUR, 5, 10 * HOUR + 1)).toBe(false);
  });

  it('a subject without history is warm only when nothing is asked of it, and never with a span', () => {
    expect(hasWarmHistory(h, 'id:bob', T0, 0)).toBe(true);
    expect(hasWarmHistory(h, 'id:bob', T0, 1)).toBe(false);
    expect(hasWarmHistory(h, 'id:bob', T0, 0, 0)).toBe(false);
  });
});

describe('isFirstSeenWithWarmHistory', () => {
  const h = history();
  const first = ev({ time: T0 + 10 * HOUR, action: { name: 'GetObject' } });

  it('is true for a first-time value against enough prior events (and span)', () => {
    expect(isFirstSeenWithWarmHistory(h, identitySubject(first), 'action', 'GetObject', first.time, 5)).toBe(true);
    expect(isFirstSeenWithWarmHistory(h, SUBJECT, 'action', 'GetObject', first.time, 5, 10 * HOUR)).toBe(true);
  });

  it('is false on a cold start even for a value never seen, and false for a familiar value', () => {
    expect(isFirstSeenWithWarmHistory(h, SUBJECT, 'action', 'GetObject', first.time, 6)).toBe(false);
    expect(isFirstSeenWithWarmHistory(h, SUBJECT, 'action', 'GetObject', first.time, 5, 11 * HOUR)).toBe(false);
    expect(isFirstSeenWithWarmHistory(h, SUBJECT, 'action', 'ListBuckets', first.time, 5)).toBe(false);
  });
});
