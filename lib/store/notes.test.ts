// First: fake-indexeddb must be a global before Dexie loads (it is in extension pages).
import { fakeIdb } from '../../test/support/store';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GENERAL_NOTE } from '../model/case';
import { sampleCase, sampleNotes } from '../../test/support/cases';
import { CaseStore } from './cases';
import type { TriageDb } from './db';
import { NoteSaver, NoteStore, type SaveState } from './notes';

const opened: TriageDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  vi.useRealTimers();
});

async function setup() {
  const idb = fakeIdb();
  const db = idb.open();
  opened.push(db);
  await new CaseStore(db).createCase(sampleCase());
  return { idb, db, notes: new NoteStore(db) };
}

describe('NoteStore', () => {
  it('saves, gets and lists the notes of a case', async () => {
    const { notes } = await setup();
    const [n1, n2] = sampleNotes();
    await notes.saveNote(n2!.caseId, n2!.stepId, n2!.text, n2!.by, n2!.updatedAt);
    await notes.saveNote(n1!.caseId, n1!.stepId, n1!.text, n1!.by, n1!.updatedAt);
    expect((await notes.getNote(n1!.caseId, n1!.stepId)).value).toEqual(n1);
    const all = await notes.notesFor('case-0001');
    expect(all.items).toEqual([n2, n1]); // by step id: decision-… < q-…
    expect(all.problems).toEqual([]);
    expect((await notes.notesFor('case-other')).items).toEqual([]);
  });

  it('replaces the text of a step and remembers a deliberate clear as an empty note', async () => {
    const { notes } = await setup();
    await notes.saveNote('case-0001', GENERAL_NOTE, 'first', 'A', 1);
    await notes.saveNote('case-0001', GENERAL_NOTE, 'second', 'A', 2);
    expect((await notes.getNote('case-0001', GENERAL_NOTE)).value?.text).toBe('second');
    await notes.saveNote('case-0001', GENERAL_NOTE, '', 'A', 3);
    expect((await notes.getNote('case-0001', GENERAL_NOTE)).value).toEqual({
      caseId: 'case-0001',
      stepId: GENERAL_NOTE,
      text: '',
      updatedAt: 3,
      by: 'A',
    });
  });

  it('refuses an invalid note and a note for a case that is not there', async () => {
    const { notes, db } = await setup();
    await expect(notes.saveNote('case-0001', 'bad step!', 'x', 'A', 1)).rejects.toThrow(/note was not saved: stepId/);
    await expect(notes.saveNote('case-gone', GENERAL_NOTE, 'x', 'A', 1)).rejects.toThrow(/no case "case-gone"/);
    expect(await db.notes.count()).toBe(0);
  });

  it('reports a stored note that fails the schema', async () => {
    const { notes, db } = await setup();
    await db.notes.put({ caseId: 'case-0001', stepId: 'general', text: 42 } as never);
    const r = await notes.notesFor('case-0001');
    expect(r.items).toEqual([]);
    expect(r.problems).toEqual([{ table: 'notes', id: 'case-0001/general', reason: expect.stringMatching(/text/) }]);
  });

  it('notes survive closing the database and opening it again (reload, crash)', async () => {
    const { idb, db, notes } = await setup();
    await notes.saveNote('case-0001', GENERAL_NOTE, 'written before the crash', 'A', 1);
    db.close();
    const again = idb.open();
    opened.push(again);
    expect((await new NoteStore(again).getNote('case-0001', GENERAL_NOTE)).value?.text).toBe(
      'written before the crash',
    );
  });
});

function saverWith(
  save: (t: string) => Promise<unknown>,
  extra: Partial<ConstructorParameters<typeof NoteSaver>[0]> = {},
) {
  const states: SaveState[] = [];
  const saver = new NoteSaver({ save, onState: (s) => states.push(s), ...extra });
  return { saver, states };
}

