/**
 * Export wrappers around the records themselves: CloudTrail `{"Records":[…]}`, Azure storage
 * `{"records":[…]}`, Microsoft Graph `{"value":[…]}` (with `@odata` paging keys), the Workspace
 * Reports API `{"items":[…]}`, and the Log Analytics query API `{"tables":[{columns, rows}]}`.
 * Anything else is a single record.
 */
import { isRecord } from '../../model/fields';

const WRAPPER_KEYS = ['Records', 'records', 'value', 'items'] as const;

/** The records inside a parsed JSON document (an array, a wrapper, or one record). */
export function unwrap(doc: unknown): unknown[] {
  if (Array.isArray(doc)) return doc.length === 1 && isWrapper(doc[0]) ? unwrap(doc[0]) : doc;
  if (!isRecord(doc)) return [doc];
  for (const k of WRAPPER_KEYS) {
    const inner = doc[k];
    if (Array.isArray(inner) && isWrapperObject(doc, k)) return inner;
  }
  const tables = doc.tables;
  if (Array.isArray(tables) && tables.every(isTable)) return tables.flatMap(tableRows);
  return [doc];
}

function isWrapper(v: unknown): boolean {
  return isRecord(v) && unwrap(v)[0] !== v;
}

/** A wrapper has few other keys, and those are paging/metadata keys, not record fields. */
function isWrapperObject(doc: Record<string, unknown>, key: string): boolean {
  for (const k in doc) {
    if (k === key) continue;
    if (k.startsWith('@odata') || k === 'nextPageToken' || k === 'kind' || k === 'etag' || k === 'nextLink') continue;
    return false;
  }
  return true;
}

interface Table {
  name?: string;
  columns: { name: string }[];
  rows: unknown[][];
}

function isTable(t: unknown): t is Table {
  return (
    isRecord(t) &&
    Array.isArray(t.columns) &&
    Array.isArray(t.rows) &&
    t.columns.every((c) => isRecord(c) && typeof c.name === 'string')
  );
}

function tableRows(t: Table): Record<string, unknown>[] {
  const names = t.columns.map((c) => c.name);
  return t.rows.map((row) => {
    const rec: Record<string, unknown> = {};
    names.forEach((n, i) => {
      rec[n] = Array.isArray(row) ? row[i] : undefined;
    });
    if (t.name && rec.Type === undefined) rec.Type = t.name === 'PrimaryResult' ? undefined : t.name;
    return rec;
  });
}
