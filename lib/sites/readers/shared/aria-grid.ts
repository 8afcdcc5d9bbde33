/**
 * Reading tables by ARIA role and header text, for consoles whose class names are obfuscated or
 * unknown (GCP, Google Workspace, GitHub), whose markup is not public. A "grid" is any
 * `[role=grid|table|treegrid]` or native `<table>`; its columns are named by the text of its
 * `columnheader` cells (normalized: lower case, single spaces, no sort arrows), a body cell is
 * tied to its column by `aria-colindex` when both carry one, else by position. Text only: cell
 * values are `textContent`, never HTML. Pure DOM reads, no writes, never throws on odd markup.
 */

import type { PageRow, ReadResult } from '../../site-reader';

const GRID_SELECTOR = '[role="grid"], [role="table"], [role="treegrid"], table';
const HEADER_CELL = '[role="columnheader"], th';
const BODY_CELL = '[role="gridcell"], [role="cell"], [role="rowheader"], td';

/** Lower case, single spaces, without the sort arrows and sort-state words headers often carry. */
export function normalizeHeader(text: string): string {
  return text
    .replace(/[\u2190-\u21ff\u25b2-\u25bf]/g, ' ')
    .replace(/\b(sorted|ascending|descending)\b/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** An element's text with whitespace collapsed (textContent: hidden text included, markup never). */
export function textOf(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * The separate text pieces of an element (each text node, trimmed): a cell listing values in
 * block elements (`<div>scope1</div><div>scope2</div>`) has no separator in its textContent.
 */
export function textPieces(el: Element | null | undefined): string[] {
  const out: string[] = [];
  if (!el) return out;
  const doc = el.ownerDocument;
  const walker = doc.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = (n.nodeValue ?? '').replace(/\s+/g, ' ').trim();
    if (t) out.push(t);
  }
  return out;
}

export interface Column {
  /** Normalized header text. */
  name: string;
  /** 0-based position among the header cells. */
  position: number;
  /** `aria-colindex` of the header cell, when present. */
  colIndex?: number;
}

export interface Grid {
  el: Element;
  columns: Column[];
}

function colIndexOf(el: Element): number | undefined {
  const v = el.getAttribute('aria-colindex');
  if (v === null) return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Nearest grid ancestor of `el` (itself excluded), so nested grids are not mixed up. */
function gridOf(el: Element): Element | null {
  return el.parentElement?.closest(GRID_SELECTOR) ?? null;
}

/** The header columns of a grid (its own, not those of a grid nested inside it). */
export function columnsOf(grid: Element): Column[] {
  const out: Column[] = [];
  for (const h of Array.from(grid.querySelectorAll(HEADER_CELL))) {
    if (gridOf(h) !== grid) continue;
    const col: Column = { name: normalizeHeader(textOf(h)), position: out.length };
    const ci = colIndexOf(h);
    if (ci !== undefined) col.colIndex = ci;
    out.push(col);
  }
  return out;
}

/** Every grid under `root` with its columns (grids without header cells are skipped). */
export function findGrids(root: ParentNode): Grid[] {
  const out: Grid[] = [];
  const self = root instanceof Element && root.matches(GRID_SELECTOR) ? [root] : [];
  for (const el of [...self, ...Array.from(root.querySelectorAll(GRID_SELECTOR))]) {
    const columns = columnsOf(el);
    if (columns.length) out.push({ el, columns });
  }
  return out;
}

/**
 * The first grid whose header names satisfy every matcher in `required` (each matcher: a list of
 * accepted header texts, normalized, or a predicate). Null when no grid on the page has them.
 */
export function findGridByHeaders(root: ParentNode, required: readonly (readonly string[])[]): Grid | null {
  for (const g of findGrids(root)) {
    const names = new Set(g.columns.map((c) => c.name));
    if (required.every((alts) => alts.some((a) => names.has(a)))) return g;
  }
  return null;
}

const CELL_ROLES = new Set(['gridcell', 'cell', 'rowheader']);

function isBodyCell(el: Element): boolean {
  const role = el.getAttribute('role');
  return role !== null ? CELL_ROLES.has(role) : el.tagName === 'TD';
}

/** The body rows of a grid: `[role=row]`/`tr` with body cells, not `aria-hidden`, not nested deeper. */
export function bodyRows(grid: Element): Element[] {
  const out: Element[] = [];
  // Most grids nest nothing: then no row needs the (costly) ancestor check.
  const nested = grid.querySelector(GRID_SELECTOR) !== null;
  for (const r of Array.from(grid.querySelectorAll('[role="row"], tr'))) {
    if (nested && gridOf(r) !== grid) continue;
    if (r.getAttribute('aria-hidden') === 'true') continue;
    if (!Array.from(r.children).some(isBodyCell) && !r.querySelector(BODY_CELL)) continue;
    out.push(r);
  }
  return out;
}

/** The body cells of one row (its own, not those of a nested row). */
export function cellsOf(row: Element): Element[] {
  // Fast path, no selector engine: cells that are the row's own children (the usual markup).
  const direct: Element[] = [];
  for (const c of Array.from(row.children)) if (isBodyCell(c)) direct.push(c);
  if (direct.length) return direct;
  const all = Array.from(row.querySelectorAll(BODY_CELL));
  if (!row.querySelector('[role="row"], tr')) return all;
  return all.filter((c) => c.parentElement?.closest('[role="row"], tr') === row);
}

/**
 * The cells of a row keyed by column name. A cell's column is found by `aria-colindex` when both
 * the cell and some header carry one, else by position. Columns without a cell are absent.
 */
export function cellsByColumn(row: Element, columns: readonly Column[]): Map<string, Element> {
  const out = new Map<string, Element>();
  const byColIndex = new Map<number, Column>();
  for (const c of columns) if (c.colIndex !== undefined) byColIndex.set(c.colIndex, c);
  const cells = cellsOf(row);
  cells.forEach((cell, i) => {
    const ci = colIndexOf(cell);
    const col = (ci !== undefined ? byColIndex.get(ci) : undefined) ?? columns[i];
    if (col && !out.has(col.name)) out.set(col.name, cell);
  });
  return out;
}

/** Look a column up by any of its accepted header texts. */
export function pick(cells: Map<string, Element>, names: readonly string[]): Element | undefined {
  for (const n of names) {
    const c = cells.get(n);
    if (c) return c;
  }
  return undefined;
}

/** A machine time in a cell (`<time datetime>`, `<relative-time datetime>`, `[datetime]`), else undefined. */
export function datetimeIn(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  const t = el.matches('[datetime]') ? el : el.querySelector('[datetime]');
  const v = t?.getAttribute('datetime')?.trim();
  return v ? v : undefined;
}

/**
 * A stable id for a row without its own: `<prefix>:` + a 64-bit FNV-1a hash (two 32-bit lanes)
 * of the parts, so the same row re-rendered by a virtualized list keeps its id.
 */
export function hashId(prefix: string, parts: readonly string[]): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const s = parts.join('\u001f');
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  const hex = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
  return `${prefix}:${hex(a)}${hex(b)}`;
}

/** Every body row of `grid` through `readRow`; rows it cannot read are counted in the note. */
export function readGridRows(grid: Grid, readRow: (row: Element) => PageRow | null, missing: string): ReadResult {
  const rows: PageRow[] = [];
  let skipped = 0;
  for (const r of bodyRows(grid.el)) {
    const row = readRow(r);
    if (row) rows.push(row);
    else skipped += 1;
  }
  const res: ReadResult = { recognized: true, rows };
  if (skipped) res.note = `${skipped} row(s) without ${missing} were not read.`;
  return res;
}

/** The grid's header row, where the verdict badge goes (the grid itself when it has none). */
export function headerRowOf(grid: Grid): Element {
  return grid.el.querySelector('[role="columnheader"], th')?.closest('[role="row"], tr') ?? grid.el;
}
