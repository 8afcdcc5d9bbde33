/**
 * Stored baselines (issue 10): one row per tenant, the row being exactly the BaselineFile the
 * CLI's `--history DIR` writes, so a baseline moves between them as it is.
 *
 * Learning adds events to their tenant's baseline the way the CLI does (lib/engine/learn-baseline.ts:
 * same context, same 30-day retention ending at the tenant's newest activity), but each event id
 * only once per tenant: the `learned` table holds the ids inside the retention window (one row per
 * tenant and day of the events, so a page of rows reads and writes a few rows). Rows are
 * sent again all the time (a frame resyncs after a service-worker restart, the same page is
 * opened again tomorrow, rows scroll back into view), and each copy would otherwise add its time
 * again and skew "how often" and "at what hours". An id that has left the window is forgotten;
 * learning it again cannot count it twice, as its time is outside the window too and retention
 * drops it (first-seen values are minima, so learning is idempotent for them).
 *
 * Events that do not say their tenant are not learned (lib/baseline/view-history.ts isLearnable).
 * A stored row that fails the baseline schema is reported and never overwritten by learning.
 */
import Dexie from 'dexie';
import type { TokenEvent } from '../model/token-event';
import type { IntelProvider } from '../intel/intel-provider';
import { type BaselineFile, BaselineFileSchema, tenantOf } from '../baseline/baseline-file';
import { learnedBaselines } from '../engine/learn-baseline';
import { isLearnable } from '../baseline/view-history';
import { maskSecretsIn } from '../model/secret';
import type { LearnedDay, TriageDb } from './db';

const DAY_MS = 86_400_000;
const dayOf = (t: number): number => Math.floor(t / DAY_MS);

export interface BaselineProblem {
  tenant: string;
  reason: string;
  /** What is wrong with it, short ("subjects.x.times.0: expected number"), for the sidebar. */
  detail?: string;
}

export interface LearnReport {
  tenant: string;
  /** Events added to the baseline now. */
  learned: number;
  /** Events this tenant's baseline had already learned (sent again). */
  known: number;
  /** Why nothing was learned for the tenant (its stored row is damaged). */
  refused?: string;
}

/** The baselines stored for `tenants` (the background judges a view with them), checked. */
export async function readBaselines(
  db: TriageDb,
  tenants: readonly string[],
): Promise<{ files: BaselineFile[]; problems: BaselineProblem[] }> {
  const rows: unknown[] = await db.baselines.bulkGet([...tenants]);
  const files: BaselineFile[] = [];
  const problems: BaselineProblem[] = [];
  rows.forEach((raw, i) => {
    if (raw === undefined) return;
    const r = checkBaseline(raw, tenants[i]!);
    if (r.ok) files.push(r.file);
    else problems.push({ tenant: tenants[i]!, reason: r.reason, detail: r.detail });
  });
  return { files, problems };
}

function checkBaseline(
  raw: unknown,
  tenant: string,
): { ok: true; file: BaselineFile } | { ok: false; reason: string; detail: string } {
  const p = BaselineFileSchema.safeParse(raw);
  if (!p.success) {
    const issue = p.error.issues[0];
    const detail = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
    return {
      ok: false,
      reason: `The stored baseline of ${tenant} is damaged (${detail}); it was left as it is.`,
      detail,
    };
  }
  if (p.data.tenant !== tenant)
    return {
      ok: false,
      reason: `The stored baseline under ${tenant} names tenant ${p.data.tenant}; it was left as it is.`,
      detail: `it names tenant ${p.data.tenant}`,
    };
  return { ok: true, file: p.data };
}

/** The newest activity of a baseline (retention ends there, as in the CLI). */
function newestOf(file: BaselineFile): number {
  let newest = -Infinity;
  for (const s of Object.values(file.subjects)) for (const t of s.times) if (t > newest) newest = t;
  return newest;
}

/**
 * Adds the events to their tenants' baselines, each event id once per tenant. One transaction per
 * tenant: the baseline and its learned ids change together or not at all.
 */
