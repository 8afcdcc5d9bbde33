/**
 * The store's error and read-problem types, and the wording of schema failures. One place, so
 * every message the analyst sees from lib/store reads the same way and says what was kept.
 */
import type { z } from 'zod';

/** A refusal from the store, with a message meant to be shown to the analyst as is. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}

/** A stored record that failed its schema on the way out: named, with its reason, never dropped. */
export interface ReadProblem {
  table: 'cases' | 'notes';
  /** The record's key as text (`caseId/stepId` for notes). */
  id: string;
  reason: string;
}

/** One record read back: the value when it is valid, otherwise the problem. */
export interface Read<T> {
  value: T | undefined;
  problems: ReadProblem[];
}

/** Records read back: the valid ones, and a problem for each one that is not. */
export interface ReadMany<T> {
  items: T[];
  problems: ReadProblem[];
}

/** The first few zod issues as one line: `path: message; path: message`. */
export function describeIssues(error: z.ZodError, max = 3, root = 'whole record'): string {
  const parts = error.issues
    .slice(0, max)
    .map((i) => `${i.path.length ? i.path.join('.') : `(${root})`}: ${i.message}`);
  const more = error.issues.length > max ? ` (and ${error.issues.length - max} more)` : '';
  return parts.join('; ') + more;
}
