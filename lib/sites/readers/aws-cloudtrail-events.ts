/**
 * AWS CloudTrail Event history: the list
 * (`/cloudtrailv2/home?region=<r>#/events`, filters in the hash query) and an event's detail page
 * (`#/events/<eventId>`), on every console host: regional `<region>.console.aws.amazon.com`, the
 * global `console.aws.amazon.com`, multi-session `<sessionId>.<region>.console.aws.amazon.com`,
 * GovCloud `*.console.amazonaws-us-gov.com` and China `*.console.amazonaws.cn`. The legacy
 * `/cloudtrail/home` path is accepted too (it redirects to cloudtrailv2).
 *
 * List: the Cloudscape Table. Selectors, and the console variant each serves:
 * - `table[role=table|grid|treegrid]` (plain, keyboard-navigable and expandable Cloudscape
 *   tables; any `<table>` as a last resort): the data table is the one with a `<tbody>`. With the
 *   sticky header on (full-page tables), its own `<thead>` is hidden and a header-only copy sits in
 *   an `aria-hidden` table; both carry the same `<th>`s, so columns are mapped from the data
 *   table's own `<thead>`, else from the visible `thead[class*="awsui_thead-active_"]`.
 * - Header text: `[class*="awsui_header-cell-text_"]` inside each `<th>` (hashed class, matched by
 *   prefix), else the `<th>`'s text. Headers are English only (the console's column names, which are
 *   also its CSV export's column names); a table of event links with other headers is reported as
 *   "not read: English only". Required: "Event name", and "Event source" or "AWS access key" (what
 *   lib/sources/formats/cloudtrail.ts needs to recognise a row); every other column is optional
 *   and may be in any order (the list's Preferences hide and reorder them).
 * - Rows: `tbody > tr` without `aria-hidden` (Cloudscape's `tr[class*="awsui_row_"]`); cells are
 *   `tr.cells` (the row-header column renders as `<th scope=row>`). A row with fewer cells than
 *   the header ("No matches", loading, error: one spanning cell) is not an event.
 * - Row id: the eventId in the event-name link `a[href*="#/events/"]`, else the "Event ID" column,
 *   else a hash of the cells.
 * Each row becomes a record keyed by the Event history CSV columns ("Event ID", "Event time", …;
 * "-" in an empty cell becomes ""; the displayed time "November 09, 2026, 03:12:26 (UTC+00:00)"
 * becomes ISO 8601 with its offset).
 *
 * Partial view: the list's default columns (Event name, Event time, User name, Event source,
 * Resource type, Resource name) leave out what the engine weighs most: the caller's address
 * (risky network, new source), the key (which token), the error code (failures then success).
 * The console's Event history CSV and JSON downloads carry them, so the same records would give
 * other findings from the export. A list without one of NEEDED_COLUMNS is read, and reported as a
 * partial view naming the hidden columns and where to turn them on (the table's Preferences, the
 * gear icon); an event's detail page, opened by the analyst, gives its whole record, which the
 * page session keeps in place of the row's cells (PageRow.complete).
 *
 * Detail: the element whose text is the event's JSON record (`pre`, `code` not inside a `pre`,
 * `textarea`), emitted whole with id = eventID. A code editor that renders only its visible lines
 * (Ace) cannot be read: the list or an export then is the way.
 *
 * Tenant (issue 10): the list's rows do not name their account; the console's navigation header
 * does. `accountIdOf` reads the account id where public extensions that tell accounts apart read
 * it (the account menu): the span before the menu's "copy account
 * ID" button (`[data-testid="awsc-copy-accountid"]`), `[data-testid="aws-my-account-details"]`,
 * or a `1234-5678-9012` span in `[data-testid="account-detail-menu"]`. Only a 12-digit id is taken
 * (an account alias or a user name would not match the records' `recipientAccountId`). Where the
 * header does not show it (the replica has no header; the live menu may render only once opened),
 * the page names no tenant and its list rows stay cold, as before. UNVERIFIED against the live
 * console: that these elements are in the document while the menu is closed.
 *
 * Cost: textContent only (no innerHTML, innerText or layout reads); a detail block's JSON is
 * parsed once per distinct text. Never throws: a DOM surprise becomes `recognized: false` and a note.
 */
import type { PageRow, PartialView, ReadResult, SiteReader } from '../site-reader';

