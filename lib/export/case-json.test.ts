import { describe, expect, it } from 'vitest';
import { HOSTILE } from '../../test/support/cases';
import { CASE_FORMAT_VERSION, CaseSchema, NoteSchema } from '../model/case';
import { caseJson, CASE_JSON_FORMAT } from './case-json';
import { hostileInput, sampleInput } from '../../test/support/case-fixtures';

describe('the case JSON', () => {
  it.each([
    ['sample', sampleInput],
    ['hostile', hostileInput],
  ] as const)('%s: round-trips through CaseSchema and NoteSchema', (_n, input) => {
    const parsed = JSON.parse(caseJson(input())) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['format', 'version', 'case', 'notes', 'containment', 'exportedAt']);
    expect(parsed.format).toBe(CASE_JSON_FORMAT);
    expect(parsed.version).toBe(CASE_FORMAT_VERSION);
    const c = CaseSchema.parse(parsed.case);
    expect(c.id).toBe(input().case.id);
    const notes = (parsed.notes as unknown[]).map((n) => NoteSchema.parse(n));
    expect(notes.every((n) => n.caseId === c.id)).toBe(true);
    expect(parsed.containment).toHaveLength(2);
  });
  it('the sample case comes back unchanged (nothing to clean)', () => {
    const input = sampleInput();
    const parsed = JSON.parse(caseJson(input)) as { case: unknown };
    expect(CaseSchema.parse(parsed.case)).toEqual(input.case);
  });
  it('the hostile case comes back with secrets masked and control characters gone, newlines kept', () => {
    const text = caseJson(hostileInput());
    expect(text).not.toContain(HOSTILE.secret.slice(10, 40));
    const parsed = JSON.parse(text) as {
      case: { snapshot: { reasons: string[] } };
      notes: { stepId: string; text: string }[];
    };
    expect(parsed.case.snapshot.reasons[1]).toBe('line1\nline2[31mredsep');
    expect(parsed.notes.find((n) => n.stepId === 'decision-escalate-t2')!.text.split('\n')[0]).toBe('Bearer eyJh…sw5c');
  });
  it('is stable: nested keys sorted, same bytes every time', () => {
    const a = caseJson(sampleInput());
    expect(caseJson(sampleInput())).toBe(a);
    const c = (JSON.parse(a) as { case: Record<string, unknown> }).case;
    expect(Object.keys(c)).toEqual([...Object.keys(c)].sort());
    expect(a.endsWith('}\n')).toBe(true);
  });
});
