/**
 * Walking the Fluent UI grids the Azure portal and the Entra admin center render their logs with,
 * shared by the entra-signins, entra-audit and azure-activity readers. Keyed on ARIA roles first,
 * with the design systems' stable attributes as extra hints:
 * - Fluent v8 DetailsList (`@fluentui/react`): `[role=grid]` → header `[role=columnheader]
 *   [data-automationid=ColumnsHeaderColumn][data-item-key]`, rows `[role=row][data-automationid=
 *   DetailsRow][data-item-index]`, cells `[role=gridcell|rowheader][data-automationid=
 *   DetailsRowCell][data-automation-key]` (the language-independent column key); the selection
 *   check column is a keyless columnheader / gridcell and is skipped.
 * - Fluent v9 DataGrid (`@fluentui/react-components`): `[role=grid].fui-DataGrid` → header row
 *   of `[role=columnheader]`, body rows `.fui-DataGridRow[role=row]` of `[role=gridcell]`. No
 *   column keys: cells are matched to headers by `aria-colindex` when the header and the cell
 *   both carry it (a grid that renders an extra cell in its rows, an actions or a row-header
 *   cell, or leaves one out, would shift every later column by position and lose the fields the
 *   DetailsList keeps by key), else by position.
 * - A plain ARIA grid/treegrid is read like v9.
 * Also the details pane's label/value pairs (`dt`/`dd`, two-cell rows, `label` + value), and a
 * stable hash for rows without an id. Text only (textContent), never HTML; never throws (callers
 * wrap); no layout reads, so it is cheap to call on every mutation batch.
 */

export type GridDesign = 'fluent-v8' | 'fluent-v9' | 'aria';

export interface GridColumn {
  /** v8 column key (`data-item-key`), when the design has one. */
  key?: string;
  /** Header text, trimmed (icons' private-use glyphs removed). */
  name: string;
}

export interface GridCellText {
  key?: string;
  header: string;
  text: string;
}

export interface GridRowRead {
  el: Element;
  /** v8 `data-item-index`, else `aria-rowindex`, when present. */
  index?: number;
  selected: boolean;
  cells: GridCellText[];
}

export interface GridRead {
  el: Element;
  design: GridDesign;
  columns: GridColumn[];
  rows: GridRowRead[];
}

const MAX_TEXT = 2000;

/** textContent, whitespace collapsed, icon-font glyphs (private use area) removed, capped. */
export function cellText(el: Element | null | undefined): string {
  if (!el) return '';
  const t = el.textContent ?? '';
  return t
    .replace(/[\uE000-\uF8FF]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TEXT);
}

