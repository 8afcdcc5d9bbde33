import { describe, expect, it } from 'vitest';
import { clip, findingFrom, listSome, MAX_EVIDENCE_EVENTS, maxEvidenceSetting, maxSeverity } from './finding';
import { ev, T0, MIN } from '../../test/support/events';

const ALICE = 'arn:aws:iam::111122223333:user/alice';
const BOB = 'arn:aws:iam::111122223333:user/bob';
const text = { severity: 'medium', title: 'Something happened', detail: 'Three things happened' } as const;

/** `n` events of Alice one minute apart, ids e0…e(n-1), every other one with key key-1. */
const events = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    ev({ id: `e${i}`, time: T0 + i * MIN, credential: i % 2 ? { kind: 'long_term_key', id: 'key-1' } : undefined }),
  );

describe('findingFrom', () => {
  it('takes ids, identities and tokens in time order and the time of the first event, whatever the input order', () => {
    const a = ev({ id: 'a', time: T0 + 2 * MIN, actor: { id: BOB }, credential: { kind: 'pat', id: 'T2' } });
    const b = ev({ id: 'b', time: T0, credential: { kind: 'long_term_key', id: 'T1' } });
    const c = ev({ id: 'c', time: T0 + MIN });
    expect(findingFrom('new-source', text, [a, c, b])).toEqual({
      indicator: 'new-source',
      severity: 'medium',
      title: 'Something happened',
      detail: 'Three things happened',
      events: ['b', 'c', 'a'],
      identities: [ALICE, BOB],
      tokens: ['T1', 'T2'],
      time: T0,
    });
  });

  it('counts an event listed twice once', () => {
    const [e0, e1] = events(2);
    const f = findingFrom('geo-anomaly', text, [e0!, e1!, e1!, e0!], 1);
    expect(f.events).toEqual(['e0']);
    expect(f.detail).toBe('Three things happened (and 1 more events)');
  });

  it('caps the evidence at the earliest events and says how many more, inside a final full stop', () => {
    const f = findingFrom('risky-network', text, events(5), 2);
    expect(f.events).toEqual(['e0', 'e1']);
    expect(f.detail).toBe('Three things happened (and 3 more events)');
    expect(f.tokens).toEqual(['key-1']); // from every proof event, not only the shown ones
    const g = findingFrom('risky-network', { ...text, detail: 'One. Two.' }, events(5), 2);
    expect(g.detail).toBe('One. Two (and 3 more events).');
  });

  it('says nothing about more events at or under the cap, and caps at 50 by default', () => {
    expect(findingFrom('risky-network', text, events(2), 2).detail).toBe('Three things happened');
    const f = findingFrom('risky-network', text, events(MAX_EVIDENCE_EVENTS + 4));
    expect(f.events).toHaveLength(MAX_EVIDENCE_EVENTS);
    expect(f.detail).toMatch(/\(and 4 more events\)$/);
  });

  it('keeps `scope.keep` past the cap: the earliest others, then it, in time order', () => {
    const all = events(6);
    const f = findingFrom('failures-then-success', text, all, 3, { keep: all[5]! });
    expect(f.events).toEqual(['e0', 'e1', 'e5']);
    expect(f.detail).toBe('Three things happened (and 3 more events)');
    // Already within the cap: a plain cut.
    expect(findingFrom('failures-then-success', text, all, 3, { keep: all[1]! }).events).toEqual(['e0', 'e1', 'e2']);
    expect(findingFrom('failures-then-success', text, all, 1, { keep: all[5]! }).events).toEqual(['e5']);
  });

  it('takes identities and tokens from the scope when the indicator names them', () => {
    const f = findingFrom('new-source', text, events(3), 50, { identities: [BOB, ALICE], tokens: [] });
    expect(f.identities).toEqual([BOB, ALICE]);
    expect(f.tokens).toEqual([]);
  });

  it('takes its time from the first evidence event whose time is known, 0 when none is', () => {
    const untimed = ev({ id: 'u', time: 0, timeKnown: false });
    const timed = ev({ id: 't', time: T0 + MIN });
    const f = findingFrom('vendor-risk', text, [timed, untimed]);
    expect(f.events).toEqual(['u', 't']);
    expect(f.time).toBe(T0 + MIN);
    expect(findingFrom('vendor-risk', text, [untimed]).time).toBe(0);
  });

  it('an empty proof has time 0 and no evidence', () => {
    expect(findingFrom('vendor-risk', text, [])).toMatchObject({ events: [], identities: [], tokens: [], time: 0 });
  });
});

describe('maxEvidenceSetting', () => {
  it('defaults to the cap and accepts only whole numbers ≥ 1', () => {
    expect(maxEvidenceSetting.parse(undefined)).toBe(MAX_EVIDENCE_EVENTS);
    expect(maxEvidenceSetting.parse(3)).toBe(3);
    expect(() => maxEvidenceSetting.parse(0)).toThrow();
    expect(() => maxEvidenceSetting.parse(1.5)).toThrow();
  });
});

describe('detail helpers', () => {
  it('maxSeverity keeps the higher of two severities', () => {
    expect(maxSeverity('low', 'high')).toBe('high');
    expect(maxSeverity('medium', 'info')).toBe('medium');
    expect(maxSeverity('low', 'low')).toBe('low');
  });

  it('clip flattens white space and shortens with an ellipsis', () => {
    expect(clip('  a\n  b\tc ')).toBe('a b c');
    expect(clip('abcdefgh', 5)).toBe('abcd…');
    expect(clip('abcde', 5)).toBe('abcde');
  });

  it('clip masks a secret before shortening: a cut secret is no longer recognised, and its start would stay', () => {
    const ghp = 'ghp_Pl4ntGh7Xz2Kq9Wv4Rm1Td8Yb3Nc6Ls5Hj0A';
    const out = clip(`roleAssignments/write git clone https://x:${ghp}@github.com/acme/repo`, 60);
    expect(out).toBe('roleAssignments/write git clone https://x:ghp_…Hj0A@github.…');
    expect(out).not.toContain('ghp_Pl4nt');
    expect(listSome([`write ${ghp}`], 8, 20)).toBe('write ghp_…Hj0A');
  });

  it('listSome lists the first values, clipped, and counts the rest', () => {
    expect(listSome(['a', 'b', 'c'], 2)).toBe('a, b (+1 more)');
    expect(listSome(new Set(['x', 'y']))).toBe('x, y');
    expect(listSome(['abcdefgh'], 8, 5)).toBe('abcd…');
  });
});