const HOST_SUFFIXES = ['console.aws.amazon.com', 'console.amazonaws-us-gov.com', 'console.amazonaws.cn'] as const;
const PATHS = new Set(['/cloudtrailv2/home', '/cloudtrailv2/', '/cloudtrailv2', '/cloudtrail/home']);
const LABELS = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

function isConsoleHost(host: string): boolean {
  for (const s of HOST_SUFFIXES) {
    if (host === s) return true;
    if (host.endsWith('.' + s)) return LABELS.test(host.slice(0, -s.length - 1));
  }
  return false;
}

/** Which Event history view `url` shows: the list, one event's detail, or none. */
export function cloudtrailEventsView(url: URL): 'list' | 'detail' | undefined {
  if (url.protocol !== 'https:' || url.port !== '' || !isConsoleHost(url.hostname)) return undefined;
  if (!PATHS.has(url.pathname)) return undefined;
  const m = /^#\/events(?:\/([^/?#]*))?\/?(?:\?.*)?$/.exec(url.hash);
  if (!m) return undefined;
  return m[1] ? 'detail' : 'list';
}

/** The Event history CSV columns, by their English header text in the list (lower-cased). */
const COLUMNS: ReadonlyMap<string, string> = new Map(
  [
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
  ].map((c) => [c.toLowerCase(), c] as const),
);

/** Columns the engine needs from a list row (the console's names), in the Preferences' order. */
export const NEEDED_COLUMNS = [
  'Event time',
  'User name',
  'Event source',
  'AWS access key',
  'Source IP address',
  'Error code',
] as const;

/** The partial-view report for a list showing `shown` columns, or undefined when none is missing. */
export function eventHistoryPartial(shown: ReadonlySet<string>): PartialView | undefined {
  const missing = NEEDED_COLUMNS.filter((c) => !shown.has(c));
  if (missing.length === 0) return undefined;
  return {
    missing,
    advice:
      `Turn on ${missing.map((c) => `"${c}"`).join(', ')} in the Event history table's Preferences ` +
      `(the gear icon above the table), or open each event: its detail page shows the whole record, ` +
      `which is read as you open it.`,
  };
}

const EMPTY_CELL = new Set(['-', '–', '—']);

function text(node: Node | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const CONSOLE_TIME =
  /^([A-Za-z]+)\.? (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})(?: ?([AaPp])\.?[Mm]\.?)? ?\((?:UTC|GMT)([+-]\d{1,2}(?::?\d{2})?)?\)$/;

/** The list's displayed time as ISO 8601 with its offset; anything else as shown. */
export function consoleTimeToIso(shown: string): string {
  const m = CONSOLE_TIME.exec(shown);
  if (!m) return shown;
  const [, mon, d, y, h, mi, s, ampm, off] = m;
  const month = MONTHS.findIndex((name) => name.startsWith(mon!.toLowerCase()) && mon!.length >= 3);
  if (month < 0) return shown;
  let hour = Number(h);
  if (ampm) {
    const pm = ampm.toLowerCase() === 'p';
    if (hour === 12) hour = pm ? 12 : 0;
    else if (pm) hour += 12;
  }
  const p = (n: number | string) => String(n).padStart(2, '0');
  let zone = 'Z';
  if (off) {
    const sign = off[0]!;
    const digits = off.slice(1).replace(':', '');
    const hh = digits.length <= 2 ? digits : digits.slice(0, digits.length - 2);
    const mm = digits.length <= 2 ? '00' : digits.slice(-2);
    zone = Number(hh) === 0 && Number(mm) === 0 ? 'Z' : `${sign}${p(hh)}:${mm}`;
  }
  return `${y}-${p(month + 1)}-${p(d!)}T${p(hour)}:${mi}:${s}${zone}`;
}

/** The eventId a link's `href` names (`…#/events/<id>`, `#/events/<id>?…`). */
function eventIdOf(href: string | null): string | undefined {
  if (!href) return undefined;
  const i = href.indexOf('#/events/');
  if (i < 0) return undefined;
  const raw = /^[^/?#&]+/.exec(href.slice(i + 9))?.[0];
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** FNV-1a of the cells: the id of a row that shows no event id. */
function hashId(parts: readonly string[]): string {
  let h = 0x811c9dc5;
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) h = Math.imul(h ^ p.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x1f, 0x01000193);
  }
  return `row-${(h >>> 0).toString(16).padStart(8, '0')}`;
}

