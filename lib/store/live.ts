/**
 * Live views of the store for the sidebar and options pages, through Dexie's liveQuery: the
 * callback runs with the current value, then again after every committed change to the rows it
 * read. Dexie 4 sends those change notices to every Dexie instance of the same database name in
 * this page and, over BroadcastChannel, in other pages of the extension origin, so two tabs open
 * on the same case stay in step without polling. Note: Dexie's liveQuery silently never runs its
 * query when IndexedDB was not a global at the moment Dexie was loaded (dexie.mjs checks
 * `domDeps.indexedDB`); extension pages and the service worker always have it, and the tests
 * load 'fake-indexeddb/auto' (lib/store/test-support.ts) before anything imports Dexie.
 */
import { liveQuery } from 'dexie';
import type { Case, Note } from '../model/case';
import { readCase, readCases } from './cases';
import type { TriageDb } from './db';
import type { Read, ReadMany } from './errors';
import { readNotes } from './notes';

export type Unsubscribe = () => void;

function watch<T>(query: () => Promise<T>, cb: (value: T) => void, onError?: (err: unknown) => void): Unsubscribe {
  const sub = liveQuery(query).subscribe({
    next: cb,
    error: (err: unknown) => onError?.(err),
  });
  return () => sub.unsubscribe();
}

export function watchCase(db: TriageDb, id: string, cb: (c: Read<Case>) => void, onError?: (err: unknown) => void): Unsubscribe {
  return watch(() => readCase(db, id), cb, onError);
}

export function watchNotes(db: TriageDb, caseId: string, cb: (notes: ReadMany<Note>) => void, onError?: (err: unknown) => void): Unsubscribe {
  return watch(() => readNotes(db, caseId), cb, onError);
}

export function watchCases(db: TriageDb, cb: (cases: ReadMany<Case>) => void, onError?: (err: unknown) => void): Unsubscribe {
  return watch(() => readCases(db), cb, onError);
}
