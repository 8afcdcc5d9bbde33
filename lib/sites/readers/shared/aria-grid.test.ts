// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
  bodyRows,
  cellsByColumn,
  columnsOf,
  datetimeIn,
  findGridByHeaders,
  hashId,
  headerRowOf,
  normalizeHeader,
  readGridRows,
  textPieces,
} from './aria-grid';

function doc(build: (d: Document) => Element): Document {
  const d = document.implementation.createHTMLDocument('t');
  d.body.append(build(d));
  return d;
}

function el(d: Document, tag: string, attrs: Record<string, string> = {}, ...kids: (Node | string)[]): Element {
  const e = d.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...kids);
  return e;
}

describe('aria-grid', () => {
  it('normalizes header text', () => {
    expect(normalizeHeader('  Date ↓ Sorted descending ')).toBe('date');
    expect(normalizeHeader('IP\n  address')).toBe('ip address');
  });

  it('ties cells to columns by aria-colindex, else by position, and skips header and hidden rows', () => {
    const d = doc((d) =>
      el(
        d,
        'div',
        { role: 'grid' },
        el(
          d,
          'div',
          { role: 'row' },
          el(d, 'div', { role: 'columnheader', 'aria-colindex': '1' }, 'Date'),
          el(d, 'div', { role: 'columnheader', 'aria-colindex': '2' }, 'Event'),
          el(d, 'div', { role: 'columnheader', 'aria-colindex': '3' }, 'Actor'),
        ),
        el(
          d,
          'div',
          { role: 'row' },
          el(d, 'div', { role: 'gridcell', 'aria-colindex': '3' }, 'a@b.example'),
          el(
            d,
            'div',
            { role: 'gridcell', 'aria-colindex': '1' },
            el(d, 'time', { datetime: '2026-05-12T10:00:00Z' }, 'today'),
          ),
        ),
        el(d, 'div', { role: 'row', 'aria-hidden': 'true' }, el(d, 'div', { role: 'gridcell' }, 'ghost')),
      ),
    );
    const g = findGridByHeaders(d, [['date'], ['event', 'action']])!;
    expect(g).not.toBeNull();
    expect(columnsOf(g.el).map((c) => c.name)).toEqual(['date', 'event', 'actor']);
    const rows = bodyRows(g.el);
    expect(rows).toHaveLength(1);
    const cells = cellsByColumn(rows[0]!, g.columns);
    expect(cells.get('actor')?.textContent).toBe('a@b.example');
    expect(datetimeIn(cells.get('date'))).toBe('2026-05-12T10:00:00Z');
    expect(cells.has('event')).toBe(false);
    expect(findGridByHeaders(d, [['time stamp']])).toBeNull();
  });

  it('keeps nested grids apart and native tables work', () => {
    const d = doc((d) =>
      el(
        d,
        'table',
        {},
        el(d, 'thead', {}, el(d, 'tr', {}, el(d, 'th', {}, 'Outer'))),
        el(
          d,
          'tbody',
          {},
          el(
            d,
            'tr',
            {},
            el(
              d,
              'td',
              {},
              el(d, 'table', {}, el(d, 'tr', {}, el(d, 'th', {}, 'Inner')), el(d, 'tr', {}, el(d, 'td', {}, 'x'))),
            ),
          ),
        ),
      ),
    );
    const outer = findGridByHeaders(d, [['outer']])!;
    expect(outer.columns.map((c) => c.name)).toEqual(['outer']);
    expect(bodyRows(outer.el)).toHaveLength(1);
  });

  it('splits block-listed values and hashes stably', () => {
    const d = doc((d) => el(d, 'div', {}, el(d, 'div', {}, 'a'), el(d, 'div', {}, ' b  c ')));
    expect(textPieces(d.body.firstElementChild)).toEqual(['a', 'b c']);
    expect(hashId('x', ['a', 'b'])).toBe(hashId('x', ['a', 'b']));
    expect(hashId('x', ['a', 'b'])).not.toBe(hashId('x', ['ab']));
    expect(hashId('x', ['a'])).toMatch(/^x:[0-9a-f]{16}$/);
  });
});

describe('readGridRows and headerRowOf', () => {
  it('reads every body row, counts the unreadable ones in the note, and finds the header row', () => {
    const table = document.createElement('table');
    const head = table.createTHead().insertRow();
    head.append(Object.assign(document.createElement('th'), { textContent: 'Action' }));
    const body = table.createTBody();
    for (const a of ['repo.create', '', 'org.add_member']) body.insertRow().insertCell().textContent = a;
    document.body.replaceChildren(table);
    const grid = findGridByHeaders(document, [['action']])!;
    const res = readGridRows(
      grid,
      (r) => (r.textContent ? { id: r.textContent, record: { action: r.textContent } } : null),
      'an action',
    );
    expect(res).toEqual({
      recognized: true,
      rows: [
        { id: 'repo.create', record: { action: 'repo.create' } },
        { id: 'org.add_member', record: { action: 'org.add_member' } },
      ],
      note: '1 row(s) without an action were not read.',
    });
    expect(headerRowOf(grid)).toBe(head);
    document.body.replaceChildren();
  });
});
