/**
 * "Open case" on an identity or token: the subject's case that is not closed yet, or a new one
 * opened from the analysis on screen (lib/playbook/open-case.ts). One case per subject while it
 * is being worked, so two clicks (or two tabs) do not split the analyst's notes across cases.
 */
import type { CaseSnapshot, CaseSubject } from '../model/case';
import { openCase, type CaseAnalysis } from '../playbook/open-case';
import type { CaseStore } from './cases';

export interface CaseForSubjectInput {
  analysis: CaseAnalysis;
  subject: CaseSubject;
  source: CaseSnapshot['source'];
  analyst: string;
  now: number;
  /** A new case id (crypto.randomUUID() in the extension). */
  newId(): string;
}

/** The id of the subject's case, and whether it was created now. */
export async function caseForSubject(
  store: CaseStore,
  input: CaseForSubjectInput,
): Promise<{ id: string; created: boolean }> {
  const c = openCase({
    id: input.newId(),
    analysis: input.analysis,
    subject: input.subject,
    source: input.source,
    analyst: input.analyst,
    now: input.now,
  });
  // Look up and create in one read-write transaction: two clicks or two tabs at once get one case.
  return store.db.transaction('rw', store.db.cases, async () => {
    const existing = (await store.findBySubject(input.subject.kind, input.subject.id)).items.find(
      (x) => x.status !== 'closed',
    );
    if (existing) return { id: existing.id, created: false };
    await store.createCase(c);
    return { id: c.id, created: true };
  });
}