export async function learnEvents(
  db: TriageDb,
  events: readonly TokenEvent[],
  intel: IntelProvider | undefined,
  now: number,
  /** Told each baseline written, once its transaction committed (the background's cache takes it as is). */
  onSaved?: (file: BaselineFile) => void,
  /** The team's retention setting (settings `baseline.retentionDays`); without it, the stored file's. */
  retentionDays?: number,
): Promise<LearnReport[]> {
  const byTenant = new Map<string, Map<string, TokenEvent>>();
  for (const e of events) {
    if (!isLearnable(e)) continue; // no time, or no tenant: two tenants never mix
    const tenant = tenantOf(e);
    let m = byTenant.get(tenant);
    if (!m) byTenant.set(tenant, (m = new Map()));
    // Ids are kept masked like everything at rest (a record id is log text; a secret in one stays out).
    const id = maskSecretsIn(e.id);
    if (!m.has(id)) m.set(id, e); // one row shown twice (two frames, a selection) is one event
  }
  const reports: LearnReport[] = [];
  for (const [tenant, byId] of byTenant) {
    let saved: BaselineFile | undefined;
    reports.push(
      await db.transaction('rw', db.baselines, db.learned, async (): Promise<LearnReport> => {
        const days = [...new Set([...byId.values()].map((e) => dayOf(e.time)))];
        const rows = await db.learned.bulkGet(days.map((d) => [tenant, d] as [string, number]));
        const had = new Map<number, Set<string>>(days.map((d, i) => [d, new Set(rows[i]?.ids ?? [])]));
        const fresh: TokenEvent[] = [];
        const freshIds: string[] = [];
        for (const [id, e] of byId) {
          if (had.get(dayOf(e.time))!.has(id)) continue;
          fresh.push(e);
          freshIds.push(id);
        }
        const known = byId.size - fresh.length;
        if (!fresh.length) return { tenant, learned: 0, known };
        const raw: unknown = await db.baselines.get(tenant);
        let stored: BaselineFile | undefined;
        if (raw !== undefined) {
          const r = checkBaseline(raw, tenant);
          if (!r.ok) return { tenant, learned: 0, known, refused: r.reason };
          stored = r.file;
        }
        const [file] = learnedBaselines(stored ? [stored] : [], fresh, intel, now, retentionDays);
        if (!file) return { tenant, learned: 0, known };
        await db.baselines.put(file);
        saved = file;
        const touched = new Map<number, LearnedDay>();
        fresh.forEach((e, i) => {
          const d = dayOf(e.time);
          let row = touched.get(d);
          if (!row) touched.set(d, (row = { tenant, day: d, ids: [...had.get(d)!] }));
          row.ids.push(freshIds[i]!);
        });
        await db.learned.bulkPut([...touched.values()]);
        // Days that left the window: their times are gone from the baseline too.
        const newest = newestOf(file);
        if (Number.isFinite(newest)) {
          const firstDay = dayOf(newest - file.retentionDays * DAY_MS);
          await db.learned
            .where('[tenant+day]')
            .between([tenant, Dexie.minKey], [tenant, firstDay], true, false)
            .delete();
        }
        return { tenant, learned: fresh.length, known };
      }),
    );
    if (saved) onSaved?.(saved);
  }
  return reports;
}

/** Every stored baseline, checked (for the backup), and the rows that are not baselines. */
export async function allBaselines(db: TriageDb): Promise<{ files: BaselineFile[]; problems: BaselineProblem[] }> {
  const rows: unknown[] = await db.baselines.toArray();
  const files: BaselineFile[] = [];
  const problems: BaselineProblem[] = [];
  for (const raw of rows) {
    const tenant = typeof (raw as { tenant?: unknown })?.tenant === 'string' ? (raw as { tenant: string }).tenant : '?';
    const r = checkBaseline(raw, tenant);
    if (r.ok) files.push(r.file);
    else problems.push({ tenant, reason: r.reason });
  }
  return { files: files.sort((a, b) => (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : 0)), problems };
}

/** How many event ids the tenant's baseline (or every baseline) has learned. */
export async function learnedIdCount(db: TriageDb, tenant?: string): Promise<number> {
  const rows =
    tenant === undefined
      ? await db.learned.toArray()
      : await db.learned.where('[tenant+day]').between([tenant, Dexie.minKey], [tenant, Dexie.maxKey]).toArray();
  return rows.reduce((n, r) => n + r.ids.length, 0);
}
