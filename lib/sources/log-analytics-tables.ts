/**
 * Which reader a Log Analytics row belongs to, by the table it came from. A query over several
 * tables (`union SigninLogs, AuditLogs, AzureActivity`, `search "…"`) exports one file whose rows
 * carry every table's columns, most of them empty: guessed by its columns alone, a SigninLogs row
 * of such a file looks like an AzureActivity row (both have TimeGenerated and an empty
 * OperationNameValue). The table's own name settles it: the `Type` column every table has, or
 * `$table`, the column `search` and `union withsource=$table` add. The router (read-events.ts)
 * asks here first and guesses by columns only when the table is not one of these.
 */
import type { RawRecord } from '../model/fields';
import { ENTRA_SIGNIN_TABLE_BY_LOWER } from './formats/shared/microsoft';

/** Table name (lower case) → the id of the format that reads it. */
const TABLE_FORMAT: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.keys(ENTRA_SIGNIN_TABLE_BY_LOWER).map((t) => [t, 'entra-signin'])),
  auditlogs: 'entra-audit',
  azureactivity: 'azure-activity',
  officeactivity: 'm365-audit',
};

export interface TableRoute {
  /** The table's name as the row spells it. */
  table: string;
  /** The format that reads it, when one does. */
  format?: string;
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{1,100}$/;

/**
 * The table a row names, if it is a Log Analytics row: `$table`, or a `Type` that is a known table
 * (other logs have a `Type` field of their own, GuardDuty's finding type for one) or that sits
 * next to `TimeGenerated`, the column every Log Analytics table has.
 */
export function tableRoute(rec: RawRecord): TableRoute | undefined {
  const explicit = rec.$table;
  const type = rec.Type;
  const name =
    typeof explicit === 'string' && TABLE_NAME.test(explicit.trim())
      ? explicit.trim()
      : typeof type === 'string' && TABLE_NAME.test(type.trim())
        ? type.trim()
        : undefined;
  if (!name) return undefined;
  const lower = name.toLowerCase();
  const format = Object.prototype.hasOwnProperty.call(TABLE_FORMAT, lower) ? TABLE_FORMAT[lower] : undefined;
  if (format) return { table: name, format };
  if (typeof explicit === 'string' || rec.TimeGenerated !== undefined) return { table: name };
  return undefined;
}
