import { describe, expect, it } from 'vitest';
import type { Finding, IndicatorId, Severity } from './types';
import { GROUND_OF, GROUND_TEXT, decide } from './verdict';
import { INDICATOR_IDS } from './types';

let n = 0;
function f(indicator: IndicatorId, severity: Severity, who = 'alice', token?: string): Finding {
  n += 1;
  return {
    indicator,
    severity,
    title: `${indicator} ${severity} ${n}`,
    detail: '',
    events: [`e${n}`],
    identities: [who],
    tokens: token ? [token] : [],
    time: n,
  };
}

describe('decide', () => {
  it('maps every indicator to one of the playbook grounds', () => {
    expect(Object.keys(GROUND_OF).sort()).toEqual([...INDICATOR_IDS].sort());
  });

  it('is benign with no findings, and never escalates on minting alone, however severe', () => {
    expect(decide([])).toEqual({ verdict: 'benign', reasons: [], subjects: [] });
    expect(decide([f('token-minting', 'high'), f('token-minting', 'medium')]).verdict).toBe('benign');
  });

  it('findings whose records name no caller and no token never add up: each is its own subject', () => {
    const loose = (indicator: IndicatorId, severity: Severity): Finding => ({
      ...f(indicator, severity),
      identities: [],
    });
    // Two mediums on two grounds would escalate one subject; without a caller they are unrelated.
    const r = decide([loose('mass-api-access', 'medium'), loose('new-source', 'medium')]);
    expect(r.verdict).toBe('suspicious');
    expect(r.subjects.map((s) => s.subject)).toEqual(['no-caller:finding-1', 'no-caller:finding-2']);
    expect(decide([f('mass-api-access', 'medium'), f('new-source', 'medium')]).verdict).toBe('escalate');
    // A high finding still escalates on its own.
    expect(decide([loose('suspicious-client', 'high')]).verdict).toBe('escalate');
  });

  it('escalates a token used from a risky location, in the playbook words', () => {
    const r = decide([f('token-multi-source', 'high', 'alice', 'AKIA1')]);
    expect(r.verdict).toBe('escalate');
    expect(r.reasons[0]).toMatch(new RegExp(`^${GROUND_TEXT.location}: token-multi-source high`));
    expect(r.subjects.map((s) => s.subject).sort()).toEqual(['id:alice', 'tok:AKIA1']);
  });

  it('escalates API use inconsistent with the profile when it is high', () => {
    expect(decide([f('broader-permissions', 'high')]).verdict).toBe('escalate');
    expect(decide([f('mass-api-access', 'medium')]).verdict).toBe('suspicious');
  });

  it('keeps new credentials and grants at suspicious unless the token itself looks misused', () => {
    expect(decide([f('new-auth-material', 'high')]).verdict).toBe('suspicious');
    expect(decide([f('new-auth-material', 'high'), f('oauth-consent', 'high')]).verdict).toBe('suspicious');
    expect(decide([f('new-auth-material', 'medium'), f('risky-network', 'medium')]).verdict).toBe('escalate');
  });

  it('escalates when several accounts are affected in a similar manner', () => {
    const r = decide([f('multi-account', 'medium')]);
    expect(r.verdict).toBe('escalate');
    expect(r.reasons[0]).toMatch(/^Multiple accounts affected in a similar manner/);
  });

  it('lets weak signals combine for one identity, but not across identities', () => {
    expect(decide([f('unusual-time', 'low', 'alice'), f('suspicious-client', 'low', 'alice')]).verdict).toBe(
      'suspicious',
    );
    expect(decide([f('unusual-time', 'low', 'alice'), f('suspicious-client', 'low', 'bob')]).verdict).toBe('benign');
  });

  it('does not stack repeated findings of one indicator', () => {
    const r = decide([f('unusual-time', 'low'), f('unusual-time', 'low'), f('unusual-time', 'low')]);
    expect(r.verdict).toBe('benign');
    expect(r.subjects[0]!.score).toBe(1);
  });

  it('escalates medium findings on two grounds, and a high vendor detection only next to an anomaly', () => {
    expect(decide([f('risky-network', 'medium'), f('mass-api-access', 'medium')]).verdict).toBe('escalate');
    expect(decide([f('vendor-risk', 'high')]).verdict).toBe('suspicious');
    expect(decide([f('vendor-risk', 'high'), f('unusual-time', 'low')]).verdict).toBe('escalate');
  });

  it('takes the worst subject as the overall verdict and lists subjects worst first', () => {
    const r = decide([
      f('unusual-time', 'low', 'bob'),
      f('geo-anomaly', 'high', 'carol'),
      f('mass-api-access', 'medium', 'dave'),
    ]);
    expect(r.verdict).toBe('escalate');
    expect(r.subjects.map((s) => [s.subject, s.verdict])).toEqual([
      ['id:carol', 'escalate'],
      ['id:dave', 'suspicious'],
      ['id:bob', 'benign'],
    ]);
    expect(r.reasons).toHaveLength(1);
  });

  it('honours its settings', () => {
    const findings = [f('unusual-time', 'low'), f('suspicious-client', 'low')];
    expect(
      decide(findings, { points: { info: 0, low: 1, medium: 3, high: 6 }, escalateScore: 6, suspiciousScore: 3 })
        .verdict,
    ).toBe('benign');
  });
});
