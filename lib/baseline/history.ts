/**
 * What is normal for a subject (an identity `id:<actor>` or a token `tok:<credential>`): when each
 * value of each dimension was first seen, and when the subject was active. Built from older
 * events in the same input and, in the extension, seeded from stored history (lib/store), so
 * indicators ask one interface whichever way history arrived.
 */
import type { TokenEvent } from '../model/token-event';

export const DIMENSIONS = ['ip', 'asn', 'country', 'ua', 'app', 'action', 'network'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface History {
  /** Earliest time `value` was seen for `subject` in `dim`, or undefined. */
  firstSeen(subject: string, dim: Dimension, value: string): number | undefined;
  /** How many events of `subject` happened strictly before `time`. */
  countBefore(subject: string, time: number): number;
  /** Earliest activity of `subject`. */
  firstActivity(subject: string): number | undefined;
  /** Times (epoch ms, ascending) of the subject's events strictly before `time`. */
  timesBefore(subject: string, time: number): readonly number[];
  /** Everything learned, to be stored and read back (lib/baseline/baseline-file.ts). */
  snapshot(): HistorySnapshot;
}

/** A serializable snapshot of learned history (stored by lib/store in the extension). */
export interface HistorySnapshot {
  version: 1;
  subjects: Record<string, { times: number[]; seen: Partial<Record<Dimension, Record<string, number>>> }>;
}

export const identitySubject = (e: TokenEvent): string => 'id:' + e.actor.id;
export const tokenSubject = (e: TokenEvent): string | undefined =>
  e.credential?.id ? 'tok:' + e.credential.id : undefined;

/** What the sidebar and the findings say of a subject with no stored history. */
export const NO_HISTORY_YET = 'no history yet: judged on this view only';

const DAY_MS = 86_400_000;

/**
 * The span of a subject's stored times (only those before `before`, when given): first and last,
 * and the days between them, at least one. Undefined when none. The sidebar's "history: N days"
 * and the findings' "first time in N days of history" both count with it.
 */
export function historySpan(
  times: readonly number[],
  before?: number,
): { from: number; to: number; days: number } | undefined {
  let from = Infinity;
  let to = -Infinity;
  for (const t of times) {
    if (before && t >= before) continue;
    if (t < from) from = t;
    if (t > to) to = t;
  }
  return from > to ? undefined : { from, to, days: Math.max(1, Math.ceil((to - from) / DAY_MS)) };
}
