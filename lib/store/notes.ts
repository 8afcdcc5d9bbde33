/**
 * The analyst's notes, one row per (case, step), and NoteSaver: the debounced saving behind a
 * note textarea. The issue asks that typed text is stored within 500 ms and survives reloads,
 * crashes and extension updates, so NoteSaver writes 300 ms after the last keystroke, and at
 * most 400 ms after the first unsaved one while typing goes on without a pause (`maxWaitMs`);
 * it writes at once on flush() (blur, pagehide, visibilitychange), and on a failed write keeps
 * the text and retries.
 */
import { NoteSchema, type Note } from '../model/case';
import { maskSecretsIn } from '../model/secret';
import type { TriageDb } from './db';
import { describeIssues, StoreError, type Read, type ReadMany } from './errors';
import { readMany, readNoteRecord } from './validate';

/** One note by its key. */
export async function readNote(db: TriageDb, caseId: string, stepId: string): Promise<Read<Note>> {
  const raw: unknown = await db.notes.get([caseId, stepId]);
  if (raw === undefined) return { value: undefined, problems: [] };
  const r = readNoteRecord(raw, `${caseId}/${stepId}`);
  return { value: r.value, problems: r.problem ? [r.problem] : [] };
}

/** All notes of one case, by step id. */
export async function readNotes(db: TriageDb, caseId: string): Promise<ReadMany<Note>> {
  const raws: unknown[] = await db.notes.where('caseId').equals(caseId).toArray();
  const out = readMany(raws, (raw) => readNoteRecord(raw));
  out.items.sort((a, b) => (a.stepId < b.stepId ? -1 : a.stepId > b.stepId ? 1 : 0));
  return out;
}

export class NoteStore {
  constructor(readonly db: TriageDb) {}

  /**
   * Stores the note (replacing the step's previous text). An empty text is stored as an empty
   * note, so a deliberate clear is remembered (and wins over an older backup on restore).
   * Refuses a note for a case that is not in the store (deleted in another tab, say).
   */
  async saveNote(caseId: string, stepId: string, text: string, by: string, at: number): Promise<Note> {
    // A secret pasted into a note (or typed into the analyst's name) is kept masked, like everything else the store holds.
    const parsed = NoteSchema.safeParse({
      caseId,
      stepId,
      text: maskSecretsIn(text),
      by: maskSecretsIn(by),
      updatedAt: at,
    });
    if (!parsed.success) throw new StoreError(`The note was not saved: ${describeIssues(parsed.error)}.`);
    const note = parsed.data;
    return this.db.transaction('rw', this.db.cases, this.db.notes, async () => {
      if ((await this.db.cases.get(caseId)) === undefined) {
        throw new StoreError(
          `The note was not saved: there is no case "${caseId}" (it may have been deleted in another tab). Copy the text if you need it.`,
        );
      }
      await this.db.notes.put(note);
      return note;
    });
  }

  getNote(caseId: string, stepId: string): Promise<Read<Note>> {
    return readNote(this.db, caseId, stepId);
  }

  notesFor(caseId: string): Promise<ReadMany<Note>> {
    return readNotes(this.db, caseId);
  }
}

export type SaveState = 'saved' | 'pending' | 'saving' | 'error';

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface NoteSaverOptions {
  /** Writes the text (e.g. `t => notes.saveNote(caseId, stepId, t, by, Date.now())`). */
  save: (text: string) => Promise<unknown>;
  /** Quiet time after the last keystroke before saving. Must be below 500 ms. Default 300. */
  delayMs?: number;
  /** Longest a typed change waits while typing goes on without a pause. Default 400, below 500. */
  maxWaitMs?: number;
  /** Waits before each retry of a failed write; the last one repeats. Default 250, 1000, 5000. */
  retryDelaysMs?: readonly number[];
  onState?: (state: SaveState, error?: unknown) => void;
  /** Injected timers (tests); default the global ones. */
  timers?: Timers;
}

const defaultTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
};

/**
 * Debounced saving for one note textarea. Rapid typing is coalesced into one write; a write in
 * flight is never overlapped (the newest text is written after it); a failed write leaves
 * state 'error', keeps the text and retries; flush() writes now and resolves when the text
 * typed so far is stored (or rejects with the write's error, the text still kept for retry).
 */
