/**
 * How much history a finding was judged against, in its own detail (issue 10): "first time in 23
 * days of history for this identity" when a stored baseline held the subject before the finding,
 * "no history yet: judged on this view only" when it did not. One place for every indicator: an
 * indicator only declares that a finding rests on history (Finding.restsOn) and run.ts appends
 * the clause when a stored history applies (the CLI's --history, the extension's baselines).
 * Without one (the CLI as it always was, a file import) findings keep their text. Pure.
 *
 * The days are those of the stored history alone, counted as the sidebar counts them
 * (lib/baseline/view-history.ts knownHistory): from the subject's first to its last stored event
 * before the finding, at least one. The input's own earlier rows are not "history" here: they are
 * what the view shows.
 */
import { type HistorySnapshot, historySpan, NO_HISTORY_YET } from '../baseline/history';
import type { Finding, HistoryUse } from './types';

export const NO_HISTORY_CLAUSE = NO_HISTORY_YET;

/** The subject a finding's history is that of: its first identity, else its first token. */
function subjectOf(f: Finding): { key: string; words: string } | undefined {
  if (f.identities[0]) return { key: 'id:' + f.identities[0], words: 'this identity' };
  if (f.tokens[0]) return { key: 'tok:' + f.tokens[0], words: 'this token' };
  return undefined;
}

/** The clause for a finding that rests on history, against the stored history (undefined: none stored). */
export function historyClause(stored: HistorySnapshot | undefined, f: Finding, use: HistoryUse): string {
  const subject = subjectOf(f);
  const known = subject ? historySpan(stored?.subjects[subject.key]?.times ?? [], f.time || undefined) : undefined;
  if (!subject || !known) return NO_HISTORY_CLAUSE;
  const days = known.days;
  const span = `${days} day${days === 1 ? '' : 's'} of history for ${subject.words}`;
  return use === 'first-seen' ? `first time in ${span}` : `judged against ${span}`;
}

/** The finding with its history clause as the detail's last sentence (once: a cold indicator may say it already). */
export function withHistoryClause(f: Finding, stored: HistorySnapshot | undefined): Finding {
  if (!f.restsOn) return f;
  const clause = historyClause(stored, f, f.restsOn);
  if (clause === NO_HISTORY_CLAUSE && f.detail.includes('judged on this view only')) return f;
  const detail = f.detail.trimEnd();
  const sentence = clause.charAt(0).toUpperCase() + clause.slice(1) + '.';
  return { ...f, detail: `${detail}${/[.!?]$/.test(detail) ? '' : '.'} ${sentence}` };
}
