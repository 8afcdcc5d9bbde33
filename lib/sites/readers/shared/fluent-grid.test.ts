// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import {
  cellText,
  columnIndex,
  findGrids,
  findPanes,
  hashCells,
  labelValuePairs,
  norm,
  paneJson,
  portalDateToIso,
  readGrid,
  resolveColumn,
  rowRecord,
  selectedTabText,
} from './fluent-grid';
import { isPortalTop, isReactBladeFrame, portalRoute } from './azure-portal';

afterEach(() => {
  document.body.replaceChildren();
});

/** Builds DOM from a compact spec with createElement / textContent only. */
function el(tag: string, attrs: Record<string, string> = {}, ...kids: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const k of kids) e.append(typeof k === 'string' ? document.createTextNode(k) : k);
  return e;
}

describe('fluent-grid helpers', () => {
  it('normalises names and keeps text as text', () => {
    expect(norm('Date (UTC)')).toBe('dateutc');
    expect(norm('Initiated by (actor)')).toBe('initiatedbyactor');
    expect(cellText(el('div', {}, '  a\n  b \uE710 '))).toBe('a b');
    const hostile = el('div', {}, '<img src=x onerror=alert(1)>');
    expect(cellText(hostile)).toBe('<img src=x onerror=alert(1)>');
    expect(hostile.querySelector('img')).toBeNull();
  });

  it('hashes cells stably, independent of key order', () => {
    const a = hashCells('p', { b: '2', a: '1' });
    expect(a).toBe(hashCells('p', { a: '1', b: '2' }));
    expect(a).toMatch(/^p:[0-9a-f]{8}$/);
    expect(hashCells('p', { a: '1', b: '3' })).not.toBe(a);
    expect(hashCells('p', { ab: '', c: '' })).not.toBe(hashCells('p', { a: 'b', c: '' }));
  });

  it('converts the portal en-US local date to ISO UTC, leaves the rest', () => {
    expect(portalDateToIso('11/9/2026, 9:08:00 AM')).toBe(new Date(2026, 10, 9, 9, 8, 0).toISOString());
    expect(portalDateToIso('11/9/2026, 12:05:00 AM')).toBe(new Date(2026, 10, 9, 0, 5, 0).toISOString());
    expect(portalDateToIso('11/9/2026, 12:05:00 PM')).toBe(new Date(2026, 10, 9, 12, 5, 0).toISOString());
    expect(portalDateToIso('2026-11-09T09:08:00Z')).toBe('2026-11-09T09:08:00Z');
    expect(portalDateToIso('09.11.2026 09:08')).toBe('09.11.2026 09:08');
  });

  it('reads an ARIA grid by position, skipping selection cells and nested grids', () => {
    const inner = el('div', { role: 'grid' }, el('div', { role: 'row' }, el('div', { role: 'gridcell' }, 'nested')));
    const grid = el(
      'div',
      { role: 'grid' },
      el(
        'div',
        { role: 'row' },
        el('div', { role: 'columnheader' }, 'Date'),
        el('div', { role: 'columnheader' }, 'User'),
      ),
      el(
        'div',
        { role: 'row', 'aria-selected': 'true', 'aria-rowindex': '2' },
        el('div', { role: 'gridcell' }, el('input', { type: 'checkbox' })),
        el('div', { role: 'gridcell' }, '2026-11-09T09:08:00Z'),
        el('div', { role: 'gridcell' }, 'carol', inner),
      ),
    );
    document.body.append(grid);
    expect(findGrids(document)).toEqual([grid, inner]);
    const read = readGrid(grid);
    expect(read.design).toBe('aria');
    expect(read.columns.map((c) => c.name)).toEqual(['Date', 'User']);
    expect(read.rows).toHaveLength(1);
    expect(read.rows[0]).toMatchObject({ index: 2, selected: true });
    expect(read.rows[0]!.cells.map((c) => [c.header, c.text])).toEqual([
      ['Date', '2026-11-09T09:08:00Z'],
      ['User', 'carolnested'],
    ]);
    const idx = columnIndex([
      { out: 'Date (UTC)', aliases: ['Date'] },
      { out: 'User', aliases: ['userDisplayName'] },
    ]);
    expect(rowRecord(idx, read.rows[0]!)).toEqual({ 'Date (UTC)': '2026-11-09T09:08:00Z', User: 'carolnested' });
    expect(resolveColumn(idx, { key: 'userDisplayName', header: 'Benutzer' })).toBe('User');
    expect(resolveColumn(idx, { key: 'col7', header: 'Date' })).toBe('Date (UTC)');
    expect(resolveColumn(idx, { header: 'Unknown' })).toBeUndefined();
  });

  it('matches v9 / ARIA cells to headers by aria-colindex when both carry it, not by position', () => {
    const cell = (ci: string, text: string) => el('div', { role: 'gridcell', 'aria-colindex': ci }, text);
    const grid = el(
      'div',
      { role: 'grid', class: 'fui-DataGrid' },
      el(
        'div',
        { role: 'row' },
        el('div', { role: 'columnheader', 'aria-colindex': '1' }, 'Date'),
        el('div', { role: 'columnheader', 'aria-colindex': '2' }, 'IP address'),
        el('div', { role: 'columnheader', 'aria-colindex': '3' }, 'User agent'),
      ),
      // A row that leaves the IP address cell out and adds an actions cell of no column.
      el(
        'div',
        { role: 'row', class: 'fui-DataGridRow' },
        cell('1', '11/9/2026, 9:08:00 AM'),
        cell('3', 'python-requests/2.31.0'),
        cell('4', '…'),
      ),
      el(
        'div',
        { role: 'row', class: 'fui-DataGridRow' },
        cell('1', '11/9/2026, 9:09:00 AM'),
        cell('2', '159.89.14.202'),
        cell('3', 'curl/8.4.0'),
      ),
    );
    document.body.append(grid);
    const read = readGrid(grid);
    expect(read.design).toBe('fluent-v9');
    expect(read.rows[0]!.cells.map((c) => [c.header, c.text])).toEqual([
      ['Date', '11/9/2026, 9:08:00 AM'],
      ['User agent', 'python-requests/2.31.0'],
      ['', '…'],
    ]);
    expect(read.rows[1]!.cells.map((c) => c.header)).toEqual(['Date', 'IP address', 'User agent']);
  });

  it('reads label/value pairs and JSON from a pane, outermost pane only', () => {
    const pane = el(
      'div',
      { class: 'ms-Panel-main', role: 'dialog' },
      el(
        'div',
        { role: 'dialog' },
        el('dl', {}, el('dt', {}, 'Request ID:'), el('dd', {}, 'r-1')),
        el('table', {}, el('tbody', {}, el('tr', {}, el('th', {}, 'IP address'), el('td', {}, '159.89.14.202')))),
        el('div', {}, el('label', {}, 'User agent'), el('span', {}, 'python-requests/2.31.0')),
        el('pre', {}, '{"operationName":{"value":"x"}}'),
        el('code', {}, '{not json'),
      ),
    );
    document.body.append(pane);
    expect(findPanes(document)).toEqual([pane]);
    expect([...labelValuePairs(pane)]).toEqual([
      ['Request ID', 'r-1'],
      ['IP address', '159.89.14.202'],
      ['User agent', 'python-requests/2.31.0'],
    ]);
    expect(paneJson(pane)).toEqual({ operationName: { value: 'x' } });
  });

  it('finds the selected tab', () => {
    document.body.append(
      el(
        'div',
        { role: 'tablist' },
        el('button', { role: 'tab', 'aria-selected': 'false' }, 'A'),
        el('button', { role: 'tab', 'aria-selected': 'true' }, 'B'),
      ),
    );
    expect(selectedTabText(document)).toBe('B');
  });
});

