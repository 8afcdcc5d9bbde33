/**
 * The IndexedDB schema of the extension's own store (cases, notes, learned baselines), as a Dexie 4 database.
 * Every schema version is one entry of SCHEMA_HISTORY, declared in order, so an older install is
 * upgraded step by step and the migration tests can iterate the same list. Only extension pages
 * (background, sidebar, options) open it: DESIGN.md, "Dexie lives only in the extension origin".
 */
import Dexie, { type Table, type Transaction } from 'dexie';
import type { Case, Note } from '../model/case';
import type { BaselineFile } from '../baseline/baseline-file';

export const DEFAULT_DB_NAME = 'token-triage';

/** One schema version: what the tables look like from then on, how old data is moved, and why. */
export interface SchemaStep {
  version: number;
  /** Dexie stores spec: primary key first, then indexes; null deletes a table. */
  stores: Readonly<Record<string, string | null>>;
  /** Moves data written by the previous version; runs inside Dexie's upgrade transaction. */
  upgrade?: (tx: Transaction) => Promise<void> | void;
  why: string;
}

/**
 * Every schema this store has shipped, oldest first. Append only: never edit a shipped entry.
 * A new entry needs a fixture and a test in db.test.ts (the harness there fails without one).
 */
export const SCHEMA_HISTORY: readonly SchemaStep[] = [
  {
    version: 1,
    stores: {
      // [subject.kind+subject.id]: "is there already a case for this identity/token?" without a
      // computed field (CaseSchema is strict about its fields, so none is added to the record).
      cases: 'id, updatedAt, status, [subject.kind+subject.id]',
      // One row per (case, step): two tabs typing in different steps never touch the same row.
      notes: '[caseId+stepId], caseId',
    },
    why: 'First shipped schema: cases by id, listed by updatedAt/status, found by subject; notes per case step.',
  },
  {
    version: 2,
    stores: {
      cases: 'id, updatedAt, status, [subject.kind+subject.id]',
      notes: '[caseId+stepId], caseId',
      // One row per tenant, the row being exactly the BaselineFile document the CLI writes
      // (lib/baseline/baseline-file.ts), so a backup and a `--history` file are the same format.
      baselines: 'tenant',
      // Which event ids each tenant's baseline has learned (inside its retention window), so rows
      // sent again (a resync after a service-worker restart, a re-analysis) are not counted twice:
      // one row per tenant and UTC day of the events (a page reads a few rows, not one per event;
      // whole days leave the window).
      learned: '[tenant+day]',
    },
    why: "Issue 10: stored baselines per tenant (the CLI's baseline document) and the event ids each has learned.",
  },
];

export const LATEST_SCHEMA_VERSION: number = SCHEMA_HISTORY[SCHEMA_HISTORY.length - 1]!.version;

/** The IndexedDB implementation to use; tests pass fake-indexeddb instances (one IDBFactory per test). */
export interface IdbDeps {
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

export type NoteKey = [caseId: string, stepId: string];

/** The event ids a tenant's baseline has learned among the events of one UTC day. */
export interface LearnedDay {
  tenant: string;
  /** Days since 1970-01-01 UTC of the events' times. */
  day: number;
  ids: string[];
}
export type LearnedKey = [tenant: string, day: number];

export class TriageDb extends Dexie {
  cases!: Table<Case, string>;
  notes!: Table<Note, NoteKey>;
  baselines!: Table<BaselineFile, string>;
  learned!: Table<LearnedDay, LearnedKey>;

  /**
   * @param history the schema versions to declare; the default is SCHEMA_HISTORY. The migration
   *   tests pass a prefix (to write data as an older build did) or an extension (a newer build).
   */
  constructor(name: string = DEFAULT_DB_NAME, deps: IdbDeps = {}, history: readonly SchemaStep[] = SCHEMA_HISTORY) {
    super(name, {
      ...(deps.indexedDB ? { indexedDB: deps.indexedDB } : {}),
      ...(deps.IDBKeyRange ? { IDBKeyRange: deps.IDBKeyRange } : {}),
    });
    for (const step of history) {
      const v = this.version(step.version).stores({ ...step.stores });
      if (step.upgrade) v.upgrade(step.upgrade);
    }
  }
}
