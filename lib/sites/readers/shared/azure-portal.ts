/**
 * What the three Azure portal / Entra admin center readers (entra-signins, entra-audit,
 * azure-activity) share: the hosts they run on and the grid-reading loop.
 *
 * Hosts: the top frame is `portal.azure.com` (also `ms.`, `preview.`
 * and other `*.portal.azure.com` subdomains) or `entra.microsoft.com`, where the blade id is in
 * the `#view/…` / `#blade/…` fragment (optionally after `#@<tenant>/`). React views render in
 * cross-origin, prewarmed and reused iframes on `*.reactblade.portal.azure.net`,
 * `*.reactblade-ms.portal.azure.net` and `*.reactblade-rc.portal.azure.net`, whose URL does not
 * name the blade: every Azure reader matches those hosts, and each recognises its own grid by
 * its columns. In the iframe the content script therefore runs every reader whose `matchesUrl`
 * is true and keeps the one whose `read()` says `recognized: true` (`readerFor` alone would
 * stop at the first). Only `https:` is accepted; look-alike hosts are rejected because host
 * names are compared whole, never by prefix.
 */
import type { PageRow, ReadResult } from '../../site-reader';
import {
  columnIndex,
  findGrids,
  norm,
  findPanes,
  hashCells,
  labelValuePairs,
  paneJson,
  readGrid,
  resolvedColumns,
  rowRecord,
  type ColumnIndex,
  type ColumnSpec,
  type GridRead,
  type GridRowRead,
} from './fluent-grid';

export const PORTAL_TOP_MATCHES = [
  'https://portal.azure.com/*',
  'https://*.portal.azure.com/*',
  'https://entra.microsoft.com/*',
] as const;
export const REACTBLADE_MATCHES = [
  'https://*.reactblade.portal.azure.net/*',
  'https://*.reactblade-ms.portal.azure.net/*',
  'https://*.reactblade-rc.portal.azure.net/*',
] as const;

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const REACTBLADE_HOST = new RegExp(`^(?:${LABEL}\\.)+reactblade(?:-ms|-rc)?\\.portal\\.azure\\.net$`);
const PORTAL_HOST = new RegExp(`^(?:(?:${LABEL}\\.)*portal\\.azure\\.com|entra\\.microsoft\\.com)$`);

/** A React-view iframe of the portal (the blade is not in the URL). */
export function isReactBladeFrame(url: URL): boolean {
  return url.protocol === 'https:' && REACTBLADE_HOST.test(url.hostname.toLowerCase());
}

/** A top-frame portal / Entra admin center page. */
export function isPortalTop(url: URL, hosts: 'portal-and-entra' | 'portal-only' = 'portal-and-entra'): boolean {
  if (url.protocol !== 'https:') return false;
  const h = url.hostname.toLowerCase();
  if (hosts === 'portal-only' && h === 'entra.microsoft.com') return false;
  return PORTAL_HOST.test(h);
}

