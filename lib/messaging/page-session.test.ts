// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import {
  PageSession,
  BATCH_MS,
  FLAGGED_OUTLINE,
  MAX_CHANGED_NODES,
  badgeText,
  type BadgeState,
  type BadgeView,
  type RowTip,
} from './page-session';
import type { SiteReader } from '../sites/index';
import { AZURE_READERS } from '../sites/consoles/azure';
import { OKTA_READERS } from '../sites/consoles/okta';
import type { PageRows } from './protocol';

/** A test reader over `<table id="log">` rows `<tr data-id=… data-name=…>`. */
const tableReader: SiteReader = {
  id: 'test-log',
  console: 'aws',
  title: 'Test log',
  matches: ['https://console.test/*'],
  matchesUrl: (u) => u.hash.startsWith('#/events'),
  read(root) {
    const table = root.querySelector('#log');
    if (!table && root.querySelector('iframe.view'))
      return { recognized: false, rows: [], note: 'read in the view frame', delegated: true };
    if (!table) return { recognized: false, rows: [], note: 'no log table on the page' };
    const rows = [...table.querySelectorAll('tr[data-id]')].map((tr) => ({
      id: tr.getAttribute('data-id')!,
      record: { eventID: tr.getAttribute('data-id'), eventName: tr.textContent },
    }));
    return { recognized: true, rows };
  },
  anchor: (root) => root.querySelector('#log thead'),
  rowElement: (root, id) =>
    [...root.querySelectorAll('tr[data-id]')].find((tr) => tr.getAttribute('data-id') === id) ?? null,
};

function setup(opts: { reply?: unknown; reader?: SiteReader; now?: () => number; tip?: RowTip } = {}) {
  const reader = opts.reader ?? tableReader;
  const sent: PageRows[] = [];
  const badges: { anchor: Element | null; state: BadgeState }[] = [];
  let removed = 0;
  const badge: BadgeView = {
    show: (anchor, state) => badges.push({ anchor, state }),
    remove: () => {
      removed += 1;
    },
  };
  const timers: (() => void)[] = [];
  /** The wait of each scheduled read: ms for a timer, 'microtask' for the end of the task. */
  const delays: (number | 'microtask')[] = [];
  const observers: { cb: (records?: readonly MutationRecord[]) => void; on: boolean }[] = [];
  const session = new PageSession({
    root: document,
    readerFor: (u) => (reader.matchesUrl(u) ? reader : undefined),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.tip ? { tip: opts.tip } : {}),
    send: async (m) => {
      sent.push(structuredClone(m));
      return opts.reply ?? { resync: false };
    },
    badge,
    setTimeout: (cb, ms) => {
      delays.push(ms);
      timers.push(cb);
    },
    queueMicrotask: (cb) => {
      delays.push('microtask');
      timers.push(cb);
    },
    createObserver: (cb) => {
      const o = { cb, on: false };
      observers.push(o);
      return { observe: () => void (o.on = true), disconnect: () => void (o.on = false) };
    },
  });
  const flush = () => {
    while (timers.length) timers.shift()!();
  };
  const mutate = (records?: readonly MutationRecord[]) => observers.filter((o) => o.on).forEach((o) => o.cb(records));
  return { session, sent, badges, timers, delays, observers, flush, mutate, removed: () => removed };
}

/** The mark the session keeps for `el` (isolated-world state: the page's DOM carries none). */
const kindOf = (t: { session: PageSession }, el: Element) => {
  const m = t.session.markOf(el);
  return m ? (m.kind ?? 'flagged') : undefined;
};

function page(rows: [string, string][]) {
  document.body.textContent = '';
  const table = document.createElement('table');
  table.id = 'log';
  table.append(document.createElement('thead'));
  const tbody = document.createElement('tbody');
  for (const [id, name] of rows) {
    const tr = document.createElement('tr');
    tr.setAttribute('data-id', id);
    tr.textContent = name;
    tbody.append(tr);
  }
  table.append(tbody);
  document.body.append(table);
  return tbody;
}

const LOG = 'https://console.test/cloudtrail#/events';

afterEach(() => {
  document.body.textContent = '';
});

