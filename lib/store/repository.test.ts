// First: fake-indexeddb must be a global before Dexie loads (it is in extension pages).
import { fakeIdb, waitFor } from '../../test/support/store';
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
    expect(changes.map((ch) => ch.kind)).toEqual(['case', 'case', 'case', 'notes']); // created, checklist, answer, note
  });

  it('keeps a secret typed into the analyst name masked in every record it writes (issue 8)', async () => {
    const { a } = twoRepos();
    const token = 'ghp_Pl4ntGh7Xz2Kq9Wv4Rm1Td8Yb3Nc6Ls5Hj0A';
    const who = `Ana ${token}`;
    const { id } = await a.openCase({ ...req, analyst: who });
    await a.setAnswer(id, 'q-unfamiliar-source', { answer: 'yes', confirmed: true }, who);
    await a.setChecklist(id, 'l1-new-applications', { state: 'done', by: who });
    await a.setDecision(id, { choice: 'escalate', by: who });
    await a.setStatus(id, 'escalated', who);
    await a.saveNote(id, 'general', 'hello', who);
    const stored = JSON.stringify([await a.getCase(id), await a.notesFor(id)]);
    expect(stored).not.toContain('Pl4ntGh7Xz2K');
    expect(stored.split('Ana ghp_…Hj0A').length - 1).toBe(7); // analyst, opened, answer, checklist, decision, status, note
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

  it('adds a newer analysis without losing what the case held, and keeps the analyst’s work', async () => {
    const { a } = twoRepos();
    const { id } = await a.openCase({
      ...req,
      analysis: { ...analysis, findings: analysis.findings.slice(1), events: analysis.events.slice(0, 2) },
    });
    await a.setAnswer(id, 'q-unfamiliar-source', { answer: 'no', confirmed: true }, 'Ana');
    const before = (await a.getCase(id)).value!;
    expect(before.snapshot.answers[0]!.answer).toBe('no');
    // a page showing only the later rows, with the VPS finding
    await a.refreshSnapshot(
      id,
      { ...analysis, events: analysis.events.slice(2) },
      { kind: 'page', label: 'https://y' },
    );
    const after = (await a.getCase(id)).value!;
    expect(after.snapshot.events.map((e) => e.id).sort()).toEqual(analysis.events.map((e) => e.id).sort());
    expect(after.snapshot.findings).toHaveLength(analysis.findings.length);
    expect(after.snapshot.source.label).toBe('https://y');
    expect(after.snapshot.answers[0]!.answer).toBe('yes');
    // the analyst had confirmed "no"; the engine now says "yes": it is an override now
    expect(after.answers['q-unfamiliar-source']).toMatchObject({ answer: 'no', confirmed: false });
    await expect(a.refreshSnapshot('nope', analysis, { kind: 'page', label: 'z' })).rejects.toThrow(/no case "nope"/);
  });

  it('two opens of the same subject at once give one case', async () => {
    const { a, b } = twoRepos();
    const [x, y] = await Promise.all([a.openCase(req), b.openCase(req)]);
    expect(x.id).toBe(y.id);
    expect([x.created, y.created].sort()).toEqual([false, true]);
    expect((await a.listCases()).items).toHaveLength(1);
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

describe('no raw secret in the store or a backup', () => {
  const JWT =
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
  it('masks a secret pasted into a note, and one arriving in a restored file', async () => {
    const { a } = twoRepos();
    const { id } = await a.openCase(req);
    await a.saveNote(id, 'general', `token was ${JWT}`, 'Ana');
    expect((await a.notesFor(id)).items[0]!.text).toBe('token was eyJh…sw5c');
    const backup = await a.exportBackup();
    expect(JSON.stringify(backup)).not.toContain(JWT);
    const dirty = JSON.parse(JSON.stringify(backup)) as typeof backup;
    dirty.notes[0]!.text = `again ${JWT}`;
    dirty.notes[0]!.updatedAt += 10_000;
    const other = twoRepos().a;
    await other.restoreBackup(dirty);
    expect((await other.notesFor(id)).items[0]!.text).toBe('again eyJh…sw5c');
  });
});
