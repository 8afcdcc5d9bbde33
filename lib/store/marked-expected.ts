/**
 * "Mark as expected" in the cases (issue 10): when the analyst puts a finding's activity on the
 * team's allow-list, each open case of the finding's subjects (its identities and tokens) gets a
 * line in its case-wide note ("Marked as expected: …", with the entry, the reason, the expiry,
 * who and when), so the decision travels with the case into every export. Appended in one
 * transaction per call, masked like every note; closed cases are left as they are.
 */
import { GENERAL_NOTE, NoteSchema, type CaseSubject } from '../model/case';
import { maskSecretsIn } from '../model/secret';
import { readCasesBySubject } from './cases';
import type { TriageDb } from './db';

export interface MarkedExpected {
  /** The entry in the analyst's words ("alice's activity from 203.0.113.9 (this address only)"). */
  words: string;
  reason: string;
  /** ISO date after which the entry no longer applies. */
  expires?: string;
  /** The finding's title. */
  finding: string;
}

/** The note line: "Marked as expected (2026-10-01 12:00 UTC, A. Analyst): …". */
export function markedExpectedLine(m: MarkedExpected, by: string, at: number): string {
  const when = new Date(at).toISOString().slice(0, 16).replace('T', ' ');
  return `Marked as expected (${when} UTC, ${by}): ${m.words}. Reason: ${m.reason}.${m.expires ? ` Until ${m.expires}.` : ''} Finding: ${m.finding}`;
}

/** Appends the line to the general note of every open case of `subjects`; the ids of the cases it went to. */
export async function recordMarkedExpected(
  db: TriageDb,
  subjects: readonly CaseSubject[],
  m: MarkedExpected,
  by: string,
  at: number,
): Promise<string[]> {
  const line = maskSecretsIn(markedExpectedLine(m, by, at));
  return db.transaction('rw', db.cases, db.notes, async () => {
    const ids: string[] = [];
    for (const s of subjects) {
      for (const c of (await readCasesBySubject(db, s.kind, s.id)).items) {
        if (c.status !== 'closed' && !ids.includes(c.id)) ids.push(c.id);
      }
    }
    const written: string[] = [];
    for (const caseId of ids) {
      const prev = (await db.notes.get([caseId, GENERAL_NOTE])) as { text?: unknown } | undefined;
      const before = typeof prev?.text === 'string' ? prev.text : '';
      const parsed = NoteSchema.safeParse({
        caseId,
        stepId: GENERAL_NOTE,
        text: before ? `${before.replace(/\n+$/, '')}\n${line}` : line,
        by: maskSecretsIn(by),
        updatedAt: at,
      });
      if (!parsed.success) continue; // a note at its size limit keeps its text
      await db.notes.put(parsed.data);
      written.push(caseId);
    }
    return written;
  });
}
