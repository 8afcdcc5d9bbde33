/**
 * Cases in the store: create, read back (validated), and change one part of a case at a time.
 *
 * Two tabs (or the sidebar and the options page) may edit the same case at once: tab A ticks a
 * checklist item while tab B answers a question. So a change never writes the whole record read
 * earlier: each one is a Dexie key-path update (`checklist.<itemId>`, `answers.<questionId>`, …)
 * run inside a `rw` transaction, which IndexedDB serialises against every other readwrite
 * transaction on the table, in this page or another. The same transaction re-reads the result and
 * checks it against CaseSchema, and aborts (changing nothing) if the change would store an
 * invalid case. Every change bumps `updatedAt` (strictly: at least the stored value + 1 ms), which
 * is what backup restore compares.
 */
import type { UpdateSpec } from 'dexie';
import { mergeSnapshots } from '../playbook/open-case';
import { z } from 'zod';
import {
  AnalystAnswerSchema,
  CASE_STATUSES,
  ChecklistEntrySchema,
  DecisionSchema,
  NoteSchema,
  type Case,
  type CaseSnapshot,
  type CaseStatus,
  type CaseSubject,
} from '../model/case';
import type { TriageDb } from './db';
import { maskDeep, maskSecretsIn } from '../model/secret';
import { describeIssues, StoreError, type Read, type ReadMany } from './errors';
import { readCaseRecord, readMany } from './validate';
import { parseCase, parseSnapshot } from '../model/case-check';

export type AnalystAnswer = z.infer<typeof AnalystAnswerSchema>;
export type ChecklistEntry = z.infer<typeof ChecklistEntrySchema>;
export type Decision = z.infer<typeof DecisionSchema>;

/** The same rule as the ids inside a case (letters, digits, `:._-`, up to 200). */
const ItemIdSchema = NoteSchema.shape.stepId;
const ByAtSchema = z.object({ by: z.string().max(200), at: z.number().finite() });

function check<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  return checked(schema.safeParse(value), what);
}

function checked<T>(r: z.ZodSafeParseResult<T>, what: string): T {
  if (!r.success)
    throw new StoreError(`${what} was refused (${describeIssues(r.error, 3, 'value')}). Nothing was changed.`);
  return r.data;
}

const statusRank = (s: CaseStatus): number => CASE_STATUSES.indexOf(s);

/** One case by id. A stored record that is not a valid case comes back as a problem. */
export async function readCase(db: TriageDb, id: string): Promise<Read<Case>> {
  const raw: unknown = await db.cases.get(id);
  if (raw === undefined) return { value: undefined, problems: [] };
  const r = readCaseRecord(raw, id);
  return { value: r.value, problems: r.problem ? [r.problem] : [] };
}

/** Every case, most recently updated first; records that fail CaseSchema are listed as problems. */
export async function readCases(db: TriageDb): Promise<ReadMany<Case>> {
  return db.transaction('r', db.cases, async () => {
    const ordered: unknown[] = await db.cases.orderBy('updatedAt').reverse().toArray();
    // A record without a valid updatedAt is not in that index: find it by key so it is reported.
    const total = await db.cases.count();
    if (total !== ordered.length) {
      const seen = new Set(ordered.map((r) => (r as { id?: unknown }).id));
      const all: unknown[] = await db.cases.toArray();
      for (const r of all) if (!seen.has((r as { id?: unknown }).id)) ordered.push(r);
    }
    const out = readMany(ordered, (raw) => readCaseRecord(raw));
    // IndexedDB orders mixed types (numbers before strings…); the valid ones only have numbers.
    out.items.sort((a, b) => b.updatedAt - a.updatedAt);
    return out;
  });
}

/** Cases about one identity or token: open first (in CASE_STATUSES order), then newest. */
export async function readCasesBySubject(db: TriageDb, kind: CaseSubject['kind'], id: string): Promise<ReadMany<Case>> {
  const raws: unknown[] = await db.cases.where('[subject.kind+subject.id]').equals([kind, id]).toArray();
  const out = readMany(raws, (raw) => readCaseRecord(raw));
  out.items.sort((a, b) => statusRank(a.status) - statusRank(b.status) || b.updatedAt - a.updatedAt);
  return out;
}

export interface CaseStoreOptions {
  /** The clock for `updatedAt` (tests fix it). */
  now?: () => number;
}

export class CaseStore {
  private readonly now: () => number;

