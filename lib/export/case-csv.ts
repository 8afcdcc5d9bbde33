/**
 * The evidence events of a case as CSV (RFC 4180: comma separated, CRLF between records, quotes
 * doubled), one row per event. Every non-empty field is quoted (OWASP's advice): a spreadsheet
 * that splits on `;` (a European locale) then still sees one field, so `a;=1+1` cannot become a
 * cell `=1+1` behind the formula check.
 *
 * Formula injection (OWASP "CSV Injection"): a cell that starts with `=`, `+`, `-`, `@`, TAB or CR
 * (also after leading spaces, which some spreadsheets trim) gets a leading single quote, so a spreadsheet shows it as text instead of evaluating it. The
 * check is made on the cell's value, before quoting, so it holds inside quoted cells as well
 * (a spreadsheet strips the quotes first). Every value is cleaned and masked first
 * (./case-text.ts); event fields are single-line.
 */
import type { CaseEvent } from '../model/case';
import { buildCaseDocument, type CaseExportInput } from './case-document';
import { cleanText, isoOrUnknown } from './case-text';

/** A formula start (OWASP), also after leading spaces: some spreadsheets trim them before evaluating. */
export const FORMULA_START = /^\s*[=+\-@\t\r]/;

/** One CSV field: cleaned, masked, formula-escaped, quoted (unless empty). Newlines inside are kept. */
export function escapeCsvCell(value: string | number | boolean | undefined | null): string {
  let v = value === undefined || value === null ? '' : cleanText(String(value));
  if (FORMULA_START.test(v)) v = `'${v}`;
  return v === '' ? '' : `"${v.replace(/"/g, '""')}"`;
}

export const CASE_CSV_COLUMNS = [
  'time',
  'provider',
  'actor',
  'actor_name',
  'action',
  'service',
  'ip',
  'country',
  'asn',
  'as_org',
  'user_agent',
  'credential_id',
  'app',
  'success',
  'code',
  'flagged',
  'ref',
  'event_id',
] as const;

function row(e: CaseEvent): (string | number | boolean | undefined)[] {
  return [
    e.timeKnown ? isoOrUnknown(e.time) : '',
    e.provider,
    e.actor,
    e.actorName,
    e.action,
    e.service,
    e.ip,
    e.country,
    e.asn,
    e.asOrg,
    e.userAgent,
    e.credentialId,
    e.appName ?? e.appId,
    e.success,
    e.code,
    e.flagged.join(' '),
    e.ref,
    e.id,
  ];
}

/** The evidence events of the case, one row each, with a header row. */
export function caseCsv(input: CaseExportInput): string {
  const d = buildCaseDocument(input);
  const lines = [
    CASE_CSV_COLUMNS.map(escapeCsvCell).join(','),
    ...d.events.map((e) => row(e).map(escapeCsvCell).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
