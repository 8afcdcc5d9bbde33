/**
 * Novelty against history: whether a value is new for a subject at a time, and whether the
 * subject's history before that time is warm enough for "new" to mean anything (docs/detections.md,
 * 'new-source': a value is only new against a warm history; Entra unfamiliarFeatures learns ≥ 5 days,
 * unlikelyTravel 10 logins). Pure functions over the History interface, so every indicator asks
 * these questions the same way, whichever way the history arrived.
 */
import type { Dimension, History } from './history';

/** `value` had not been seen for `subject` in `dim` before `time`: never, or first at or after `time`. */
export function isFirstSeen(history: History, subject: string, dim: Dimension, value: string, time: number): boolean {
  const first = history.firstSeen(subject, dim, value);
  return first === undefined || first >= time;
}

/**
 * The subject has at least `minEvents` events before `time` and, when `minSpanMs` is given, was
 * first active at least `minSpanMs` before `time`.
 */
export function hasWarmHistory(
  history: History,
  subject: string,
  time: number,
  minEvents: number,
  minSpanMs?: number,
): boolean {
  if (history.countBefore(subject, time) < minEvents) return false;
  if (minSpanMs === undefined) return true;
  const first = history.firstActivity(subject);
  return first !== undefined && time - first >= minSpanMs;
}

/** First seen at `time` against a warm history: {@link hasWarmHistory} and {@link isFirstSeen}. False on a cold start. */
export function isFirstSeenWithWarmHistory(
  history: History,
  subject: string,
  dim: Dimension,
  value: string,
  time: number,
  minEvents: number,
  minSpanMs?: number,
): boolean {
  return (
    hasWarmHistory(history, subject, time, minEvents, minSpanMs) && isFirstSeen(history, subject, dim, value, time)
  );
}

const DAY_MS = 86_400_000;

/**
 * Distinct UTC days with activity of `subject` before `time`. Counts how much of a person's life
 * the history has seen: seventy API calls in two console sessions are two days, not seventy
 * sign-ins (Entra's sign-in risk learns over days and logins, not API calls).
 */
export function activeDaysBefore(history: History, subject: string, time: number): number {
  let days = 0;
  let last = NaN;
  for (const t of history.timesBefore(subject, time)) {
    const d = Math.floor(t / DAY_MS);
    if (d !== last) {
      days++;
      last = d;
    }
  }
  return days;
}
