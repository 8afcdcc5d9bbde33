/**
 * "Delete all stored data": the confirmation counts what goes, the purge empties cases, notes,
 * baselines and learned ids together, and the repository tells listeners the store changed.
 */
// First: fake-indexeddb must be a global before Dexie loads (it is in extension pages).
import { fakeIdb } from '../../test/support/store';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleCase, sampleNotes } from '../../test/support/cases';
import { CaseStore } from './cases';
import type { TriageDb } from './db';
import { NoteStore } from './notes';
import { countStored, purgeQuestion } from './purge';
import { localRepository, type StoreChange } from './repository';

const opened: TriageDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function filled(): Promise<TriageDb> {
  const db = fakeIdb().open();
  opened.push(db);
  await new CaseStore(db).createCase(sampleCase());
  for (const n of sampleNotes()) await new NoteStore(db).saveNote(n.caseId, n.stepId, n.text, n.by, n.updatedAt);
  for (const tenant of ['aws:1', 'aws:2', 'entra:t']) {
    await db.baselines.put({
      format: 'token-triage-baseline',
      version: 1,
      tenant,
      savedAt: 1,
      retentionDays: 30,
      subjects: {},
    });
    await db.learned.put({ tenant, day: 1, ids: [`ev-${tenant}`] });
  }
  return db;
}

describe('purge', () => {
  it('counts what goes, asks with those numbers, and empties the store', async () => {
    const db = await filled();
    const changes: StoreChange[] = [];
    const repo = localRepository(db, { onChange: (c) => changes.push(c) });
    const counts = await repo.countStored();
    expect(counts).toEqual({ cases: 1, notes: sampleNotes().length, baselines: 3 });
    expect(purgeQuestion(counts)).toBe(
      `Delete all stored data? 1 case, ${sampleNotes().length} notes and 3 tenant baselines will be ` +
        `deleted from this browser. This cannot be undone: export a backup first to keep them.`,
    );
    expect(await repo.purgeAll()).toEqual(counts);
    expect(await countStored(db)).toEqual({ cases: 0, notes: 0, baselines: 0 });
    expect(await db.learned.count()).toBe(0);
    expect(changes).toEqual([{}]); // everything may have changed: views and the baseline cache read again
    expect(purgeQuestion({ cases: 0, notes: 1, baselines: 1 })).toMatch(
      /^Delete all stored data\? 0 cases, 1 note and 1 tenant baseline will/,
    );
  });
});