describe('NoteSaver', () => {
  it('saves 300 ms after typing stops (within 500 ms)', async () => {
    vi.useFakeTimers();
    const save = vi.fn(async (_t: string) => undefined);
    const { saver, states } = saverWith(save);
    saver.type('hello');
    expect(saver.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(299);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledExactlyOnceWith('hello');
    expect(saver.state).toBe('saved');
    expect(states).toEqual(['pending', 'saving', 'saved']);
  });

  it('coalesces rapid typing into one write of the latest text', async () => {
    vi.useFakeTimers();
    const save = vi.fn(async (_t: string) => undefined);
    const { saver } = saverWith(save);
    for (const t of ['h', 'he', 'hel', 'hell', 'hello']) {
      saver.type(t);
      await vi.advanceTimersByTimeAsync(50);
    }
    await vi.advanceTimersByTimeAsync(500);
    expect(save.mock.calls).toEqual([['hello']]);
  });

  it('while typing goes on without a pause, every keystroke is stored within 500 ms', async () => {
    vi.useFakeTimers();
    const start = Date.now();
    const saves: { text: string; at: number }[] = [];
    const { saver } = saverWith(async (text) => void saves.push({ text, at: Date.now() - start }));
    const typed: { text: string; at: number }[] = [];
    for (let i = 1; i <= 40; i++) {
      const text = 'x'.repeat(i);
      saver.type(text);
      typed.push({ text, at: Date.now() - start });
      await vi.advanceTimersByTimeAsync(60);
    }
    await vi.advanceTimersByTimeAsync(500);
    for (const k of typed) {
      const savedBy = saves.find((s) => s.text.length >= k.text.length);
      expect(savedBy, `keystroke at ${k.at} ms`).toBeDefined();
      expect(savedBy!.at - k.at).toBeLessThan(500);
    }
    expect(saves.length).toBeLessThan(typed.length / 3); // still coalesced
    expect(saves.at(-1)?.text).toBe('x'.repeat(40));
  });

  it('flush() saves at once and resolves when stored', async () => {
    vi.useFakeTimers();
    const save = vi.fn(async (_t: string) => undefined);
    const { saver } = saverWith(save);
    saver.type('blur now');
    await saver.flush();
    expect(save).toHaveBeenCalledExactlyOnceWith('blur now');
    expect(saver.state).toBe('saved');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(save).toHaveBeenCalledTimes(1); // the debounce timer was cancelled
    await saver.flush(); // nothing pending: no write
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('a failed write leaves state error, keeps the text and retries it', async () => {
    vi.useFakeTimers();
    let fail = 2;
    const save = vi.fn(async (_t: string) => {
      if (fail-- > 0) throw new Error('QuotaExceededError');
    });
    const { saver, states } = saverWith(save, { retryDelaysMs: [250, 1_000] });
    saver.type('do not lose me');
    await vi.advanceTimersByTimeAsync(300);
    expect(saver.state).toBe('error');
    expect(saver.error).toBeInstanceOf(Error);
    expect(saver.pendingText).toBe('do not lose me');
    await vi.advanceTimersByTimeAsync(250);
    expect(save).toHaveBeenCalledTimes(2);
    expect(saver.state).toBe('error');
    await vi.advanceTimersByTimeAsync(999);
    expect(save).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(save.mock.calls.map((c) => c[0])).toEqual(['do not lose me', 'do not lose me', 'do not lose me']);
    expect(saver.state).toBe('saved');
    expect(saver.pendingText).toBeUndefined();
    expect(states).toEqual(['pending', 'saving', 'error', 'saving', 'error', 'saving', 'saved']);
  });

  it('flush() rejects when the write fails, and the text typed after is the one retried', async () => {
    vi.useFakeTimers();
    let fail = true;
    const save = vi.fn(async (_t: string) => {
      if (fail) throw new Error('disk full');
    });
    const { saver } = saverWith(save);
    saver.type('one');
    await expect(saver.flush()).rejects.toThrow('disk full');
    expect(saver.pendingText).toBe('one');
    saver.type('one two');
    fail = false;
    await vi.advanceTimersByTimeAsync(300);
    expect(save.mock.calls.at(-1)).toEqual(['one two']);
    expect(saver.state).toBe('saved');
  });

  it('text typed during a write is written after it, never lost', async () => {
    vi.useFakeTimers();
    const written: string[] = [];
    let release: () => void = () => undefined;
    const save = vi.fn((t: string) => new Promise<void>((r) => (release = () => (written.push(t), r()))));
    const { saver } = saverWith(save);
    saver.type('a');
    await vi.advanceTimersByTimeAsync(300);
    expect(saver.state).toBe('saving');
    saver.type('ab');
    await vi.advanceTimersByTimeAsync(300); // the timer fires while 'a' is still being written
    expect(save).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(2);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(written).toEqual(['a', 'ab']);
    expect(saver.state).toBe('saved');
  });

  it('refuses a delay that could break the 500 ms promise', () => {
    const save = async () => undefined;
    expect(() => new NoteSaver({ save, delayMs: 500 })).toThrow(RangeError);
    expect(() => new NoteSaver({ save, delayMs: 100, maxWaitMs: 600 })).toThrow(RangeError);
    expect(() => new NoteSaver({ save, delayMs: 499 })).not.toThrow();
  });

  it('with the real store: typed text is in IndexedDB within 500 ms, and after a reopen', async () => {
    const { idb, notes } = await setup();
    // The saver's clock is faked (setTimeout and Date); fake-indexeddb schedules on the real
    // setImmediate, so the store itself runs as it would.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const saver = new NoteSaver({ save: (t) => notes.saveNote('case-0001', GENERAL_NOTE, t, 'A', Date.now()) });
    saver.type('typed');
    saver.type('typed fast');
    const other = idb.open(); // another tab, reading
    opened.push(other);
    const read = async () => (await new NoteStore(other).getNote('case-0001', GENERAL_NOTE)).value?.text;
    await vi.advanceTimersByTimeAsync(499);
    // The saver's clock now stands still at 499 ms: only a write it already started can land.
    let stored = await read();
    for (let i = 0; i < 50 && stored !== 'typed fast'; i++) {
      await new Promise((r) => setImmediate(r));
      stored = await read();
    }
    expect(stored).toBe('typed fast');
    expect(saver.state).toBe('saved');
  });
});
