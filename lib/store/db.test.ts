// First: fake-indexeddb must be a global before Dexie loads (it is in extension pages).
import { fakeIdb } from '../../test/support/store';
import type { Transaction } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleCase, sampleNotes } from '../../test/support/cases';
import { CaseStore } from './cases';
import { LATEST_SCHEMA_VERSION, SCHEMA_HISTORY, TriageDb, type SchemaStep } from './db';
import { NoteStore } from './notes';

const opened: TriageDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});
function track(db: TriageDb): TriageDb {
  opened.push(db);
  return db;
}

/**
 * Migration fixtures: for every schema version but the latest, data as that version wrote it
 * (`seed` runs on a TriageDb declaring SCHEMA_HISTORY up to that version) and what the latest
 * version must read back after the upgrade (`verify`). Adding a version to SCHEMA_HISTORY
 * without adding the previous latest here fails the test below.
 */
interface MigrationFixture {
  seed(db: TriageDb): Promise<void>;
  verify(db: TriageDb): Promise<void>;
}
const MIGRATION_FIXTURES: Record<number, MigrationFixture> = {
  // Version 1 (cases and notes) → 2 (adds baselines and learned ids): every case and note is
  // kept as it was, and the new tables start empty and take a baseline.
  1: {
    async seed(db) {
      await new CaseStore(db).createCase(sampleCase());
      for (const n of sampleNotes()) await new NoteStore(db).saveNote(n.caseId, n.stepId, n.text, n.by, n.updatedAt);
      expect(db.tables.map((t) => t.name).sort()).toEqual(['cases', 'notes']);
    },
    async verify(db) {
      expect((await new CaseStore(db).getCase('case-0001')).value).toEqual(sampleCase());
      const notes = (await new NoteStore(db).notesFor('case-0001')).items;
      expect(notes).toEqual(
        sampleNotes()
          .filter((n) => n.caseId === 'case-0001')
          .sort((a, b) => (a.stepId < b.stepId ? -1 : 1)),
      );
      expect(notes.length).toBeGreaterThan(0);
      expect(await db.baselines.count()).toBe(0);
      expect(await db.learned.count()).toBe(0);
      await db.baselines.put({
        format: 'token-triage-baseline',
        version: 1,
        tenant: 'aws:1',
        savedAt: 1,
        retentionDays: 30,
        subjects: {},
      });
      await db.learned.put({ tenant: 'aws:1', day: 20_000, ids: ['ev-1'] });
      expect(await db.baselines.get('aws:1')).toMatchObject({ tenant: 'aws:1' });
      expect(await db.learned.get(['aws:1', 20_000])).toEqual({ tenant: 'aws:1', day: 20_000, ids: ['ev-1'] });
    },
  },
};

/** Opens `history` up to each older version, seeds, closes, then opens the full history and verifies. */
async function runMigration(
  history: readonly SchemaStep[],
  index: number,
  fixture: MigrationFixture,
): Promise<TriageDb> {
  const idb = fakeIdb();
  const old = idb.open(history.slice(0, index + 1));
  await old.open();
  expect(old.verno).toBe(history[index]!.version);
  await fixture.seed(old);
  old.close();
  const upgraded = track(idb.open(history));
  await upgraded.open();
  expect(upgraded.verno).toBe(history.at(-1)!.version);
  await fixture.verify(upgraded);
  return upgraded;
}