describe('azure-portal hosts', () => {
  it('accepts only whole portal and reactblade host names over https', () => {
    expect(isReactBladeFrame(new URL('https://sandbox-22-5.reactblade.portal.azure.net/'))).toBe(true);
    expect(isReactBladeFrame(new URL('https://a.b.reactblade-ms.portal.azure.net/'))).toBe(true);
    expect(isReactBladeFrame(new URL('https://reactblade.portal.azure.net/'))).toBe(false);
    expect(isReactBladeFrame(new URL('https://x.reactblade.portal.azure.net.evil.example/'))).toBe(false);
    expect(isReactBladeFrame(new URL('http://x.reactblade.portal.azure.net/'))).toBe(false);
    expect(isPortalTop(new URL('https://portal.azure.com/'))).toBe(true);
    expect(isPortalTop(new URL('https://preview.portal.azure.com/'))).toBe(true);
    expect(isPortalTop(new URL('https://entra.microsoft.com/'))).toBe(true);
    expect(isPortalTop(new URL('https://entra.microsoft.com/'), 'portal-only')).toBe(false);
    expect(isPortalTop(new URL('https://portal.azure.com.evil.example/'))).toBe(false);
    expect(isPortalTop(new URL('https://evilportal.azure.com/'))).toBe(false);
    expect(isPortalTop(new URL('https://xentra.microsoft.com/'))).toBe(false);
  });

  it('routes on the fragment, tenant prefix and encoding removed', () => {
    expect(portalRoute(new URL('https://portal.azure.com/#@contoso.onmicrosoft.com/blade/X/Y'))).toBe('blade/X/Y');
    expect(portalRoute(new URL('https://portal.azure.com/#view/A%2FB'))).toBe('view/A/B');
    expect(portalRoute(new URL('https://portal.azure.com/#view/%E0%A4%A'))).toBe('view/%E0%A4%A');
  });
});
