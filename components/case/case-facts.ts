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

/** A fact of a case: a module-level function of the case (its identity is the cache's key). */
export type CaseFact<T = unknown> = (c: Case) => T;

/** Each fact's last value, with the snapshot version it was computed for (one case's worth). */
const lastValue = new WeakMap<CaseFact, { version: string; value: unknown }>();

/**
 * `compute(c)`, or its value already computed for this snapshot version. A big case view
 * computes a section's facts in a task of their own before the section renders (./Stages
 * `prepare`), and the section's render finds them here.
 */
export function snapshotFact<T>(c: Case, compute: CaseFact<T>): T {
  const version = snapshotVersion(c);
  const hit = lastValue.get(compute);
  if (hit?.version === version) return hit.value as T;
  const value = compute(c);
  lastValue.set(compute, { version, value });
  return value;
}

/** The values of a list of facts, in its order. */
export type FactValues<T extends readonly CaseFact[]> = { [K in keyof T]: T[K] extends CaseFact<infer R> ? R : never };

/**
 * The values of `facts` (a section's module-level list: the one its stage prepares), again only
 * when the case's snapshot changed (see snapshotVersion).
 */
export function useCaseFacts<const T extends readonly CaseFact[]>(c: Case, facts: T): FactValues<T> {
  const version = snapshotVersion(c);
  // Keyed by the version on purpose: a new object for the same snapshot reuses the facts.
  return useMemo(() => facts.map((f) => snapshotFact(c, f)), [version]) as FactValues<T>;
}
