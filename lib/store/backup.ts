/**
 * Backup files: every case and note as one JSON object, and the restore that merges such a file
 * back. Restore is for "the profile was wiped" and "move to another machine", so it deletes
 * nothing: a record that is not in the store is added, one newer (by updatedAt) than the stored
 * one replaces it, an older or equal one leaves the stored record as it is. Each record is
 * checked with the model's zod schemas; a bad one is rejected with its reason while the rest
 * are restored, all in one transaction. A file that is not a backup, or from a newer build, is
 * refused as a whole with a message saying why.
 *
 * Baselines (issue 10) travel as the CLI's BaselineFile documents (`baselines`, one per tenant),
 * so a file's baselines can go to `--history DIR` and back. Each is checked with
 * parseBaselineFile before anything is written; one that fails refuses the whole restore (a
 * baseline is one document per tenant: half of it cannot be taken). A newer one (by savedAt)
 * replaces the stored one; an older or equal one leaves it.
 */
import { z } from 'zod';
import { CASE_FORMAT_VERSION, CaseSchema, NoteSchema, type Case, type Note } from '../model/case';
import { errorMessage } from '../model/error-message';
import { maskDeep } from '../model/secret';
import type { TriageDb } from './db';
import { describeIssues, type ReadProblem } from './errors';
import { readCaseRecord, readMany, readNoteRecord } from './validate';
import { type BaselineFile, parseBaselineFile, toBaselineFile } from '../baseline/baseline-file';
import { allBaselines, type BaselineProblem } from './baselines';

export const BACKUP_FORMAT = 'token-triage-backup';

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: number;
  exportedAt: number;
  cases: Case[];
  notes: Note[];
  /** Stored records that failed their schema, kept as they were so nothing is lost (absent when none). */
  unreadable?: (ReadProblem & { record: unknown })[];
  /** Each tenant's stored baseline, as the CLI's `--history` file (absent in backups of older builds). */
  baselines?: BaselineFile[];
  /** Stored baselines that failed their schema, kept as they were (absent when none). */
  unreadableBaselines?: (BaselineProblem & { record: unknown })[];
}

export interface RestoreResult {
  added: number;
  updated: number;
  unchanged: number;
  rejected: { what: string; reason: string }[];
}

/** Everything in the store, as a JSON-serialisable backup. */
export async function exportBackup(db: TriageDb, now: number): Promise<Backup> {
  return db.transaction('r', db.cases, db.notes, db.baselines, async () => {
    const rawCases: unknown[] = await db.cases.toArray();
    const rawNotes: unknown[] = await db.notes.toArray();
    const cases = readMany(rawCases, (r) => readCaseRecord(r));
    const notes = readMany(rawNotes, (r) => readNoteRecord(r));
    const unreadable: NonNullable<Backup['unreadable']> = [];
    for (const raw of rawCases) {
      const r = readCaseRecord(raw);
      if (r.problem) unreadable.push({ ...r.problem, record: maskDeep(raw) });
    }
    for (const raw of rawNotes) {
      const r = readNoteRecord(raw);
      if (r.problem) unreadable.push({ ...r.problem, record: maskDeep(raw) });
    }
    const backup: Backup = {
      format: BACKUP_FORMAT,
      version: CASE_FORMAT_VERSION,
      exportedAt: now,
      // Masked again on the way out: a backup file never carries a raw secret.
      cases: maskDeep(cases.items).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      notes: maskDeep(notes.items).sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : a.stepId < b.stepId ? -1 : a.stepId > b.stepId ? 1 : 0)),
    };
    if (unreadable.length) backup.unreadable = unreadable;
    const stored = await allBaselines(db);
    backup.baselines = stored.files;
    if (stored.problems.length) {
      const raws: unknown[] = await db.baselines.toArray();
      backup.unreadableBaselines = stored.problems.map((p) => ({ ...p, record: raws.find((r) => (r as { tenant?: unknown }).tenant === p.tenant) ?? null }));
    }
    return backup;
  });
}

export type ParsedBackupText = { ok: true; value: unknown } | { ok: false; reason: string };

/** The JSON of a backup file, or why it is not JSON. */
export function parseBackupText(text: string): ParsedBackupText {
  if (text.trim() === '') return { ok: false, reason: 'The file is empty: it is not a Token Triage backup.' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, reason: `The file is not JSON, so it is not a Token Triage backup (${errorMessage(err)}).` };
  }
}

const EnvelopeSchema = z.object({
  format: z.string(),
  version: z.number(),
  cases: z.array(z.unknown()),
  notes: z.array(z.unknown()),
});

const refuse = (reason: string): RestoreResult => ({ added: 0, updated: 0, unchanged: 0, rejected: [{ what: 'file', reason: `${reason} Nothing was changed.` }] });

function label(raw: unknown, kind: 'case' | 'note', index: number): string {
  const r = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200) : undefined);
  if (kind === 'case') return `case ${text(r.id) ?? `#${index + 1}`}`;
  const key = text(r.caseId) !== undefined && text(r.stepId) !== undefined ? `${text(r.caseId)}/${text(r.stepId)}` : `#${index + 1}`;
  return `note ${key}`;
}

/**
 * Merges a parsed backup into the store (see the file comment). Never throws for a bad file:
 * the reasons come back in `rejected`. A failure of IndexedDB itself aborts the whole restore
 * (nothing half-applied) and is reported the same way.
 */