/** The fragment without `#`, an optional `@tenant/` prefix, URL-decoded when possible. */
export function portalRoute(url: URL): string {
  let h = url.hash.replace(/^#/, '');
  try {
    h = decodeURIComponent(h);
  } catch {
    // keep it raw
  }
  return h.replace(/^@[^/]*\//, '');
}

export interface GridLogSpec {
  /** Prefix of hashed row ids. */
  idPrefix: string;
  columns: readonly ColumnSpec[];
  /** Is this grid ours? Given the output names its columns resolve to. */
  accept(cols: ReadonlySet<string>): boolean;
  /** Output names whose cell is the row's own id, in order of preference. */
  idColumns: readonly string[];
  /** Cell record → the record a lib/sources format reads (`pane` holds the details pane's fields). */
  toRecord(
    cells: Record<string, string>,
    ctx: { root: ParentNode; cols: ReadonlySet<string> },
  ): Record<string, unknown>;
  /** What the pane adds: label/value pairs resolved through the same columns, and any JSON shown. */
  mergePane?(
    rec: Record<string, unknown>,
    pane: { el: Element; fields: Record<string, string>; json?: Record<string, unknown> },
  ): Record<string, unknown>;
  /** Text for the "not read yet" note. */
  what: string;
}

export interface GridLog {
  idx: ColumnIndex;
  spec: GridLogSpec;
}

export function gridLog(spec: GridLogSpec): GridLog {
  return { idx: columnIndex(spec.columns), spec };
}

/** The first grid under `root` whose columns the spec accepts. */
export function findOwnGrid(log: GridLog, root: ParentNode): { grid?: GridRead; cols?: Set<string>; sawGrid: boolean } {
  const grids = findGrids(root);
  for (const g of grids) {
    const read = readGrid(g);
    const cols = resolvedColumns(log.idx, read);
    if (log.spec.accept(cols)) return { grid: read, cols, sawGrid: true };
  }
  return { sawGrid: grids.length > 0 };
}

function rowId(log: GridLog, cells: Record<string, string>): string {
  for (const c of log.spec.idColumns) {
    const v = cells[c];
    if (v) return v;
  }
  return hashCells(log.spec.idPrefix, cells);
}

/** The portal document embeds a React-view frame (`*.reactblade*.portal.azure.net`). */
function hasViewFrame(root: ParentNode): boolean {
  for (const f of Array.from(root.querySelectorAll('iframe[src]'))) {
    try {
      if (
        /\.reactblade(-ms|-rc)?\.portal\.azure\.net$/.test(
          new URL(f.getAttribute('src') ?? '', 'https://portal.azure.com/').hostname,
        )
      )
        return true;
    } catch {
      // not a URL: not a view frame
    }
  }
  return false;
}

/** All rows of the grid with their records; the open details pane merged into its row. */
export function readGridLog(log: GridLog, root: ParentNode): ReadResult {
  try {
    const found = findOwnGrid(log, root);
    if (!found.grid || !found.cols) {
      // React-view blades render the grid in a cross-origin iframe, read by the frame's own script.
      const delegated = !found.sawGrid && hasViewFrame(root);
      return {
        recognized: false,
        rows: [],
        note: delegated
          ? `${log.spec.what} is shown in the portal's view frame and read there`
          : found.sawGrid
            ? `the grid on this page is not ${log.spec.what}`
            : `${log.spec.what} grid is not on the page yet`,
        ...(delegated ? { delegated } : {}),
      };
    }
    const cols = found.cols;
    const rows: PageRow[] = [];
    const byId = new Map<string, number>();
    let selectedAt: number | undefined;
    for (const r of found.grid.rows) {
      const cells = rowRecord(log.idx, r);
      if (Object.keys(cells).length === 0) continue;
      const id = rowId(log, cells);
      if (byId.has(id)) continue;
      byId.set(id, rows.length);
      if (r.selected && selectedAt === undefined) selectedAt = rows.length;
      rows.push({ id, record: log.spec.toRecord(cells, { root, cols }) });
    }
    if (log.spec.mergePane) mergePanes(log, root, found.grid.el, rows, byId, selectedAt);
    return { recognized: true, rows };
  } catch (err) {
    return {
      recognized: false,
      rows: [],
      note: `could not read the ${log.spec.what} grid: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

function mergePanes(
  log: GridLog,
  root: ParentNode,
  gridEl: Element,
  rows: PageRow[],
  byId: Map<string, number>,
  selectedAt: number | undefined,
): void {
  for (const pane of findPanes(root)) {
    if (pane.contains(gridEl) || gridEl.contains(pane)) continue;
    const pairs = labelValuePairs(pane);
    const fields: Record<string, string> = {};
    for (const [label, value] of pairs) {
      const out = log.idx.get(norm(label));
      if (out && fields[out] === undefined) fields[out] = value;
    }
    const json = paneJson(pane);
    if (Object.keys(fields).length === 0 && !json && !pane.querySelector('[role="grid"]')) continue;
    // The pane's own id names its row; else it belongs to the selected row.
    let at: number | undefined;
    for (const c of log.spec.idColumns) {
      const v = fields[c];
      if (v && byId.has(v)) {
        at = byId.get(v);
        break;
      }
    }
    at ??= selectedAt;
    if (at === undefined) continue;
    const row = rows[at]!;
    const record = log.spec.mergePane!(row.record, { el: pane, fields, json });
    // The pane's JSON taken as the row's record is the event's whole record: the page session
    // keeps it when the grid shows the row again with its cells only (PageRow.complete).
    rows[at] = record === json ? { id: row.id, record, complete: true } : { id: row.id, record };
  }
}

/** The header row of our grid, where the verdict badge goes. */
export function gridAnchor(log: GridLog, root: ParentNode): Element | null {
  try {
    const found = findOwnGrid(log, root);
    if (!found.grid) return null;
    const g = found.grid.el;
    return (
      g.querySelector('[data-automationid="DetailsHeader"]') ??
      g.querySelector('.fui-DataGridHeader') ??
      g.querySelector('[role="columnheader"]')?.closest('[role="row"]') ??
      g
    );
  } catch {
    return null;
  }
}

/** The row element whose id is `rowId`. */
export function gridRowElement(log: GridLog, root: ParentNode, id: string): Element | null {
  try {
    const found = findOwnGrid(log, root);
    if (!found.grid) return null;
    const hit: GridRowRead | undefined = found.grid.rows.find((r) => {
      const cells = rowRecord(log.idx, r);
      return Object.keys(cells).length > 0 && rowId(log, cells) === id;
    });
    return hit?.el ?? null;
  } catch {
    return null;
  }
}
