// First: fake-indexeddb must be a global before Dexie loads (it is in extension pages).
import { fakeIdb, waitFor } from './test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleCase } from '../../test/support/cases';
import type { TriageDb } from './db';
import { localRepository, type StoreChange } from './repository';

const opened: TriageDb[] = [];
const subs: (() => void)[] = [];
afterEach(() => {
  for (const u of subs.splice(0)) u();
  for (const db of opened.splice(0)) db.close();
});

const c = sampleCase();
const analysis = {
  findings: c.snapshot.findings,
  subjects: [{ kind: 'identity' as const, id: c.subject.id, verdict: 'escalate' as const, reasons: ['because'] }],
  events: c.snapshot.events,
  eventsOmitted: 0,
};
const req = { analysis, subject: c.subject, source: { kind: 'page' as const, label: 'https://x' }, analyst: 'Ana' };

function twoRepos(changes: StoreChange[] = []) {
  const idb = fakeIdb();
  const a = idb.open();
  const b = idb.open();
  opened.push(a, b);
  let t = 1_000;
  let n = 0;
  const opts = { now: () => ++t, newId: () => `case-${++n}`, onChange: (ch: StoreChange) => changes.push(ch) };
  return { a: localRepository(a, opts), b: localRepository(b, opts) };
}

describe('localRepository', () => {
  it('opens one case per subject and stamps the analyst and time on every write', async () => {
    const changes: StoreChange[] = [];
    const { a } = twoRepos(changes);
    const first = await a.openCase(req);
    expect(await a.openCase(req)).toEqual({ id: first.id, created: false });
    await a.setChecklist(first.id, 'l1-new-applications', { state: 'done', by: 'Ana' });
    await a.setAnswer(first.id, 'q-unfamiliar-source', { answer: 'yes', confirmed: true }, 'Ana');
    await a.saveNote(first.id, 'general', 'hello', 'Ana');
    const stored = (await a.getCase(first.id)).value!;
    expect(stored.checklist['l1-new-applications']).toMatchObject({ state: 'done', by: 'Ana' });
    expect(stored.checklist['l1-new-applications']!.at).toBeGreaterThan(1_000);
    expect(stored.answers['q-unfamiliar-source']).toMatchObject({ answer: 'yes', confirmed: true, by: 'Ana' });
    expect((await a.notesFor(first.id)).items.map((x) => x.text)).toEqual(['hello']);
    expect(changes.every((ch) => ch.caseIds?.[0] === first.id)).toBe(true);
    expect(changes.length).toBe(4); // created, checklist, answer, note
  });

  it('tells a subscriber about writes made through another instance (another tab)', async () => {
    const { a, b } = twoRepos();
    const { id } = await a.openCase(req);
    let heard = 0;
    subs.push(b.subscribe(() => (heard += 1)));
    await a.saveNote(id, 'general', 'from tab A', 'Ana');
    await waitFor(() => heard > 0);
    expect((await b.notesFor(id)).items[0]!.text).toBe('from tab A');
  });

  it('refreshes the snapshot from a newer analysis and keeps the analyst’s work', async () => {
    const { a } = twoRepos();
    const { id } = await a.openCase(req);
    await a.setAnswer(id, 'q-unfamiliar-source', { answer: 'no', confirmed: false }, 'Ana');
    await a.refreshSnapshot(id, { ...analysis, findings: [], events: analysis.events.slice(0, 1) }, { kind: 'page', label: 'https://y' });
    const after = (await a.getCase(id)).value!;
    expect(after.snapshot.findings).toEqual([]);
    expect(after.snapshot.source.label).toBe('https://y');
    expect(after.answers['q-unfamiliar-source']?.answer).toBe('no');
    await expect(a.refreshSnapshot('nope', analysis, { kind: 'page', label: 'z' })).rejects.toThrow(/no case "nope"/);
  });

  it('backs up and restores through the same interface', async () => {
    const { a } = twoRepos();
    const { id } = await a.openCase(req);
    await a.saveNote(id, 'general', 'kept', 'Ana');
    const backup = await a.exportBackup();
    const other = twoRepos().a;
    const r = await other.restoreBackup(JSON.parse(JSON.stringify(backup)));
    expect(r).toMatchObject({ added: 2, rejected: [] });
    expect((await other.notesFor(id)).items[0]!.text).toBe('kept');
  });
});
