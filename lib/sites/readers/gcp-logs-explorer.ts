/**
 * GCP Logs Explorer (`https://console.cloud.google.com/logs/query…`, with the query, time range
 * and scope as `;key=value` path parameters and `?project=`). The
 * page is Angular with obfuscated classes and a virtualized results list; the only public hook is
 * `.log-entry-timestamp`. The reader keys on ARIA: result rows are `[role=row]` (with
 * `gridcell`s or a `.log-entry-timestamp`).
 *
 * What it emits, and what it does not:
 * - An EXPANDED entry shows the whole LogEntry (`[role=tree]`, `pre` or `code` in the row, or in
 *   the element right after it). Its text is read as JSON, strict or as the console renders it
 *   (unquoted keys, no commas, one key or value per text node: `parseLooseJson`), and emitted as
 *   the LogEntry lib/sources/formats/gcp-audit.ts parses. Row id: `insertId`, else a hash.
 * - A COLLAPSED row shows only a timestamp and a one-line summary, which no format can parse
 *   into an audit event: it is not emitted, and the note counts it ("expand to read").
 * Tenant (issue 10): the project the Explorer is opened on, from the URL's `?project=` (the
 * console's own scope parameter), as lib/sources/formats/gcp-audit.ts names a project. A page
 * without it (an organization or folder scope) names no tenant and its users' rows stay cold.
 * UNVERIFIED against the live console: row roles, where the expanded JSON sits and how it is
 * rendered as text.
 */
import type { PageRow, ReadResult, SiteReader } from '../site-reader';
import { hashId, textOf, textPieces } from './shared/aria-grid';

const PATH = /^\/logs\/query(?:[;/]|$)/;
/** A project id (6–30 lower-case letters, digits, hyphens), optionally domain-scoped (`example.com:proj`). */
const PROJECT_ID = /^(?:[a-z0-9.-]{1,63}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** The project a Logs Explorer page is opened on (`?project=`), when it is a well-formed project id. */
export function gcpProjectOf(url: URL): string | undefined {
  const p = url.searchParams.get('project');
  return p && PROJECT_ID.test(p) ? p : undefined;
}
const UNSAFE = new Set(['__proto__', 'prototype', 'constructor']);
const NUMBER = /^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const STRING = /"(?:[^"\\]|\\.)*"/y;
const MAX_DEPTH = 64;
const MAX_TEXT = 2_000_000;

/**
 * JSON, or the console's rendering of it: keys may be unquoted, commas may be missing, bare
 * values run to the end of their line. Text before the first `{` is skipped. Undefined when the
 * text holds no object. Never throws.
 */
export function parseLooseJson(text: string): Record<string, unknown> | undefined {
  const start = text.indexOf('{');
  if (start < 0 || text.length > MAX_TEXT) return undefined;
  let i = start;
  const s = text;

  const skip = (): void => {
    while (i < s.length && (s[i] === ',' || /\s/.test(s[i]!))) i++;
  };
  const quoted = (): string => {
    STRING.lastIndex = i;
    const m = STRING.exec(s);
    if (!m) throw new Error('unterminated string');
    i = STRING.lastIndex;
    return JSON.parse(m[0]) as string;
  };
  const bare = (stops: string): string => {
    const from = i;
    while (i < s.length && s[i] !== '\n' && !stops.includes(s[i]!)) i++;
    return s.slice(from, i).trim();
  };
  const value = (depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new Error('too deep');
    skip();
    const c = s[i];
    if (c === '{') return object(depth + 1);
    if (c === '[') return array(depth + 1);
    if (c === '"') return quoted();
    const word = bare(',}]');
    if (word === '') throw new Error(`no value at ${i}`);
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    return NUMBER.test(word) ? Number(word) : word;
  };
  const object = (depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    i++;
    for (;;) {
      skip();
      if (i >= s.length) throw new Error('unterminated object');
      if (s[i] === '}') {
        i++;
        return out;
      }
      const key = s[i] === '"' ? quoted() : bare(':}');
      skip();
      if (s[i] !== ':') throw new Error(`expected ':' after ${key}`);
      i++;
      const v = value(depth);
      if (!UNSAFE.has(key) && key !== '') out[key] = v;
    }
  };
  const array = (depth: number): unknown[] => {
    const out: unknown[] = [];
    i++;
    for (;;) {
      skip();
      if (i >= s.length) throw new Error('unterminated array');
      if (s[i] === ']') {
        i++;
        return out;
      }
      out.push(value(depth));
    }
  };
  try {
    return object(1);
  } catch {
    return undefined;
  }
}

function resultRows(root: ParentNode): Element[] {
  const out: Element[] = [];
  for (const r of Array.from(root.querySelectorAll('[role="row"]'))) {
    if (r.querySelector('[role="columnheader"]') && !r.querySelector('[role="gridcell"]')) continue;
    if (r.querySelector('[role="gridcell"], .log-entry-timestamp')) out.push(r);
  }
  return out;
}

/** The element holding an expanded entry's JSON: in the row, or right after it. */
function jsonHolder(row: Element): Element | null {
  const inRow = row.querySelector('[role="tree"], pre, code');
  if (inRow) return inRow;
  const next = row.nextElementSibling;
  if (next && next.getAttribute('role') !== 'row') {
    return next.matches('[role="tree"], pre, code') ? next : next.querySelector('[role="tree"], pre, code');
  }
  return null;
}

function readRow(row: Element): PageRow | null {
  const holder = jsonHolder(row);
  if (!holder) return null;
  const entry = parseLooseJson(textPieces(holder).join('\n'));
  if (!entry) return null;
  const insertId = entry['insertId'];
  const id = typeof insertId === 'string' && insertId ? insertId : hashId('gcp', [textOf(holder)]);
  return { id, record: entry };
}

export const gcpLogsExplorer: SiteReader = {
  id: 'gcp-logs-explorer',
  console: 'gcp',
  title: 'GCP Logs Explorer',
  matches: ['https://console.cloud.google.com/*'],

  matchesUrl(url: URL): boolean {
    return url.protocol === 'https:' && url.hostname === 'console.cloud.google.com' && PATH.test(url.pathname);
  },

  tenant(url: URL): string | undefined {
    return gcpProjectOf(url);
  },

  read(root: ParentNode): ReadResult {
    try {
      const rows = resultRows(root);
      if (rows.length === 0) {
        return { recognized: false, rows: [], note: 'No Logs Explorer result rows on this page yet (run a query).' };
      }
      const out: PageRow[] = [];
      let collapsed = 0;
      for (const r of rows) {
        const row = readRow(r);
        if (row) out.push(row);
        else collapsed += 1;
      }
      const res: ReadResult = { recognized: true, rows: out };
      if (collapsed) {
        res.note = `${collapsed} collapsed entr${collapsed === 1 ? 'y shows' : 'ies show'} only a timestamp and summary: expand an entry to read its JSON.`;
      }
      return res;
    } catch (err) {
      return { recognized: false, rows: [], note: `Logs Explorer could not be read: ${String(err)}` };
    }
  },

  anchor(root: ParentNode): Element | null {
    const header = root.querySelector('[role="row"] [role="columnheader"]');
    return header?.closest('[role="row"]') ?? resultRows(root)[0]?.parentElement ?? null;
  },

  rowElement(root: ParentNode, rowId: string): Element | null {
    for (const r of resultRows(root)) if (readRow(r)?.id === rowId) return r;
    return null;
  },
};
