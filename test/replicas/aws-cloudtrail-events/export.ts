/**
 * The console's own exports of the replica's records (Event history → Download events), written
 * from the same records the replica shows (data.ts), never from a reader's output:
 * - JSON: `{"Records": [...]}` with each event's whole record;
 * - CSV: one line per event, the list's columns by their console names ("Event ID", "Event
 *   time", …, ISO time), and with `withRecord` the "CloudTrail event" column holding the record's
 *   JSON.
 * The reader-equivalence tests (test/equivalence) feed these to the CLI's reading path.
 */
import { type CloudTrailRecord, EMPTY, toRow } from './data';

export { DEFAULT_COLUMN_IDS } from './data';

export const CSV_COLUMNS = [
  'Event ID',
  'Event time',
  'User name',
  'Event name',
  'Resource type',
  'Resource name',
  'AWS access key',
  'Source IP address',
  'Event source',
  'AWS region',
  'Error code',
  'Read-only',
] as const;

export function eventHistoryJson(records: readonly CloudTrailRecord[]): string {
  return JSON.stringify({ Records: records }, null, 2) + '\n';
}

export function eventHistoryCsvRows(
  records: readonly CloudTrailRecord[],
  withRecord: boolean,
): Record<string, string>[] {
  return records.map((r) => {
    const row = toRow(r);
    const cell = (v: string) => (v === EMPTY ? '' : v);
    const out: Record<string, string> = {
      'Event ID': r.eventID,
      'Event time': r.eventTime,
      'User name': cell(row.userName),
      'Event name': r.eventName,
      'Resource type': cell(row.resourceType),
      'Resource name': cell(row.resourceName),
      'AWS access key': cell(row.accessKey),
      'Source IP address': cell(row.sourceIp),
      'Event source': r.eventSource,
      'AWS region': cell(row.region),
      'Error code': cell(row.errorCode),
      'Read-only': cell(row.readOnly),
    };
    if (withRecord) out['CloudTrail event'] = JSON.stringify(r);
    return out;
  });
}
