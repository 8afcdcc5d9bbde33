/**
 * The whole case as JSON: `{ format: 'token-triage-case', version, case, notes, containment,
 * exportedAt }`, pretty-printed with two spaces and a stable key order (the top level in that
 * order, every nested object's keys sorted), so the same case always gives the same bytes.
 * The case and notes read back through CaseSchema / NoteSchema (lib/model/case.ts).
 *
 * Every string value is cleaned (control characters out, newlines kept) and masked
 * (./case-text.ts); identifiers (`id`, `caseId`, `stepId`, `questionId`, `eventId`) and object
 * keys are left as they are: they are not secrets and the schemas constrain them.
 */
import { CASE_FORMAT_VERSION } from '../model/case';
import type { CaseExportInput } from './case-document';
import { cleanText } from './case-text';

export const CASE_JSON_FORMAT = 'token-triage-case';

const ID_KEYS = new Set(['id', 'caseId', 'stepId', 'questionId', 'eventId']);

function sanitize(v: unknown, key?: string): unknown {
  if (typeof v === 'string') return key !== undefined && ID_KEYS.has(key) ? v : cleanText(v);
  if (Array.isArray(v)) return v.map((x) => sanitize(x));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sanitize(x, k);
    }
    return out;
  }
  return v;
}

export function caseJsonObject(input: CaseExportInput) {
  return {
    format: CASE_JSON_FORMAT,
    version: CASE_FORMAT_VERSION,
    case: sanitize(input.case),
    notes: input.notes.filter((n) => n.caseId === input.case.id).map((n) => sanitize(n)),
    containment: input.containment.map((a) => sanitize(a)),
    exportedAt: input.exportedAt,
  };
}

export function caseJson(input: CaseExportInput): string {
  return `${JSON.stringify(caseJsonObject(input), null, 2)}\n`;
}
