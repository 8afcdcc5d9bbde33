// First: fake-indexeddb must be a global before Dexie loads (it is in extension pages).
import { fakeIdb } from '../../test/support/store';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CASE_FORMAT_VERSION, type Case } from '../model/case';
import { hostileCase, hostileNotes, sampleCase, sampleNotes } from '../../test/support/cases';
import { BACKUP_FORMAT, BACKUP_VERSION, exportBackup, parseBackupText, restoreBackup } from './backup';
import { CaseStore } from './cases';
import type { TriageDb } from './db';
import { NoteStore } from './notes';
import { readFileSync } from 'node:fs';
import { learnEvents } from './baselines';
import { ParseCache } from '../analysis/analyse';
import { workDay } from '../../test/support/month-of-habits';

const opened: TriageDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function emptyDb(): TriageDb {
  const db = fakeIdb().open();
  opened.push(db);
  return db;
}

async function seeded(): Promise<TriageDb> {
  const db = emptyDb();
  const cases = new CaseStore(db);
  const notes = new NoteStore(db);
  for (const c of [sampleCase(), hostileCase()]) await cases.createCase(c);
  for (const n of [...sampleNotes(), ...hostileNotes()])
    await notes.saveNote(n.caseId, n.stepId, n.text, n.by, n.updatedAt);
  await notes.saveNote('case-0001', 'general', '', 'A', 5); // a deliberate clear travels too
  return db;
}

const asFile = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('exportBackup', () => {
  it('writes every case and note in the backup envelope', async () => {
    const db = await seeded();
    const b = await exportBackup(db, 123);
    expect(b.format).toBe(BACKUP_FORMAT);
    expect(b.version).toBe(BACKUP_VERSION);
    expect(b.exportedAt).toBe(123);
    expect(b.cases.map((c) => c.id)).toEqual(['case-0001', 'case-hostile']);
    expect(b.notes).toHaveLength(5);
    expect(b.unreadable).toBeUndefined();
    expect(asFile(b)).toEqual(b); // JSON-serialisable as is
  });

  it('keeps unreadable stored records in the file, with their reasons', async () => {
    const db = await seeded();
    await db.cases.put({ id: 'case-broken', status: 7 } as never);
    const b = await exportBackup(db, 1);
    expect(b.cases).toHaveLength(2);
    expect(b.unreadable).toEqual([
      {
        table: 'cases',
        id: 'case-broken',
        reason: expect.stringMatching(/case format/),
        record: { id: 'case-broken', status: 7 },
      },
    ]);
  });
});

