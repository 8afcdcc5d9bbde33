/**
 * Test helpers for lib/store: a fresh fake IndexedDB per test (isolation), and several TriageDb
 * instances on one factory to stand in for several tabs of the extension. The import of
 * 'fake-indexeddb/auto' also makes IndexedDB a global, which Dexie needs before it turns on
 * liveQuery change propagation (as it is in a real extension page).
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { TriageDb, type SchemaStep } from '../../lib/store/db';

let counter = 0;

export interface FakeIdb {
  indexedDB: IDBFactory;
  IDBKeyRange: typeof IDBKeyRange;
  /** A database name unique to this test (liveQuery notices are keyed by name, process-wide). */
  name: string;
  /** A new TriageDb on this factory and name: one per simulated tab. */
  open(history?: readonly SchemaStep[]): TriageDb;
}

export function fakeIdb(): FakeIdb {
  const indexedDB = new IDBFactory();
  const name = `token-triage-test-${++counter}`;
  return { indexedDB, IDBKeyRange, name, open: (history) => new TriageDb(name, { indexedDB, IDBKeyRange }, history) };
}

/** Resolves once `check` returns true (polling), or rejects after `ms`. */
export async function waitFor(check: () => boolean, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('waitFor: condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