export class NoteSaver {
  private readonly save: (text: string) => Promise<unknown>;
  private readonly delayMs: number;
  private readonly maxWaitMs: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly timers: Timers;
  private readonly onState?: (state: SaveState, error?: unknown) => void;

  private current: SaveState = 'saved';
  /** The text not yet stored (undefined when everything typed is stored). */
  private unsaved: string | undefined;
  private timer: unknown;
  /** When the oldest unsaved keystroke must be written by (timers.now() time). */
  private deadline: number | undefined;
  private writing: Promise<void> | undefined;
  private failures = 0;
  private lastError: unknown;
  private disposed = false;

  constructor(options: NoteSaverOptions) {
    const delay = options.delayMs ?? 300;
    if (!(delay >= 0 && delay < 500))
      throw new RangeError(
        'NoteSaver delayMs must be at least 0 and below 500 ms (notes are saved within 500 ms of typing).',
      );
    const maxWait = options.maxWaitMs ?? Math.max(delay, 400);
    if (!(maxWait >= delay && maxWait < 500))
      throw new RangeError('NoteSaver maxWaitMs must be at least delayMs and below 500 ms.');
    this.save = options.save;
    this.delayMs = delay;
    this.maxWaitMs = maxWait;
    this.retryDelaysMs = options.retryDelaysMs?.length ? options.retryDelaysMs : [250, 1_000, 5_000];
    this.timers = options.timers ?? defaultTimers;
    this.onState = options.onState;
  }

  get state(): SaveState {
    return this.current;
  }

  /** The error of the last failed write, while state is 'error'. */
  get error(): unknown {
    return this.current === 'error' ? this.lastError : undefined;
  }

  /** The text typed but not yet stored, if any. */
  get pendingText(): string | undefined {
    return this.unsaved;
  }

  /** Call on every change of the textarea. */
  type(text: string): void {
    if (this.disposed) return;
    this.unsaved = text;
    this.failures = 0;
    if (this.current !== 'saving') this.setState('pending');
    // Debounce by delayMs, but never wait past maxWaitMs from the first unsaved keystroke, so
    // text typed without a pause is still stored within 500 ms.
    const now = this.timers.now();
    if (this.deadline === undefined) this.deadline = now + this.maxWaitMs;
    this.clearTimer();
    this.schedule(Math.max(0, Math.min(this.delayMs, this.deadline - now)));
  }

  /** Writes now (blur, pagehide, visibilitychange). Resolves once what was typed is stored. */
  async flush(): Promise<void> {
    this.clearTimer();
    this.failures = 0;
    await this.drain();
    if (this.current === 'error') throw this.lastError;
  }

  /** Stops the timers (the component is going away); call flush() first to keep the text. */
  dispose(): void {
    this.disposed = true;
    this.clearTimer();
  }

  private schedule(ms: number): void {
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.drain().catch(() => undefined);
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Writes until nothing typed is unsaved, one write at a time. */
  private async drain(): Promise<void> {
    if (this.writing) {
      await this.writing;
      // The text may have changed during that write: write again if so.
      if (this.unsaved !== undefined && this.current !== 'error') return this.drain();
      return;
    }
    if (this.unsaved === undefined) return;
    const text = this.unsaved;
    this.deadline = undefined;
    this.setState('saving');
    this.writing = (async () => {
      try {
        await this.save(text);
        this.failures = 0;
        if (this.unsaved === text) this.unsaved = undefined;
        this.setState(this.unsaved === undefined ? 'saved' : 'pending');
      } catch (err) {
        this.lastError = err;
        this.setState('error', err);
        const retryIn = this.retryDelaysMs[Math.min(this.failures, this.retryDelaysMs.length - 1)]!;
        this.failures++;
        if (!this.disposed) {
          this.clearTimer();
          this.schedule(retryIn);
        }
      } finally {
        this.writing = undefined;
      }
    })();
    await this.writing;
    if (this.unsaved !== undefined && this.current === 'pending') return this.drain();
  }

  private setState(s: SaveState, error?: unknown): void {
    if (s === this.current && s !== 'error') return;
    this.current = s;
    this.onState?.(s, error);
  }
}