describe('restoreBackup', () => {
  it('backup → restore into an empty store round-trips exactly', async () => {
    const source = await seeded();
    const backup = await exportBackup(source, 1);
    const target = emptyDb();
    const r = await restoreBackup(target, asFile(backup));
    expect(r).toEqual({ added: 7, updated: 0, unchanged: 0, rejected: [] });
    expect(await exportBackup(target, 1)).toEqual(backup);
    expect(await target.cases.get('case-hostile')).toEqual(hostileCase());
  });

  it('restoring the same file twice changes nothing the second time', async () => {
    const backup = asFile(await exportBackup(await seeded(), 1));
    const target = emptyDb();
    await restoreBackup(target, backup);
    expect(await restoreBackup(target, backup)).toEqual({ added: 0, updated: 0, unchanged: 7, rejected: [] });
  });

  it('keeps newer edits in the store and takes newer records from the file', async () => {
    const db = await seeded();
    const backup = asFile(await exportBackup(db, 1)) as { cases: Case[] };
    // After the backup: the analyst ticks an item on case-0001 and edits a note.
    const store = new CaseStore(db, { now: () => sampleCase().updatedAt + 10_000 });
    await store.setChecklist('case-0001', 'l1-after-backup', { state: 'done', at: 9, by: 'A' });
    await new NoteStore(db).saveNote('case-0001', 'general', 'written after the backup', 'A', 9_999_999_999_999);
    // …and the file holds a newer version of case-hostile than the store.
    const hostile = backup.cases.find((c) => c.id === 'case-hostile')!;
    hostile.title = 'renamed elsewhere';
    hostile.updatedAt += 1;
    const r = await restoreBackup(db, backup);
    expect(r).toEqual({ added: 0, updated: 1, unchanged: 6, rejected: [] });
    const c1 = (await store.getCase('case-0001')).value!;
    expect(c1.checklist['l1-after-backup']).toBeDefined();
    expect((await new NoteStore(db).getNote('case-0001', 'general')).value?.text).toBe('written after the backup');
    expect((await store.getCase('case-hostile')).value?.title).toBe('renamed elsewhere');
  });

  it('refuses files that are not backups, with reasons, and loses nothing', async () => {
    const db = await seeded();
    const before = await exportBackup(db, 1);
    const good = asFile(before) as Record<string, unknown>;
    const cases: [unknown, RegExp][] = [
      [null, /not a Token Triage backup/],
      [[1, 2], /not a Token Triage backup/],
      ['text', /not a Token Triage backup/],
      [{ ...good, format: 'other-tool' }, /"format" is "other-tool"/],
      [{ cases: [] }, /"format" is missing/],
      [{ ...good, version: BACKUP_VERSION + 1 }, /newer version of Token Triage.*Update the extension/],
      [{ ...good, version: 0 }, /unknown version/],
      [{ ...good, cases: 'all of them' }, /damaged: cases/],
    ];
    for (const [file, reason] of cases) {
      const r = await restoreBackup(db, file);
      expect(r.added + r.updated + r.unchanged).toBe(0);
      expect(r.rejected).toHaveLength(1);
      expect(r.rejected[0]!.what).toBe('file');
      expect(r.rejected[0]!.reason).toMatch(reason);
      expect(r.rejected[0]!.reason).toMatch(/Nothing was changed\.$/);
    }
    expect(await exportBackup(db, 1)).toEqual(before);
  });

  it('rejects bad records one by one with their reasons and restores the rest', async () => {
    const target = emptyDb();
    const file = asFile(await exportBackup(await seeded(), 1)) as { cases: unknown[]; notes: unknown[] };
    file.cases.push({ ...sampleCase(), id: 'case-evil', status: 'pwned' }, 42);
    file.notes.push(
      { caseId: 'case-0001', stepId: 'x', text: 1 },
      { caseId: 'case-nowhere', stepId: 'general', text: 'orphan', updatedAt: 1, by: 'A' },
    );
    const r = await restoreBackup(target, file);
    expect(r.added).toBe(7);
    expect(r.rejected.map((x) => x.what)).toEqual([
      'case case-evil',
      'case #4',
      'note case-0001/x',
      'note case-nowhere/general',
    ]);
    expect(r.rejected[0]!.reason).toMatch(/status/);
    expect(r.rejected[3]!.reason).toMatch(/no case "case-nowhere"/);
    expect(await target.cases.count()).toBe(2);
  });

  it('does not overwrite a stored record it cannot read', async () => {
    const db = emptyDb();
    await db.cases.put({ id: 'case-0001', title: 'half-written' } as never);
    const file = {
      format: BACKUP_FORMAT,
      version: CASE_FORMAT_VERSION,
      exportedAt: 1,
      cases: [sampleCase()],
      notes: [],
    };
    const r = await restoreBackup(db, file);
    expect(r.rejected).toEqual([{ what: 'case case-0001', reason: expect.stringMatching(/left as it is/) }]);
    expect(await db.cases.get('case-0001')).toEqual({ id: 'case-0001', title: 'half-written' });
  });

  it('never throws on arbitrary JSON, and either restores or says why (property)', async () => {
    const db = await seeded();
    const before = await exportBackup(db, 1);
    const envelope = fc.record(
      {
        format: fc.oneof(fc.constant(BACKUP_FORMAT), fc.string()),
        version: fc.oneof(fc.constant(CASE_FORMAT_VERSION), fc.integer(), fc.double()),
        cases: fc.oneof(
          fc.array(fc.jsonValue(), { maxLength: 4 }),
          fc.constant(before.cases as unknown[]),
          fc.jsonValue(),
        ),
        notes: fc.oneof(
          fc.array(fc.jsonValue(), { maxLength: 4 }),
          fc.constant(before.notes as unknown[]),
          fc.jsonValue(),
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), envelope), async (input) => {
        const r = await restoreBackup(db, input);
        for (const n of [r.added, r.updated, r.unchanged]) expect(Number.isInteger(n) && n >= 0).toBe(true);
        for (const x of r.rejected) {
          expect(x.what.length).toBeGreaterThan(0);
          expect(x.reason.length).toBeGreaterThan(0);
        }
        const isBackup =
          !!input && typeof input === 'object' && (input as { format?: unknown }).format === BACKUP_FORMAT;
        if (!isBackup) expect(r.rejected[0]?.what).toBe('file');
        const records = isBackup
          ? [(input as { cases?: unknown }).cases, (input as { notes?: unknown }).notes].flatMap((v) =>
              Array.isArray(v) ? v : [],
            )
          : [];
        // Every record of an accepted file is accounted for: restored, kept or rejected.
        if (r.rejected[0]?.what !== 'file')
          expect(r.added + r.updated + r.unchanged + r.rejected.length).toBe(records.length);
      }),
      { numRuns: 150 },
    );
    expect(await exportBackup(db, 1)).toEqual(before); // nothing in the store was lost or changed
  });
});

