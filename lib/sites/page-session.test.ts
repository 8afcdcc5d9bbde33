// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { PageSession, MARK_ATTR, badgeText, type BadgeState, type BadgeView } from './page-session';
import type { SiteReader } from './index';
import { AZURE_READERS } from './consoles/azure';
import { OKTA_READERS } from './consoles/okta';
import type { PageRows } from '../messaging/protocol';

/** A test reader over `<table id="log">` rows `<tr data-id=… data-name=…>`. */
const tableReader: SiteReader = {
  id: 'test-log',
  console: 'aws',
  title: 'Test log',
  matches: ['https://console.test/*'],
  matchesUrl: (u) => u.hash.startsWith('#/events'),
  read(root) {
    const table = root.querySelector('#log');
    if (!table && root.querySelector('iframe.view')) return { recognized: false, rows: [], note: 'read in the view frame', delegated: true };
    if (!table) return { recognized: false, rows: [], note: 'no log table on the page' };
    const rows = [...table.querySelectorAll('tr[data-id]')].map((tr) => ({
      id: tr.getAttribute('data-id')!,
      record: { eventID: tr.getAttribute('data-id'), eventName: tr.textContent },
    }));
    return { recognized: true, rows };
  },
  anchor: (root) => root.querySelector('#log thead'),
  rowElement: (root, id) => [...root.querySelectorAll('tr[data-id]')].find((tr) => tr.getAttribute('data-id') === id) ?? null,
};

function setup(opts: { reply?: unknown } = {}) {
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
  const observers: { cb: () => void; on: boolean }[] = [];
  const session = new PageSession({
    root: document,
    readerFor: (u) => (tableReader.matchesUrl(u) ? tableReader : undefined),
    send: async (m) => {
      sent.push(structuredClone(m));
      return opts.reply ?? { resync: false };
    },
    badge,
    setTimeout: (cb) => timers.push(cb),
    createObserver: (cb) => {
      const o = { cb, on: false };
      observers.push(o);
      return { observe: () => void (o.on = true), disconnect: () => void (o.on = false) };
    },
  });
  const flush = () => {
    while (timers.length) timers.shift()!();
  };
  const mutate = () => observers.filter((o) => o.on).forEach((o) => o.cb());
  return { session, sent, badges, timers, observers, flush, mutate, removed: () => removed };
}

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
    const tbody = page([['a', 'A'], ['b', 'B']]);
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

  it('rescans on navigation: same reader merges, leaving the log view resets and stops observing', () => {
    const t = setup();
    page([['a', 'A']]);
    t.session.navigate(LOG);
    page([['a', 'A'], ['d', 'D']]);
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

  it('marks flagged rows with the indicator titles as text, and the badge shows the verdict', () => {
    const t = setup();
    page([['a', 'A'], ['b', 'B']]);
    const b = document.querySelector('tr[data-id="b"]')!;
    b.setAttribute('title', 'page title');
    t.session.navigate(LOG);
    const hostile = '<img src=x onerror=alert(1)>';
    t.session.applyVerdict({ type: 'page-verdict', verdict: 'escalate', findings: 2, marks: [{ rowId: 'b', titles: ['New source', hostile] }] });
    expect(b.getAttribute(MARK_ATTR)).toBe('flagged');
    expect(b.getAttribute('title')).toBe(`New source\n${hostile}`);
    expect(b.querySelector('img')).toBeNull();
    expect(document.querySelector('tr[data-id="a"]')!.hasAttribute(MARK_ATTR)).toBe(false);
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
    expect(fresh.getAttribute(MARK_ATTR)).toBe('flagged');

    // Marks cleared by a later verdict restore the row.
    t.session.applyVerdict({ type: 'page-verdict', verdict: 'benign', findings: 0, marks: [] });
    expect(fresh.hasAttribute(MARK_ATTR)).toBe(false);
    expect(fresh.hasAttribute('title')).toBe(false);
  });

  it('stop() leaves the page as it was', () => {
    const t = setup();
    page([['a', 'A']]);
    const a = document.querySelector('tr[data-id="a"]') as HTMLElement;
    a.setAttribute('title', 'original');
    t.session.navigate(LOG);
    t.session.applyVerdict({ type: 'page-verdict', verdict: 'suspicious', findings: 1, marks: [{ rowId: 'a', titles: ['x'] }] });
    t.session.stop();
    expect(a.getAttribute('title')).toBe('original');
    expect(a.hasAttribute(MARK_ATTR)).toBe(false);
    expect(a.style.outline).toBe('');
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
    const throwing: SiteReader = { ...tableReader, read: () => { throw new Error('boom'); } };
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
      return { recognized: true, rows: [...table.querySelectorAll('tr[data-id]')].map((tr) => ({ id: tr.getAttribute('data-id')!, record: { id } })) };
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
  const matching = (readers: readonly SiteReader[], u: string) => readers.filter((r) => r.matchesUrl(new URL(u))).map((r) => r.id).sort();
  expect(matching(AZURE_READERS, 'https://sandbox-1.reactblade.portal.azure.net/')).toEqual(['azure-activity', 'entra-audit', 'entra-signins']);
  expect(matching(OKTA_READERS, 'https://acme-admin.okta.com/report/system_log_2')).toEqual(['okta-system-log']);
});
