import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../model/case';
import { T1550_001 } from '../playbook/t1550-001';
import { l1Steps, type L1StepId } from '../playbook/l1-steps';
import { caseScope, t2Actions } from '../playbook/t2-actions';
import { buildAllQueries } from '../queries/index';
import { buildCaseDocument } from './case-document';
import { deriveObservables } from './case-observables';
import { hostileInput, sampleInput } from '../../test/support/case-fixtures';
import { HOSTILE } from '../../test/support/cases';

describe('buildCaseDocument', () => {
  const d = buildCaseDocument(sampleInput());
  it('has the playbook sections in order, with every sentence', () => {
    expect(d.sections.map((s) => s.title)).toEqual([
      'Questions for Analysis',
      'Additional Analysis Steps for L1',
      'Decision for Escalation',
      'T2 Analyst Actions',
      'Containment and Further Analysis',
    ]);
    expect(d.sections.flatMap((s) => s.items.map((i) => i.text))).toEqual(
      [
        ...T1550_001.questions,
        ...T1550_001.l1Steps,
        T1550_001.decision,
        ...T1550_001.t2Actions,
        ...T1550_001.containment,
      ].map((i) => i.text),
    );
  });
  it('shows the proposed answer, the evidence and the analyst confirmation', () => {
    const q = d.sections[0]!.items[0]!;
    expect(q.facts).toEqual([
      { label: 'Proposed answer', value: 'Yes (confidence: medium)' },
      { label: 'From findings', value: 'Hosting/VPS network (medium)' },
      { label: 'Analyst answer', value: 'Confirmed: Yes (A. Analyst, 2026-11-20T03:16:07.000Z)' },
    ]);
    expect(q.lists[0]!.rows).toEqual([
      'ev-steal-1: 2026-11-20T02:14:07.000Z GetCallerIdentity by ci-deploy from 203.0.113.66',
    ]);
    expect(q.note?.text).toBe('DigitalOcean is not one of our egress ranges.');
  });
  it('an override says what the engine proposed', () => {
    const input = sampleInput();
    input.case.answers['q-malicious-patterns'] = { answer: 'yes', confirmed: false, at: 0, by: 'B' };
    input.notes = [
      ...input.notes,
      { caseId: input.case.id, stepId: 'q-malicious-patterns', text: 'IAM writes from a VPS.', updatedAt: 1, by: 'B' },
    ];
    const q = buildCaseDocument(input).sections[0]!.items[2]!;
    expect(q.facts.at(-1)!.value).toBe('Overridden: Yes, engine proposed No (B, 1970-01-01T00:00:00.000Z)');
  });
  it('an override with no (or a blank) note on the question says no reason was given', () => {
    for (const text of [undefined, '', '  \n ']) {
      const input = sampleInput();
      input.case.answers['q-malicious-patterns'] = { answer: 'yes', confirmed: false, at: 0, by: 'B' };
      if (text !== undefined)
        input.notes = [
          ...input.notes,
          { caseId: input.case.id, stepId: 'q-malicious-patterns', text, updatedAt: 1, by: 'B' },
        ];
      const q = buildCaseDocument(input).sections[0]!.items[2]!;
      expect(q.facts.at(-1)!.value).toBe(
        'Overridden (no reason given): Yes, engine proposed No (B, 1970-01-01T00:00:00.000Z)',
      );
    }
    // A confirmation needs no reason; a note of another case does not count as one.
    const input = sampleInput();
    input.case.answers['q-malicious-patterns'] = { answer: 'yes', confirmed: false, at: 0, by: 'B' };
    input.notes = [
      ...input.notes,
      { caseId: 'case-other', stepId: 'q-malicious-patterns', text: 'other case', updatedAt: 1, by: 'B' },
    ];
    const d2 = buildCaseDocument(input);
    expect(d2.sections[0]!.items[2]!.facts.at(-1)!.value).toMatch(/^Overridden \(no reason given\): /);
    expect(d2.sections[0]!.items[0]!.facts.at(-1)!.value).toMatch(/^Confirmed: Yes/);
  });
  it('a decision without a rationale note says so; with one it does not', () => {
    expect(d.sections[2]!.items[0]!.facts[1]!.value).not.toContain('no rationale given');
    const input = sampleInput();
    input.notes = input.notes.filter((n) => n.stepId !== 'decision-escalate-t2');
    const item = buildCaseDocument(input).sections[2]!.items[0]!;
    expect(item.facts[1]!.value).toBe('Escalate to Tier 2 (A. Analyst, 2026-11-20T03:29:07.000Z) (no rationale given)');
    expect(item.note).toBeUndefined();
    const undecided = sampleInput();
    delete undecided.case.decision;
    undecided.notes = [];
    expect(buildCaseDocument(undecided).sections[2]!.items[0]!.facts[1]!.value).toBe('Not decided');
  });
  it('under each L1 step: what the case shows (l1Steps summary)', () => {
    const support = l1Steps(sampleInput().case);
    for (const item of d.sections[1]!.items) {
      const list = item.lists.find((l) => l.label === 'What the case shows');
      expect(list, item.id).toBeDefined();
      expect(list!.rows).toEqual(support[item.id as L1StepId].summary);
      expect(list!.rows.length).toBeGreaterThan(0);
    }
  });
  it('under each T2 action: its summary line and the titles of the findings that serve it', () => {
    const c = sampleInput().case;
    const support = t2Actions(c);
    d.sections[3]!.items.forEach((item, i) => {
      expect(item.id).toBe(support[i]!.actionId);
      expect(item.lists.find((l) => l.label === 'What the case shows')!.rows).toEqual([support[i]!.summary]);
      const titles = [...new Set(support[i]!.findings.map((f) => c.snapshot.findings[f]!.title))];
      expect(item.lists.find((l) => l.label === 'Findings that serve it')!.rows).toEqual(
        titles.length ? titles : ['none'],
      );
    });
  });
  it('under "Check if additional users or tokens…": the scope queries of the case\'s languages only', () => {
    const c = sampleInput().case;
    const item = d.sections[3]!.items.find((i) => i.id === 't2-other-users-tokens')!;
    const languages = t2Actions(c)[1]!.languages;
    expect(languages).toEqual(['cloudtrail-lake', 'athena']);
    const expected = buildAllQueries(caseScope(c))
      .filter((g) => languages.includes(g.language.id))
      .flatMap((g) =>
        g.queries.map((q) => ({ languageId: g.language.id, language: g.language.label, title: q.title, text: q.text })),
      );
    expect(expected.length).toBeGreaterThan(0);
    expect(item.queries).toEqual(expected);
    expect(item.queryNote).toBeUndefined();
    expect(item.queries.some((q) => q.text.includes('203.0.113.66'))).toBe(true);
    for (const other of d.sections.flatMap((s) => s.items).filter((i) => i !== item)) expect(other.queries).toEqual([]);
  });
  it('a scope the query builders refuse becomes a one-line note, never a failed export', () => {
    const input = sampleInput();
    input.case.snapshot.events = input.case.snapshot.events.map((e) => ({ ...e, time: 8.64e15 }));
    const item = buildCaseDocument(input).sections[3]!.items.find((i) => i.id === 't2-other-users-tokens')!;
    expect(item.queries).toEqual([]);
    expect(item.queryNote).toMatch(/^Scope queries could not be built: /);
    expect(item.queryNote).not.toContain('\n');
  });
  it('a case whose providers no query language reads says so', () => {
    const input = sampleInput();
    input.case.snapshot.events = input.case.snapshot.events.map((e) => ({ ...e, provider: 'workspace' as const }));
    const item = buildCaseDocument(input).sections[3]!.items.find((i) => i.id === 't2-other-users-tokens')!;
    expect(item.queries).toEqual([]);
    expect(item.queryNote).toMatch(/No scope query language/);
  });
  it('the decision carries the engine recommendation, reasons, the choice and the rationale', () => {
    const item = d.sections[2]!.items[0]!;
    expect(item.facts.map((f) => f.value)).toEqual([
      'Escalate to Tier 2',
      'Escalate to Tier 2 (A. Analyst, 2026-11-20T03:29:07.000Z)',
    ]);
    expect(item.lists[0]!.rows).toEqual(d.reasons);
    expect(item.noteLabel).toBe('Rationale');
    expect(item.note?.text).toBe('Key used from a VPS at 02:14 UTC; IAM write.');
  });
  it('puts each containment action under the playbook sentence it serves, with its state and note', () => {
    const [revoke, review, audit] = d.sections[4]!.items;
    expect(revoke!.actions.map((a) => [a.id, a.done, a.note?.text])).toEqual([
      ['aws-deactivate-key', true, 'Key deactivated at 03:20 UTC.\nCI pipeline switched to OIDC.'],
    ]);
    expect(review!.actions.map((a) => a.id)).toEqual(['aws-review-policies']);
    expect(audit!.actions).toEqual([]);
  });
  it("keeps the general note, drops another case's notes, and shows notes on unknown steps", () => {
    expect(d.generalNote?.text).toBe('Owner of ci-deploy informed.');
    const h = buildCaseDocument(hostileInput());
    expect(h.otherNotes.map((n) => n.stepId)).toEqual(['retired-step']);
    expect(JSON.stringify(d)).not.toContain('must not appear');
  });
  it('cleans every string of the hostile case', () => {
    const text = JSON.stringify(buildCaseDocument(hostileInput()));
    expect(text).not.toContain(HOSTILE.secret.slice(4, -4));
    expect(JSON.parse(text)).toBeTruthy();
    expect(text).not.toMatch(/\\u00(0[0-8]|1[0-9a-f]|7f|[89][0-9a-f])/);
  });
});

