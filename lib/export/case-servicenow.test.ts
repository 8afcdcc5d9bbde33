import { describe, expect, it } from 'vitest';
import { HOSTILE } from '../../test/support/cases';
import {
  caseServiceNowImport,
  caseServiceNowWorkNotes,
  escapeServiceNow,
  escapeServiceNowInline,
} from './case-servicenow';
import { hostileInput, sampleInput } from '../../test/support/case-fixtures';

const CODE_TAG = /\[\s*\/?\s*code\s*\]/i;

describe('escapeServiceNow', () => {
  it('neutralises [code] tags in any case and spacing, even split by a control character', () => {
    expect(escapeServiceNow('[code]<b>x</b>[/code] [ CODE ] [/ Code] [co\u0000de]')).toBe(
      '(code)<b>x</b>(/code) (code) (/code) (code)',
    );
  });
  it('keeps line breaks (LF) and drops control characters', () => {
    expect(escapeServiceNow('a\r\nb\rc\u001b[31m\u2029d')).toBe('a\nb\nc[31md');
    expect(escapeServiceNowInline('a\nb')).toBe('a b');
  });
  it('masks secrets', () => {
    expect(escapeServiceNow(`Bearer ${HOSTILE.secret}`)).toBe('Bearer eyJh…sw5c');
  });
});

describe('ServiceNow import', () => {
  it('maps the verdict to impact, urgency and priority (base priority lookup)', () => {
    const levels = (['escalate', 'suspicious', 'benign'] as const).map((verdict) => {
      const input = sampleInput();
      input.case.snapshot.verdict = verdict;
      const r = caseServiceNowImport(input);
      return [r.impact, r.urgency, r.priority];
    });
    expect(levels).toEqual([
      ['1', '1', '1'],
      ['2', '2', '3'],
      ['3', '3', '5'],
    ]);
  });
  it('maps the case status to the incident state', () => {
    const states = (['open', 'escalated', 'contained', 'closed'] as const).map((status) => {
      const input = sampleInput();
      input.case.status = status;
      return caseServiceNowImport(input).state;
    });
    expect(states).toEqual(['1', '2', '2', '6']);
  });
  it('keeps short_description within 160 characters and u_observables as parseable JSON', () => {
    const r = caseServiceNowImport(hostileInput());
    expect(r.short_description.length).toBeLessThanOrEqual(160);
    const obs = JSON.parse(r.u_observables) as { type: string; value: string; count: number }[];
    expect(obs.find((o) => o.type === 'ip' && o.value === '203.0.113.66')?.count).toBe(4);
  });
  it('carries no [code] tag in any field', () => {
    const r = caseServiceNowImport(hostileInput());
    for (const v of Object.values(r)) expect(v).not.toMatch(CODE_TAG);
    expect(caseServiceNowWorkNotes(hostileInput())).not.toMatch(CODE_TAG);
  });
});
