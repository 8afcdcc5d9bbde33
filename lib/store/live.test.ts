// First: fake-indexeddb must be a global before Dexie loads (it is in extension pages).
import { fakeIdb, waitFor } from './test-support';
import { afterEach, describe, expect, it } from 'vitest';
import type { Case, Note } from '../model/case';
import { sampleCase } from '../../test/support/cases';
import { CaseStore } from './cases';
import type { TriageDb } from './db';
import type { Read, ReadMany } from './errors';
import { watchCase, watchCases, watchNotes } from './live';
import { NoteStore } from './notes';

const opened: TriageDb[] = [];
const subs: (() => void)[] = [];
afterEach(() => {
  for (const u of subs.splice(0)) u();
  for (const db of opened.splice(0)) db.close();
});

/** Two Dexie instances on one IndexedDB: two extension tabs. */
async function twoTabs() {
  const idb = fakeIdb();
  const a = idb.open();
  const b = idb.open();
  opened.push(a, b);
  await new CaseStore(a).createCase(sampleCase());
  return { a, b };
}

describe('live views across two Dexie instances (two tabs)', () => {
  it('a notes watcher on tab B sees a note saved through tab A', async () => {
    const { a, b } = await twoTabs();
    const seen: ReadMany<Note>[] = [];
    subs.push(watchNotes(b, 'case-0001', (v) => seen.push(v)));
    await waitFor(() => seen.length === 1);
    expect(seen[0]!.items).toEqual([]);
    await new NoteStore(a).saveNote('case-0001', 'general', 'seen in the other tab', 'A', 1);
    await waitFor(() => seen.at(-1)!.items.length === 1);
    expect(seen.at(-1)!.items[0]!.text).toBe('seen in the other tab');
  });

  it('a case watcher on tab B sees a checklist change made in tab A, and stops after unsubscribe', async () => {
    const { a, b } = await twoTabs();
    const seen: Read<Case>[] = [];
    const stop = watchCase(b, 'case-0001', (v) => seen.push(v));
    await waitFor(() => seen.length === 1);
    expect(seen[0]!.value?.checklist['l1-new']).toBeUndefined();
    await new CaseStore(a).setChecklist('case-0001', 'l1-new', { state: 'done', at: 1, by: 'A' });
    await waitFor(() => seen.at(-1)!.value?.checklist['l1-new'] !== undefined);
    expect(seen.at(-1)!.value?.checklist['l1-new']).toEqual({ state: 'done', at: 1, by: 'A' });
    stop();
    const count = seen.length;
    await new CaseStore(a).setStatus('case-0001', 'closed', 'A', 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.length).toBe(count);
  });

  it('a case list watcher sees cases created and deleted elsewhere, newest first', async () => {
    const { a, b } = await twoTabs();
    const seen: ReadMany<Case>[] = [];
    subs.push(watchCases(b, (v) => seen.push(v)));
    await waitFor(() => seen.length >= 1);
    expect(seen.at(-1)!.items.map((c) => c.id)).toEqual(['case-0001']);
    await new CaseStore(a).createCase({ ...sampleCase(), id: 'case-0002', updatedAt: sampleCase().updatedAt + 1 });
    await waitFor(() => seen.at(-1)!.items.length === 2);
    expect(seen.at(-1)!.items.map((c) => c.id)).toEqual(['case-0002', 'case-0001']);
    await new CaseStore(a).deleteCase('case-0001');
    await waitFor(() => seen.at(-1)!.items.length === 1);
    expect(seen.at(-1)!.items.map((c) => c.id)).toEqual(['case-0002']);
  });
});
