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
 *
 * Learned event ids (version 2): the ids each tenant's baseline has learned, by day, as the store
 * keeps them (masked; only the days inside the baseline's retention window), so a restore into an
 * empty browser does not learn the rows it already holds a second time. They go with their
 * tenant's baseline: merged (a union per day) only where the file's baseline was taken, checked
 * like the baselines (one bad row refuses the file). A version-1 file has none and restores as
 * before (test/fixtures/store/backup-v1.json).
 */
import { z } from 'zod';
import { CaseSchema, NoteSchema, type Case, type Note } from '../model/case';
import { errorMessage } from '../model/error-message';
import { maskDeep, maskSecretsIn } from '../model/secret';
import type { LearnedDay, TriageDb } from './db';
import { describeIssues, type ReadProblem } from './errors';
import { readCaseRecord, readMany, readNoteRecord } from './validate';
import { type BaselineFile, parseBaselineFile, toBaselineFile } from '../baseline/baseline-file';
import { allBaselines, type BaselineProblem } from './baselines';

export const BACKUP_FORMAT = 'token-triage-backup';
/** 1: cases, notes, baselines; 2: and the baselines' learned event ids. Restore reads every version up to this. */
export const BACKUP_VERSION = 2;
/** At most this many learned ids per tenant and day travel (the store's own rows stay far below). */
const MAX_IDS_PER_DAY = 1_000_000;
const DAY_MS = 86_400_000;

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
  /** The event ids each baseline has learned, per tenant and UTC day (version 2; absent in older files). */
  learned?: LearnedDay[];
}

export interface RestoreResult {
  added: number;
  updated: number;
  unchanged: number;
  rejected: { what: string; reason: string }[];
}

/** Everything in the store, as a JSON-serialisable backup. */
export async function exportBackup(db: TriageDb, now: number): Promise<Backup> {
  return db.transaction('r', [db.cases, db.notes, db.baselines, db.learned], async () => {
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
      version: BACKUP_VERSION,
      exportedAt: now,
      // Masked again on the way out: a backup file never carries a raw secret.
      cases: maskDeep(cases.items).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      notes: maskDeep(notes.items).sort((a, b) =>
        a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : a.stepId < b.stepId ? -1 : a.stepId > b.stepId ? 1 : 0,
      ),
    };
    if (unreadable.length) backup.unreadable = unreadable;
    const stored = await allBaselines(db);
    backup.baselines = stored.files;
    // The learned ids of the baselines in the file, inside each one's window (as the store bounds them).
    const windows = new Map(stored.files.map((f) => [f.tenant, retentionDays(f)]));
    backup.learned = (await db.learned.toArray())
      .filter((l) => {
        const w = windows.get(l.tenant);
        return w !== undefined && l.day >= w.first && l.day <= w.last && l.ids.length > 0;
      })
      .map((l) => ({ tenant: l.tenant, day: l.day, ids: [...l.ids] }))
      .sort((a, b) => (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : a.day - b.day));
    if (stored.problems.length) {
      const raws: unknown[] = await db.baselines.toArray();
      backup.unreadableBaselines = stored.problems.map((p) => ({
        ...p,
        record: raws.find((r) => (r as { tenant?: unknown }).tenant === p.tenant) ?? null,
      }));
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

const refuse = (reason: string): RestoreResult => ({
  added: 0,
  updated: 0,
  unchanged: 0,
  rejected: [{ what: 'file', reason: `${reason} Nothing was changed.` }],
});

function label(raw: unknown, kind: 'case' | 'note', index: number): string {
  const r = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200) : undefined);
  if (kind === 'case') return `case ${text(r.id) ?? `#${index + 1}`}`;
  const key =
    text(r.caseId) !== undefined && text(r.stepId) !== undefined
      ? `${text(r.caseId)}/${text(r.stepId)}`
      : `#${index + 1}`;
  return `note ${key}`;
}

/**
 * Merges a parsed backup into the store (see the file comment). Never throws for a bad file:
 * the reasons come back in `rejected`. A failure of IndexedDB itself aborts the whole restore
 * (nothing half-applied) and is reported the same way.
 */
export async function restoreBackup(db: TriageDb, json: unknown): Promise<RestoreResult> {
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return refuse('This is not a Token Triage backup (expected a JSON object).');
  const format = (json as Record<string, unknown>).format;
  if (format !== BACKUP_FORMAT)
    return refuse(
      `This is not a Token Triage backup (its "format" is ${format === undefined ? 'missing' : JSON.stringify(format)?.slice(0, 100)}, ` +
        `expected "${BACKUP_FORMAT}").`,
    );
  const env = EnvelopeSchema.safeParse(json);
  if (!env.success) return refuse(`This backup file is damaged: ${describeIssues(env.error)}.`);
  const { version } = env.data;
  if (!Number.isInteger(version) || version < 1) return refuse(`This backup has an unknown version (${version}).`);
  if (version > BACKUP_VERSION) {
    return refuse(
      `This backup was made by a newer version of Token Triage (backup format ${version}; this version ` +
        `reads up to ${BACKUP_VERSION}). Update the extension, then restore the file again.`,
    );
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
      if (baselines.some((b) => b.tenant === file.tenant))
        return refuse(`This backup holds two baselines of tenant ${file.tenant}.`);
      baselines.push(file);
    }
  }

  const learned = learnedOf((json as Record<string, unknown>).learned, baselines);
  if (typeof learned === 'string') return refuse(`This backup file is damaged: ${learned}.`);

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
      for (const c of cases)
        await merge(
          () => db.cases.get(c.id),
          () => db.cases.put(c),
          c.updatedAt,
          `case ${c.id}`,
          result,
        );
      const caseIds = new Set(cases.map((c) => c.id));
      for (const n of notes) {
        if (!caseIds.has(n.caseId) && (await db.cases.get(n.caseId)) === undefined) {
          result.rejected.push({
            what: `note ${n.caseId}/${n.stepId}`,
            reason: `there is no case "${n.caseId}" in the backup or in the store`,
          });
          continue;
        }
        await merge(
          () => db.notes.get([n.caseId, n.stepId]),
          () => db.notes.put(n),
          n.updatedAt,
          `note ${n.caseId}/${n.stepId}`,
          result,
        );
      }
      for (const b of baselines) {
        if (await mergeBaseline(db, b, result)) await mergeLearned(db, learned.get(b.tenant) ?? []);
      }
    });
  } catch (err) {
    return refuse(`The restore failed while writing (${errorMessage(err)}).`);
  }
  return result;
}

