/**
 * A stored baseline (issue 10): what the engine learned about each identity and token of one
 * tenant, as a JSON document the CLI keeps in its `--history DIR` (one file per tenant, so two
 * tenants never share a file) and reads back on the next scan. Pure: validation, the tenant of an
 * event, retention and merging; reading and writing files is the caller's (cli/history-dir.ts).
 *
 * The subjects are the engine's own HistorySnapshot (lib/baseline/history.ts): event times and
 * the first time each value of each dimension (IP, ASN, country, user agent, app, action, network
 * kind) was seen. Retention drops event times older than the window and subjects with no activity
 * inside it; a value first seen before the window stays known while its subject is active.
 */
import * as z from 'zod/mini';
import type { TokenEvent } from '../model/token-event';
import { DIMENSIONS, type HistorySnapshot } from './history';
import { maskSecretsIn } from '../model/secret';

export const BASELINE_FORMAT = 'token-triage-baseline';
export const BASELINE_VERSION = 1;
export const DEFAULT_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;

const seenSchema = z.partialRecord(z.enum(DIMENSIONS), z.record(z.string(), z.number()));
export const BaselineFileSchema = z.object({
  format: z.literal(BASELINE_FORMAT),
  version: z.literal(BASELINE_VERSION),
  /** `provider:account` (lib/baseline/baseline-file.ts tenantOf). */
  tenant: z.string().check(z.minLength(1), z.maxLength(300)),
  savedAt: z.number(),
  retentionDays: z.number().check(z.positive()),
  subjects: z.record(z.string(), z.object({ times: z.array(z.number()), seen: seenSchema })),
});
export type BaselineFile = z.infer<typeof BaselineFileSchema>;

/** The tenant an event belongs to: its provider and the account, tenant, project or org of the actor. */
export function tenantOf(e: TokenEvent): string {
  return `${e.provider}:${e.actor.account ?? 'unknown'}`;
}

/** A file name for a tenant: readable, and safe on every file system. */
export function baselineFileName(tenant: string): string {
  return `${tenant.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120)}.baseline.json`;
}

/** Reads a stored baseline, or says plainly why it is not one (corrupt, foreign, a newer version). */
export function parseBaselineFile(
  text: string,
  name: string,
): { ok: true; file: BaselineFile } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: `${name} is not JSON (a damaged baseline file?)` };
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== BASELINE_FORMAT)
    return { ok: false, error: `${name} is not a Token Triage baseline (format ${JSON.stringify(format ?? null)})` };
  const version = (raw as { version?: unknown }).version;
  if (version !== BASELINE_VERSION)
    return {
      ok: false,
      error: `${name} is a baseline of version ${JSON.stringify(version)}; this build reads version ${BASELINE_VERSION}`,
    };
  const parsed = BaselineFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `${name} is damaged: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
    };
  }
  return { ok: true, file: parsed.data };
}

/** The history of one tenant, cut to the retention window ending at `now`. */
export function retain(snapshot: HistorySnapshot, now: number, retentionDays: number): HistorySnapshot {
  const cutoff = now - retentionDays * DAY_MS;
  const subjects: HistorySnapshot['subjects'] = {};
  for (const [subject, s] of Object.entries(snapshot.subjects)) {
    const times = s.times.filter((t) => t >= cutoff);
    if (!times.length) continue; // no activity inside the window: forgotten
    subjects[subject] = { times, seen: s.seen };
  }
  return { version: 1, subjects };
}

/** Several tenants' histories as one for the engine (subject keys hold ARNs, UPNs, org ids: they do not collide). */
export function mergeSnapshots(snapshots: readonly HistorySnapshot[]): HistorySnapshot {
  const subjects: HistorySnapshot['subjects'] = {};
  for (const snap of snapshots) {
    for (const [subject, s] of Object.entries(snap.subjects)) {
      const prev = subjects[subject];
      if (!prev) {
        subjects[subject] = { times: [...s.times], seen: { ...s.seen } };
        continue;
      }
      prev.times.push(...s.times);
      for (const dim of DIMENSIONS) {
        const add = s.seen[dim];
        if (!add) continue;
        const into = (prev.seen[dim] = { ...prev.seen[dim] });
        for (const [v, t] of Object.entries(add)) if (into[v] === undefined || t < into[v]!) into[v] = t;
      }
    }
  }
  return { version: 1, subjects };
}

/** What a stored history covers, for the report: "23 days of history for 412 identities". */
export function historySummary(snapshot: HistorySnapshot): {
  identities: number;
  tokens: number;
  days: number;
  from?: number;
  to?: number;
} {
  let identities = 0;
  let tokens = 0;
  let from = Infinity;
  let to = -Infinity;
  for (const [subject, s] of Object.entries(snapshot.subjects)) {
    if (subject.startsWith('id:')) identities++;
    else if (subject.startsWith('tok:')) tokens++;
    for (const t of s.times) {
      if (t < from) from = t;
      if (t > to) to = t;
    }
  }
  if (from > to) return { identities, tokens, days: 0 };
  return { identities, tokens, days: Math.max(1, Math.ceil((to - from) / DAY_MS)), from, to };
}

/**
 * The document to store. No raw secret at rest (DESIGN.md): subject names and seen values (user
 * agents, actions, app ids) are masked like everything else that is kept. A value that held a
 * secret is then "new" again on the next scan, which is the right answer for such a value.
 */
/** Masked seen values, remembered: user agents, actions and apps repeat across identities and saves. */
const maskMemo = new Map<string, string>();
function maskedValue(v: string): string {
  let m = maskMemo.get(v);
  if (m === undefined) {
    if (maskMemo.size >= 50_000) maskMemo.clear();
    maskMemo.set(v, (m = maskSecretsIn(v)));
  }
  return m;
}

export function toBaselineFile(
  tenant: string,
  snapshot: HistorySnapshot,
  savedAt: number,
  retentionDays: number,
): BaselineFile {
  const subjects: HistorySnapshot['subjects'] = {};
  for (const [subject, s] of Object.entries(snapshot.subjects)) {
    const seen: HistorySnapshot['subjects'][string]['seen'] = {};
    for (const dim of DIMENSIONS) {
      const values = s.seen[dim];
      if (!values) continue;
      const out: Record<string, number> = {};
      for (const [v, t] of Object.entries(values)) {
        const k = maskedValue(v);
        if (out[k] === undefined || t < out[k]!) out[k] = t;
      }
      seen[dim] = out;
    }
    subjects[maskSecretsIn(subject)] = { times: s.times, seen };
  }
  return {
    format: BASELINE_FORMAT,
    version: BASELINE_VERSION,
    tenant: maskSecretsIn(tenant),
    savedAt,
    retentionDays,
    subjects,
  };
}
