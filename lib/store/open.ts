/**
 * Opening the store from an extension page, with a message the analyst can act on when it
 * cannot be opened: IndexedDB unavailable (some private modes, a policy), or a database written
 * by a newer build of the extension (it was downgraded). Dexie 4 would open a newer database
 * anyway when the schemas look compatible, and may even add indexes to it; this refuses first,
 * so the newer data is left exactly as it is.
 */
import Dexie from 'dexie';
import { errorMessage } from '../model/error-message';
import { DEFAULT_DB_NAME, LATEST_SCHEMA_VERSION, TriageDb, type IdbDeps } from './db';
import { StoreError } from './errors';

export interface OpenOptions extends IdbDeps {
  name?: string;
}

/** Dexie stores version N as IndexedDB version N × 10 (and may add 1 for a schema fix-up). */
const dexieVersion = (nativeVersion: number): number => Math.floor(nativeVersion / 10);

export function newerVersionMessage(found?: number): string {
  const which = found === undefined ? '' : `store version ${found}; `;
  return (
    `The saved cases and notes were written by a newer version of Token Triage (${which}` +
    `this version knows up to ${LATEST_SCHEMA_VERSION}). Nothing was deleted: install the newer version ` +
    `again to see them.`
  );
}

export async function openTriageDb(options: OpenOptions = {}): Promise<TriageDb> {
  const name = options.name ?? DEFAULT_DB_NAME;
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) {
    throw new StoreError(
      'This browser does not let the extension use IndexedDB here (a private window or a policy may ' +
        'block it), so cases and notes cannot be saved. Nothing was deleted.',
    );
  }

  // Refuse a newer database before Dexie touches it (where the browser can list databases).
  if (typeof factory.databases === 'function') {
    try {
      const found = (await factory.databases()).find((d) => d.name === name);
      if (found?.version !== undefined && dexieVersion(found.version) > LATEST_SCHEMA_VERSION) {
        throw new StoreError(newerVersionMessage(dexieVersion(found.version)));
      }
    } catch (err) {
      if (err instanceof StoreError) throw err;
      // Listing failed: open anyway; the check after opening still applies.
    }
  }

  const db = new TriageDb(name, { indexedDB: factory, IDBKeyRange: options.IDBKeyRange });
  try {
    await db.open();
  } catch (err) {
    db.close();
    if (err instanceof Dexie.VersionError) throw new StoreError(`${newerVersionMessage()} (${errorMessage(err)})`);
    if (err instanceof Dexie.MissingAPIError)
      throw new StoreError(
        `IndexedDB is not available here, so cases and notes cannot be saved. Nothing was deleted. (${errorMessage(err)})`,
      );
    throw new StoreError(
      `The store of cases and notes could not be opened: ${errorMessage(err)}. Nothing was deleted.`,
    );
  }
  const onDisk = dexieVersion(db.backendDB().version);
  if (onDisk > LATEST_SCHEMA_VERSION) {
    db.close();
    throw new StoreError(newerVersionMessage(onDisk));
  }
  return db;
}