describe('SCHEMA_HISTORY', () => {
  it('is a list of strictly increasing versions from 1, each with its reason', () => {
    expect(SCHEMA_HISTORY[0]?.version).toBe(1);
    SCHEMA_HISTORY.forEach((s, i) => {
      if (i > 0) expect(s.version).toBeGreaterThan(SCHEMA_HISTORY[i - 1]!.version);
      expect(s.why.trim().length).toBeGreaterThan(10);
    });
  });

  it('the latest version is the one Dexie opens (and writes to disk as version × 10)', async () => {
    const db = track(fakeIdb().open());
    await db.open();
    expect(LATEST_SCHEMA_VERSION).toBe(SCHEMA_HISTORY.at(-1)!.version);
    expect(db.verno).toBe(LATEST_SCHEMA_VERSION);
    expect(db.backendDB().version).toBe(LATEST_SCHEMA_VERSION * 10);
  });

  it('declares the keys and indexes the store relies on', async () => {
    const db = track(fakeIdb().open());
    await db.open();
    expect(db.cases.schema.primKey.keyPath).toBe('id');
    expect(db.cases.schema.indexes.map((i) => i.name).sort()).toEqual([
      '[subject.kind+subject.id]',
      'status',
      'updatedAt',
    ]);
    expect(db.notes.schema.primKey.keyPath).toEqual(['caseId', 'stepId']);
    expect(db.notes.schema.indexes.map((i) => i.name)).toEqual(['caseId']);
    expect(db.baselines.schema.primKey.keyPath).toBe('tenant');
    expect(db.learned.schema.primKey.keyPath).toEqual(['tenant', 'day']);
    expect(db.learned.schema.indexes).toEqual([]);
    const c = sampleCase();
    await new CaseStore(db).createCase(c);
    expect(await db.cases.where('status').equals(c.status).primaryKeys()).toEqual([c.id]);
    expect(
      await db.cases.where('[subject.kind+subject.id]').equals([c.subject.kind, c.subject.id]).primaryKeys(),
    ).toEqual([c.id]);
  });

  it('has a migration fixture for every version but the latest, and none for unknown versions', () => {
    const needed = SCHEMA_HISTORY.slice(0, -1).map((s) => s.version);
    expect(needed.filter((v) => !(v in MIGRATION_FIXTURES))).toEqual([]);
    expect(
      Object.keys(MIGRATION_FIXTURES)
        .map(Number)
        .filter((v) => !needed.includes(v)),
    ).toEqual([]);
  });

  // One test per older version.
  for (const [index, step] of SCHEMA_HISTORY.slice(0, -1).entries()) {
    it(`upgrades data written by schema version ${step.version} to ${LATEST_SCHEMA_VERSION}`, async () => {
      await runMigration(SCHEMA_HISTORY, index, MIGRATION_FIXTURES[step.version]!);
    });
  }
});

describe('the migration harness itself (on a made-up version 2, not shipped)', () => {
  // Proves the harness really opens an old version, upgrades and checks, so that it means
  // something once a second version ships.
  const v1 = SCHEMA_HISTORY[0]!;
  const madeUp: readonly SchemaStep[] = [
    v1,
    {
      version: v1.version + 1,
      stores: { ...v1.stores, notes: '[caseId+stepId], caseId, updatedAt' },
      upgrade: async (tx: Transaction) => {
        await tx
          .table('notes')
          .toCollection()
          .modify((n: { text: string }) => {
            n.text = n.text.trim();
          });
      },
      why: 'Test only: notes by updatedAt, and note text trimmed.',
    },
  ];

  it('seeds at version 1, upgrades to 2, and the upgrade ran on the old data', async () => {
    const [note] = sampleNotes();
    const db = await runMigration(madeUp, 0, {
      async seed(old) {
        await new CaseStore(old).createCase(sampleCase());
        await new NoteStore(old).saveNote(note!.caseId, note!.stepId, `  ${note!.text}  `, note!.by, note!.updatedAt);
      },
      async verify(now) {
        expect((await new NoteStore(now).getNote(note!.caseId, note!.stepId)).value).toEqual(note);
        expect((await new CaseStore(now).getCase('case-0001')).value).toEqual(sampleCase());
      },
    });
    expect(db.notes.schema.indexes.map((i) => i.name).sort()).toEqual(['caseId', 'updatedAt']);
  });

  it('fails when verify does not hold (the harness can fail)', async () => {
    await expect(
      runMigration(madeUp, 0, {
        seed: async (old) => void (await new CaseStore(old).createCase(sampleCase())),
        verify: async (now) => expect(await now.cases.count()).toBe(2),
      }),
    ).rejects.toThrow();
  });
});