describe('parseBackupText', () => {
  it('gives the JSON, or a clear reason for text that is not JSON', () => {
    expect(parseBackupText('{"format":"x"}')).toEqual({ ok: true, value: { format: 'x' } });
    const bad = parseBackupText('case-0001,escalated\n');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toMatch(/not JSON, so it is not a Token Triage backup/);
    expect(parseBackupText('  ')).toEqual({ ok: false, reason: expect.stringMatching(/empty/) });
  });
});

describe('baselines in the backup (issue 10)', () => {
  const file = (tenant: string, savedAt: number, ip = '81.2.69.142') => ({
    format: 'token-triage-baseline' as const,
    version: 1 as const,
    tenant,
    savedAt,
    retentionDays: 30,
    subjects: {
      [`id:arn:aws:iam::${tenant.slice(4)}:user/alice`]: { times: [1_000, 2_000], seen: { ip: { [ip]: 1_000 } } },
    },
  });

  it("round-trips each tenant's baseline as the CLI's document, and the file is one --history DIR reads", async () => {
    const source = await seeded();
    await source.baselines.bulkPut([file('aws:111122223333', 5), file('aws:444455556666', 6)]);
    const backup = asFile(await exportBackup(source, 1)) as { baselines: unknown[] };
    expect(backup.baselines).toEqual([file('aws:111122223333', 5), file('aws:444455556666', 6)]);
    const target = emptyDb();
    expect(await restoreBackup(target, backup)).toEqual({ added: 9, updated: 0, unchanged: 0, rejected: [] });
    expect(await target.baselines.get('aws:444455556666')).toEqual(file('aws:444455556666', 6));
    expect(asFile(await exportBackup(target, 1))).toEqual(backup);
  });

  it('a newer baseline in the file replaces the stored one; an older one leaves it', async () => {
    const db = emptyDb();
    await db.baselines.bulkPut([file('aws:1', 10, '10.0.0.1'), file('aws:2', 10, '10.0.0.2')]);
    await db.learned.bulkPut([
      { tenant: 'aws:1', day: 0, ids: ['in-file'] },
      { tenant: 'aws:1', day: 2, ids: ['after-file'] },
      { tenant: 'aws:2', day: 2, ids: ['other'] },
    ]);
    const r = await restoreBackup(
      db,
      asFile({
        format: BACKUP_FORMAT,
        version: CASE_FORMAT_VERSION,
        exportedAt: 1,
        cases: [],
        notes: [],
        baselines: [file('aws:1', 20), file('aws:2', 5)],
      }),
    );
    expect(r).toEqual({ added: 0, updated: 1, unchanged: 1, rejected: [] });
    expect(await db.baselines.get('aws:1')).toEqual(file('aws:1', 20));
    expect(await db.baselines.get('aws:2')).toEqual(file('aws:2', 10, '10.0.0.2'));
    // Events of days after the restored baseline's newest may be learned again; those inside stay learned.
    expect((await db.learned.toArray()).flatMap((l) => l.ids)).toEqual(['in-file', 'other']);
  });

  it('refuses a file with a bad baseline and changes nothing, cases included', async () => {
    const db = emptyDb();
    await db.baselines.put(file('aws:1', 10, '10.0.0.1'));
    const good = asFile(await exportBackup(await seeded(), 1)) as Record<string, unknown>;
    const bad: [unknown, RegExp][] = [
      [
        [file('aws:1', 20), { ...file('aws:2', 20), version: 2 }],
        /baseline #2 is a baseline of version 2; this build reads version 1/,
      ],
      [
        [{ ...file('aws:1', 20), subjects: { x: { times: ['t'], seen: {} } } }],
        /baseline #1 is damaged: subjects\.x\.times\.0/,
      ],
      [[{ format: 'other' }], /baseline #1 is not a Token Triage baseline/],
      [[file('aws:1', 20), file('aws:1', 30)], /two baselines of tenant aws:1/],
      ['not a list', /baselines: expected a list/],
    ];
    for (const [baselines, message] of bad) {
      const r = await restoreBackup(db, { ...good, baselines });
      expect(r.rejected).toEqual([{ what: 'file', reason: expect.stringMatching(message) }]);
      expect(r.rejected[0]!.reason).toMatch(/Nothing was changed\.$/);
      expect(await db.cases.count()).toBe(0);
      expect(await db.baselines.toArray()).toEqual([file('aws:1', 10, '10.0.0.1')]);
    }
  });

  it('masks a raw secret in a restored baseline, as every baseline written is (no raw secret at rest)', async () => {
    const db = emptyDb();
    const pat = 'ghp_Pl4ntGh7Xz2Kq9Wv4Rm1Td8Yb3Nc6Ls5Hj0A';
    const raw = {
      ...file('aws:1', 1),
      subjects: { [`tok:${pat}`]: { times: [1_000], seen: { ua: { [`curl/8 token=${pat}`]: 1_000 } } } },
    };
    expect(
      (
        await restoreBackup(db, {
          format: BACKUP_FORMAT,
          version: CASE_FORMAT_VERSION,
          exportedAt: 1,
          cases: [],
          notes: [],
          baselines: [raw],
        })
      ).added,
    ).toBe(1);
    const stored = JSON.stringify(await db.baselines.toArray());
    expect(stored).not.toContain(pat.slice(4, 16));
    expect(Object.keys((await db.baselines.get('aws:1'))!.subjects)).toHaveLength(1);
  });

  it('keeps a damaged stored baseline in the backup, apart, with its reason', async () => {
    const db = emptyDb();
    await db.baselines.bulkPut([file('aws:1', 1), { tenant: 'aws:2', junk: true } as never]);
    const b = await exportBackup(db, 1);
    expect(b.baselines).toEqual([file('aws:1', 1)]);
    expect(b.unreadableBaselines).toEqual([
      { tenant: 'aws:2', reason: expect.stringMatching(/damaged/), record: { tenant: 'aws:2', junk: true } },
    ]);
  });
});

describe('learned ids in the backup (issue 10)', () => {
  const events = (days: number[]) => {
    const cache = new ParseCache();
    return days.flatMap((d) => workDay(d)).flatMap((r) => cache.parse(r.record, `0/${r.id}`).events);
  };

  it('travel with their baselines, so a restore into an empty browser does not learn the same rows twice', async () => {
    const source = emptyDb();
    const month = events([0, 1, 2, 7, 8]);
    expect((await learnEvents(source, month, undefined, 1))[0]).toMatchObject({ learned: month.length, known: 0 });
    const backup = asFile(await exportBackup(source, 1)) as {
      version: number;
      learned: { tenant: string; day: number; ids: string[] }[];
    };
    expect(backup.version).toBe(2);
    expect(backup.learned.map((l) => l.day)).toEqual(
      [...new Set(month.map((e) => Math.floor(e.time / 86_400_000)))].sort((a, b) => a - b),
    );
    expect(backup.learned.reduce((n, l) => n + l.ids.length, 0)).toBe(month.length);

    const target = emptyDb();
    expect((await restoreBackup(target, backup)).rejected).toEqual([]);
    expect(await target.learned.toArray()).toEqual(await source.learned.toArray());
    // The same rows read again after the restore: known, not learned a second time.
    expect(await learnEvents(target, month, undefined, 2)).toEqual([
      { tenant: 'aws:111122223333', learned: 0, known: month.length },
    ]);
    // The same restore twice adds nothing either.
    await restoreBackup(target, { ...backup, exportedAt: 2 });
    expect(await target.learned.toArray()).toEqual(await source.learned.toArray());
  });

  it("join the store's ids of a baseline the file replaces, and are not taken for a baseline it does not", async () => {
    const source = emptyDb();
    await learnEvents(source, events([0]), undefined, 10);
    const backup = asFile(await exportBackup(source, 1)) as { learned: { ids: string[] }[] };
    const day0 = Math.floor(Date.parse(String(workDay(0)[0]!.record.eventTime)) / 86_400_000);
    const older = emptyDb();
    await older.baselines.put({ ...(await source.baselines.toArray())[0]!, savedAt: 5 });
    await older.learned.put({ tenant: 'aws:111122223333', day: day0, ids: ['kept-from-the-store'] });
    await restoreBackup(older, backup);
    expect((await older.learned.get(['aws:111122223333', day0]))!.ids.sort()).toEqual(
      [...backup.learned[0]!.ids, 'kept-from-the-store'].sort(),
    );

    const newer = emptyDb();
    await newer.baselines.put({ ...(await source.baselines.toArray())[0]!, savedAt: 50 });
    expect((await restoreBackup(newer, backup)).unchanged).toBe(1);
    expect(await newer.learned.count()).toBe(0);
  });

  it('a bad learned row refuses the whole file, and nothing is changed', async () => {
    const db = emptyDb();
    const source = emptyDb();
    await learnEvents(source, events([0]), undefined, 10);
    const good = asFile(await exportBackup(source, 1)) as Record<string, unknown> & {
      learned: { tenant: string; day: number; ids: string[] }[];
    };
    const bad: [unknown, RegExp][] = [
      ['all of them', /learned: expected a list/],
      [[{ tenant: 'aws:111122223333', day: 'monday', ids: [] }], /learned #1: expected \{ tenant, day, ids \}/],
      [[{ ...good.learned[0]!, ids: [42] }], /learned #1: ids must be/],
      [[{ ...good.learned[0]!, tenant: 'aws:999999999999' }], /learned #1: no baseline of tenant aws:999999999999/],
    ];
    for (const [learned, message] of bad) {
      const r = await restoreBackup(db, { ...good, learned });
      expect(r.rejected).toEqual([{ what: 'file', reason: expect.stringMatching(message) }]);
      expect(await db.baselines.count()).toBe(0);
      expect(await db.learned.count()).toBe(0);
    }
  });

  it('a version-1 backup (no learned ids) still restores: its cases, notes and baselines', async () => {
    const v1 = JSON.parse(
      readFileSync(new URL('../../test/fixtures/store/backup-v1.json', import.meta.url), 'utf8'),
    ) as { version: number; learned?: unknown };
    expect(v1.version).toBe(1);
    expect(v1.learned).toBeUndefined();
    const db = emptyDb();
    expect(await restoreBackup(db, v1)).toEqual({ added: 3, updated: 0, unchanged: 0, rejected: [] });
    expect(await db.cases.count()).toBe(1);
    expect(await db.notes.count()).toBe(1);
    expect((await db.baselines.toArray()).map((b) => b.tenant)).toEqual(['aws:111122223333']);
    expect(await db.learned.count()).toBe(0);
  });
});
