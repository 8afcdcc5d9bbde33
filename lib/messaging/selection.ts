/**
 * "Analyse selected JSON": the text the analyst selected → raw records for the engine, through
 * the selected-JSON reader (lib/sites/readers/selected-json.ts, `readSelection`). When it reads
 * nothing, the container reader (lib/sources/containers/read-records.ts) names the reasons.
 */
import { readRecords } from '../sources/containers/read-records';
import { readSelection } from '../sites/readers/selected-json';
import type { Rejection } from '../sources/read-events';
import type { RecordInput } from '../analysis/analyse';

export interface SelectionRecords {
  records: RecordInput[];
  rejected: Rejection[];
}

export async function selectionRecords(text: string, name: string): Promise<SelectionRecords> {
  const records: RecordInput[] = [];
  const rejected: Rejection[] = [];
  if (!text.trim()) return { records, rejected: [{ ref: name, reason: 'nothing selected' }] };
  // The selected-JSON reader: tolerant of page text around the JSON, ids from the records.
  const rows = await readSelection(text);
  if (rows.length) {
    for (const r of rows) records.push({ value: r.record, ref: `${name}:${r.id}` });
    return { records, rejected };
  }
  // Nothing read: the container reader says why, record by record.
  const bytes = new TextEncoder().encode(text);
  async function* once(): AsyncGenerator<Uint8Array> {
    yield bytes;
  }
  const summary = await readRecords(once(), name, (item) => {
    if (item.ok) records.push({ value: item.value, ref: item.ref });
    else rejected.push({ ref: item.ref, reason: item.reason });
  });
  if (summary.container === 'empty') rejected.push({ ref: name, reason: 'nothing selected' });
  return { records, rejected };
}
