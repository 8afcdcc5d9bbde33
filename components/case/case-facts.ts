/**
 * The per-case playbook facts a case view draws (L1 support and the timeline, T2 support and
 * queries, the containment plan, the events as table rows) depend on the case's subject and
 * snapshot only, never on the answers, steps, decision or status the analyst changes. Every
 * change re-reads the case (a new object each time), so memoizing on the object recomputed all
 * of them over every event on each click of a 5,000-event case; they are memoized on the
 * snapshot's version instead. The snapshot is written when the case is opened and replaced only
 * by a refresh (mergeSnapshots stamps the fresh analysis's time) or a restore of another version
 * (lib/model/case.ts snapshotVersion).
 */
import { useMemo } from 'react';
import { snapshotVersion, type Case } from '../../lib/model/case';

/** `compute(c)`, again only when the case's snapshot changed (see snapshotVersion). */
export function useSnapshotMemo<T>(c: Case, compute: (c: Case) => T): T {
  const version = snapshotVersion(c);
  // Keyed by the version on purpose: a new object for the same snapshot reuses the facts.
  return useMemo(() => compute(c), [version]);
}
