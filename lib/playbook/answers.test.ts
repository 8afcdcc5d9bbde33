/**
 * Answers to the Questions for Analysis, from findings built directly (as in
 * lib/engine/verdict.test.ts) and minimal input events that say which logs the input had.
 */
import { describe, expect, it } from 'vitest';
import type { Finding, IndicatorId, Severity } from '../engine/types';
import { INDICATOR_IDS } from '../engine/types';
import { GROUND_OF } from '../engine/verdict';
import { type CoverageEvent, QUESTION_INDICATORS, answerQuestion, answerQuestions, coverage } from './answers';

let n = 0;
function f(indicator: IndicatorId, severity: Severity, time?: number): Finding {
  n += 1;
  return {
    indicator,
    severity,
    title: `${indicator} ${severity} ${n}`,
    detail: '',
    events: [`e${n}`],
    identities: ['alice'],
    tokens: [],
    time: time ?? n,
  };
}

/** Input events: an API call from an IP, a failed sign-in, a sign-in without source. */
const api: CoverageEvent = { class: 'api_activity', outcome: { success: true }, source: { ip: '203.0.113.7' } };
const signin: CoverageEvent = { class: 'authentication', outcome: { success: true }, source: { country: 'FR' } };
const noSource: CoverageEvent = { class: 'account_change', outcome: { success: true }, source: {} };
const denied: CoverageEvent = { class: 'account_change', outcome: { success: false }, source: {} };
const ALL = [api, signin];

describe('answerQuestions', () => {
  it('answers every question in playbook order, each no with medium confidence when full logs show nothing', () => {
    const r = answerQuestions({ findings: [] }, ALL);
    expect(r.map((a) => [a.questionId, a.answer, a.confidence])).toEqual([
      ['q-unfamiliar-source', 'no', 'medium'],
      ['q-failures-before-success', 'no', 'medium'],
      ['q-malicious-patterns', 'no', 'medium'],
    ]);
    expect(r.every((a) => a.findings.length === 0 && a.events.length === 0)).toBe(true);
  });

  it('answers unfamiliar source from every location-ground finding, confidence from the strongest', () => {
    expect(QUESTION_INDICATORS['q-unfamiliar-source']).toEqual(
      INDICATOR_IDS.filter((i) => GROUND_OF[i] === 'location'),
    );
    const findings = [
      f('unusual-time', 'high'),
      f('new-source', 'low', 50),
      f('geo-anomaly', 'medium', 60),
      f('new-source', 'medium', 40),
    ];
    const a = answerQuestion('q-unfamiliar-source', { findings }, ALL);
    expect(a).toEqual({
      questionId: 'q-unfamiliar-source',
      answer: 'yes',
      confidence: 'medium',
      findings: [3, 2, 1],
      events: [findings[3]!.events[0], findings[2]!.events[0], findings[1]!.events[0]],
    });
    expect(answerQuestion('q-unfamiliar-source', { findings: [f('risky-network', 'high')] }, ALL).confidence).toBe(
      'high',
    );
    expect(answerQuestion('q-unfamiliar-source', { findings: [f('token-multi-source', 'low')] }, ALL).confidence).toBe(
      'low',
    );
  });

  it('answers failures before success from failures-then-success only', () => {
    const findings = [f('failures-then-success', 'high'), f('mass-api-access', 'high')];
    const a = answerQuestion('q-failures-before-success', { findings }, ALL);
    expect([a.answer, a.confidence, a.findings]).toEqual(['yes', 'high', [0]]);
  });

  it('answers malicious patterns from client, mass access, permissions and related indicators, never from minting alone', () => {
    for (const ind of [
      'suspicious-client',
      'mass-api-access',
      'broader-permissions',
      'privileged-with-token',
      'console-from-programmatic',
      'refresh-token-abuse',
      'vendor-risk',
    ] as const) {
      expect(answerQuestion('q-malicious-patterns', { findings: [f(ind, 'medium')] }, ALL).answer, ind).toBe('yes');
    }
    const a = answerQuestion('q-malicious-patterns', { findings: [f('token-minting', 'high')] }, ALL);
    expect([a.answer, a.findings]).toEqual(['no', []]);
  });

  it('deduplicates evidence records across findings', () => {
    const a = f('mass-api-access', 'high');
    a.events = ['x', 'y'];
    const b = f('suspicious-client', 'low');
    b.events = ['y', 'z'];
    expect(answerQuestion('q-malicious-patterns', { findings: [a, b] }, ALL).events).toEqual(['x', 'y', 'z']);
  });

  it('answers no with low confidence when only info findings were raised, and lists them', () => {
    const a = answerQuestion('q-unfamiliar-source', { findings: [f('new-source', 'info')] }, ALL);
    expect([a.answer, a.confidence, a.findings, a.events.length]).toEqual(['no', 'low', [0], 1]);
  });

  it('answers unknown when no log of the input could show it', () => {
    expect(answerQuestions({ findings: [] }, [noSource]).map((a) => [a.answer, a.confidence])).toEqual([
      ['unknown', 'low'],
      ['unknown', 'low'],
      ['unknown', 'low'],
    ]);
    expect(answerQuestions({ findings: [] }, []).every((a) => a.answer === 'unknown')).toBe(true);
    // Sign-in logs only: failures are recorded, but what the token did is not.
    expect(answerQuestions({ findings: [] }, [signin]).map((a) => a.answer)).toEqual(['no', 'no', 'unknown']);
    // A failed record shows the log records failures at all.
    expect(answerQuestion('q-failures-before-success', { findings: [] }, [denied]).answer).toBe('no');
    expect(answerQuestion('q-failures-before-success', { findings: [] }, [api]).answer).toBe('unknown');
  });

  it('still answers yes from a finding when coverage is thin (the finding is the proof)', () => {
    const a = answerQuestion('q-malicious-patterns', { findings: [f('suspicious-client', 'high')] }, [signin]);
    expect([a.answer, a.confidence]).toEqual(['yes', 'high']);
  });

  it('answers unknown rather than no when an indicator of the question failed', () => {
    const errors = [{ indicator: 'failures-then-success', message: 'boom' }];
    expect(answerQuestion('q-failures-before-success', { findings: [], errors }, ALL).answer).toBe('unknown');
    expect(answerQuestion('q-unfamiliar-source', { findings: [], errors }, ALL).answer).toBe('no');
    const yes = answerQuestion(
      'q-failures-before-success',
      { findings: [f('failures-then-success', 'low')], errors },
      ALL,
    );
    expect(yes.answer).toBe('yes');
  });

  it('tells coverage per question', () => {
    expect(coverage([api])).toEqual({
      'q-unfamiliar-source': true,
      'q-failures-before-success': false,
      'q-malicious-patterns': true,
    });
    expect(coverage([signin])).toEqual({
      'q-unfamiliar-source': true,
      'q-failures-before-success': true,
      'q-malicious-patterns': false,
    });
  });
});