/** Lower-case letters and digits only: "IP address" → "ipaddress", "Date (UTC)" → "dateutc". */
export function norm(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The grids under `root` (outermost first), or `root` itself if it is one. */
export function findGrids(root: ParentNode): Element[] {
  const out: Element[] = [];
  if (isElement(root) && /^(grid|treegrid)$/.test(root.getAttribute('role') ?? '')) out.push(root);
  for (const g of Array.from(root.querySelectorAll('[role="grid"],[role="treegrid"]'))) out.push(g);
  return out;
}

function isElement(n: unknown): n is Element {
  return typeof n === 'object' && n !== null && (n as Node).nodeType === 1;
}

/** The nearest enclosing grid of `el`: rows of a nested grid are not the outer grid's rows. */
function ownerGrid(el: Element): Element | null {
  return el.parentElement?.closest('[role="grid"],[role="treegrid"]') ?? null;
}

function headerName(h: Element): string {
  // v8: the visible name sits in `#<id>-name`; aria-labelledby points at it. Else the whole text.
  const named = h.querySelector('[id$="-name"]');
  return cellText(named ?? h);
}

const SELECTION_CELL = '.fui-TableSelectionCell, .fui-DataGridSelectionCell, [data-selection-toggle]';

/** A selection column cell (v9 selection cell, v8 check cell, or a lone checkbox / radio). */
function isSelectionCell(c: Element): boolean {
  if (c.matches(SELECTION_CELL)) return true;
  return (
    cellText(c) === '' &&
    c.querySelector('input[type="checkbox"], input[type="radio"], [role="checkbox"], [role="radio"]') !== null
  );
}

/** Reads one grid: its columns and its rendered data rows (header rows excluded). */
export function readGrid(grid: Element): GridRead {
  const design: GridDesign = grid.querySelector('[data-automationid="DetailsRow"],[data-automationid="DetailsHeader"]')
    ? 'fluent-v8'
    : grid.classList.contains('fui-DataGrid') || grid.querySelector('.fui-DataGridRow')
      ? 'fluent-v9'
      : 'aria';

  const headerEls = Array.from(grid.querySelectorAll('[role="columnheader"]')).filter(
    (h) => ownerGrid(h) === grid && !isSelectionCell(h),
  );
  const positional: GridColumn[] = headerEls.map((h) => ({
    key: h.getAttribute('data-item-key') ?? undefined,
    name: headerName(h),
  }));
  const byKey = new Map<string, string>();
  for (const c of positional) if (c.key) byKey.set(c.key, c.name);
  const columns = design === 'fluent-v8' ? positional.filter((c) => c.key) : positional;

  // v9 / ARIA: header position by aria-colindex, when the headers carry it.
  const colAt = new Map<string, number>();
  headerEls.forEach((h, i) => {
    const ci = h.getAttribute('aria-colindex');
    if (ci !== null && /^\d+$/.test(ci) && !colAt.has(ci)) colAt.set(ci, i);
  });

  const rows: GridRowRead[] = [];
  for (const r of Array.from(grid.querySelectorAll('[role="row"]'))) {
    if (ownerGrid(r) !== grid) continue;
    const cellEls = Array.from(r.querySelectorAll('[role="gridcell"],[role="rowheader"],[role="cell"]')).filter(
      (c) => ownerGrid(c) === grid && c.parentElement?.closest('[role="row"]') === r && !isSelectionCell(c),
    );
    if (cellEls.length === 0) continue; // a header row
    const cells: GridCellText[] = [];
    cellEls.forEach((c, i) => {
      const key = c.getAttribute('data-automation-key') ?? undefined;
      if (design === 'fluent-v8') {
        if (!key) return; // the selection check cell
        cells.push({ key, header: byKey.get(key) ?? '', text: cellText(c) });
      } else {
        const ci = c.getAttribute('aria-colindex');
        const at = ci !== null && colAt.size ? colAt.get(ci) : i;
        const h = at === undefined ? undefined : positional[at];
        cells.push({ key: key ?? h?.key, header: h?.name ?? '', text: cellText(c) });
      }
    });
    const idx = r.getAttribute('data-item-index') ?? r.getAttribute('aria-rowindex');
    const n = idx !== null && /^\d+$/.test(idx) ? Number(idx) : undefined;
    const selected = r.getAttribute('aria-selected') === 'true' || r.classList.contains('is-selected');
    rows.push({ el: r, index: n, selected, cells });
  }
  return { el: grid, design, columns, rows };
}

/** Column spec: the output name (the console's CSV column title) and what else it is called. */
export interface ColumnSpec {
  out: string;
  /** Header texts and column keys, compared with `norm`. The `out` name is always an alias. */
  aliases: readonly string[];
}

export type ColumnIndex = Map<string, string>;

/** norm(alias) → out name, built once per reader. */
export function columnIndex(specs: readonly ColumnSpec[]): ColumnIndex {
  const m: ColumnIndex = new Map();
  for (const s of specs) {
    for (const a of [s.out, ...s.aliases]) {
      const k = norm(a);
      if (k && !m.has(k)) m.set(k, s.out);
    }
  }
  return m;
}

/** The output name of a column: by its key first (language-independent), then by its header. */
export function resolveColumn(
  idx: ColumnIndex,
  c: { key?: string; header?: string; name?: string },
): string | undefined {
  if (c.key) {
    const k = idx.get(norm(c.key));
    if (k) return k;
  }
  const h = c.header ?? c.name;
  return h ? idx.get(norm(h)) : undefined;
}

/** The set of output names a grid's columns resolve to. */
export function resolvedColumns(idx: ColumnIndex, grid: GridRead): Set<string> {
  const s = new Set<string>();
  for (const c of grid.columns) {
    const o = resolveColumn(idx, c);
    if (o) s.add(o);
  }
  // A header that is not rendered (v8 header scrolled away) still leaves its keys on the cells.
  const first = grid.rows[0];
  if (first) {
    for (const c of first.cells) {
      const o = resolveColumn(idx, c);
      if (o) s.add(o);
    }
  }
  return s;
}

/** One row's cells as `{ out name: text }`; empty cells and unknown columns are left out. */
export function rowRecord(idx: ColumnIndex, row: GridRowRead): Record<string, string> {
  const rec: Record<string, string> = {};
  for (const c of row.cells) {
    const o = resolveColumn(idx, c);
    if (o && c.text !== '' && rec[o] === undefined) rec[o] = c.text;
  }
  return rec;
}

/** FNV-1a (32-bit) of the cells in key order, hex: a stable id for rows that show none. */
export function hashCells(prefix: string, rec: Record<string, unknown>): string {
  const keys = Object.keys(rec).sort();
  let h = 0x811c9dc5;
  const feed = (s: string): void => {
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  };
  for (const k of keys) {
    const v = rec[k];
    feed(k);
    feed('\u0000');
    feed(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
    feed('\u0001');
  }
  return `${prefix}:${h.toString(16).padStart(8, '0')}`;
}

/** Where a details pane can be: Fluent v8 Panel, v9 Drawer/Dialog, or a labelled region. */
const PANE_SELECTOR =
  '.ms-Panel-main, .fui-DrawerBody, .fui-OverlayDrawer, .fui-InlineDrawer, [role="dialog"], [role="complementary"], [data-details-pane]';

export function findPanes(root: ParentNode): Element[] {
  const all = Array.from(root.querySelectorAll(PANE_SELECTOR));
  // Keep the outermost of nested matches (a v8 Panel is also role=dialog inside).
  return all.filter((p) => !all.some((q) => q !== p && q.contains(p)));
}

/**
 * Label/value pairs shown in a pane, first label wins: `dt`/`dd`, two-cell rows
 * (`th`+`td`, `rowheader`+`gridcell`) and `label`/`.ms-Label`/`.fui-Label` followed by a value
 * element. Labels are trimmed of a trailing colon.
 */
export function labelValuePairs(pane: Element): Map<string, string> {
  const out = new Map<string, string>();
  const put = (label: string, value: string): void => {
    const l = label.replace(/:\s*$/, '').trim();
    if (l && value !== '' && !out.has(l)) out.set(l, value);
  };
  for (const dt of Array.from(pane.querySelectorAll('dt'))) {
    const dd = dt.nextElementSibling;
    if (dd && dd.tagName === 'DD') put(cellText(dt), cellText(dd));
  }
  for (const r of Array.from(pane.querySelectorAll('tr, [role="row"]'))) {
    const cells = Array.from(r.children).filter(
      (c) =>
        /^(TH|TD)$/.test(c.tagName) || /^(rowheader|gridcell|cell|columnheader)$/.test(c.getAttribute('role') ?? ''),
    );
    if (cells.length === 2) put(cellText(cells[0]), cellText(cells[1]));
  }
  for (const l of Array.from(pane.querySelectorAll('label, .ms-Label, .fui-Label, [data-label]'))) {
    const v = l.nextElementSibling;
    if (v && !v.matches('label, .ms-Label, .fui-Label, [data-label]')) put(cellText(l), cellText(v));
  }
  return out;
}

/** The first JSON object shown as text in the pane (`pre`, `code`, `textarea`), if it parses. */
export function paneJson(pane: Element): Record<string, unknown> | undefined {
  for (const el of Array.from(pane.querySelectorAll('pre, code, textarea'))) {
    const t = (el.tagName === 'TEXTAREA' ? (el as HTMLTextAreaElement).value : (el.textContent ?? '')).trim();
    if (!t.startsWith('{') || t.length > 200_000) continue;
    try {
      const v: unknown = JSON.parse(t);
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // not JSON: keep looking
    }
  }
  return undefined;
}

/** The selected tab's text (`[role=tab][aria-selected=true]`), v8 Pivot and v9 TabList alike. */
export function selectedTabText(root: ParentNode): string | undefined {
  const tabs = Array.from(root.querySelectorAll('[role="tab"]'));
  const sel = tabs.find((t) => t.getAttribute('aria-selected') === 'true');
  return sel ? cellText(sel) : undefined;
}

/**
 * Local date text as the portal shows it ("11/9/2026, 9:08:00 AM", en-US, in the browser's own
 * time zone) → ISO 8601 UTC, converted with the reader's own clock (it runs in the same browser
 * as the page). ISO text and anything not recognised is returned unchanged.
 */
export function portalDateToIso(s: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?$/i.exec(s.trim());
  if (!m) return s;
  const [, mo, d, y, hRaw, mi, sec, ampm] = m;
  let h = Number(hRaw);
  if (ampm) {
    const pm = ampm.toUpperCase() === 'PM';
    if (h === 12) h = pm ? 12 : 0;
    else if (pm) h += 12;
  }
  const dt = new Date(Number(y), Number(mo) - 1, Number(d), h, Number(mi), sec ? Number(sec) : 0);
  const t = dt.getTime();
  return Number.isFinite(t) ? dt.toISOString() : s;
}