interface EventTable {
  table: HTMLTableElement;
  /** Column index → CSV column name. */
  columns: Map<number, string>;
  /** Header cells: a body row with fewer cells is the empty state or a loading row. */
  width: number;
}

function headerCells(thead: Element | null | undefined): Element[] {
  if (!thead) return [];
  const rows = thead.querySelectorAll('tr');
  const last = rows[rows.length - 1];
  return last ? Array.from(last.children).filter((c) => c.tagName === 'TH' || c.tagName === 'TD') : [];
}

function columnsOf(cells: readonly Element[]): Map<number, string> {
  const columns = new Map<number, string>();
  cells.forEach((th, i) => {
    const label = text(th.querySelector('[class*="awsui_header-cell-text_"]') ?? th).toLowerCase();
    const col = COLUMNS.get(label);
    if (col && ![...columns.values()].includes(col)) columns.set(i, col);
  });
  return columns;
}

/** The Event history data table and its column map, or why there is none. */
function findTable(root: ParentNode): EventTable | { note: string } | undefined {
  let tables = Array.from(
    root.querySelectorAll<HTMLTableElement>('table[role="table"], table[role="grid"], table[role="treegrid"]'),
  );
  if (tables.length === 0) tables = Array.from(root.querySelectorAll<HTMLTableElement>('table'));
  let foreign = false;
  for (const table of tables) {
    if (!table.tBodies || table.tBodies.length === 0) continue; // the sticky header's copy
    let header = headerCells(table.tHead);
    let columns = columnsOf(header);
    if (columns.size === 0) {
      header = headerCells(root.querySelector('thead[class*="awsui_thead-active_"]'));
      columns = columnsOf(header);
    }
    if ([...columns.values()].includes('Event name')) return { table, columns, width: header.length };
    if (table.querySelector('tbody a[href*="#/events/"]')) foreign = true;
  }
  if (foreign) {
    return {
      note:
        'The Event history table was found but its column headers are not in English: the reader knows ' +
        'only the English headers (set the console language to English).',
    };
  }
  return undefined;
}

function dataRows(table: HTMLTableElement): HTMLTableRowElement[] {
  const out: HTMLTableRowElement[] = [];
  for (const body of Array.from(table.tBodies)) {
    for (const tr of Array.from(body.rows)) {
      if (tr.getAttribute('aria-hidden') === 'true' || tr.hidden) continue;
      out.push(tr);
    }
  }
  return out;
}

function readRow(tr: HTMLTableRowElement, { columns, width }: EventTable): { row: PageRow } | undefined {
  const cells = tr.cells;
  if (cells.length < width) return undefined; // "No matches", loading and error rows span the table
  const record: Record<string, unknown> = {};
  const parts: string[] = [];
  for (const [i, col] of columns) {
    const cell = cells[i];
    if (!cell) continue;
    let value = text(cell);
    parts.push(value);
    if (EMPTY_CELL.has(value)) value = '';
    if (col === 'Event time') value = consoleTimeToIso(value);
    record[col] = value;
  }
  if (typeof record['Event name'] !== 'string' || record['Event name'] === '') return undefined;
  const linked = eventIdOf(tr.querySelector('a[href*="#/events/"]')?.getAttribute('href') ?? null);
  const shownId = typeof record['Event ID'] === 'string' && record['Event ID'] !== '' ? record['Event ID'] : undefined;
  const id = linked ?? shownId ?? hashId(parts);
  if (linked || shownId) record['Event ID'] = id;
  return { row: { id, record } };
}

/** readRow(tr)?.row.id, reading only the event-name cell when the row links its event. */
function rowIdOf(tr: HTMLTableRowElement, table: EventTable): string | undefined {
  if (tr.cells.length < table.width) return undefined;
  const linked = eventIdOf(tr.querySelector('a[href*="#/events/"]')?.getAttribute('href') ?? null);
  if (!linked) return readRow(tr, table)?.row.id;
  let nameAt: number | undefined;
  for (const [i, col] of table.columns) if (col === 'Event name') nameAt = i;
  const name = nameAt === undefined ? '' : text(tr.cells[nameAt]);
  return name !== '' && !EMPTY_CELL.has(name) ? linked : undefined;
}

