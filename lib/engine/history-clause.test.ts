/**
 * The history clause of findings that rest on history (issue 10): the stored days before the
 * finding for its identity, or "no history yet", appended once; findings that do not rest on
 * history, and runs without a stored history, keep their text.
 */
import { describe, expect, it } from 'vitest';
import type { HistorySnapshot } from '../baseline/history';
import type { Finding } from './types';
import { historyClause, withHistoryClause } from './history-clause';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 8, 1, 9);
const finding = (over: Partial<Finding> = {}): Finding => ({
  indicator: 'new-source',
  severity: 'medium',
  title: 't',
  detail: 'First use of 203.0.113.9.',
  events: ['e1'],
  identities: ['alice'],
  tokens: ['AKIA1'],
  time: T0 + 30 * DAY,
  restsOn: 'first-seen',
  ...over,
});
const stored = (times: number[], subject = 'id:alice'): HistorySnapshot => ({
  version: 1,
  subjects: { [subject]: { times, seen: {} } },
});

describe('historyClause', () => {
  it('counts the stored days before the finding for its identity, as the sidebar does', () => {
    expect(historyClause(stored([T0, T0 + 22 * DAY + 3_600_000]), finding(), 'first-seen')).toBe(
      'first time in 23 days of history for this identity',
    );
    expect(historyClause(stored([T0]), finding(), 'profile')).toBe('judged against 1 day of history for this identity');
    // Stored events at or after the finding are not what it was judged against.
    expect(historyClause(stored([T0, T0 + 40 * DAY]), finding(), 'first-seen')).toBe(
      'first time in 1 day of history for this identity',
    );
  });

  it('says there is no history when none is stored for the subject', () => {
    expect(historyClause(undefined, finding(), 'first-seen')).toBe('no history yet: judged on this view only');
    expect(historyClause(stored([T0], 'id:bob'), finding(), 'first-seen')).toBe(
      'no history yet: judged on this view only',
    );
  });

  it('falls back to the token when the finding names no identity', () => {
    expect(historyClause(stored([T0, T0 + 2 * DAY], 'tok:AKIA1'), finding({ identities: [] }), 'first-seen')).toBe(
      'first time in 2 days of history for this token',
    );
  });
});

describe('withHistoryClause', () => {
  it("appends the clause as the detail's last sentence", () => {
    expect(withHistoryClause(finding(), stored([T0, T0 + 5 * DAY])).detail).toBe(
      'First use of 203.0.113.9. First time in 5 days of history for this identity.',
    );
    expect(withHistoryClause(finding({ detail: 'no full stop' }), undefined).detail).toBe(
      'no full stop. No history yet: judged on this view only.',
    );
  });

  it('leaves findings that do not rest on history, and says "judged on this view only" once', () => {
    const plain = finding({ restsOn: undefined });
    expect(withHistoryClause(plain, stored([T0]))).toBe(plain);
    const thin = finding({ detail: 'Little history yet: judged on this view only.' });
    expect(withHistoryClause(thin, undefined).detail).toBe('Little history yet: judged on this view only.');
  });
});