export async function restoreBackup(db: TriageDb, json: unknown): Promise<RestoreResult> {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return refuse('This is not a Token Triage backup (expected a JSON object).');
  const format = (json as Record<string, unknown>).format;
  if (format !== BACKUP_FORMAT) return refuse(`This is not a Token Triage backup (its "format" is ${format === undefined ? 'missing' : JSON.stringify(format)?.slice(0, 100)}, expected "${BACKUP_FORMAT}").`);
  const env = EnvelopeSchema.safeParse(json);
  if (!env.success) return refuse(`This backup file is damaged: ${describeIssues(env.error)}.`);
  const { version } = env.data;
  if (!Number.isInteger(version) || version < 1) return refuse(`This backup has an unknown version (${version}).`);
  if (version > CASE_FORMAT_VERSION) {
    return refuse(`This backup was made by a newer version of Token Triage (backup format ${version}; this version reads up to ${CASE_FORMAT_VERSION}). Update the extension, then restore the file again.`);
  }

  // Baselines first: a bad one refuses the file before anything is written.
  const baselines: BaselineFile[] = [];
  const rawBaselines = (json as Record<string, unknown>).baselines;
  if (rawBaselines !== undefined) {
    if (!Array.isArray(rawBaselines)) return refuse('This backup file is damaged: baselines: expected a list.');
    for (const [i, raw] of rawBaselines.entries()) {
      const p = parseBaselineFile(JSON.stringify(raw) ?? 'undefined', `baseline #${i + 1}`);
      if (!p.ok) return refuse(`This backup's ${p.error}.`);
      // Masked like every baseline written (toBaselineFile): a hand-made file's raw secret stays out of the store.
      const f = p.file;
      const file = toBaselineFile(f.tenant, { version: 1, subjects: f.subjects }, f.savedAt, f.retentionDays);
      if (baselines.some((b) => b.tenant === file.tenant)) return refuse(`This backup holds two baselines of tenant ${file.tenant}.`);
      baselines.push(file);
    }
  }

  const result: RestoreResult = { added: 0, updated: 0, unchanged: 0, rejected: [] };
  const cases: Case[] = [];
  env.data.cases.forEach((raw, i) => {
    const p = CaseSchema.safeParse(maskDeep(raw));
    if (p.success) cases.push(p.data);
    else result.rejected.push({ what: label(raw, 'case', i), reason: describeIssues(p.error) });
  });
  const notes: Note[] = [];
  env.data.notes.forEach((raw, i) => {
    const p = NoteSchema.safeParse(maskDeep(raw));
    if (p.success) notes.push(p.data);
    else result.rejected.push({ what: label(raw, 'note', i), reason: describeIssues(p.error) });
  });

  try {
    await db.transaction('rw', db.cases, db.notes, db.baselines, db.learned, async () => {
      for (const c of cases) await merge(() => db.cases.get(c.id), () => db.cases.put(c), c.updatedAt, `case ${c.id}`, result);
      const caseIds = new Set(cases.map((c) => c.id));
      for (const n of notes) {
        if (!caseIds.has(n.caseId) && (await db.cases.get(n.caseId)) === undefined) {
          result.rejected.push({ what: `note ${n.caseId}/${n.stepId}`, reason: `there is no case "${n.caseId}" in the backup or in the store` });
          continue;
        }
        await merge(() => db.notes.get([n.caseId, n.stepId]), () => db.notes.put(n), n.updatedAt, `note ${n.caseId}/${n.stepId}`, result);
      }
      for (const b of baselines) await mergeBaseline(db, b, result);
    });
  } catch (err) {
    return refuse(`The restore failed while writing (${errorMessage(err)}).`);
  }
  return result;
}

async function merge(get: () => PromiseLike<unknown>, put: () => PromiseLike<unknown>, incomingAt: number, what: string, result: RestoreResult): Promise<void> {
  const stored = await get();
  if (stored === undefined) {
    await put();
    result.added++;
    return;
  }
  const storedAt = (stored as { updatedAt?: unknown }).updatedAt;
  if (typeof storedAt !== 'number' || !Number.isFinite(storedAt)) {
    // The stored record is unreadable: keep it (it may be the only copy of something) and say so.
    result.rejected.push({ what, reason: 'the stored record cannot be read, so it was left as it is rather than overwritten' });
    return;
  }
  if (incomingAt > storedAt) {
    await put();
    result.updated++;
  } else {
    result.unchanged++;
  }
}

/**
 * A baseline from the file replaces the stored one of its tenant when it was saved later. The
 * tenant's learned ids of days after the file's newest event are dropped (those events are not in
 * the restored baseline, so they may be learned again); those up to that day stay learned.
 */
async function mergeBaseline(db: TriageDb, b: BaselineFile, result: RestoreResult): Promise<void> {
  const stored = (await db.baselines.get(b.tenant)) as { savedAt?: unknown } | undefined;
  if (stored !== undefined && (typeof stored.savedAt !== 'number' || !Number.isFinite(stored.savedAt))) {
    result.rejected.push({ what: `baseline ${b.tenant}`, reason: 'the stored baseline cannot be read, so it was left as it is rather than overwritten' });
    return;
  }
  if (stored !== undefined && b.savedAt <= (stored.savedAt as number)) {
    result.unchanged++;
    return;
  }
  await db.baselines.put(b);
  let newest = -Infinity;
  for (const s of Object.values(b.subjects)) for (const t of s.times) if (t > newest) newest = t;
  const lastDay = Number.isFinite(newest) ? Math.floor(newest / 86_400_000) : -Infinity;
  await db.learned.where('[tenant+day]').between([b.tenant, lastDay], [b.tenant, Infinity], false, true).delete();
  if (stored === undefined) result.added++;
  else result.updated++;
}