/** Parsed detail blocks, by element, reused while their text is unchanged. */
const jsonMemo = new WeakMap<Element, { text: string; record: Record<string, unknown> | undefined }>();

function eventRecordIn(el: Element): Record<string, unknown> | undefined {
  const raw = el.tagName === 'TEXTAREA' ? (el as HTMLTextAreaElement).value : (el.textContent ?? '');
  const memo = jsonMemo.get(el);
  if (memo && memo.text === raw) return memo.record;
  let record: Record<string, unknown> | undefined;
  const t = raw.trim();
  if (t.startsWith('{') && t.includes('"eventName"')) {
    try {
      const parsed: unknown = JSON.parse(t);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const r = parsed as Record<string, unknown>;
        if (typeof r.eventName === 'string' && (typeof r.eventID === 'string' || typeof r.eventSource === 'string'))
          record = r;
      }
    } catch {
      record = undefined;
    }
  }
  jsonMemo.set(el, { text: raw, record });
  return record;
}

function detailBlocks(root: ParentNode): { el: Element; row: PageRow }[] {
  const out: { el: Element; row: PageRow }[] = [];
  for (const el of Array.from(root.querySelectorAll('pre, code, textarea'))) {
    if (el.tagName === 'CODE' && el.parentElement?.closest('pre')) continue;
    const record = eventRecordIn(el);
    if (!record) continue;
    const id = typeof record.eventID === 'string' ? record.eventID : hashId([JSON.stringify(record)]);
    if (!out.some((o) => o.row.id === id)) out.push({ el, row: { id, record, complete: true } });
  }
  return out;
}

/** The table the last full read of a root read: an incremental read of another table is structural. */
const lastTable = new WeakMap<ParentNode, HTMLTableElement>();

function readChangedRows(
  root: ParentNode,
  changed: readonly Node[],
  removedFrom: readonly Node[],
): { rows: PageRow[]; elements: Map<string, Element> } | undefined {
  const found = findTable(root);
  if (!found || !('table' in found) || lastTable.get(root) !== found.table) return undefined;
  const names = new Set(found.columns.values());
  if (!names.has('Event source') && !names.has('AWS access key')) return undefined;
  const table = found.table;
  const trs = new Set<HTMLTableRowElement>();
  for (const node of changed) {
    const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
    if (!el || !el.isConnected) continue; // removed since: nothing to read
    if (el.closest('thead')) return undefined; // the columns may have changed
    const tr = el.closest('tr');
    const body = tr?.parentElement;
    if (tr && body?.tagName === 'TBODY' && body.parentElement === table) {
      if (tr.getAttribute('aria-hidden') !== 'true' && !tr.hidden) trs.add(tr as HTMLTableRowElement);
      continue;
    }
    if (table.contains(el) || el.contains(table)) return undefined; // a body, the table itself, a nested table
  }
  for (const node of removedFrom) {
    const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
    if (!el || !el.isConnected) continue;
    if (el.closest('thead')) return undefined;
    if (el.tagName === 'TBODY' && el.parentElement === table) continue; // rows removed: nothing to read
    const tr = el.closest('tr');
    const body = tr?.parentElement;
    if (tr && body?.tagName === 'TBODY' && body.parentElement === table) {
      if (tr.getAttribute('aria-hidden') !== 'true' && !tr.hidden) trs.add(tr as HTMLTableRowElement);
      continue;
    }
    if (table.contains(el) || el.contains(table)) return undefined;
  }
  const ordered = [...trs].sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1)); // document order, as read()
  const rows: PageRow[] = [];
  const elements = new Map<string, Element>();
  for (const tr of ordered) {
    const r = readRow(tr, found);
    if (!r) continue;
    rows.push(r.row);
    if (!elements.has(r.row.id)) elements.set(r.row.id, tr);
  }
  return { rows, elements };
}

