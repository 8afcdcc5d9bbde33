/**
 * Records read back from IndexedDB are checked against the model's zod schemas: another build,
 * a restore or a bug may have written anything. A record that fails is reported with its reason
 * (ReadProblem), never deleted or silently skipped. A case is checked with parseCase
 * (lib/model/case-check.ts: its events by hand, the rest by CaseSchema, zod's reason on failure).
 */
import { NoteSchema, type Case, type Note } from '../model/case';
import { parseCase } from '../model/case-check';
import { describeIssues, type ReadMany, type ReadProblem } from './errors';

function keyText(raw: unknown, fallback: string): string {
  if (raw && typeof raw === 'object') {
    const r = raw as Record<string, unknown>;
    if ('stepId' in r || 'caseId' in r) return `${String(r.caseId)}/${String(r.stepId)}`;
    if (typeof r.id === 'string') return r.id;
  }
  return fallback;
}

export function readCaseRecord(raw: unknown, fallbackId = '?'): { value?: Case; problem?: ReadProblem } {
  const parsed = parseCase(raw);
  if (parsed.success) return { value: parsed.data };
  return {
    problem: {
      table: 'cases',
      id: keyText(raw, fallbackId),
      reason: `Stored case does not match the case format: ${describeIssues(parsed.error)}`,
    },
  };
}

export function readNoteRecord(raw: unknown, fallbackId = '?'): { value?: Note; problem?: ReadProblem } {
  const parsed = NoteSchema.safeParse(raw);
  if (parsed.success) return { value: parsed.data };
  return {
    problem: {
      table: 'notes',
      id: keyText(raw, fallbackId),
      reason: `Stored note does not match the note format: ${describeIssues(parsed.error)}`,
    },
  };
}

export function readMany<T>(
  raws: readonly unknown[],
  read: (raw: unknown) => { value?: T; problem?: ReadProblem },
): ReadMany<T> {
  const out: ReadMany<T> = { items: [], problems: [] };
  for (const raw of raws) {
    const r = read(raw);
    if (r.value !== undefined) out.items.push(r.value);
    else if (r.problem) out.problems.push(r.problem);
  }
  return out;
}