async function merge(
  get: () => PromiseLike<unknown>,
  put: () => PromiseLike<unknown>,
  incomingAt: number,
  what: string,
  result: RestoreResult,
): Promise<void> {
  const stored = await get();
  if (stored === undefined) {
    await put();
    result.added++;
    return;
  }
  const storedAt = (stored as { updatedAt?: unknown }).updatedAt;
  if (typeof storedAt !== 'number' || !Number.isFinite(storedAt)) {
    // The stored record is unreadable: keep it (it may be the only copy of something) and say so.
    result.rejected.push({
      what,
      reason: 'the stored record cannot be read, so it was left as it is rather than overwritten',
    });
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
async function mergeBaseline(db: TriageDb, b: BaselineFile, result: RestoreResult): Promise<boolean> {
  const stored = (await db.baselines.get(b.tenant)) as { savedAt?: unknown } | undefined;
  if (stored !== undefined && (typeof stored.savedAt !== 'number' || !Number.isFinite(stored.savedAt))) {
    result.rejected.push({
      what: `baseline ${b.tenant}`,
      reason: 'the stored baseline cannot be read, so it was left as it is rather than overwritten',
    });
    return false;
  }
  if (stored !== undefined && b.savedAt <= (stored.savedAt as number)) {
    result.unchanged++;
    return false;
  }
  await db.baselines.put(b);
  let newest = -Infinity;
  for (const s of Object.values(b.subjects)) for (const t of s.times) if (t > newest) newest = t;
  const lastDay = Number.isFinite(newest) ? Math.floor(newest / 86_400_000) : -Infinity;
  await db.learned.where('[tenant+day]').between([b.tenant, lastDay], [b.tenant, Infinity], false, true).delete();
  if (stored === undefined) result.added++;
  else result.updated++;
  return true;
}

/** The first and last UTC day of a baseline's retention window (ending at its newest event, as learning keeps it). */
function retentionDays(b: BaselineFile): { first: number; last: number } {
  let newest = -Infinity;
  for (const s of Object.values(b.subjects)) for (const t of s.times) if (t > newest) newest = t;
  if (!Number.isFinite(newest)) return { first: Infinity, last: -Infinity };
  return { first: Math.floor((newest - b.retentionDays * DAY_MS) / DAY_MS), last: Math.floor(newest / DAY_MS) };
}

/**
 * The file's learned ids by tenant, checked: each row names a tenant whose baseline the file
 * carries, a whole day and text ids. Masked like every id the store keeps; days outside the
 * baseline's window are dropped (the store would not keep them). A string says what is wrong.
 */
function learnedOf(raw: unknown, baselines: readonly BaselineFile[]): Map<string, LearnedDay[]> | string {
  const out = new Map<string, LearnedDay[]>();
  if (raw === undefined) return out;
  if (!Array.isArray(raw)) return 'learned: expected a list';
  const windows = new Map(baselines.map((b) => [b.tenant, retentionDays(b)]));
  for (const [i, row] of raw.entries()) {
    const r = row as { tenant?: unknown; day?: unknown; ids?: unknown } | null;
    if (
      !r ||
      typeof r !== 'object' ||
      typeof r.tenant !== 'string' ||
      !Number.isSafeInteger(r.day) ||
      !Array.isArray(r.ids)
    ) {
      return `learned #${i + 1}: expected { tenant, day, ids }`;
    }
    if (
      r.ids.length > MAX_IDS_PER_DAY ||
      !r.ids.every((id) => typeof id === 'string' && id.length > 0 && id.length <= 1_000)
    ) {
      return `learned #${i + 1}: ids must be at most ${MAX_IDS_PER_DAY} texts of 1 to 1,000 characters`;
    }
    const tenant = maskSecretsIn(r.tenant);
    const w = windows.get(tenant);
    if (!w) return `learned #${i + 1}: no baseline of tenant ${tenant.slice(0, 300)} in the file`;
    const day = r.day as number;
    if (day < w.first || day > w.last) continue;
    const list = out.get(tenant) ?? [];
    list.push({ tenant, day, ids: (r.ids as string[]).map((id) => maskSecretsIn(id)) });
    out.set(tenant, list);
  }
  return out;
}

/** Adds the file's learned ids of a restored baseline to the store's (a union per day). */
async function mergeLearned(db: TriageDb, rows: readonly LearnedDay[]): Promise<void> {
  for (const row of rows) {
    const stored = await db.learned.get([row.tenant, row.day]);
    const ids = new Set(stored?.ids ?? []);
    for (const id of row.ids) ids.add(id);
    await db.learned.put({ tenant: row.tenant, day: row.day, ids: [...ids] });
  }
}
