/**
 * The events of a case as the playbook steps read them (./l1-steps.ts, ./t2-actions.ts): the
 * subject's own events (the rule of ./open-case.ts, `eventConcerns`), flagged events (cited by
 * a finding), the flagged window from the first to the last flagged event whose time is known,
 * the baseline (the subject's unflagged, timed events before that window), and how an event's
 * source is named. Events without a readable time are never placed in a window or baseline. Pure.
 */
import type { Case, CaseEvent } from '../model/case';
import { eventConcerns } from './open-case';

/** The subject's own events (all of them for an input-wide subject). */
export function subjectEvents(c: Case): CaseEvent[] {
  return c.snapshot.events.filter((e) => eventConcerns(e, c.subject));
}

export const isTimed = (e: CaseEvent): boolean => e.timeKnown;

export const isFlagged = (e: CaseEvent): boolean => e.flagged.length > 0;

export interface TimeRange {
  from: number;
  to: number;
}

/** First to last flagged event with a known time, or null when no such event. */
export function flaggedWindow(events: readonly CaseEvent[]): TimeRange | null {
  return span(events.filter((e) => isTimed(e) && isFlagged(e)));
}

/** First to last timed event, or null when none has a time. */
export function span(events: readonly CaseEvent[]): TimeRange | null {
  let from = Infinity;
  let to = -Infinity;
  for (const e of events) {
    if (!isTimed(e)) continue;
    if (e.time < from) from = e.time;
    if (e.time > to) to = e.time;
  }
  return from <= to ? { from, to } : null;
}

/** The subject's unflagged timed events before the flagged window (empty without one). */
export function baselineEvents(events: readonly CaseEvent[]): CaseEvent[] {
  const w = flaggedWindow(events);
  if (!w) return [];
  return events.filter((e) => isTimed(e) && !isFlagged(e) && e.time < w.from);
}

/** `AS14061 DigitalOcean`, `AS14061`, the org alone, or undefined. */
export function networkName(e: Pick<CaseEvent, 'asn' | 'asOrg'>): string | undefined {
  if (e.asn !== undefined && e.asOrg) return `AS${e.asn} ${e.asOrg}`;
  if (e.asn !== undefined) return `AS${e.asn}`;
  return e.asOrg || undefined;
}

/** Where an event came from, as one label: the network, else the IP, else the caller. */
export function sourceLane(e: CaseEvent): string {
  return networkName(e) ?? e.ip ?? e.caller ?? 'Unknown source';
}

/** `203.0.113.66 (AS14061 DigitalOcean, NL)` */
export function sourceText(e: CaseEvent): string {
  const where = e.ip ?? e.caller ?? 'unknown source';
  const extra = [networkName(e), e.country].filter(Boolean).join(', ');
  return extra ? `${where} (${extra})` : where;
}
