/**
 * GitHub organization and enterprise audit log (`https://github.com/organizations/<org>/settings/audit-log`,
 * `https://github.com/enterprises/<enterprise>/settings/audit-log`, with or without `?q=`).
 * The markup is not public, so the reader keys on ARIA and on text
 * that does not change with styling:
 * - the table is the `[role=table|grid]` (or `<table>`) whose column headers include an event
 *   column (`Event` or `Action`);
 * - each body row becomes a record keyed like the audit log's CSV export (what
 *   lib/sources/formats/github-audit.ts reads): first the entry's details, a `<dl>` whose `<dt>`
 *   are raw field names (`action`, `actor`, `actor_ip`, `created_at`, `hashed_token`,
 *   `programmatic_access_type`, `user_agent`, `repo`, `_document_id`…), then the visible cells
 *   for what the details lack: `action` from the Event cell, `actor` from the Actor cell,
 *   `created_at` from a `<relative-time datetime>` (or `[datetime]`) in the row, `actor_ip` from an
 *   IP column, `repo` from a Repository column.
 * Row id: `_document_id`, else a hash of the row's text. Rows without an action are skipped.
 * UNVERIFIED against the live page: the roles, header texts and the details `<dl>`.
 */
import type { PageRow, ReadResult, SiteReader } from '../site-reader';
import {
  bodyRows,
  cellsByColumn,
  datetimeIn,
  findGridByHeaders,
  hashId,
  pick,
  textOf,
  type Grid,
  readGridRows,
  headerRowOf,
} from './shared/aria-grid';

/** The audit-log route, on github.com and on a GitHub Enterprise Server host the analyst granted. */
export const AUDIT_LOG_PATH = /^\/(?:organizations|enterprises)\/[A-Za-z0-9][A-Za-z0-9._-]*\/settings\/audit-log\/?$/;
const EVENT_COLS = ['event', 'action', 'events'];
const ACTOR_COLS = ['actor', 'user'];
const IP_COLS = ['ip', 'ip address', 'actor ip', 'source ip'];
const REPO_COLS = ['repository', 'repo'];
const UA_COLS = ['user agent'];
const FIELD_NAME = /^[@A-Za-z_][A-Za-z0-9_.@]*$/;
const UNSAFE = new Set(['__proto__', 'prototype', 'constructor']);
const ACTION = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$/;

function findTable(root: ParentNode): Grid | null {
  return findGridByHeaders(root, [EVENT_COLS]);
}

/** `<dt>name</dt><dd>value</dd>` pairs inside the row (the entry's expanded details). */
function readDetails(row: Element, rec: Record<string, unknown>): void {
  for (const dt of Array.from(row.querySelectorAll('dt'))) {
    const key = textOf(dt);
    if (!FIELD_NAME.test(key) || UNSAFE.has(key)) continue;
    let dd = dt.nextElementSibling;
    while (dd && dd.tagName !== 'DD' && dd.tagName !== 'DT') dd = dd.nextElementSibling;
    if (!dd || dd.tagName !== 'DD') continue;
    const value = textOf(dd);
    if (value !== '' && rec[key] === undefined) rec[key] = value;
  }
}

/** The action in an Event cell: its first dotted lower-case word (`repo.download_zip`). */
function actionIn(cell: Element | undefined): string | undefined {
  if (!cell) return undefined;
  const label = cell.querySelector('a, .Label, code');
  for (const candidate of [textOf(label), ...textOf(cell).split(' ')]) {
    if (ACTION.test(candidate)) return candidate;
  }
  return undefined;
}

function readRow(row: Element, grid: Grid): PageRow | null {
  const rec: Record<string, unknown> = {};
  readDetails(row, rec);
  const cells = cellsByColumn(row, grid.columns);
  if (rec['action'] === undefined) {
    const a = actionIn(pick(cells, EVENT_COLS));
    if (a) rec['action'] = a;
  }
  if (rec['action'] === undefined) return null;
  if (rec['actor'] === undefined) {
    const actorCell = pick(cells, ACTOR_COLS);
    const actor = textOf(actorCell?.querySelector('a') ?? actorCell);
    if (actor) rec['actor'] = actor;
  }
  if (rec['created_at'] === undefined && rec['@timestamp'] === undefined) {
    const t = datetimeIn(row);
    if (t) rec['created_at'] = t;
  }
  const fill = (key: string, names: readonly string[]): void => {
    if (rec[key] !== undefined) return;
    const v = textOf(pick(cells, names));
    if (v) rec[key] = v;
  };
  fill('actor_ip', IP_COLS);
  fill('repo', REPO_COLS);
  fill('user_agent', UA_COLS);
  const doc = rec['_document_id'];
  const id = typeof doc === 'string' && doc ? doc : hashId('github', cellsTexts(row));
  return { id, record: rec };
}

function cellsTexts(row: Element): string[] {
  return [textOf(row)];
}

export const githubAuditLog: SiteReader = {
  id: 'github-audit-log',
  console: 'github',
  title: 'GitHub organization audit log',
  matches: ['https://github.com/*'],

  matchesUrl(url: URL): boolean {
    return url.protocol === 'https:' && url.hostname === 'github.com' && AUDIT_LOG_PATH.test(url.pathname);
  },

  read(root: ParentNode): ReadResult {
    try {
      const grid = findTable(root);
      if (!grid) {
        return {
          recognized: false,
          rows: [],
          note: 'No audit log table (a table with an "Event" or "Action" column) on this page yet.',
        };
      }
      return readGridRows(grid, (r) => readRow(r, grid), 'an action');
    } catch (err) {
      return { recognized: false, rows: [], note: `GitHub audit log could not be read: ${String(err)}` };
    }
  },

  anchor(root: ParentNode): Element | null {
    const grid = findTable(root);
    if (!grid) return null;
    return headerRowOf(grid);
  },

  rowElement(root: ParentNode, rowId: string): Element | null {
    const grid = findTable(root);
    if (!grid) return null;
    for (const r of bodyRows(grid.el)) if (readRow(r, grid)?.id === rowId) return r;
    return null;
  },
};
