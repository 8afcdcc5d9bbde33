/**
 * A JSON block the analyst selects on any console page (CloudTrail's event record, an Entra
 * details pane, a GCP entry, an Okta API response…) and sends from the context menu. It is not
 * URL-routed: `matchesUrl` is always false and `read` reads nothing; the context-menu path calls
 * `readSelection(text)` with the selected text instead.
 *
 * `readSelection` splits the text with the same container layer as file import
 * (lib/sources/containers/read-records.ts `readRecords` over `chunksOf`): one object, an array,
 * NDJSON, a wrapper (`{"Records":[…]}`, `{"value":[…]}`, `{"items":[…]}`…) or CSV with a header.
 * Selections often carry a little page text around the JSON ("Event record", "Copy"): when the
 * text as a whole does not read, the span from the first `{`/`[` to the matching last `}`/`]` is
 * tried. It is async because readRecords is (chunks are an async stream). Only object records
 * are returned; row ids are the record's own id when it has one (CloudTrail eventID, Okta uuid,
 * GCP insertId, GitHub _document_id, Workspace id.uniqueQualifier, Entra/M365 id, `Id`), else
 * `sel:<hash of the record's JSON>`. Never throws: unreadable text gives no rows.
 */
import { chunksOf, readRecords } from '../../sources/containers/read-records';
import type { PageRow, ReadResult, SiteReader } from '../site-reader';
import { hashId } from './shared/aria-grid';

const MAX_SELECTION = 5_000_000;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The record's own id, from the fields the formats use as TokenEvent.id. */
function ownId(rec: Record<string, unknown>): string | undefined {
  const id = rec['id'];
  const candidates: unknown[] = [
    rec['eventID'],
    rec['uuid'],
    rec['insertId'],
    rec['_document_id'],
    rec['Id'],
    rec['eventId'],
    isObject(id) ? id['uniqueQualifier'] : id,
    rec['correlationId'],
  ];
  for (const c of candidates) {
    if (typeof c === 'string' && c.trim() !== '') return c;
    if (typeof c === 'number' && Number.isFinite(c)) return String(c);
  }
  return undefined;
}

async function recordsOf(text: string): Promise<{ values: Record<string, unknown>[]; bad: number }> {
  const values: Record<string, unknown>[] = [];
  let bad = 0;
  await readRecords(chunksOf(text), 'selection', (item) => {
    if (item.ok && isObject(item.value)) values.push(item.value);
    else bad += 1;
  });
  return { values, bad };
}

/** The span from the first opening bracket to the last matching closing one. */
function jsonSpan(text: string): string | undefined {
  const o = text.search(/[{[]/);
  if (o < 0) return undefined;
  const close = text[o] === '{' ? '}' : ']';
  const c = text.lastIndexOf(close);
  return c > o ? text.slice(o, c + 1) : undefined;
}

/** Records in a selected block of text, as page rows (see the header). */
export async function readSelection(text: string): Promise<PageRow[]> {
  try {
    if (typeof text !== 'string' || text.length > MAX_SELECTION) return [];
    const trimmed = text.trim();
    if (trimmed === '') return [];
    let { values, bad } = await recordsOf(trimmed);
    if (values.length === 0 || bad > 0) {
      const span = jsonSpan(trimmed);
      if (span && span !== trimmed) {
        const retry = await recordsOf(span);
        if (retry.values.length > 0 && (retry.bad < bad || values.length === 0)) ({ values, bad } = retry);
      }
    }
    const seen = new Map<string, number>();
    return values.map((record) => {
      let id = ownId(record) ?? hashId('sel', [JSON.stringify(record)]);
      const n = seen.get(id) ?? 0;
      seen.set(id, n + 1);
      if (n > 0) id = `${id}#${n}`;
      return { id, record };
    });
  } catch {
    return [];
  }
}

export const selectedJson: SiteReader = {
  id: 'selected-json',
  console: 'any',
  title: 'Selected JSON (context menu)',
  matches: [],

  matchesUrl(): boolean {
    return false;
  },

  read(): ReadResult {
    return {
      recognized: false,
      rows: [],
      note: 'Selected JSON is read from the context menu (readSelection), not from the page.',
    };
  },
};
