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
