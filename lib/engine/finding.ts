/**
 * Building the Finding an indicator returns: its text, and the evidence fields taken from the
 * events that prove it — ids in time order (capped, with "(and N more events)" in the detail),
 * the identities and tokens involved, the time of the first evidence event whose time is known
 * (0 when none is). Every indicator
 * builds its findings here, so the cap, the order and the wording are the same everywhere.
 */
import { z } from 'zod';
import type { TokenEvent } from '../model/token-event';
import { hasCaller } from '../model/caller';
import { maskSecretsIn } from '../model/secret';
import { type Finding, type HistoryUse, type IndicatorId, type Severity, severityRank } from './types';

/** Evidence ids kept per finding (the brief's cap). */
export const MAX_EVIDENCE_EVENTS = 50;

/** The `maxEvidence` setting every indicator has: evidence ids kept per finding. */
export const maxEvidenceSetting = z.number().int().min(1).default(MAX_EVIDENCE_EVENTS);

export interface FindingText {
  severity: Severity;
  title: string;
  detail: string;
}

/** What the indicator knows better than the proof's own fields. */
export interface FindingScope {
  /** An event kept in the evidence even when the cap cuts (the success a run of failures led to). */
  keep?: TokenEvent;
  /** The identities involved, when not simply every actor of the proof in time order. */
  identities?: readonly string[];
  /** The credential ids involved, when not every credential of the proof (only the tokens a source is new for). */
  tokens?: readonly string[];
  /** The finding rests on the subject's history (Finding.restsOn): run.ts says how much there was. */
  restsOn?: HistoryUse;
}

/**
 * A finding from its text and the events that prove it (any order; an event listed twice counts
 * once). Over the cap, the earliest events are kept (and `scope.keep`), and the detail's last
 * sentence says how many more there are.
 */
export function findingFrom(
  indicator: IndicatorId,
  text: FindingText,
  proof: readonly TokenEvent[],
  maxEvents: number = MAX_EVIDENCE_EVENTS,
  scope: FindingScope = {},
): Finding {
  const sorted = isTimeOrdered(proof) ? proof : [...proof].sort((a, b) => a.time - b.time);
  const seen = new Set<string>();
  const ids: string[] = [];
  const identities = new Set<string>();
  const tokens = new Set<string>();
  for (const e of sorted) {
    if (!seen.has(e.id)) {
      seen.add(e.id);
      ids.push(e.id);
    }
    // A record without a caller names no identity (lib/model/caller.ts).
    if (!scope.identities && hasCaller(e)) identities.add(e.actor.id);
    if (!scope.tokens && e.credential?.id) tokens.add(e.credential.id);
  }
  const cap = Math.max(1, maxEvents);
  const more = ids.length - cap;
  return {
    indicator,
    severity: text.severity,
    title: text.title,
    detail: more > 0 ? withMoreNote(text.detail, more) : text.detail,
    events: more > 0 ? capIds(ids, cap, scope.keep?.id) : ids,
    identities: scope.identities ? [...scope.identities] : [...identities],
    tokens: scope.tokens ? [...scope.tokens] : [...tokens],
    // Records without a readable time sort first at time 0: the finding's time is the first known one.
    time: sorted.find((e) => e.timeKnown !== false)?.time ?? 0,
    ...(scope.restsOn ? { restsOn: scope.restsOn } : {}),
  };
}

function isTimeOrdered(events: readonly TokenEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (events[i]!.time < events[i - 1]!.time) return false;
  return true;
}

/** The first `cap` ids, or, with an id to keep, the first `cap - 1` others and it, in time order. */
function capIds(ids: readonly string[], cap: number, keep: string | undefined): string[] {
  if (keep === undefined || ids.indexOf(keep) < cap) return ids.slice(0, cap);
  const out: string[] = [];
  for (const id of ids) {
    if (id === keep || out.length < cap - 1) out.push(id);
    if (id === keep) break;
  }
  return out;
}

/** " (and N more events)" at the end of the detail's last sentence. */
function withMoreNote(detail: string, more: number): string {
  const note = ` (and ${more} more events)`;
  return detail.endsWith('.') ? `${detail.slice(0, -1)}${note}.` : detail + note;
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/** The weaker of two severities: a cap. */
export function minSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) <= severityRank(b) ? a : b;
}

/**
 * Attacker-controlled text (names, policy JSON) shortened for a one-line detail. Secrets in it are
 * masked first: a secret cut short by the clip would no longer be recognised, and its first
 * characters would stay in the finding (and in every case and export made from it).
 */
export function clip(s: string, max = 160): string {
  const flat = maskSecretsIn(s).replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

/** "A, B, C (+4 more)" for a detail line. */
export function listSome(values: Iterable<string>, max = 8, clipAt = 80): string {
  const all = [...values];
  const shown = all.slice(0, max).map((v) => clip(v, clipAt));
  return all.length > max ? `${shown.join(', ')} (+${all.length - max} more)` : shown.join(', ');
}
