/**
 * Okta System Log (`https://<org>-admin.okta.com/report/system_log_2?…`, also the
 * `*-admin.oktapreview.com` and `*-admin.okta-emea.com` cells).
 * Each event is a `tr.header-row` whose next sibling `tr.details-row` pre-renders the whole
 * event, hidden, as `a[data-field="<json path>"][data-value="<value>"]` anchors. The reader
 * folds those anchors into one flat record with dotted keys (`actor.alternateId`,
 * `client.ipAddress`, `authenticationContext.rootSessionId`, `debugContext.debugData.dtHash`),
 * the `event.` (and `event.system.`) prefix stripped: what lib/sources/formats/okta-system.ts
 * unflattens. Targets repeat, so a target's fields become `target.<n>.<field>`, n being the
 * target's `li` among the level-0 items of its `ul.top-level` block (or its order of appearance).
 * Anchors of the collapsed header row (`eventType`, …) fill what the details row lacks.
 * Row id: the event `uuid`, else a hash of the header row's text. Values are attribute strings:
 * never HTML. Language-independent (field paths, not labels).
 * Tenant (issue 10): the records name no org, so the org is taken from the host the page is on
 * (`acme-admin.okta.com` → `acme.okta.com`, the org's own address); on a custom domain the same org
 * could also be reached under its okta.com name, so such a page names no tenant and stays cold.
 * UNVERIFIED against the live console: the exact class names (`header-row`, `details-row`,
 * `top-level`), whether every path carries `event.`, and how targets are nested.
 */
import type { PageRow, ReadResult, SiteReader } from '../site-reader';
import { hashId, textOf } from './shared/aria-grid';

const HOST = /^[a-z0-9][a-z0-9-]*-admin\.(?:okta|oktapreview|okta-emea)\.com$/;
const ORG_HOST = /^([a-z0-9][a-z0-9-]*)-admin\.(okta|oktapreview|okta-emea)\.com$/;

/** The Okta org a System Log page belongs to, from its admin host: `acme-admin.okta.com` → `acme.okta.com`. */
export function oktaOrgOf(url: URL): string | undefined {
  const m = ORG_HOST.exec(url.hostname.toLowerCase());
  return m ? `${m[1]}.${m[2]}.com` : undefined;
}
/** The System Log route, on Okta's hosts and on a custom domain the analyst granted. */
export const SYSTEM_LOG_PATH = /^\/report\/system_log_2(?:\/|$)/;
const UNSAFE = /(^|\.)(__proto__|prototype|constructor)(\.|$)/;

/** `event.system.debugContext…` / `event.actor.id` → `debugContext…` / `actor.id`. */
function fieldPath(raw: string): string {
  let p = raw.trim();
  if (p.startsWith('event.')) p = p.slice(6);
  if (p.startsWith('system.')) p = p.slice(7);
  return p;
}

function isTargetPath(p: string): boolean {
  return p === 'target' || p.startsWith('target.');
}

/** The level-0 `li` of a `ul.top-level` block that holds `a` (one target / one behaviour). */
function topLevelItem(a: Element): Element | null {
  let li = a.closest('li');
  while (li) {
    const parent = li.parentElement;
    if (parent && parent.matches('ul.top-level')) return li;
    li = parent ? parent.closest('li') : null;
  }
  return null;
}

/** Fold a row's anchors into `rec`. Keys already present are kept (details row first). */
function readAnchors(row: Element, rec: Record<string, unknown>): void {
  const targetIndex = new Map<Element, number>();
  const seenInTarget = new Set<string>();
  let counter = -1;
  for (const a of Array.from(row.querySelectorAll('[data-field][data-value]'))) {
    const rawField = a.getAttribute('data-field');
    const value = a.getAttribute('data-value');
    if (rawField === null || value === null || value === '') continue;
    let key = fieldPath(rawField);
    if (!key || UNSAFE.test(key)) continue;
    if (isTargetPath(key) && !/^target\.\d+\./.test(key)) {
      const rest = key === 'target' ? '' : key.slice('target.'.length);
      const li = topLevelItem(a);
      let n: number;
      if (li) {
        n = targetIndex.get(li) ?? -1;
        if (n < 0) {
          n = targetIndex.size;
          targetIndex.set(li, n);
        }
      } else {
        // No list structure: a repeated field starts the next target.
        if (counter < 0 || seenInTarget.has(rest)) {
          counter += 1;
          seenInTarget.clear();
        }
        seenInTarget.add(rest);
        n = counter;
      }
      key = rest ? `target.${n}.${rest}` : `target.${n}`;
    }
    if (rec[key] === undefined) rec[key] = value;
  }
}

function headerRows(root: ParentNode): Element[] {
  return Array.from(root.querySelectorAll('tr.header-row'));
}

/** The details row that belongs to a header row: its next element sibling, when it is one. */
function detailsOf(header: Element): Element | null {
  const next = header.nextElementSibling;
  return next && next.matches('tr.details-row') ? next : null;
}

function readRow(header: Element): PageRow | null {
  const rec: Record<string, unknown> = {};
  const details = detailsOf(header);
  if (details) readAnchors(details, rec);
  readAnchors(header, rec);
  if (typeof rec['eventType'] !== 'string') return null;
  const uuid = rec['uuid'];
  const id = typeof uuid === 'string' && uuid ? uuid : hashId('okta', [textOf(header)]);
  return { id, record: rec };
}

export const oktaSystemLog: SiteReader = {
  id: 'okta-system-log',
  console: 'okta',
  title: 'Okta System Log',
  matches: ['https://*.okta.com/*', 'https://*.oktapreview.com/*', 'https://*.okta-emea.com/*'],

  matchesUrl(url: URL): boolean {
    return url.protocol === 'https:' && HOST.test(url.hostname) && SYSTEM_LOG_PATH.test(url.pathname);
  },

  tenant(url: URL): string | undefined {
    return oktaOrgOf(url);
  },

  read(root: ParentNode): ReadResult {
    try {
      const headers = headerRows(root);
      if (headers.length === 0) {
        // An empty search still shows the table header.
        const table = root.querySelector('table');
        const empty = table !== null && /event info/i.test(textOf(table.querySelector('thead')));
        return empty
          ? { recognized: true, rows: [] }
          : { recognized: false, rows: [], note: 'No System Log rows (tr.header-row) on this page yet.' };
      }
      const rows: PageRow[] = [];
      let skipped = 0;
      for (const h of headers) {
        const row = readRow(h);
        if (row) rows.push(row);
        else skipped += 1;
      }
      const result: ReadResult = { recognized: true, rows };
      if (skipped) result.note = `${skipped} row(s) without an eventType were not read.`;
      return result;
    } catch (err) {
      return { recognized: false, rows: [], note: `Okta System Log could not be read: ${String(err)}` };
    }
  },

  anchor(root: ParentNode): Element | null {
    const h = root.querySelector('tr.header-row');
    const table = h?.closest('table') ?? root.querySelector('table');
    return table?.querySelector('thead') ?? table ?? null;
  },

  rowElement(root: ParentNode, rowId: string): Element | null {
    for (const h of headerRows(root)) {
      if (readRow(h)?.id === rowId) return h;
    }
    return null;
  },
};
