// First: fake-indexeddb must be a global before Dexie loads (it is in extension pages).
import { fakeIdb } from '../../test/support/store';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleCase } from '../../test/support/cases';
import { CaseStore } from './cases';
import { DEFAULT_DB_NAME, LATEST_SCHEMA_VERSION, SCHEMA_HISTORY, TriageDb, type SchemaStep } from './db';
import { StoreError } from './errors';
import { NoteStore } from './notes';
import { openTriageDb } from './open';

const opened: TriageDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  vi.unstubAllGlobals();
});

/** A newer build of the extension: one more schema version (a table this build does not know). */
const NEWER: readonly SchemaStep[] = [
  ...SCHEMA_HISTORY,
  {
    version: LATEST_SCHEMA_VERSION + 1,
    stores: { ...SCHEMA_HISTORY.at(-1)!.stores, sightings: '++id, caseId' },
    why: 'Test only: a newer build.',
  },
];

async function writtenByNewerBuild() {
  const idb = fakeIdb();
  const newer = idb.open(NEWER);
  await new CaseStore(newer).createCase(sampleCase());
  await new NoteStore(newer).saveNote('case-0001', 'general', 'keep me', 'A', 1);
  await newer.table('sightings').add({ caseId: 'case-0001' });
  newer.close();
  return idb;
}

async function stillThere(idb: ReturnType<typeof fakeIdb>) {
  const newer = idb.open(NEWER);
  opened.push(newer);
  expect((await new CaseStore(newer).getCase('case-0001')).value).toEqual(sampleCase());
  expect((await new NoteStore(newer).getNote('case-0001', 'general')).value?.text).toBe('keep me');
  expect(await newer.table('sightings').count()).toBe(1);
  expect(newer.backendDB().version).toBe((LATEST_SCHEMA_VERSION + 1) * 10); // not altered
}

describe('openTriageDb', () => {
  it('opens (creating) the store at the latest version, under the default name by default', async () => {
    const idb = fakeIdb();
    const db = await openTriageDb({ indexedDB: idb.indexedDB, IDBKeyRange: idb.IDBKeyRange });
    opened.push(db);
    expect(db.name).toBe(DEFAULT_DB_NAME);
    expect(db.isOpen()).toBe(true);
    expect(db.verno).toBe(LATEST_SCHEMA_VERSION);
  });

  it('refuses a store written by a newer build, says nothing was deleted, and leaves it as it was', async () => {
    const idb = await writtenByNewerBuild();
    const err = await openTriageDb({ name: idb.name, indexedDB: idb.indexedDB, IDBKeyRange: idb.IDBKeyRange }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toContain(
      `newer version of Token Triage (store version ${LATEST_SCHEMA_VERSION + 1}; this version knows up to ${LATEST_SCHEMA_VERSION})`,
    );
    expect((err as Error).message).toMatch(/Nothing was deleted/);
    await stillThere(idb);
  });

  it('refuses it too where the browser cannot list databases (checked after opening)', async () => {
    const idb = await writtenByNewerBuild();
    const f = idb.indexedDB;
    const noListing = {
      open: f.open.bind(f),
      deleteDatabase: f.deleteDatabase.bind(f),
      cmp: f.cmp.bind(f),
    } as unknown as IDBFactory;
    await expect(openTriageDb({ name: idb.name, indexedDB: noListing, IDBKeyRange: idb.IDBKeyRange })).rejects.toThrow(
      /newer version.*Nothing was deleted/,
    );
    await stillThere(idb);
  });

  it('says so clearly when IndexedDB is not available', async () => {
    vi.stubGlobal('indexedDB', undefined);
    await expect(openTriageDb({ name: 'x' })).rejects.toThrow(
      /does not let the extension use IndexedDB.*Nothing was deleted/,
    );
  });

  it('reports a failure to open with the reason and that nothing was deleted', async () => {
    const idb = fakeIdb();
    const broken = {
      open: () => {
        throw new Error('disk on fire');
      },
      databases: async () => [],
      cmp: idb.indexedDB.cmp.bind(idb.indexedDB),
      deleteDatabase: idb.indexedDB.deleteDatabase.bind(idb.indexedDB),
    } as unknown as IDBFactory;
    await expect(openTriageDb({ name: idb.name, indexedDB: broken, IDBKeyRange: idb.IDBKeyRange })).rejects.toThrow(
      /could not be opened: .*disk on fire.*Nothing was deleted/,
    );
  });
});
