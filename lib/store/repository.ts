/**
 * The case repository: everything the sidebar does with cases and notes, as one interface with
 * two implementations. `localRepository` works on the Dexie database directly (the background,
 * and the unit tests); lib/messaging/store-rpc.ts's `remoteRepository` sends the same calls to
 * the background. The sidebar runs in an iframe on the console page, a third-party context in
 * which the browser may refuse IndexedDB (Chromium does when third-party storage is blocked:
 * "The user denied permission to access the database"), so it always goes through the
 * background, the one place that opens the database (DESIGN.md: "the only place that writes Dexie").
 *
 * `subscribe` tells a view that cases or notes changed (in this page, another tab or the
 * background); the view reads again.
 */
import Dexie from 'dexie';
import type { Case, CaseSnapshot, CaseStatus, CaseSubject, Note } from '../model/case';
import { caseSnapshot, type CaseAnalysis } from '../playbook/open-case';
import { exportBackup, restoreBackup, type Backup, type RestoreResult } from './backup';
import { caseForSubject } from './case-for-subject';
import { CaseStore, type AnalystAnswer, type ChecklistEntry, type Decision } from './cases';
import type { TriageDb } from './db';
import type { Read, ReadMany } from './errors';
import { NoteStore } from './notes';
import { countStored, purgeStore, type StoreCounts } from './purge';

/**
 * What changed: the case ids written (absent: anything may have changed, e.g. a restore), and
 * whether the cases or only their notes (absent: both), so a view reads only what it shows.
 */
export interface StoreChange {
  caseIds?: string[];
  kind?: 'case' | 'notes';
}

export interface OpenCaseRequest {
  analysis: CaseAnalysis;
  subject: CaseSubject;
  source: CaseSnapshot['source'];
  analyst: string;
}

export interface CaseRepository {
  listCases(): Promise<ReadMany<Case>>;
  getCase(id: string): Promise<Read<Case>>;
  notesFor(caseId: string): Promise<ReadMany<Note>>;
  /** The subject's case that is not closed, or a new one; its id. */
  openCase(req: OpenCaseRequest): Promise<{ id: string; created: boolean }>;
  setStatus(id: string, status: CaseStatus, by: string): Promise<unknown>;
  setAnswer(id: string, questionId: string, answer: Omit<AnalystAnswer, 'at' | 'by'>, by: string): Promise<unknown>;
  clearAnswer(id: string, questionId: string): Promise<unknown>;
  setChecklist(id: string, itemId: string, entry: Omit<ChecklistEntry, 'at'> | undefined): Promise<unknown>;
  setDecision(id: string, decision: Omit<Decision, 'at'> | undefined): Promise<unknown>;
  /** Adds what a newer analysis of the subject shows (mergeSnapshots: nothing is removed). */
  refreshSnapshot(id: string, analysis: CaseAnalysis, source: CaseSnapshot['source']): Promise<unknown>;
  deleteCase(id: string): Promise<boolean>;
  saveNote(caseId: string, stepId: string, text: string, by: string): Promise<unknown>;
  exportBackup(): Promise<Backup>;
  restoreBackup(json: unknown): Promise<RestoreResult>;
  /** What the store holds (the purge confirmation says it). */
  countStored(): Promise<StoreCounts>;
  /** Deletes every case, note and baseline; returns what went. */
  purgeAll(): Promise<StoreCounts>;
  subscribe(cb: (change: StoreChange) => void): () => void;
}

export interface LocalRepositoryOptions {
  now?: () => number;
  newId?: () => string;
  /** Called after every write this repository made (the background broadcasts it). */
  onChange?: (change: StoreChange) => void;
}

/** The repository over a Dexie database in this page. */
export function localRepository(db: TriageDb, options: LocalRepositoryOptions = {}): CaseRepository {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => crypto.randomUUID());
  const cases = new CaseStore(db, { now });
  const notes = new NoteStore(db);
  const wrote = async <T>(caseIds: string[] | undefined, p: Promise<T>, kind?: StoreChange['kind']): Promise<T> => {
    const v = await p;
    options.onChange?.({ ...(caseIds ? { caseIds } : {}), ...(kind ? { kind } : {}) });
    return v;
  };
  return {
    listCases: () => cases.listCases(),
    getCase: (id) => cases.getCase(id),
    notesFor: (caseId) => notes.notesFor(caseId),
    openCase: async (req) => {
      const r = await caseForSubject(cases, { ...req, now: now(), newId });
      if (r.created) options.onChange?.({ caseIds: [r.id], kind: 'case' });
      return r;
    },
    setStatus: (id, status, by) => wrote([id], cases.setStatus(id, status, by, now()), 'case'),
    setAnswer: (id, q, answer, by) => wrote([id], cases.setAnswer(id, q, answer, by, now()), 'case'),
    clearAnswer: (id, q) => wrote([id], cases.clearAnswer(id, q), 'case'),
    setChecklist: (id, item, entry) =>
      wrote([id], cases.setChecklist(id, item, entry ? { ...entry, at: now() } : undefined), 'case'),
    setDecision: (id, d) => wrote([id], cases.setDecision(id, d ? { ...d, at: now() } : undefined), 'case'),
    refreshSnapshot: async (id, analysis, source) => {
      const c = (await cases.getCase(id)).value;
      if (!c) throw new Error(`There is no case "${id}" to update.`);
      return wrote([id], cases.mergeSnapshot(id, caseSnapshot(analysis, c.subject, source, now())), 'case');
    },
    deleteCase: (id) => wrote([id], cases.deleteCase(id)),
    saveNote: (caseId, stepId, text, by) => wrote([caseId], notes.saveNote(caseId, stepId, text, by, now()), 'notes'),
    exportBackup: () => exportBackup(db, now()),
    restoreBackup: (json) => wrote(undefined, restoreBackup(db, json)),
    countStored: () => countStored(db),
    purgeAll: () => wrote(undefined, purgeStore(db)),
    subscribe: (cb) => {
      // Dexie's own change notices: writes through any Dexie instance of this database, in
      // this page or (over BroadcastChannel) another page of the origin.
      const listener = (parts: Record<string, unknown>) => {
        if (Object.keys(parts).some((k) => k.startsWith(`idb://${db.name}/`))) cb({});
      };
      Dexie.on('storagemutated', listener);
      return () => Dexie.on('storagemutated').unsubscribe(listener);
    },
  };
}