describe('PageSession', () => {
  it('does nothing on a page no reader matches: no observer, no message, no badge', () => {
    const t = setup();
    page([['a', 'A']]);
    t.session.navigate('https://console.test/home#/dashboard');
    expect(t.observers).toHaveLength(0);
    expect(t.sent).toHaveLength(0);
    expect(t.badges).toHaveLength(0);
  });

  it('sends all rows first (reset), then only new or changed rows, batched', () => {
    const t = setup();
    const tbody = page([
      ['a', 'A'],
      ['b', 'B'],
    ]);
    t.session.navigate(LOG);
    expect(t.sent).toHaveLength(1);
    expect(t.sent[0]).toMatchObject({ reset: true, readerId: 'test-log', recognized: true });
    expect(t.sent[0]!.rows.map((r) => r.id)).toEqual(['a', 'b']);

    // A virtualized re-render of the same rows sends nothing.
    t.mutate();
    t.mutate();
    expect(t.timers).toHaveLength(1); // batched: one read for a burst of mutations
    t.flush();
    expect(t.sent).toHaveLength(1);

    // A new row and a changed row: only those two, merged by id.
    const c = document.createElement('tr');
    c.setAttribute('data-id', 'c');
    c.textContent = 'C';
    tbody.append(c);
    tbody.querySelector('tr[data-id="a"]')!.textContent = 'A2';
    t.mutate();
    t.flush();
    expect(t.sent).toHaveLength(2);
    expect(t.sent[1]!.reset).toBe(false);
    expect(t.sent[1]!.rows.map((r) => r.id).sort()).toEqual(['a', 'c']);
  });

  it('sends the tenant the page names with its rows, keeps it once seen, and starts over on another (issue 10)', () => {
    // The tenant is in the page's header, as the AWS account menu is (SiteReader.tenant).
    const t = setup({
      reader: { ...tableReader, tenant: (_u, root) => root.querySelector('#account')?.textContent ?? undefined },
    });
    page([['a', 'A']]);
    t.session.navigate(LOG);
    expect(t.sent[0]!.tenant).toBeUndefined(); // not shown yet: the rows name no tenant

    const account = document.createElement('span');
    account.id = 'account';
    account.textContent = '111122223333';
    document.body.append(account);
    t.mutate();
    t.flush();
    expect(t.sent).toHaveLength(2); // the tenant alone is news
    expect(t.sent[1]).toMatchObject({ tenant: '111122223333', reset: false, rows: [] });

    account.remove(); // a menu that closes: the page still is that account's
    t.mutate();
    t.flush();
    expect(t.sent).toHaveLength(2);

    // Another account in the same frame: its rows are sent again, from scratch, under it.
    account.textContent = '444455556666';
    document.body.append(account);
    t.mutate();
    t.flush();
    expect(t.sent[2]).toMatchObject({ tenant: '444455556666', reset: true });
    expect(t.sent[2]!.rows.map((r) => r.id)).toEqual(['a']);
  });

  it('rescans on navigation: same reader merges, leaving the log view resets and stops observing', () => {
    const t = setup();
    page([['a', 'A']]);
    t.session.navigate(LOG);
    page([
      ['a', 'A'],
      ['d', 'D'],
    ]);
    t.session.navigate(LOG + '?EventName=GetObject');
    expect(t.sent).toHaveLength(2);
    expect(t.sent[1]).toMatchObject({ reset: false, url: LOG + '?EventName=GetObject' });
    expect(t.sent[1]!.rows.map((r) => r.id)).toEqual(['d']);

    t.session.navigate('https://console.test/cloudtrail#/dashboard');
    expect(t.sent[2]).toMatchObject({ readerId: null, reset: true, rows: [] });
    expect(t.observers.every((o) => !o.on)).toBe(true);
    expect(t.removed()).toBeGreaterThan(0);

    t.session.navigate(LOG);
    expect(t.sent[3]).toMatchObject({ reset: true });
    expect(t.sent[3]!.rows.map((r) => r.id)).toEqual(['a', 'd']);
  });

  it('shows no badge of its own when the view is read in a child frame, and badges again once the page has the table', () => {
    const t = setup();
    document.body.replaceChildren(Object.assign(document.createElement('iframe'), { className: 'view' }));
    t.session.navigate(LOG);
    expect(t.sent[0]).toMatchObject({ recognized: false, note: 'read in the view frame', rows: [] });
    expect(t.badges).toHaveLength(0);
    expect(t.removed()).toBeGreaterThan(0);
    page([['a', 'A']]);
    t.mutate();
    t.flush();
    expect(t.badges.at(-1)!.state.kind).not.toBe('not-read');
  });

  it('says "not read yet" when the reader matched the URL but not the page', () => {
    const t = setup();
    document.body.textContent = 'loading…';
    t.session.navigate(LOG);
    expect(t.sent[0]).toMatchObject({ recognized: false, note: 'no log table on the page', rows: [] });
    const last = t.badges.at(-1)!;
    expect(last.state.kind).toBe('not-read');
    expect(badgeText(last.state)).toBe('Token Triage: this view is not read yet');
    // The table appears: the next batch reads it.
    page([['a', 'A']]);
    t.mutate();
    t.flush();
    expect(t.sent.at(-1)).toMatchObject({ recognized: true });
    expect(t.sent.at(-1)!.rows.map((r) => r.id)).toEqual(['a']);
  });

  it("marks flagged rows (outline only: the titles stay in the session, the page's own title is kept), and the badge shows the verdict", () => {
    const t = setup();
    page([
      ['a', 'A'],
      ['b', 'B'],
    ]);
    const b = document.querySelector('tr[data-id="b"]')!;
    b.setAttribute('title', 'page title');
    t.session.navigate(LOG);
    const hostile = '<img src=x onerror=alert(1)>';
    t.session.applyVerdict({
      type: 'page-verdict',
      verdict: 'escalate',
      findings: 2,
      marks: [{ rowId: 'b', titles: ['New source', hostile] }],
    });
    expect(kindOf(t, b)).toBe('flagged');
    expect(t.session.markOf(b)!.titles).toEqual(['New source', hostile]);
    // Nothing of the finding in the page's DOM: the row's own title as it was, no data attribute.
    expect(b.getAttribute('title')).toBe('page title');
    expect([...b.attributes].map((a) => a.name).sort()).toEqual(['data-id', 'style', 'title']);
    expect((b as HTMLElement).style.getPropertyValue('outline-color')).toBe(FLAGGED_OUTLINE['outline-color']);
    expect((b as HTMLElement).style.getPropertyPriority('outline-color')).toBe('important');
    expect(document.body.innerHTML).not.toContain('New source');
    expect(b.querySelector('img')).toBeNull();
    expect(kindOf(t, document.querySelector('tr[data-id="a"]')!)).toBeUndefined();
    const last = t.badges.at(-1)!;
    expect(last.anchor).toBe(document.querySelector('#log thead'));
    expect(badgeText(last.state)).toBe('Token Triage: escalate · 2 findings');

    // A re-rendered row gets its mark back on the next batch.
    const fresh = document.createElement('tr');
    fresh.setAttribute('data-id', 'b');
    fresh.textContent = 'B';
    b.replaceWith(fresh);
    t.mutate();
    t.flush();
    expect(kindOf(t, fresh)).toBe('flagged');

    // Marks cleared by a later verdict restore the row.
    t.session.applyVerdict({ type: 'page-verdict', verdict: 'benign', findings: 0, marks: [] });
    expect(kindOf(t, fresh)).toBeUndefined();
    expect(fresh.hasAttribute('title')).toBe(false);
  });

  it('dims rows of console activity with their explanation, and restores them when the mark goes or turns flagged', () => {
    const t = setup();
    page([
      ['a', 'A'],
      ['b', 'B'],
    ]);
    const a = document.querySelector('tr[data-id="a"]') as HTMLElement;
    a.style.opacity = '0.9';
    t.session.navigate(LOG);
    t.session.applyVerdict({
      type: 'page-verdict',
      verdict: 'benign',
      findings: 0,
      marks: [{ rowId: 'a', titles: ['Console activity: the console’s own calls'], kind: 'console' }],
    });
    expect(kindOf(t, a)).toBe('console');
    expect(a.style.opacity).toBe('0.55');
    expect(a.style.getPropertyValue('outline-color')).toBe('');
    expect(t.session.markOf(a)!.titles[0]).toMatch(/^Console activity/);
    expect(a.hasAttribute('title')).toBe(false);
    expect(a.style.getPropertyPriority('opacity')).toBe('important');
    // The same row flagged later: outlined, no longer dimmed.
    t.session.applyVerdict({
      type: 'page-verdict',
      verdict: 'suspicious',
      findings: 1,
      marks: [{ rowId: 'a', titles: ['New source'] }],
    });
    expect(kindOf(t, a)).toBe('flagged');
    expect(a.style.opacity).toBe('0.9');
    expect(a.style.getPropertyValue('outline-color')).not.toBe('');
    t.session.applyVerdict({ type: 'page-verdict', verdict: 'benign', findings: 0, marks: [] });
    expect(kindOf(t, a)).toBeUndefined();
    expect(a.style.opacity).toBe('0.9');
    expect(a.hasAttribute('title')).toBe(false);
  });

  it("shows a marked row's titles in the extension's popover on hover and focus, not in the page", () => {
    const shown: { row: Element; titles: readonly string[]; kind: string }[] = [];
    let hidden = 0;
    const t = setup({
      tip: { show: (row, titles, kind) => void shown.push({ row, titles, kind }), hide: () => void (hidden += 1) },
    });
    page([
      ['a', 'A'],
      ['b', 'B'],
    ]);
    const a = document.querySelector('tr[data-id="a"]')!;
    const b = document.querySelector('tr[data-id="b"]')!;
    const cell = document.createElement('td');
    cell.append(document.createElement('button'));
    b.replaceChildren(cell);
    t.session.navigate(LOG);
    t.session.applyVerdict({
      type: 'page-verdict',
      verdict: 'escalate',
      findings: 1,
      marks: [{ rowId: 'b', titles: ['New source'] }],
    });
    // Hover on an unmarked row: nothing.
    a.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    expect(shown).toEqual([]);
    // Hover on a cell of the marked row: its titles.
    b.querySelector('td')!.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    expect(shown).toEqual([{ row: b, titles: ['New source'], kind: 'flagged' }]);
    // Moving inside the row keeps it; leaving the row hides it.
    b.querySelector('td')!.dispatchEvent(
      new MouseEvent('mouseout', { bubbles: true, relatedTarget: b.querySelector('button') }),
    );
    expect(hidden).toBe(0);
    b.dispatchEvent(new MouseEvent('mouseout', { bubbles: true, relatedTarget: a }));
    expect(hidden).toBe(1);
    // Keyboard: focus on a control in the row.
    b.querySelector('button')!.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(shown).toHaveLength(2);
    // The mark goes: the popover goes with it; stop() leaves no listener behind.
    t.session.applyVerdict({ type: 'page-verdict', verdict: 'benign', findings: 0, marks: [] });
    expect(hidden).toBe(2);
    t.session.applyVerdict({
      type: 'page-verdict',
      verdict: 'escalate',
      findings: 1,
      marks: [{ rowId: 'b', titles: ['New source'] }],
    });
    t.session.stop();
    b.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    expect(shown).toHaveLength(2);
  });

  it("puts the page's own inline outline and opacity back, !important included, when the mark goes", () => {
    const t = setup();
    page([['a', 'A']]);
    const a = document.querySelector('tr[data-id="a"]') as HTMLElement;
    a.style.setProperty('opacity', '0.8', 'important');
    t.session.navigate(LOG);
    t.session.applyVerdict({
      type: 'page-verdict',
      verdict: 'benign',
      findings: 0,
      marks: [{ rowId: 'a', titles: ['Console activity'], kind: 'console' }],
    });
    expect(a.style.getPropertyValue('opacity')).toBe('0.55');
    t.session.applyVerdict({ type: 'page-verdict', verdict: 'benign', findings: 0, marks: [] });
    expect(a.style.getPropertyValue('opacity')).toBe('0.8');
    expect(a.style.getPropertyPriority('opacity')).toBe('important');
    expect(a.style.getPropertyValue('outline')).toBe('');
  });

  it('stop() leaves the page as it was', () => {
    const t = setup();
    page([['a', 'A']]);
    const a = document.querySelector('tr[data-id="a"]') as HTMLElement;
    a.setAttribute('title', 'original');
    t.session.navigate(LOG);
    t.session.applyVerdict({
      type: 'page-verdict',
      verdict: 'suspicious',
      findings: 1,
      marks: [{ rowId: 'a', titles: ['x'] }],
    });
    t.session.stop();
    expect(a.getAttribute('title')).toBe('original');
    expect(kindOf(t, a)).toBeUndefined();
    expect(a.style.getPropertyValue('outline-color')).toBe('');
    expect(t.observers.every((o) => !o.on)).toBe(true);
    expect(t.removed()).toBeGreaterThan(0);
    t.session.navigate(LOG + '?x');
    expect(t.sent).toHaveLength(1);
  });

  it('resends everything when the background asks (it restarted)', async () => {
    const t = setup({ reply: { resync: true } });
    const tbody = page([['a', 'A']]);
    t.session.navigate(LOG); // reset: never resynced
    await Promise.resolve();
    expect(t.sent).toHaveLength(1);
    const b = document.createElement('tr');
    b.setAttribute('data-id', 'b');
    tbody.append(b);
    t.mutate();
    t.flush(); // a delta, answered with resync: all rows again, as a reset
    await Promise.resolve();
    await Promise.resolve();
    expect(t.sent).toHaveLength(3);
    expect(t.sent[2]).toMatchObject({ reset: true });
    expect(t.sent[2]!.rows.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('a reader that throws makes the page "not read", never an error', () => {
    const t = setup();
    const throwing: SiteReader = {
      ...tableReader,
      read: () => {
        throw new Error('boom');
      },
    };
    const s = new PageSession({
      root: document,
      readerFor: () => throwing,
      send: async (m) => void t.sent.push(m),
      badge: { show: () => undefined, remove: () => undefined },
      setTimeout: () => undefined,
      createObserver: () => ({ observe: () => undefined, disconnect: () => undefined }),
    });
    expect(() => s.navigate(LOG)).not.toThrow();
    expect(t.sent[0]).toMatchObject({ recognized: false, note: 'reader failed: boom' });
  });

  it('highlight scrolls to a row in the DOM, false when virtualized away', () => {
    const t = setup();
    page([['a', 'A']]);
    t.session.navigate(LOG);
    expect(t.session.highlight('a')).toBe(true);
    expect(t.session.highlight('zzz')).toBe(false);
  });
});

/** The test reader with an incremental read and a one-pass row lookup, counting each kind of call. */
function incrementalReader() {
  const calls = {
    read: 0,
    readChanged: 0,
    rowElement: 0,
    rowElements: 0,
    changed: [] as Node[][],
    removedFrom: [] as Node[][],
  };
  const reader: SiteReader = {
    ...tableReader,
    read(root) {
      calls.read += 1;
      return tableReader.read(root);
    },
    readChanged(_root, changed, removedFrom) {
      calls.readChanged += 1;
      calls.changed.push([...changed]);
      calls.removedFrom.push([...(removedFrom ?? [])]);
      const trs = new Set<Element>();
      for (const n of changed) {
        const el = n.nodeType === 1 ? (n as Element) : n.parentElement;
        if (!el?.isConnected) continue;
        const tr = el.closest('tr[data-id]');
        if (!tr) return undefined; // not a row: structural
        trs.add(tr);
      }
      const rows = [...trs].map((tr) => ({
        id: tr.getAttribute('data-id')!,
        record: { eventID: tr.getAttribute('data-id'), eventName: tr.textContent },
      }));
      return { rows, elements: new Map([...trs].map((tr) => [tr.getAttribute('data-id')!, tr])) };
    },
    rowElement(root, id) {
      calls.rowElement += 1;
      return tableReader.rowElement!(root, id);
    },
    rowElements(root) {
      calls.rowElements += 1;
      const out = new Map<string, Element>();
      for (const tr of root.querySelectorAll('tr[data-id]'))
        if (!out.has(tr.getAttribute('data-id')!)) out.set(tr.getAttribute('data-id')!, tr);
      return out;
    },
  };
  return { reader, calls };
}

function row(id: string, name: string): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.setAttribute('data-id', id);
  tr.textContent = name;
  return tr;
}

/** A childList record as the MutationObserver reports it (jsdom's records, built by hand). */
const added = (...nodes: Node[]) =>
  ({
    type: 'childList',
    addedNodes: nodes,
    removedNodes: [],
    target: nodes[0]!.parentNode,
  }) as unknown as MutationRecord;
const removed = (...nodes: Node[]) =>
  ({ type: 'childList', addedNodes: [], removedNodes: nodes, target: document.body }) as unknown as MutationRecord;
const text = (node: Node) =>
  ({ type: 'characterData', addedNodes: [], removedNodes: [], target: node }) as unknown as MutationRecord;

describe('PageSession: cost per batch (issue 3 budgets)', () => {
  it('reads at the end of the mutating task after a quiet spell, at most once per BATCH_MS while mutations stream in', () => {
    let clock = 1_000;
    const t = setup({ now: () => clock });
    page([['a', 'A']]);
    t.session.navigate(LOG);
    clock += 500; // quiet
    t.mutate();
    expect(t.delays.at(-1)).toBe('microtask');
    t.flush();
    clock += 10; // 10 ms after that read
    t.mutate();
    expect(t.delays.at(-1)).toBe(BATCH_MS - 10);
    t.flush();
    clock += BATCH_MS + 1;
    t.mutate();
    expect(t.delays.at(-1)).toBe('microtask');
  });

  it('reads only the rows the mutation records added or changed, and sends them', () => {
    const { reader, calls } = incrementalReader();
    const t = setup({ reader });
    const tbody = page([
      ['a', 'A'],
      ['b', 'B'],
    ]);
    t.session.navigate(LOG);
    expect(calls.read).toBe(1);
    const c = row('c', 'C');
    tbody.prepend(c);
    const aText = tbody.querySelector('tr[data-id="a"]')!.firstChild!;
    aText.textContent = 'A2';
    t.mutate([added(c), text(aText)]);
    t.flush();
    expect(calls.read).toBe(1); // no full read
    expect(calls.readChanged).toBe(1);
    expect(calls.changed[0]).toEqual([c, aText]);
    expect(t.sent).toHaveLength(2);
    expect(t.sent[1]).toMatchObject({ reset: false, recognized: true });
    expect(t.sent[1]!.rows.map((r) => r.id).sort()).toEqual(['a', 'c']);
    // The same rows again (a re-render with the same content): nothing new to send.
    const c2 = row('c', 'C');
    c.replaceWith(c2);
    t.mutate([added(c2)]);
    t.flush();
    expect(t.sent).toHaveLength(2);
  });

  it('falls back to a full read on a structural change, on records it is not given, and on a large burst', () => {
    const { reader, calls } = incrementalReader();
    const t = setup({ reader });
    const tbody = page([['a', 'A']]);
    t.session.navigate(LOG);
    // Not a row (readChanged says structural): full read.
    const div = document.createElement('div');
    document.body.append(div);
    tbody.append(row('b', 'B'));
    t.mutate([added(div)]);
    t.flush();
    expect(calls.readChanged).toBe(1);
    expect(calls.read).toBe(2);
    expect(t.sent.at(-1)!.rows.map((r) => r.id)).toEqual(['b']);
    // No records: full read without asking readChanged.
    t.mutate();
    t.flush();
    expect(calls.read).toBe(3);
    expect(calls.readChanged).toBe(1);
    // More nodes than MAX_CHANGED_NODES in one batch: full read.
    const many = Array.from({ length: MAX_CHANGED_NODES + 1 }, (_, i) => row(`m${i}`, `M${i}`));
    tbody.append(...many);
    t.mutate([added(...many)]);
    t.flush();
    expect(calls.read).toBe(4);
    expect(calls.readChanged).toBe(1);
    expect(t.sent.at(-1)!.rows).toHaveLength(MAX_CHANGED_NODES + 1);
  });

  it('never reads incrementally before a full read recognised the page', () => {
    const { reader, calls } = incrementalReader();
    const t = setup({ reader });
    document.body.textContent = '';
    t.session.navigate(LOG);
    expect(t.sent.at(-1)!.recognized).toBe(false);
    const tbody = page([['a', 'A']]);
    t.mutate([added(tbody)]);
    t.flush();
    expect(calls.readChanged).toBe(0);
    expect(t.sent.at(-1)).toMatchObject({ recognized: true });
    expect(t.sent.at(-1)!.rows.map((r) => r.id)).toEqual(['a']);
  });

  it('finds the marked rows in one pass (rowElements), not one table read per mark, and reuses it', () => {
    const { reader, calls } = incrementalReader();
    const t = setup({ reader });
    const tbody = page([
      ['a', 'A'],
      ['b', 'B'],
      ['c', 'C'],
    ]);
    t.session.navigate(LOG);
    expect(calls.rowElements).toBe(0); // nothing to mark: no lookup at all
    t.session.applyVerdict({
      type: 'page-verdict',
      verdict: 'suspicious',
      findings: 2,
      marks: [
        { rowId: 'a', titles: ['X'] },
        { rowId: 'c', titles: ['Y'] },
      ],
    });
    expect(calls.rowElements).toBe(1);
    expect(calls.rowElement).toBe(0);
    expect(t.session.markedCount()).toBe(2);
    // Another verdict: the cached map still holds (same elements, same ids).
    t.session.applyVerdict({
      type: 'page-verdict',
      verdict: 'suspicious',
      findings: 1,
      marks: [{ rowId: 'c', titles: ['Y'] }],
    });
    expect(calls.rowElements).toBe(1);
    expect(kindOf(t, tbody.querySelector('tr[data-id="a"]')!)).toBeUndefined();
    expect(kindOf(t, tbody.querySelector('tr[data-id="c"]')!)).toBe('flagged');
  });

  it('after an incremental read, marks a re-rendered flagged row and unmarks the one that left', () => {
    const { reader, calls } = incrementalReader();
    const t = setup({ reader });
    const tbody = page([
      ['a', 'A'],
      ['b', 'B'],
    ]);
    t.session.navigate(LOG);
    t.session.applyVerdict({
      type: 'page-verdict',
      verdict: 'escalate',
      findings: 1,
      marks: [{ rowId: 'b', titles: ['New source'] }],
    });
    const b = tbody.querySelector('tr[data-id="b"]')!;
    expect(kindOf(t, b)).toBe('flagged');
    const fresh = row('b', 'B');
    b.replaceWith(fresh);
    t.mutate([added(fresh), removed(b)]);
    t.flush();
    expect(calls.read).toBe(1);
    expect(calls.changed.at(-1)).toEqual([fresh]);
    expect(calls.removedFrom.at(-1)).toEqual([document.body]); // the removal's target, for the reader to judge
    expect(kindOf(t, fresh)).toBe('flagged');
    expect(t.session.markOf(fresh)!.titles).toEqual(['New source']);
    expect(kindOf(t, b)).toBeUndefined(); // the detached one is restored
    expect(t.session.markedCount()).toBe(1);
    // A row whose id changed in place loses a mark that belonged to its old id.
    const idText = fresh.firstChild!;
    fresh.setAttribute('data-id', 'b2');
    idText.textContent = 'B2';
    t.mutate([text(idText)]);
    t.flush();
    expect(kindOf(t, fresh)).toBeUndefined();
    expect(t.session.markedCount()).toBe(0);
    // And a later verdict for the old id finds no row for it.
    t.session.applyVerdict({
      type: 'page-verdict',
      verdict: 'escalate',
      findings: 1,
      marks: [{ rowId: 'b', titles: ['New source'] }],
    });
    expect(t.session.markedCount()).toBe(0);
  });
});

describe('PageSession in a frame several readers match (Azure React-view iframes)', () => {
  /** A reader over `<table id=…>` that recognises only its own table, like the Azure grid readers. */
  const gridReader = (id: string): SiteReader => ({
    id,
    console: 'azure',
    title: `Grid ${id}`,
    matches: ['https://frame.test/*'],
    matchesUrl: () => true,
    read(root) {
      const table = root.querySelector(`#${id}`);
      if (!table) return { recognized: false, rows: [], note: `the grid on this page is not ${id}` };
      return {
        recognized: true,
        rows: [...table.querySelectorAll('tr[data-id]')].map((tr) => ({
          id: tr.getAttribute('data-id')!,
          record: { id },
        })),
      };
    },
    rowElement: (root, rowId) => root.querySelector(`#${id} tr[data-id="${rowId}"]`),
  });
  const signins = gridReader('signins');
  const audit = gridReader('audit');
  const activity = gridReader('activity');

  function grid(id: string, rows: string[]): void {
    document.body.textContent = '';
    const table = document.createElement('table');
    table.id = id;
    for (const r of rows) {
      const tr = document.createElement('tr');
      tr.setAttribute('data-id', r);
      table.append(tr);
    }
    document.body.append(table);
  }

  function session() {
    const sent: PageRows[] = [];
    const timers: (() => void)[] = [];
    let observe: (() => void) | undefined;
    const s = new PageSession({
      root: document,
      readerFor: () => signins, // the first match: what readerFor alone would give
      readersFor: () => [signins, audit, activity],
      send: async (m) => {
        sent.push(structuredClone(m));
        return { resync: false };
      },
      badge: { show: () => undefined, remove: () => undefined },
      setTimeout: (cb) => timers.push(cb),
      queueMicrotask: (cb) => void timers.push(cb),
      createObserver: (cb) => ({ observe: () => void (observe = cb), disconnect: () => void (observe = undefined) }),
    });
    const mutate = () => {
      observe?.();
      while (timers.length) timers.shift()!();
    };
    return { s, sent, mutate };
  }

  it('keeps the reader whose read() recognises the grid, not the first whose URL matches', () => {
    grid('audit', ['a1', 'a2']);
    const t = session();
    t.s.navigate('https://frame.test/');
    expect(t.s.activeReader?.id).toBe('audit');
    expect(t.sent).toHaveLength(1);
    expect(t.sent[0]).toMatchObject({ readerId: 'audit', recognized: true, reset: true });
    expect(t.sent[0]!.rows.map((r) => r.id)).toEqual(['a1', 'a2']);
  });

  it('stays on the first reader (not read yet) until a grid renders, then switches with a reset', () => {
    document.body.textContent = '';
    const t = session();
    t.s.navigate('https://frame.test/');
    expect(t.sent.at(-1)).toMatchObject({ readerId: 'signins', recognized: false });
    grid('activity', ['x1']);
    t.mutate();
    expect(t.s.activeReader?.id).toBe('activity');
    expect(t.sent.at(-1)).toMatchObject({ readerId: 'activity', recognized: true, reset: true });
    expect(t.sent.at(-1)!.rows.map((r) => r.id)).toEqual(['x1']);
  });

  it('follows a reused iframe to another blade: the new grid replaces the old reader', () => {
    grid('signins', ['s1']);
    const t = session();
    t.s.navigate('https://frame.test/');
    expect(t.s.activeReader?.id).toBe('signins');
    grid('audit', ['a1']);
    t.mutate();
    expect(t.s.activeReader?.id).toBe('audit');
    expect(t.sent.at(-1)).toMatchObject({ readerId: 'audit', reset: true });
  });
});

it('a reactblade iframe URL matches every Azure reader (so readersFor, not readerFor, is needed there)', () => {
  const matching = (readers: readonly SiteReader[], u: string) =>
    readers
      .filter((r) => r.matchesUrl(new URL(u)))
      .map((r) => r.id)
      .sort();
  expect(matching(AZURE_READERS, 'https://sandbox-1.reactblade.portal.azure.net/')).toEqual([
    'azure-activity',
    'entra-audit',
    'entra-signins',
  ]);
  expect(matching(OKTA_READERS, 'https://acme-admin.okta.com/report/system_log_2')).toEqual(['okta-system-log']);
});

describe('merging a row across views (list, detail, details pane)', () => {
  /** A reader whose next read is whatever the test sets: rows, and a partial-view report. */
  function scripted() {
    let next: {
      rows: { id: string; record: Record<string, unknown>; complete?: boolean }[];
      partial?: { missing: string[]; advice: string };
    } = { rows: [] };
    const reader: SiteReader = {
      ...tableReader,
      read: () => ({ recognized: true, rows: next.rows, ...(next.partial ? { partial: next.partial } : {}) }),
    };
    return { reader, set: (n: typeof next) => void (next = n) };
  }

  it("keeps an event's whole record when the list shows the row again with its cells only", () => {
    const s = scripted();
    const { session, sent } = setup({ reader: s.reader });
    s.set({ rows: [{ id: 'e1', record: { 'Event name': 'ListBuckets', 'Event source': 's3.amazonaws.com' } }] });
    session.navigate('https://console.test/#/events');
    s.set({
      rows: [
        {
          id: 'e1',
          record: { eventID: 'e1', eventName: 'ListBuckets', sourceIPAddress: '159.65.10.20' },
          complete: true,
        },
      ],
    });
    session.navigate('https://console.test/#/events/e1');
    s.set({ rows: [{ id: 'e1', record: { 'Event name': 'ListBuckets', 'Event source': 's3.amazonaws.com' } }] });
    session.navigate('https://console.test/#/events');
    const last = sent
      .flatMap((m) => m.rows)
      .filter((r) => r.id === 'e1')
      .at(-1);
    expect(last?.record).toEqual({ eventID: 'e1', eventName: 'ListBuckets', sourceIPAddress: '159.65.10.20' });
    expect(sent.at(-1)!.rows).toEqual([]); // nothing poorer was sent after the detail
  });

  it("lays a row's cells over what its details pane showed, nested fields included; new values win", () => {
    const s = scripted();
    const { session, sent } = setup({ reader: s.reader });
    s.set({
      rows: [
        { id: 'a', record: { Status: 'Success', initiatedBy: { user: { upn: 'c@x' } }, targets: [{ name: 'App' }] } },
      ],
    });
    session.navigate('https://console.test/#/events');
    s.set({
      rows: [
        {
          id: 'a',
          record: {
            Status: 'Success',
            'User agent': 'python-requests/2.31',
            initiatedBy: { user: { upn: 'c@x', ip: '159.65.10.20' } },
            targets: [{ name: 'App', modified: ['Scope'] }],
          },
        },
      ],
    });
    session.scan();
    s.set({
      rows: [
        { id: 'a', record: { Status: 'Failure', initiatedBy: { user: { upn: 'c@x' } }, targets: [{ name: 'App' }] } },
      ],
    });
    session.scan();
    expect(sent.at(-1)!.rows).toEqual([
      {
        id: 'a',
        record: {
          Status: 'Failure',
          'User agent': 'python-requests/2.31',
          initiatedBy: { user: { upn: 'c@x', ip: '159.65.10.20' } },
          targets: [{ name: 'App', modified: ['Scope'] }],
        },
      },
    ]);
  });

  it('replaces a row whose new cells are not a subset of the old (another view of the log)', () => {
    const s = scripted();
    const { session, sent } = setup({ reader: s.reader });
    s.set({ rows: [{ id: 'a', record: { x: '1', y: '2' } }] });
    session.navigate('https://console.test/#/events');
    s.set({ rows: [{ id: 'a', record: { x: '1', z: '3' } }] });
    session.scan();
    expect(sent.at(-1)!.rows).toEqual([{ id: 'a', record: { x: '1', z: '3' } }]);
  });

  it('sends the whole records read earlier again when the background asks for a resend', () => {
    const s = scripted();
    const { session, sent } = setup({ reader: s.reader });
    s.set({ rows: [{ id: 'e1', record: { eventID: 'e1', eventName: 'GetObject' }, complete: true }] });
    session.navigate('https://console.test/#/events/e1');
    s.set({ rows: [{ id: 'e2', record: { 'Event name': 'ListBuckets' } }] });
    session.navigate('https://console.test/#/events');
    session.resend();
    const reset = sent.at(-1)!;
    expect(reset.reset).toBe(true);
    expect(reset.rows.map((r) => r.id).sort()).toEqual(['e1', 'e2']);
  });

  it('passes the reader\'s partial view to the background and the badge ("partial view")', () => {
    const s = scripted();
    const { session, sent, badges } = setup({ reader: s.reader });
    const partial = { missing: ['Source IP address'], advice: 'Turn on "Source IP address" in Preferences.' };
    s.set({ rows: [{ id: 'e1', record: { 'Event name': 'ListBuckets' } }], partial });
    session.navigate('https://console.test/#/events');
    expect(sent.at(-1)!.partial).toEqual(partial);
    session.applyVerdict({ type: 'page-verdict', verdict: 'suspicious', findings: 2, marks: [] });
    const state = badges.at(-1)!.state;
    expect(state).toMatchObject({ kind: 'verdict', partial });
    expect(badgeText(state)).toBe('Token Triage: suspicious · 2 findings · partial view');
    // The full view: the message goes away.
    s.set({ rows: [{ id: 'e1', record: { 'Event name': 'ListBuckets' } }] });
    session.scan();
    expect(sent.at(-1)!.partial).toBeUndefined();
    expect(badgeText(badges.at(-1)!.state)).toBe('Token Triage: suspicious · 2 findings');
  });
});