describe('deriveObservables', () => {
  const base: CaseEvent = {
    id: 'e1',
    time: 1_000,
    timeKnown: true,
    provider: 'entra',
    format: 'x',
    class: 'authentication',
    actor: 'u@example.com',
    actorKind: 'human',
    action: 'Sign-in',
    verb: 'auth',
    success: true,
    flagged: [],
  };
  it('deduplicates with counts, flagged counts and first/last seen (unknown times do not move them)', () => {
    const obs = deriveObservables([
      { ...base, ip: '192.0.2.1', country: 'FR' },
      { ...base, id: 'e2', time: 5_000, ip: '192.0.2.1', flagged: ['new-source'] },
      { ...base, id: 'e3', time: 0, timeKnown: false, ip: '192.0.2.1', appId: 'app-1', appName: 'Evil App' },
    ]);
    expect(obs.find((o) => o.kind === 'ip')).toEqual({
      kind: 'ip',
      value: '192.0.2.1',
      count: 3,
      flaggedCount: 1,
      firstSeen: 1_000,
      lastSeen: 5_000,
    });
    expect(obs.find((o) => o.kind === 'app')).toEqual({
      kind: 'app',
      value: 'app-1',
      label: 'Evil App',
      count: 1,
      flaggedCount: 0,
    });
    expect(obs.filter((o) => o.kind === 'account')).toHaveLength(1);
    expect(obs.map((o) => o.kind)).toEqual(['ip', 'account', 'app', 'country']);
  });
  it('never carries a raw secret, even in a credential id', () => {
    const obs = deriveObservables([{ ...base, credentialId: HOSTILE.secret, userAgent: `ua ${HOSTILE.secret}` }]);
    expect(JSON.stringify(obs)).not.toContain(HOSTILE.secret.slice(4, -4));
    expect(obs.find((o) => o.kind === 'credential')!.value).toBe('eyJh…sw5c');
  });
});
