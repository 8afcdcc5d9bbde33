/**
 * The case export formats, for the UI's copy and download buttons, and a safe file name for each.
 */
import type { Case } from '../model/case';
import type { CaseExportInput } from './case-document';
import { caseCsv } from './case-csv';
import { caseJira } from './case-jira';
import { caseJson } from './case-json';
import { caseMarkdown } from './case-markdown';
import { caseServiceNowImport, caseServiceNowWorkNotes } from './case-servicenow';
import { caseTheHive } from './case-thehive';

export const CASE_EXPORT_IDS = [
  'markdown',
  'jira',
  'servicenow-work-notes',
  'servicenow-import',
  'thehive',
  'csv',
  'json',
] as const;
export type CaseExportId = (typeof CASE_EXPORT_IDS)[number];

export interface CaseExportFormat {
  id: CaseExportId;
  label: string;
  /** Without the dot. */
  fileExtension: string;
  mimeType: string;
  render(input: CaseExportInput): string;
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

export const CASE_EXPORTS: readonly CaseExportFormat[] = [
  {
    id: 'markdown',
    label: 'Markdown',
    fileExtension: 'md',
    mimeType: 'text/markdown;charset=utf-8',
    render: caseMarkdown,
  },
  {
    id: 'jira',
    label: 'Jira (wiki markup)',
    fileExtension: 'txt',
    mimeType: 'text/plain;charset=utf-8',
    render: caseJira,
  },
  {
    id: 'servicenow-work-notes',
    label: 'ServiceNow work notes',
    fileExtension: 'txt',
    mimeType: 'text/plain;charset=utf-8',
    render: caseServiceNowWorkNotes,
  },
  {
    id: 'servicenow-import',
    label: 'ServiceNow incident (import JSON)',
    fileExtension: 'json',
    mimeType: 'application/json',
    render: (i) => json(caseServiceNowImport(i)),
  },
  {
    id: 'thehive',
    label: 'TheHive 5 case (JSON)',
    fileExtension: 'json',
    mimeType: 'application/json',
    render: (i) => json(caseTheHive(i)),
  },
  {
    id: 'csv',
    label: 'Evidence events (CSV)',
    fileExtension: 'csv',
    mimeType: 'text/csv;charset=utf-8',
    render: caseCsv,
  },
  { id: 'json', label: 'Case (JSON)', fileExtension: 'json', mimeType: 'application/json', render: caseJson },
];

export function caseExport(id: CaseExportId): CaseExportFormat {
  const f = CASE_EXPORTS.find((x) => x.id === id);
  if (!f) throw new Error(`Unknown case export format: ${id}`);
  return f;
}

/**
 * `token-triage_<case id>_<format>.<ext>`: only ASCII letters, digits, `.`, `_` and `-` (no path
 * separator, control or reserved character, no leading dot), at most 120 characters; the fixed
 * prefix keeps it clear of Windows device names (CON, NUL, COM1…).
 */
export function exportFileName(c: Pick<Case, 'id'>, format: CaseExportId): string {
  const f = caseExport(format);
  const id =
    c.id
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/\.{2,}/g, '.')
      .replace(/^[.-]+|[.-]+$/g, '')
      .slice(0, 80) || 'case';
  return `token-triage_${id}_${f.id}.${f.fileExtension}`;
}
