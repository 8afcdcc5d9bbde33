/**
 * Stored baselines as the extension judges a page with them (issue 10). Pure.
 *
 * `historyBeforeView` gives the engine what was known before the rows on screen: each subject's
 * stored history is cut at that subject's earliest event in the view. The background adds the
 * view's own events to the stored baseline after judging it; without the cut, judging the same
 * rows again (new rows arrived, a service-worker restart resent them) would compare them with
 * themselves and count them twice (once stored, once in the input). With it, the verdict on a
 * view is the same before and after its rows were learned.
 *
 * `knownHistory` says per identity of the view what the history is, in the analyst's words:
 * "history: 23 days, 412 events (since 2026-09-01)" or "no history yet: judged on this view only".
 *
 * Two tenants never mix: an event that does not say its account, tenant or org (most console
 * list views show none: the CloudTrail Event history list, Okta, a GCP user's entries) has no
 * stored history and is never learned, as "alice" in one AWS account is not "alice" in another,
 * unless the page itself says whose rows they are (SiteReader.tenant: the Okta org's host, the
 * GCP project in the URL, the AWS account menu), which the background stamps on them.
 */
import type { TokenEvent } from '../model/token-event';
import { hasCaller } from '../model/caller';
import { type BaselineFile, mergeSnapshots, tenantOf } from './baseline-file';
import {
  DIMENSIONS,
  type HistorySnapshot,
  historySpan,
  identitySubject,
  NO_HISTORY_YET,
  tokenSubject,
} from './history';

/** Whether a stored baseline may hold the event: it has a time and says which tenant it is of. */
export const isLearnable = (e: TokenEvent): boolean => e.timeKnown !== false && !!e.actor.account;

/** The tenants the events belong to (lib/baseline/baseline-file.ts tenantOf), each once; events of no known tenant have none. */
export function tenantsOf(events: readonly TokenEvent[]): string[] {
  const out = new Set<string>();
  for (const e of events) if (isLearnable(e)) out.add(tenantOf(e));
  return [...out].sort();
}

/** Each subject's earliest event time in the view (identities with a caller, and tokens). */
function firstInView(events: readonly TokenEvent[]): Map<string, number> {
  const first = new Map<string, number>();
  const note = (s: string, t: number) => {
    const prev = first.get(s);
    if (prev === undefined || t < prev) first.set(s, t);
  };
  for (const e of events) {
    if (!isLearnable(e)) continue;
    if (hasCaller(e)) note(identitySubject(e), e.time);
    const tok = tokenSubject(e);
    if (tok) note(tok, e.time);
  }
  return first;
}

/**
 * The stored history the view is judged with: the view's subjects from the tenants' baselines,
 * each cut strictly before its first event in the view. Undefined when nothing is stored (cold).
 */
export function historyBeforeView(
  files: readonly BaselineFile[],
  events: readonly TokenEvent[],
): HistorySnapshot | undefined {
  if (!files.length) return undefined;
  const cuts = firstInView(events);
  // Only the view's subjects: indicators ask about the identities and tokens of the events they
  // judge, so a tenant of 10,000 identities costs the view what its own few subjects cost.
  const parts: HistorySnapshot[] = files.map((f) => {
    const subjects: HistorySnapshot['subjects'] = {};
    for (const subject of cuts.keys()) {
      const s = f.subjects[subject];
      if (s) subjects[subject] = s;
    }
    return { version: 1, subjects };
  });
  const merged = parts.length === 1 ? parts[0]! : mergeSnapshots(parts);
  const subjects: HistorySnapshot['subjects'] = {};
  for (const [subject, s] of Object.entries(merged.subjects)) {
    const cut = cuts.get(subject)!;
    const times = s.times.filter((t) => t < cut);
    const seen: HistorySnapshot['subjects'][string]['seen'] = {};
    let values = 0;
    for (const dim of DIMENSIONS) {
      const from = s.seen[dim];
      if (!from) continue;
      const kept = Object.entries(from).filter(([, t]) => t < cut);
      if (kept.length) {
        seen[dim] = Object.fromEntries(kept);
        values += kept.length;
      }
    }
    if (times.length || values) subjects[subject] = { times, seen };
  }
  return { version: 1, subjects };
}

export interface IdentityHistoryView {
  /** The identity (actor id) as the view names it. */
  id: string;
  /** Stored events of the identity before the view. */
  events: number;
  /** Days from the first to the last stored event (at least 1 when there is any). */
  days: number;
  /** The first stored event. */
  since?: number;
  /** What the sidebar shows, as text. */
  text: string;
  /** Not an identity: a tenant whose stored baseline could not be read (damagedBaselines). */
  kind?: 'damaged-baseline';
}

/**
 * A stored baseline that fails validation, as the sidebar lists it with the identities (keyed by
 * its tenant): what happened and what to do. Its rows are judged without it and not learned
 * (lib/store/baselines.ts never overwrites it), so the analyst must know the history is missing.
 */
export function damagedBaselines(problems: readonly { tenant: string; detail?: string }[]): IdentityHistoryView[] {
  const seen = new Set<string>();
  const out: IdentityHistoryView[] = [];
  for (const p of problems) {
    if (seen.has(p.tenant)) continue;
    seen.add(p.tenant);
    out.push({
      id: p.tenant,
      events: 0,
      days: 0,
      kind: 'damaged-baseline',
      text:
        `the stored baseline for tenant ${p.tenant} could not be read${p.detail ? ` (${p.detail})` : ''}; ` +
        `it was set aside: this view is judged without it and its rows are not learned. Delete all stored ` +
        `data (options page) or restore a backup to replace it.`,
    });
  }
  return out;
}

/** At most this many identities are described (a view can hold thousands of rows). */
export const MAX_IDENTITIES_DESCRIBED = 200;

/** Per identity of the view, what the history it was judged with holds. */
export function knownHistory(
  history: HistorySnapshot | undefined,
  events: readonly TokenEvent[],
): IdentityHistoryView[] {
  const ids = new Map<string, boolean>(); // identity → some event of it names its tenant
  for (const e of events)
    if (e.timeKnown !== false && hasCaller(e)) ids.set(e.actor.id, ids.get(e.actor.id) === true || isLearnable(e));
  const out: IdentityHistoryView[] = [];
  for (const [id, tenantKnown] of [...ids].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (out.length >= MAX_IDENTITIES_DESCRIBED) break;
    if (!tenantKnown) {
      out.push({
        id,
        events: 0,
        days: 0,
        text: 'no history: this view does not show the account or tenant, so it is judged on this view only and not learned',
      });
      continue;
    }
    const times = history?.subjects['id:' + id]?.times ?? [];
    if (!times.length) {
      out.push({ id, events: 0, days: 0, text: NO_HISTORY_YET });
      continue;
    }
    const { from, days } = historySpan(times)!;
    const day = new Date(from).toISOString().slice(0, 10);
    out.push({
      id,
      events: times.length,
      days,
      since: from,
      text: `history: ${days} day${days === 1 ? '' : 's'}, ${times.length} event${times.length === 1 ? '' : 's'} (since ${day})`,
    });
  }
  return out;
}