  constructor(
    readonly db: TriageDb,
    options: CaseStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Stores a new case. Refuses (StoreError, with the reason) an invalid case or an id already in use. */
  async createCase(input: unknown): Promise<Case> {
    // Masked at the door (DESIGN.md: no raw secret at rest), whoever built the case.
    const parsed = parseCase(maskDeep(input));
    if (!parsed.success)
      throw new StoreError(
        `The case was not saved: it does not match the case format (${describeIssues(parsed.error)}).`,
      );
    const c = parsed.data;
    return this.db.transaction('rw', this.db.cases, async () => {
      if ((await this.db.cases.get(c.id)) !== undefined) {
        throw new StoreError(`The case was not saved: a case with id "${c.id}" already exists. Nothing was changed.`);
      }
      await this.db.cases.add(c);
      return c;
    });
  }

  getCase(id: string): Promise<Read<Case>> {
    return readCase(this.db, id);
  }

  listCases(): Promise<ReadMany<Case>> {
    return readCases(this.db);
  }

  findBySubject(kind: CaseSubject['kind'], id: string): Promise<ReadMany<Case>> {
    return readCasesBySubject(this.db, kind, id);
  }

  /** Sets the status and appends the change to statusHistory. */
  async setStatus(id: string, status: CaseStatus, by: string, at: number): Promise<Case> {
    const s = check(z.enum(CASE_STATUSES), status, 'The status');
    const who = check(ByAtSchema, { by: maskSecretsIn(by), at }, 'The status change');
    // statusHistory is a list: append to the copy read inside this same transaction.
    return this.change(id, 'set its status', (c) => {
      c.status = s;
      c.statusHistory = [
        ...(Array.isArray(c.statusHistory) ? c.statusHistory : []),
        { status: s, at: who.at, by: who.by },
      ];
    });
  }

  /** The analyst's answer to one question (confirmed when it equals the proposed one). */
  async setAnswer(
    id: string,
    questionId: string,
    answer: Omit<AnalystAnswer, 'at' | 'by'>,
    by: string,
    at: number,
  ): Promise<Case> {
    const qid = check(ItemIdSchema, questionId, 'The question id');
    const entry = check(AnalystAnswerSchema, { ...answer, by: maskSecretsIn(by), at }, 'The answer');
    return this.setEntry(id, 'answers', qid, entry, 'record the answer');
  }

  async clearAnswer(id: string, questionId: string): Promise<Case> {
    const qid = check(ItemIdSchema, questionId, 'The question id');
    return this.setEntry(id, 'answers', qid, undefined, 'clear the answer');
  }

  /** Ticks (or marks not applicable) one checklist item; undefined unticks it. */
  async setChecklist(id: string, itemId: string, entry: ChecklistEntry | undefined): Promise<Case> {
    const iid = check(ItemIdSchema, itemId, 'The checklist item id');
    const e = entry === undefined ? undefined : check(ChecklistEntrySchema, maskDeep(entry), 'The checklist entry');
    return this.setEntry(id, 'checklist', iid, e, 'update the checklist');
  }

  /** The escalation decision; undefined withdraws it. */
  async setDecision(id: string, decision: Decision | undefined): Promise<Case> {
    const d = decision === undefined ? undefined : check(DecisionSchema, maskDeep(decision), 'The decision');
    return this.change(id, 'record the decision', { decision: d });
  }

  /** Replaces the analysis snapshot (the analyst's answers, checklist and notes are kept). */
  async refreshSnapshot(id: string, snapshot: CaseSnapshot): Promise<Case> {
    const s = checked(parseSnapshot(maskDeep(snapshot)), 'The refreshed analysis');
    return this.change(id, 'refresh its analysis', { snapshot: s });
  }

  /**
   * Adds a newer analysis to the snapshot (lib/playbook/open-case.ts mergeSnapshots: nothing the
   * case held is lost), in one transaction. An answer the analyst had confirmed becomes an
   * override where the engine's proposal changed, so the case never says "confirmed" about an
   * answer the engine no longer gives.
   */
  async mergeSnapshot(id: string, fresh: CaseSnapshot): Promise<Case> {
    const f = checked(parseSnapshot(maskDeep(fresh)), 'The newer analysis');
    return this.change(id, 'add the newer analysis', (c) => {
      c.snapshot = mergeSnapshots(c.snapshot, f);
      for (const [q, a] of Object.entries(c.answers)) {
        const proposed = c.snapshot.answers.find((x) => x.questionId === q)?.answer;
        if (a.confirmed && proposed !== a.answer) c.answers[q] = { ...a, confirmed: false };
      }
    });
  }

  /** Deletes a case and all its notes, in one transaction. Returns false when there was no such case. */
  async deleteCase(id: string): Promise<boolean> {
    return this.db.transaction('rw', this.db.cases, this.db.notes, async () => {
      const existed = (await this.db.cases.get(id)) !== undefined;
      await this.db.notes.where('caseId').equals(id).delete();
      await this.db.cases.delete(id);
      return existed;
    });
  }

  /** One entry of a map field (`answers` or `checklist`), by key path. */
  private setEntry(
    id: string,
    field: 'answers' | 'checklist',
    key: string,
    value: unknown,
    what: string,
  ): Promise<Case> {
    if (key.includes('.')) {
      // A dot would be read as a deeper key path (`checklist.a.b` → checklist.a.b): set the entry
      // on the copy read inside this transaction instead. Still one field, still serialised.
      return this.change(id, what, (c) => {
        const map = (c[field] ??= {}) as Record<string, unknown>;
        if (value === undefined) delete map[key];
        else map[key] = value;
      });
    }
    return this.change(id, what, { [`${field}.${key}`]: value });
  }

  /**
   * Applies one change inside a rw transaction: the key-path spec (or the function, for changes
   * that depend on the current value), a strictly later `updatedAt`, then a CaseSchema check of
   * the result; on any failure the transaction aborts and the stored case is as it was.
   */
  private async change(
    id: string,
    what: string,
    changes: Record<string, unknown> | ((c: Case) => void),
  ): Promise<Case> {
    return this.db.transaction('rw', this.db.cases, async () => {
      const before: unknown = await this.db.cases.get(id);
      if (before === undefined)
        throw new StoreError(`Could not ${what}: there is no case "${id}" (it may have been deleted in another tab).`);
      const prev = (before as { updatedAt?: unknown }).updatedAt;
      const updatedAt = typeof prev === 'number' && Number.isFinite(prev) ? Math.max(this.now(), prev + 1) : this.now();
      if (typeof changes === 'function') {
        await this.db.cases.update(id, (c) => {
          changes(c);
          c.updatedAt = updatedAt;
        });
      } else {
        await this.db.cases.update(id, { ...changes, updatedAt } as UpdateSpec<Case>);
      }
      const after = readCaseRecord(await this.db.cases.get(id), id);
      if (!after.value) {
        throw new StoreError(
          `Could not ${what}: the case would not match the case format (${after.problem?.reason ?? 'unknown'}). Nothing was changed.`,
        );
      }
      return after.value;
    });
  }
}
