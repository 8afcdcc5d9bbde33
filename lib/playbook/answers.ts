/**
 * Answers the playbook's Questions for Analysis (./t1550-001.ts) from an engine result, with the
 * evidence behind each answer: the findings (indices into `result.findings`) and their record ids.
 * The analyst confirms or overrides each answer; this module only proposes. Pure: no I/O.
 *
 * Which findings answer which question:
 * - q-unfamiliar-source: every indicator of the verdict's `location` ground (GROUND_OF).
 * - q-failures-before-success: failures-then-success.
 * - q-malicious-patterns: suspicious-client, mass-api-access, broader-permissions,
 *   privileged-with-token, console-from-programmatic, refresh-token-abuse, vendor-risk.
 *   token-minting is left out on purpose: a minting call alone is context, not a malicious
 *   pattern (the verdict treats it the same way); minting that grants broader permissions is
 *   broader-permissions.
 *
 * How an answer is reached:
 * - 'yes' when a finding of the question's indicators has severity low or above. Confidence
 *   follows the strongest such finding: high → 'high', medium → 'medium', low → 'low'.
 * - 'unknown' (confidence 'low') when no log the input had could show it, so silence proves
 *   nothing; or when one of the question's indicators failed (result.errors). What "could show
 *   it" means per question:
 *     unfamiliar source — some event carries a source IP or a country;
 *     failures before success — some event is an authentication (sign-in logs record failures
 *       and successes), or some event failed (the log records failures at all);
 *     malicious patterns — some event is API activity (only that shows what a token did); a
 *       sign-in-only input can still answer 'yes' from suspicious-client, refresh-token-abuse or
 *       vendor-risk, but never 'no'.
 * - 'no' otherwise. Confidence 'medium' with no findings at all (absence of a finding is not
 *   proof: a short baseline or a tuned threshold can hide an anomaly), 'low' when only info
 *   findings were raised (they are listed as evidence for the analyst to weigh).
 */
import type { TokenEvent } from '../model/token-event';
import type { Finding, IndicatorId, Severity } from '../engine/types';
import { INDICATOR_IDS, severityRank } from '../engine/types';
import { GROUND_OF } from '../engine/verdict';
import { QUESTION_IDS, type QuestionId } from './t1550-001';

export type AnswerValue = 'yes' | 'no' | 'unknown';
export type Confidence = 'high' | 'medium' | 'low';

export interface QuestionAnswer {
  questionId: QuestionId;
  answer: AnswerValue;
  confidence: Confidence;
  /** Indices into the result's findings, strongest first then by time. */
  findings: number[];
  /** Record ids (TokenEvent.id) of those findings' evidence, deduplicated, in first-seen order. */
  events: string[];
}

/** What of an engine result the answers need (an EngineResult fits). */
export interface AnswerableResult {
  findings: readonly Finding[];
  errors?: readonly { indicator: string }[];
}

/** What of the input events the answers need, to tell 'no' from 'unknown'. */
export type CoverageEvent = Pick<TokenEvent, 'class' | 'outcome'> & {
  source: Pick<TokenEvent['source'], 'ip' | 'country'>;
};

/** Which indicators answer each question. */
export const QUESTION_INDICATORS: Record<QuestionId, readonly IndicatorId[]> = {
  'q-unfamiliar-source': INDICATOR_IDS.filter((id) => GROUND_OF[id] === 'location'),
  'q-failures-before-success': ['failures-then-success'],
  'q-malicious-patterns': [
    'suspicious-client',
    'mass-api-access',
    'broader-permissions',
    'privileged-with-token',
    'console-from-programmatic',
    'refresh-token-abuse',
    'vendor-risk',
  ],
};

/** Whether the input had a log that could show each question's answer (see the header). */
export function coverage(events: readonly CoverageEvent[]): Record<QuestionId, boolean> {
  return {
    'q-unfamiliar-source': events.some((e) => Boolean(e.source.ip || e.source.country)),
    'q-failures-before-success': events.some((e) => e.class === 'authentication' || !e.outcome.success),
    'q-malicious-patterns': events.some((e) => e.class === 'api_activity'),
  };
}

const CONFIDENCE_OF: Record<Severity, Confidence> = { info: 'low', low: 'low', medium: 'medium', high: 'high' };

export function answerQuestion(
  questionId: QuestionId,
  result: AnswerableResult,
  events: readonly CoverageEvent[],
): QuestionAnswer {
  const indicators = new Set<string>(QUESTION_INDICATORS[questionId]);
  const idx = result.findings.map((f, i) => [f, i] as const).filter(([f]) => indicators.has(f.indicator));
  idx.sort(([a, ai], [b, bi]) => severityRank(b.severity) - severityRank(a.severity) || a.time - b.time || ai - bi);
  const findings = idx.map(([, i]) => i);
  const eventIds = [...new Set(idx.flatMap(([f]) => f.events))];
  const strongest = idx[0]?.[0].severity;
  const base = { questionId, findings, events: eventIds };

  if (strongest && strongest !== 'info') return { ...base, answer: 'yes', confidence: CONFIDENCE_OF[strongest] };
  const failed = (result.errors ?? []).some((e) => indicators.has(e.indicator));
  if (failed || !coverage(events)[questionId]) return { ...base, answer: 'unknown', confidence: 'low' };
  return { ...base, answer: 'no', confidence: strongest ? 'low' : 'medium' };
}

/** One answer per Question for Analysis, in the playbook's order. */
export function answerQuestions(result: AnswerableResult, events: readonly CoverageEvent[]): QuestionAnswer[] {
  return QUESTION_IDS.map((q) => answerQuestion(q, result, events));
}
