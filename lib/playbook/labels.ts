/**
 * The words the product uses for answers, decisions and verdicts, one place for the sidebar and
 * every export, so the ticket says what the analyst saw on screen.
 */
import type { Verdict } from '../engine/verdict';

export const ANSWER_TEXT = { yes: 'Yes', no: 'No', unknown: 'Cannot tell from these logs' } as const;

export const DECISION_TEXT = { escalate: 'Escalate to Tier 2', 'do-not-escalate': 'Do not escalate' } as const;

export const VERDICT_TEXT: Record<Verdict, string> = {
  benign: 'Benign',
  suspicious: 'Suspicious',
  escalate: 'Escalate to Tier 2',
};