function readPage(root: ParentNode): ReadResult {
  const found = findTable(root);
  if (found && 'table' in found) {
    lastTable.set(root, found.table);
    const names = new Set(found.columns.values());
    if (!names.has('Event source') && !names.has('AWS access key')) {
      return {
        recognized: false,
        rows: [],
        note: 'The Event history table hides both the "Event source" and "AWS access key" columns: turn one of them on in the table\'s Preferences.',
      };
    }
    const rows: PageRow[] = [];
    for (const tr of dataRows(found.table)) {
      const r = readRow(tr, found);
      if (r) rows.push(r.row);
    }
    const partial = eventHistoryPartial(names);
    return partial ? { recognized: true, rows, partial } : { recognized: true, rows };
  }
  const details = detailBlocks(root);
  if (details.length) return { recognized: true, rows: details.map((d) => d.row) };
  return {
    recognized: false,
    rows: [],
    note: found?.note ?? 'No Event history table and no event record JSON on this page yet.',
  };
}

function safe<T>(fallback: T, f: () => T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

const ACCOUNT_ID = /^(\d{4})-?(\d{4})-?(\d{4})$/;

/** The 12-digit account id the console's navigation header shows, or undefined (see the header comment). */
export function accountIdOf(root: ParentNode): string | undefined {
  const texts: (string | null | undefined)[] = [
    root.querySelector('[data-testid="awsc-copy-accountid"]')?.previousElementSibling?.textContent,
    root.querySelector('[data-testid="aws-my-account-details"]')?.textContent,
  ];
  const menu = root.querySelector('[data-testid="account-detail-menu"]');
  if (menu) for (const span of Array.from(menu.querySelectorAll('span')).slice(0, 200)) texts.push(span.textContent);
  for (const t of texts) {
    const m = t ? ACCOUNT_ID.exec(t.trim()) : null;
    if (m) return m[1]! + m[2]! + m[3]!;
  }
  return undefined;
}

export const awsCloudtrailEvents: SiteReader = {
  id: 'aws-cloudtrail-events',
  console: 'aws',
  title: 'AWS CloudTrail Event history',
  matches: [
    'https://*.console.aws.amazon.com/*',
    'https://*.console.amazonaws-us-gov.com/*',
    'https://*.console.amazonaws.cn/*',
  ],

  matchesUrl(url: URL): boolean {
    return safe(false, () => cloudtrailEventsView(url) !== undefined);
  },

  tenant(_url: URL, root: ParentNode): string | undefined {
    return safe(undefined, () => accountIdOf(root));
  },

  read(root: ParentNode): ReadResult {
    try {
      return readPage(root);
    } catch (err) {
      return {
        recognized: false,
        rows: [],
        note: `The Event history page could not be read (${err instanceof Error ? err.message : String(err)}).`,
      };
    }
  },

  anchor(root: ParentNode): Element | null {
    return safe(null, () => {
      const found = findTable(root);
      if (!found || !('table' in found)) return null;
      const labelId = found.table.getAttribute('aria-labelledby')?.split(/\s+/)[0];
      const label = labelId ? root.querySelector(`[id="${labelId.replace(/["\\]/g, '\\$&')}"]`) : null;
      if (label) return label.closest('h1, h2, h3') ?? label;
      return root.querySelector('thead[class*="awsui_thead-active_"]') ?? found.table.tHead;
    });
  },

  rowElement(root: ParentNode, rowId: string): Element | null {
    return safe(null, () => {
      const found = findTable(root);
      if (found && 'table' in found) {
        for (const tr of dataRows(found.table)) if (readRow(tr, found)?.row.id === rowId) return tr;
        return null;
      }
      return detailBlocks(root).find((d) => d.row.id === rowId)?.el ?? null;
    });
  },

  readChanged(
    root: ParentNode,
    changed: readonly Node[],
    removedFrom: readonly Node[] = [],
  ): { rows: PageRow[]; elements: Map<string, Element> } | undefined {
    return safe(undefined, () => readChangedRows(root, changed, removedFrom));
  },

  rowElements(root: ParentNode): Map<string, Element> {
    return safe(new Map<string, Element>(), () => {
      const out = new Map<string, Element>();
      const found = findTable(root);
      if (found && 'table' in found) {
        for (const tr of dataRows(found.table)) {
          // The event link names the id (readRow's own first choice): no need to read the cells.
          const id = rowIdOf(tr, found);
          if (id !== undefined && !out.has(id)) out.set(id, tr);
        }
        return out;
      }
      for (const d of detailBlocks(root)) if (!out.has(d.row.id)) out.set(d.row.id, d.el);
      return out;
    });
  },
};
