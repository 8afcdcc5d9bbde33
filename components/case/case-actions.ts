/**
 * What a case view can ask of the store, with the case, the analyst and the time bound by the
 * sidebar's wiring (entrypoints/sidebar). Views call these; they never write the store themselves.
 */
import type { Case, CaseStatus, Note } from '../../lib/model/case';

export type AnswerValue = 'yes' | 'no' | 'unknown';
export type ChecklistState = 'done' | 'not-applicable';

export interface CaseActions {
  setAnswer(questionId: string, answer: AnswerValue, confirmed: boolean): Promise<unknown>;
  clearAnswer(questionId: string): Promise<unknown>;
  setChecklist(itemId: string, state: ChecklistState | undefined): Promise<unknown>;
  setDecision(choice: 'escalate' | 'do-not-escalate' | undefined): Promise<unknown>;
  setStatus(status: CaseStatus): Promise<unknown>;
  saveNote(stepId: string, text: string): Promise<unknown>;
  /** Shows an evidence event on the page, when it came from the page. */
  showEvent?(eventId: string): void;
}

export interface CaseViewState {
  c: Case;
  notes: Readonly<Record<string, Note>>;
  actions: CaseActions;
}

/** What the page now shows about the case's subject that the case does not hold, and how to add it. */
export interface CaseRefresh {
  adds: { events: number; findings: number };
  run(): Promise<unknown>;
}
