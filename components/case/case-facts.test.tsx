// @vitest-environment jsdom
/**
 * The per-case playbook facts are computed once per snapshot: a case re-read after an answer,
 * a step or a status (a new object, the same snapshot) reuses them; a refreshed snapshot, or
 * another case, computes them again.
 */
import { describe, expect, it } from 'vitest';
import { renderHook } from '@testing-library/react';
import { snapshotFact, useCaseFacts } from './case-facts';
import { snapshotVersion } from '../../lib/model/case';
import { sampleCase } from '../../test/support/cases';
import type { Case } from '../../lib/model/case';

/** The case as a new read returns it: a deep copy. */
const reread = (c: Case): Case => structuredClone(c);

describe('useCaseFacts', () => {
  it('reuses the facts across re-reads that change only what the analyst did', () => {
    let runs = 0;
    const compute = (c: Case) => (runs++, c.snapshot.events.length);
    const facts = [compute] as const;
    const first = sampleCase();
    const { result, rerender } = renderHook(({ c }) => useCaseFacts(c, facts)[0], { initialProps: { c: first } });
    expect(result.current).toBe(first.snapshot.events.length);
    const answered = reread(first);
    answered.answers = { q1: { answer: 'yes', confirmed: true, at: 1, by: 'a' } } as unknown as Case['answers'];
    answered.status = 'escalated';
    answered.updatedAt += 5;
    rerender({ c: answered });
    rerender({ c: reread(answered) });
    expect(runs).toBe(1);

    // A refresh adds an event and stamps the fresh analysis's time: computed again.
    const refreshed = reread(answered);
    refreshed.snapshot.events.push({
      ...refreshed.snapshot.events.at(-1)!,
      id: 'ev-new',
      time: refreshed.snapshot.takenAt,
    });
    refreshed.snapshot.takenAt += 60_000;
    rerender({ c: refreshed });
    expect(runs).toBe(2);
    expect(result.current).toBe(first.snapshot.events.length + 1);

    // Another case with the same snapshot is another case.
    const other = reread(refreshed);
    other.id = 'another-case';
    rerender({ c: other });
    expect(runs).toBe(3);
  });

  it('the version moves with each part of the snapshot a refresh or restore can change', () => {
    const c = sampleCase();
    const v = snapshotVersion(c);
    const changed = [
      (k: Case) => (k.snapshot.takenAt += 1),
      (k: Case) => k.snapshot.events.pop(),
      (k: Case) => (k.snapshot.eventsOmitted += 1),
      (k: Case) => k.snapshot.findings.pop(),
      (k: Case) => (k.snapshot.source.label += 'x'),
    ];
    for (const change of changed) {
      const k = reread(c);
      change(k);
      expect(snapshotVersion(k)).not.toBe(v);
    }
    const same = reread(c);
    same.checklist = {};
    same.status = 'closed';
    same.updatedAt += 1;
    expect(snapshotVersion(same)).toBe(v);
  });
});

describe('snapshotFact', () => {
  it('computes a fact once per snapshot, and a section rendered after it was prepared reuses it', () => {
    let runs = 0;
    const compute = (c: Case) => (runs++, { events: c.snapshot.events.length });
    const c = sampleCase();
    const prepared = snapshotFact(c, compute);
    expect(snapshotFact(reread(c), compute)).toBe(prepared);
    const { result } = renderHook(() => useCaseFacts(reread(c), [compute] as const)[0]);
    expect(result.current).toBe(prepared);
    expect(runs).toBe(1);

    // Another case, or a refreshed snapshot: computed again.
    const other = reread(c);
    other.id = 'another-case';
    expect(snapshotFact(other, compute)).not.toBe(prepared);
    const refreshed = reread(c);
    refreshed.snapshot.takenAt += 1;
    snapshotFact(refreshed, compute);
    expect(runs).toBe(3);
  });
});
