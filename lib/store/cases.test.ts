// First: fake-indexeddb must be a global before Dexie loads (it is in extension pages).
import { fakeIdb } from '../../test/support/store';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseSchema, type Case } from '../model/case';
import { hostileCase, sampleCase, sampleNotes } from '../../test/support/cases';
import { CaseStore } from './cases';
import type { TriageDb } from './db';
import { StoreError } from './errors';
import { NoteStore } from './notes';

const opened: TriageDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function setup(now = () => 2_000_000_000_000) {
  const idb = fakeIdb();
  const db = idb.open();
  opened.push(db);
  return { idb, db, store: new CaseStore(db, { now }), notes: new NoteStore(db) };
}

function caseWith(id: string, over: Partial<Case> = {}): Case {
  return { ...sampleCase(), id, ...over };
}

describe('CaseStore create / get / list', () => {
  it('stores a case and reads it back exactly', async () => {
    const { store } = setup();
    const c = sampleCase();
    await store.createCase(c);
    expect(await store.getCase(c.id)).toEqual({ value: c, problems: [] });
    expect(await store.getCase('case-none')).toEqual({ value: undefined, problems: [] });
  });

  it('keeps hostile strings byte for byte', async () => {
    const { store } = setup();
    const c = hostileCase();
    await store.createCase(c);
    expect((await store.getCase(c.id)).value).toEqual(c);
  });

  it('lists the most recently updated first', async () => {
    const { store } = setup();
    await store.createCase(caseWith('case-b', { updatedAt: 200 }));
    await store.createCase(caseWith('case-a', { updatedAt: 300 }));
    await store.createCase(caseWith('case-c', { updatedAt: 100 }));
    const list = await store.listCases();
    expect(list.items.map((c) => c.id)).toEqual(['case-a', 'case-b', 'case-c']);
    expect(list.problems).toEqual([]);
  });

  it('refuses an invalid case with the reason, and stores nothing', async () => {
    const { store, db } = setup();
    const bad = { ...sampleCase(), id: 'has spaces' };
    await expect(store.createCase(bad)).rejects.toThrow(/does not match the case format \(id: /);
    await expect(store.createCase({ ...sampleCase(), snapshot: undefined })).rejects.toBeInstanceOf(StoreError);
    await expect(store.createCase('not a case')).rejects.toThrow(/whole record/);
    expect(await db.cases.count()).toBe(0);
  });

  it('refuses a second case with the same id and keeps the first', async () => {
    const { store } = setup();
    const c = sampleCase();
    await store.createCase(c);
    await expect(store.createCase({ ...c, title: 'other' })).rejects.toThrow(/already exists/);
    expect((await store.getCase(c.id)).value?.title).toBe(c.title);
  });

  it('reports a stored record that fails the schema, and keeps it', async () => {
    const { store, db } = setup();
    await store.createCase(caseWith('case-good'));
    await db.cases.put({ ...sampleCase(), id: 'case-bad', status: 'lost' } as unknown as Case);
    await db.cases.put({ id: 'case-no-time', title: 'x' } as unknown as Case); // not in the updatedAt index
    const list = await store.listCases();
    expect(list.items.map((c) => c.id)).toEqual(['case-good']);
    expect(list.problems.map((p) => p.id).sort()).toEqual(['case-bad', 'case-no-time']);
    expect(list.problems.find((p) => p.id === 'case-bad')?.reason).toMatch(/status/);
    const one = await store.getCase('case-bad');
    expect(one.value).toBeUndefined();
    expect(one.problems).toHaveLength(1);
    expect(await db.cases.count()).toBe(3);
  });
});

describe('findBySubject', () => {
  it('finds the cases of one subject, open ones first', async () => {
    const { store } = setup();
    const subject = sampleCase().subject;
    await store.createCase(caseWith('case-closed', { status: 'closed', updatedAt: 900 }));
    await store.createCase(caseWith('case-open', { status: 'open', updatedAt: 100 }));
    await store.createCase(caseWith('case-esc', { status: 'escalated', updatedAt: 500 }));
    await store.createCase(caseWith('case-other', { subject: { kind: 'identity', id: 'someone-else' } }));
    await store.createCase(caseWith('case-token', { subject: { kind: 'token', id: subject.id } }));
    const found = await store.findBySubject(subject.kind, subject.id);
    expect(found.items.map((c) => c.id)).toEqual(['case-open', 'case-esc', 'case-closed']);
    expect((await store.findBySubject('token', subject.id)).items.map((c) => c.id)).toEqual(['case-token']);
    expect((await store.findBySubject('other', 'nobody')).items).toEqual([]);
  });
});

describe('changes', () => {
  it('setStatus appends to the history and bumps updatedAt', async () => {
    const { store } = setup(() => 5_000);
    const c = caseWith('case-1', { updatedAt: 1_000 });
    await store.createCase(c);
    const after = await store.setStatus('case-1', 'contained', 'B. Analyst', 4_000);
    expect(after.status).toBe('contained');
    expect(after.statusHistory).toEqual([...c.statusHistory, { status: 'contained', at: 4_000, by: 'B. Analyst' }]);
    expect(after.updatedAt).toBe(5_000);
    expect((await store.getCase('case-1')).value).toEqual(after);
  });

  it('bumps updatedAt strictly even when the clock is behind the stored time', async () => {
    const { store } = setup(() => 10);
    await store.createCase(caseWith('case-1', { updatedAt: 1_000 }));
    expect((await store.setChecklist('case-1', 'x', undefined)).updatedAt).toBe(1_001);
    expect((await store.setDecision('case-1', undefined)).updatedAt).toBe(1_002);
  });

  it('sets and clears answers, checklist items and the decision, one field at a time', async () => {
    const { store } = setup();
    const c = sampleCase();
    await store.createCase(c);
    let s = await store.setAnswer(c.id, 'q-malicious-patterns', { answer: 'yes', confirmed: false }, 'B', 7);
    expect(s.answers['q-malicious-patterns']).toEqual({ answer: 'yes', confirmed: false, at: 7, by: 'B' });
    expect(s.answers['q-unfamiliar-source']).toEqual(c.answers['q-unfamiliar-source']);
    s = await store.clearAnswer(c.id, 'q-unfamiliar-source');
    expect(Object.keys(s.answers)).toEqual(['q-malicious-patterns']);
    s = await store.setChecklist(c.id, 'l1-revoke', { state: 'not-applicable', at: 8, by: 'B' });
    expect(s.checklist['l1-revoke']).toEqual({ state: 'not-applicable', at: 8, by: 'B' });
    s = await store.setChecklist(c.id, 'l1-correlate-logins', undefined);
    expect(Object.keys(s.checklist)).toEqual(['l1-revoke']);
    s = await store.setDecision(c.id, undefined);
    expect('decision' in s).toBe(false);
    s = await store.setDecision(c.id, { choice: 'do-not-escalate', at: 9, by: 'B' });
    expect(s.decision).toEqual({ choice: 'do-not-escalate', at: 9, by: 'B' });
    expect(CaseSchema.safeParse((await store.getCase(c.id)).value).success).toBe(true);
  });

  it('stores an item id with a dot as one key, not a nested path', async () => {
    const { store } = setup();
    await store.createCase(sampleCase());
    const s = await store.setChecklist('case-0001', 'contain.aws.deactivate-key', { state: 'done', at: 1, by: 'A' });
    expect(s.checklist['contain.aws.deactivate-key']).toEqual({ state: 'done', at: 1, by: 'A' });
    expect('contain' in s.checklist).toBe(false);
    const cleared = await store.setChecklist('case-0001', 'contain.aws.deactivate-key', undefined);
    expect('contain.aws.deactivate-key' in cleared.checklist).toBe(false);
  });

  it('refreshSnapshot replaces the analysis and keeps the analyst work', async () => {
    const { store } = setup();
    const c = sampleCase();
    await store.createCase(c);
    const snapshot = { ...c.snapshot, verdict: 'suspicious' as const, takenAt: c.snapshot.takenAt + 1 };
    const s = await store.refreshSnapshot(c.id, snapshot);
    expect(s.snapshot).toEqual(snapshot);
    expect(s.checklist).toEqual(c.checklist);
    expect(s.answers).toEqual(c.answers);
  });

  it('refuses bad input and unknown cases with a clear message, changing nothing', async () => {
    const { store } = setup();
    const c = sampleCase();
    await store.createCase(c);
    await expect(store.setChecklist(c.id, 'bad id!', { state: 'done', at: 1, by: 'A' })).rejects.toThrow(
      /checklist item id was refused/,
    );
    await expect(store.setChecklist(c.id, '__proto__', { state: 'done', at: 1, by: 'A' })).rejects.toThrow(StoreError);
    await expect(store.setChecklist(c.id, 'ok', { state: 'maybe', at: 1, by: 'A' } as never)).rejects.toThrow(/state/);
    await expect(store.setStatus(c.id, 'gone' as never, 'A', 1)).rejects.toThrow(/status was refused/);
    await expect(store.setDecision('case-missing', undefined)).rejects.toThrow(/there is no case "case-missing"/);
    expect((await store.getCase(c.id)).value).toEqual(c);
  });

  it('aborts a change that would make the stored case invalid (the transaction rolls back)', async () => {
    const { store } = setup();
    const full = Array.from({ length: 1_000 }, (_, i) => ({ status: 'open' as const, at: i, by: 'A' }));
    const c = caseWith('case-full', { statusHistory: full, status: 'open' });
    await store.createCase(c);
    await expect(store.setStatus('case-full', 'closed', 'A', 2_000)).rejects.toThrow(
      /would not match the case format.*statusHistory/,
    );
    expect((await store.getCase('case-full')).value).toEqual(c);
  });
});

describe('two tabs on the same case', () => {
  /** Both tabs open (so their requests interleave rather than queue behind an open). */
  async function twoTabs() {
    const { idb, db: tabA } = setup();
    const tabB = idb.open();
    opened.push(tabB);
    await new CaseStore(tabA).createCase(sampleCase());
    await tabB.open();
    return { tabA, tabB, a: new CaseStore(tabA), b: new CaseStore(tabB) };
  }

  it("control: a naive read-modify-write of the whole record does lose one tab's change here", async () => {
    const { tabA, tabB } = await twoTabs();
    const naive = async (db: TriageDb, f: (c: Case) => void) => {
      const c = (await db.cases.get('case-0001'))!;
      f(c);
      await db.cases.put(c);
    };
    await Promise.all([
      naive(tabA, (c) => void (c.checklist['l1-check-x'] = { state: 'done', at: 1, by: 'A' })),
      naive(
        tabB,
        (c) => void (c.answers['q-malicious-patterns'] = { answer: 'yes', confirmed: false, at: 2, by: 'B' }),
      ),
    ]);
    const c = (await tabA.cases.get('case-0001'))!;
    expect([c.checklist['l1-check-x'] !== undefined, c.answers['q-malicious-patterns'] !== undefined]).not.toEqual([
      true,
      true,
    ]);
  });

  it('tab A setting a checklist item and tab B an answer at once keep both', async () => {
    const { a, b } = await twoTabs();
    await Promise.all([
      a.setChecklist('case-0001', 'l1-check-x', { state: 'done', at: 1, by: 'A' }),
      b.setAnswer('case-0001', 'q-malicious-patterns', { answer: 'yes', confirmed: false }, 'B', 2),
    ]);
    const both = (await b.getCase('case-0001')).value!;
    expect(both.checklist['l1-check-x']).toEqual({ state: 'done', at: 1, by: 'A' });
    expect(both.answers['q-malicious-patterns']).toEqual({ answer: 'yes', confirmed: false, at: 2, by: 'B' });
    expect(both.checklist['l1-correlate-logins']).toBeDefined();
  });

  it('many interleaved changes from two tabs all land', async () => {
    const { a, b } = await twoTabs();
    const writes = Array.from({ length: 20 }, (_, i) =>
      i % 2
        ? b.setChecklist('case-0001', `item-${i}`, { state: 'done', at: i, by: 'B' })
        : a.setChecklist('case-0001', `item-${i}`, { state: 'done', at: i, by: 'A' }),
    );
    writes.push(
      a.setStatus('case-0001', 'contained', 'A', 99),
      b.setDecision('case-0001', { choice: 'escalate', at: 98, by: 'B' }),
    );
    await Promise.all(writes);
    const c = (await a.getCase('case-0001')).value!;
    for (let i = 0; i < 20; i++) expect(c.checklist[`item-${i}`]?.by).toBe(i % 2 ? 'B' : 'A');
    expect(c.status).toBe('contained');
    expect(c.decision).toEqual({ choice: 'escalate', at: 98, by: 'B' });
  });
});

describe('deleteCase', () => {
  it('removes the case and its notes, and only those', async () => {
    const { store, notes, db } = setup();
    await store.createCase(sampleCase());
    await store.createCase(caseWith('case-keep'));
    for (const n of sampleNotes()) await notes.saveNote(n.caseId, n.stepId, n.text, n.by, n.updatedAt);
    await notes.saveNote('case-keep', 'general', 'keep me', 'A', 1);
    expect(await store.deleteCase('case-0001')).toBe(true);
    expect((await store.getCase('case-0001')).value).toBeUndefined();
    expect((await notes.notesFor('case-0001')).items).toEqual([]);
    expect((await notes.notesFor('case-keep')).items.map((n) => n.text)).toEqual(['keep me']);
    expect(await db.notes.count()).toBe(1);
    expect(await store.deleteCase('case-0001')).toBe(false);
  });
});
