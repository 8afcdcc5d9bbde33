/**
 * "Delete all stored data" (issue 10): what the store holds, counted for the confirmation, and
 * the purge that empties it (cases, notes, baselines and the ids they learned) in one transaction,
 * so it happens wholly or not at all. Settings in extension storage are not the store's and stay.
 */
import type { TriageDb } from './db';

export interface StoreCounts {
  cases: number;
  notes: number;
  baselines: number;
}

export async function countStored(db: TriageDb): Promise<StoreCounts> {
  return db.transaction('r', db.cases, db.notes, db.baselines, async () => ({
    cases: await db.cases.count(),
    notes: await db.notes.count(),
    baselines: await db.baselines.count(),
  }));
}

/** Empties the store; returns what was deleted. */
export async function purgeStore(db: TriageDb): Promise<StoreCounts> {
  return db.transaction('rw', db.cases, db.notes, db.baselines, db.learned, async () => {
    const counts = await countStored(db);
    await Promise.all([db.cases.clear(), db.notes.clear(), db.baselines.clear(), db.learned.clear()]);
    return counts;
  });
}

/** The confirmation the analyst answers before a purge. */
export function purgeQuestion(c: StoreCounts): string {
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  return (
    `Delete all stored data? ${n(c.cases, 'case', 'cases')}, ${n(c.notes, 'note', 'notes')} and ` +
    `${n(c.baselines, 'tenant baseline', 'tenant baselines')} will be deleted from this browser. ` +
    `This cannot be undone: export a backup first to keep them.`
  );
}
