/**
 * Turning the events behind a finding into the Finding's evidence fields: ids in time order
 * (capped, with "and N more" in the detail), the identities and tokens involved, the time of
 * the first evidence event. Shared by every indicator so the cap and the wording are the same.
 */
import type { TokenEvent } from '../../../model/token-event';
import { type Finding, type IndicatorId, type Severity, severityRank } from '../../types';

/** Evidence ids kept per finding (the brief's cap). */
export const MAX_EVIDENCE_EVENTS = 50;

export interface FindingText {
  severity: Severity;
  title: string;
  detail: string;
}

/** A finding from its text and the events that prove it (any order; duplicates are dropped). */
export function findingFrom(
  indicator: IndicatorId,
  text: FindingText,
  proof: readonly TokenEvent[],
  maxEvents: number = MAX_EVIDENCE_EVENTS,
): Finding {
  const sorted = [...proof].sort((a, b) => a.time - b.time);
  const seen = new Set<string>();
  const ids: string[] = [];
  const identities = new Set<string>();
  const tokens = new Set<string>();
  for (const e of sorted) {
    if (!seen.has(e.id)) {
      seen.add(e.id);
      ids.push(e.id);
    }
    identities.add(e.actor.id);
    if (e.credential?.id) tokens.add(e.credential.id);
  }
  const cap = Math.max(1, maxEvents);
  const more = ids.length - cap;
  return {
    indicator,
    severity: text.severity,
    title: text.title,
    detail: more > 0 ? `${text.detail} (and ${more} more events)` : text.detail,
    events: more > 0 ? ids.slice(0, cap) : ids,
    identities: [...identities],
    tokens: [...tokens],
    time: sorted[0]?.time ?? 0,
  };
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/** Attacker-controlled text (names, policy JSON) shortened for a one-line detail. */
export function clip(s: string, max = 160): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

/** "A, B, C (+4 more)" for a detail line. */
export function listSome(values: Iterable<string>, max = 8, clipAt = 80): string {
  const all = [...values];
  const shown = all.slice(0, max).map((v) => clip(v, clipAt));
  return all.length > max ? `${shown.join(', ')} (+${all.length - max} more)` : shown.join(', ');
}
