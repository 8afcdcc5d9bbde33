/**
 * The content scripts' logic, without the browser API: pick the reader for the URL, watch the DOM
 * (only when a reader matched), read rows in batches, send only new or changed rows, mark the
 * flagged rows and keep the verdict badge up to date. entrypoints/*.content wire it to `ctx`,
 * messaging and the badge element; everything here runs in jsdom.
 *
 * Navigation: the same reader keeps its rows (the list and a detail view of the same log merge
 * by row id); another reader, or none, starts the frame over (`reset`).
 *
 * Merging by row id never loses a field the page showed once: a row's whole record (an event's
 * detail page, `PageRow.complete`) is kept when the list shows that row again with its cells
 * only, and a row whose cells are a subset of what was sent before (a details pane closed, a
 * column turned off) keeps the earlier fields, the new values winning. So opening each event's
 * detail as the analyst works fills in what a partial view (ReadResult.partial) hides.
 *
 * Marks (issue 8): a flagged row is outlined, a row of the console's own traffic dimmed, both
 * inline `!important` (page CSS cannot undo them). Nothing else is written into the page: which
 * row carries which mark and the findings' titles stay in this object (the content script's
 * isolated world), and the titles show in the extension's own popover (`RowTip`,
 * lib/messaging/row-tip.ts) while the pointer or focus is on the row, never in the row's `title`
 * or a data attribute, where the page's scripts, CSS selectors and telemetry would read them.
 */
import type { PageRow, PartialView, ReadResult, SiteReader } from '../sites/index';
import type { PageRows, PageVerdict, RowMark } from './protocol';

/**
 * Least time between two reads. A mutation after a quiet spell is read in a microtask at the end
 * of the mutating task (the MutationObserver has already batched that task's mutations);
 * mutations streaming in faster are read at most once per BATCH_MS (a page rendering rows over
 * many tasks is not re-read per task).
 */
export const BATCH_MS = 40;
/** A flagged row's outline (inline longhands, `!important`: their serialisation is the same everywhere). */
export const FLAGGED_OUTLINE = {
  'outline-style': 'solid',
  'outline-width': '2px',
  'outline-color': 'rgb(179, 38, 30)',
  'outline-offset': '-2px',
} as const;
/** A console-activity row's opacity (inline, `!important`). */
export const CONSOLE_OPACITY = '0.55';
/** More added or changed nodes than this between two reads: read the whole page instead. */
export const MAX_CHANGED_NODES = 500;

export type BadgeState =
  | { kind: 'reading'; reader: string }
  | { kind: 'not-read'; reader: string; note?: string }
  | { kind: 'verdict'; reader: string; verdict: PageVerdict['verdict']; findings: number; partial?: PartialView };

/** The verdict badge on the page (lib/messaging/page-badge.ts: a closed shadow root). */
export interface BadgeView {
  /** Shows `state` at `anchor` (the table header), or floating when there is none. */
  show(anchor: Element | null, state: BadgeState): void;
  remove(): void;
}

/** The popover with a marked row's finding titles (lib/messaging/row-tip.ts: a closed shadow root). */
export interface RowTip {
  show(row: Element, titles: readonly string[], kind: 'flagged' | 'console'): void;
  hide(): void;
}

export interface PageSessionDeps {
  root: Document;
  readerFor(url: URL): SiteReader | undefined;
  /**
   * Every reader whose URL patterns match (the Azure React-view iframes match all three Azure
   * readers: the URL does not name the blade). When given, the session keeps the one whose
   * `read()` recognises the page, trying the others on every scan until one does.
   */
  readersFor?(url: URL): readonly SiteReader[];
  /** Sends to the background; the answer `{ resync: true }` makes the session send all rows. */
  send(msg: PageRows): Promise<unknown>;
  badge: BadgeView;
  /** Shows a marked row's finding titles on hover and focus (none: the marks have no popover). */
  tip?: RowTip;
  /** Timer for batching (ctx.setTimeout in the extension). */
  setTimeout?(cb: () => void, ms: number): unknown;
  /** Clock for batching, in ms (performance.now by default). */
  now?(): number;
  /** Microtask queue for batching (the global queueMicrotask by default). */
  queueMicrotask?(cb: () => void): void;
  /**
   * MutationObserver factory (the window's own by default). The callback's records let the
   * session read only the rows that changed; called without records, it reads the whole page.
   */
  createObserver?(cb: (records?: readonly MutationRecord[]) => void): {
    observe(target: Node, opts: MutationObserverInit): void;
    disconnect(): void;
  };
}

/** A property of a row's inline style as the page had it: value and priority. */
type Prop = [value: string, priority: string];

/** The row's own inline outline and opacity before the mark, put back when it goes. */
type Saved = Record<(typeof MARK_PROPS)[number], Prop>;
const MARK_PROPS = ['outline-style', 'outline-width', 'outline-color', 'outline-offset', 'opacity'] as const;

export function badgeText(state: BadgeState): string {
  switch (state.kind) {
    case 'reading':
      return 'Token Triage: reading…';
    case 'not-read':
      return 'Token Triage: this view is not read yet';
    case 'verdict':
      return `Token Triage: ${state.verdict} · ${state.findings} finding${state.findings === 1 ? '' : 's'}${state.partial ? ' · partial view' : ''}`;
  }
}

export class PageSession {
  private reader: SiteReader | undefined;
  private candidates: SiteReader[] = [];
  private url = '';
  /** Row id → signature of the record last sent. */
  private sent = new Map<string, string>();
  /** Row id → the record last sent and whether it was the whole record (see the header). */
  private kept = new Map<string, { record: Record<string, unknown>; complete: boolean }>();
  private pendingReset = false;
  private lastMeta = '';
  /**
   * The tenant the page says it shows (SiteReader.tenant), sent with the rows: kept once seen (a
   * header that renders late, a menu closed again), and a different one starts the frame over so
   * rows of two tenants are never sent as one frame's.
   */
  private tenant: string | undefined;
  private observer: ReturnType<NonNullable<PageSessionDeps['createObserver']>> | undefined;
  private timer = false;
  private lastScan = -Infinity;
  /** Nodes the mutations since the last read added or changed (for `readChanged`). */
  private changed: Node[] = [];
  /** Targets of the removals since the last read. */
  private removedFrom: Node[] = [];
  /** The next read must read the whole page (a mutation the records do not describe, too many nodes). */
  private fullRead = true;
  /** Row id → element, from the last full pass plus incremental reads; undefined until needed. */
  private rowEls: Map<string, Element> | undefined;
  private idOfEl = new WeakMap<Element, string>();
  private marks = new Map<string, RowMark>();
  private marked = new Map<Element, Saved>();
  /** The mark each marked element shows (read by the popover; never written into the page). */
  private markOfEl = new WeakMap<Element, RowMark>();
  private tipRow: Element | undefined;
  private tipListening = false;
  private verdict: PageVerdict | undefined;
  private lastRead: ReadResult | undefined;
  private stopped = false;
  /** Number of messages sent (for tests and the benchmark). */
  sends = 0;

  constructor(private readonly deps: PageSessionDeps) {}

  get activeReader(): SiteReader | undefined {
    return this.reader;
  }

  /** First call and every navigation (`wxt:locationchange`). */
  navigate(href: string): void {
    if (this.stopped) return;
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      return;
    }
    this.candidates = this.deps.readersFor
      ? [...this.deps.readersFor(url)]
      : [this.deps.readerFor(url)].filter((r): r is SiteReader => r !== undefined);
    const prev = this.reader;
    // The same reader keeps its rows across navigation (list and detail merge by row id).
    const next = prev && this.candidates.some((r) => r.id === prev.id) ? prev : this.candidates[0];
    this.url = href;
    if (next?.id !== prev?.id) {
      this.adopt(next);
      if (!next) {
        this.disconnect();
        this.deps.badge.remove();
        // Tell the background this frame no longer shows a log (only if it showed one).
        if (prev)
          void this.post({ type: 'page-rows', url: href, readerId: null, recognized: false, reset: true, rows: [] });
        return;
      }
      this.connect();
    }
    if (this.reader) this.scan();
  }

  /** Starts the frame over with `next` (marks, sent rows and verdict belong to the old reader). */
  private adopt(next: SiteReader | undefined): void {
    this.clearMarks();
    this.marks.clear();
    this.sent.clear();
    this.kept.clear();
    this.verdict = undefined;
    this.lastMeta = '';
    this.tenant = undefined;
    this.reader = next;
    this.pendingReset = next !== undefined;
  }

  /**
   * Only the rows the mutations since the last read touched, when the reader can and the last
   * read recognised the page with this reader; undefined: read the whole page.
   */
  private readIncrementally(): { rows: PageRow[]; elements: Map<string, Element> } | undefined {
    const changed = this.changed;
    const removedFrom = this.removedFrom;
    const full = this.fullRead;
    this.changed = [];
    this.removedFrom = [];
    this.fullRead = false;
    const reader = this.reader!;
    if (full || this.pendingReset || !reader.readChanged || !this.lastRead?.recognized || this.lastRead.delegated)
      return undefined;
    try {
      return reader.readChanged(this.deps.root, changed, removedFrom);
    } catch {
      return undefined;
    }
  }

  /** The current reader's reading; where several readers match, the first that recognises the page. */
  private readPage(): ReadResult {
    const first = readSafely(this.reader!, this.deps.root);
    if (first.recognized || this.candidates.length < 2) return first;
    for (const other of this.candidates) {
      if (other.id === this.reader!.id) continue;
      const res = readSafely(other, this.deps.root);
      if (res.recognized) {
        this.adopt(other);
        return res;
      }
    }
    return first;
  }

  /** Reads the page now; sends what is new. Called by the batcher, by tests directly. */
  scan(): void {
    this.timer = false;
    this.lastScan = this.now();
    if (!this.reader || this.stopped) return;
    let partial = this.readIncrementally();
    let res = partial ? { ...this.lastRead!, rows: partial.rows } : this.readPage();
    if (!partial) this.rowEls = undefined;
    this.lastRead = res;
    const active = this.reader!;
    const tenant = tenantSafely(active, this.url, this.deps.root);
    if (tenant !== undefined && this.tenant !== undefined && tenant !== this.tenant) {
      // Another account or project in the same frame (a project switch): its rows start over, all of them.
      this.adopt(active);
      if (partial) {
        partial = undefined;
        this.rowEls = undefined;
        this.lastRead = res = this.readPage();
      }
    }
    if (tenant !== undefined) this.tenant = tenant;
    const delta: PageRow[] = [];
    for (const read of res.rows) {
      const row = this.merged(read);
      if (!row) continue;
      const sig = signature(row.record);
      if (this.sent.get(row.id) !== sig) {
        this.sent.set(row.id, sig);
        delta.push(row);
      }
    }
    if (this.pendingReset) {
      // A resend: rows read earlier (an event's detail, now navigated away from) go again too.
      for (const [id, k] of this.kept) {
        if (this.sent.has(id)) continue;
        this.sent.set(id, signature(k.record));
        delta.push({ id, record: k.record });
      }
    }
    const meta = JSON.stringify([this.url, res.recognized, res.note ?? '', res.partial ?? null, this.tenant ?? null]);
    if (delta.length || this.pendingReset || meta !== this.lastMeta) {
      const reset = this.pendingReset;
      this.pendingReset = false;
      this.lastMeta = meta;
      void this.post({
        type: 'page-rows',
        url: this.url,
        readerId: active.id,
        readerTitle: active.title,
        recognized: res.recognized,
        ...(res.note ? { note: res.note } : {}),
        ...(res.partial ? { partial: res.partial } : {}),
        ...(this.tenant ? { tenant: this.tenant } : {}),
        reset,
        rows: delta,
      });
    }
    if (partial) this.markChanged(partial.elements);
    else this.applyMarks();
    this.renderBadge();
  }

  /**
   * The row to send for a read row: undefined when an earlier whole record of the row stands
   * (the list shows cells of an event whose detail was read); the earlier fields plus the new
   * ones when the new cells are a subset of the earlier record's keys; else the row as read.
   */
  private merged(row: PageRow): PageRow | undefined {
    const prev = this.kept.get(row.id);
    const complete = row.complete === true;
    if (prev?.complete && !complete) return undefined;
    let record = row.record;
    if (prev && !prev.complete && !complete) {
      let subset = true;
      for (const k in record) {
        if (!Object.hasOwn(prev.record, k)) {
          subset = false;
          break;
        }
      }
      if (subset) record = mergeShown(prev.record, record) as Record<string, unknown>;
    }
    this.kept.set(row.id, { record, complete });
    return { id: row.id, record };
  }

  /** The background's verdict for the tab, with this frame's row marks. */
  applyVerdict(msg: PageVerdict): void {
    if (this.stopped || !this.reader) return;
    this.verdict = msg;
    this.marks = new Map(msg.marks.map((m: RowMark) => [m.rowId, m]));
    this.applyMarks();
    this.renderBadge();
  }

  /** Scrolls to a row and flashes it; false when the row is not in the DOM (virtualized away). */
  highlight(rowId: string): boolean {
    const el = this.rowElement(rowId);
    if (!el) return false;
    if (typeof (el as HTMLElement).scrollIntoView === 'function')
      (el as HTMLElement).scrollIntoView({ block: 'center' });
    const h = el as HTMLElement;
    if (h.style) {
      const before = h.style.backgroundColor;
      h.style.backgroundColor = '#fff3b0';
      (this.deps.setTimeout ?? setTimeout)(() => {
        h.style.backgroundColor = before;
      }, 1500);
    }
    return true;
  }

  /** The background lost its state: send every row again. */
  resend(): void {
    this.sent.clear();
    this.pendingReset = true;
    this.lastMeta = '';
    this.scan();
  }

  /** Leaves the page as it was: no observer, no marks, no badge, no popover. */
  stop(): void {
    this.stopped = true;
    this.disconnect();
    this.clearMarks();
    this.deps.badge.remove();
    this.listenForTips(false);
  }

  /** Draws the badge again (the heartbeat: a badge the page removed comes back). */
  refreshBadge(): void {
    if (!this.stopped) this.renderBadge();
  }

  /** Rows marked now (for tests). */
  markedCount(): number {
    return this.marked.size;
  }

  /** The mark an element shows now, if any (for tests: the page cannot ask). */
  markOf(el: Element): RowMark | undefined {
    return this.marked.has(el) ? this.markOfEl.get(el) : undefined;
  }

  /** The marked row at or above `node`, if any. */
  private markedRowOf(node: EventTarget | null): Element | undefined {
    for (let n = node instanceof Node ? node : null; n; n = n.parentNode) {
      if (n.nodeType === 1 && this.marked.has(n as Element)) return n as Element;
    }
    return undefined;
  }

  private onTipIn = (e: Event): void => {
    const row = this.markedRowOf(e.target);
    const m = row && this.markOfEl.get(row);
    if (!row || !m || !this.deps.tip) return;
    if (this.tipRow === row) return;
    this.tipRow = row;
    this.deps.tip.show(row, m.titles, m.kind ?? 'flagged');
  };

  private onTipOut = (e: Event): void => {
    if (!this.tipRow) return;
    const to = (e as MouseEvent | FocusEvent).relatedTarget;
    if (to instanceof Node && this.tipRow.contains(to)) return;
    this.hideTip();
  };

  private hideTip(): void {
    this.tipRow = undefined;
    this.deps.tip?.hide();
  }

  /** The popover's listeners: on while rows are marked (capture: a page handler cannot swallow them first in the page's tree). */
  private listenForTips(on: boolean): void {
    if (!this.deps.tip || on === this.tipListening) return;
    this.tipListening = on;
    const root = this.deps.root;
    const method = on ? 'addEventListener' : 'removeEventListener';
    root[method]('mouseover', this.onTipIn, true);
    root[method]('focusin', this.onTipIn, true);
    root[method]('mouseout', this.onTipOut, true);
    root[method]('focusout', this.onTipOut, true);
    if (!on) this.hideTip();
  }

  private async post(msg: PageRows): Promise<void> {
    this.sends += 1;
    const reply = await this.deps.send(msg);
    // A reset already carries every row: only a delta can need a resync (and it cannot loop).
    if (
      !msg.reset &&
      reply &&
      typeof reply === 'object' &&
      (reply as { resync?: unknown }).resync === true &&
      !this.stopped
    )
      this.resend();
  }

  private schedule = (records?: readonly MutationRecord[]): void => {
    if (this.stopped) return;
    if (!records) this.fullRead = true;
    else if (!this.fullRead) {
      for (const r of records) {
        if (r.type === 'childList') {
          r.addedNodes.forEach((n) => this.changed.push(n));
          if (r.removedNodes.length) this.removedFrom.push(r.target);
        } else this.changed.push(r.target);
      }
      // A burst this large is a re-render: one full read is cheaper than finding each row.
      if (this.changed.length + this.removedFrom.length > MAX_CHANGED_NODES) {
        this.fullRead = true;
        this.changed = [];
        this.removedFrom = [];
      }
    }
    if (this.timer) return;
    this.timer = true;
    const wait = Math.max(0, Math.min(BATCH_MS, this.lastScan + BATCH_MS - this.now()));
    // After a quiet spell, read at the end of the mutating task (before the page renders it, so
    // the rows are on their way to the background while the page lays out); else wait out BATCH_MS.
    if (wait === 0) (this.deps.queueMicrotask ?? queueMicrotask)(() => this.scan());
    else (this.deps.setTimeout ?? setTimeout)(() => this.scan(), wait);
  };

  private now(): number {
    return this.deps.now ? this.deps.now() : performance.now();
  }

  private connect(): void {
    if (this.observer) return;
    const make =
      this.deps.createObserver ??
      ((cb: (records?: readonly MutationRecord[]) => void) => new MutationObserver((records) => cb(records)));
    this.fullRead = true;
    this.observer = make(this.schedule);
    const target = this.deps.root.body ?? this.deps.root.documentElement;
    // childList + characterData only: our own marks are attribute changes and do not wake us.
    this.observer.observe(target, { childList: true, subtree: true, characterData: true });
  }

  private disconnect(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }

  private rowElement(rowId: string): Element | null {
    try {
      return this.reader?.rowElement?.(this.deps.root, rowId) ?? null;
    } catch {
      return null;
    }
  }

  /** Every row element by id in one pass, when the reader can (else undefined: one lookup per row). */
  private rowElements(): Map<string, Element> | undefined {
    const reader = this.reader;
    if (!reader?.rowElements) return undefined;
    try {
      return reader.rowElements(this.deps.root);
    } catch {
      return new Map();
    }
  }

  /** The rows' elements: the cached map while it holds (connected, same row id), else one full pass. */
  private elementOf(): (rowId: string) => Element | null {
    if (!this.rowEls) {
      const all = this.rowElements();
      if (!all) return (rowId) => this.rowElement(rowId);
      this.rowEls = all;
      for (const [id, el] of all) this.idOfEl.set(el, id);
    }
    const els = this.rowEls;
    return (rowId) => {
      const el = els.get(rowId);
      return el && el.isConnected && this.idOfEl.get(el) === rowId ? el : null;
    };
  }

  /** After an incremental read: mark the rows it read, unmark rows that left the DOM. */
  private markChanged(elements: Map<string, Element>): void {
    if (this.rowEls) {
      for (const [id, el] of elements) {
        const prev = this.rowEls.get(id);
        // The first element of an id in the DOM wins, as in a full pass.
        if (!prev || !prev.isConnected || this.idOfEl.get(prev) !== id || el.compareDocumentPosition(prev) & 4) {
          this.rowEls.set(id, el);
        }
        this.idOfEl.set(el, id);
      }
    } else for (const [id, el] of elements) this.idOfEl.set(el, id);
    if (this.marks.size === 0 && this.marked.size === 0) return;
    const touched = new Set<Element>();
    for (const [id, el] of elements) {
      const m = this.marks.get(id);
      if (m && this.elementOf()(id) === el) {
        this.mark(el, m);
        touched.add(el);
      }
    }
    for (const [el, saved] of this.marked) {
      if (touched.has(el)) continue;
      const id = this.idOfEl.get(el);
      if (el.isConnected && id !== undefined && this.marks.has(id) && this.elementOf()(id) === el) continue;
      this.unmark(el, saved);
    }
  }

  /** A flagged row is outlined in red; a row of the console's own traffic is dimmed (inline, `!important`). */
  private mark(el: Element, m: RowMark): void {
    const kind = m.kind ?? 'flagged';
    const h = el as HTMLElement;
    let saved = this.marked.get(el);
    if (!saved) {
      const st = h.style;
      saved = Object.fromEntries(
        MARK_PROPS.map((name) => [name, [st?.getPropertyValue(name) ?? '', st?.getPropertyPriority(name) ?? '']]),
      ) as Saved;
      this.marked.set(el, saved);
      this.listenForTips(true);
    }
    this.markOfEl.set(el, m);
    if (this.tipRow === el) this.deps.tip?.show(el, m.titles, kind);
    if (!h.style) return;
    for (const name of MARK_PROPS) {
      const ours =
        kind === 'console'
          ? name === 'opacity'
            ? CONSOLE_OPACITY
            : undefined
          : name === 'opacity'
            ? undefined
            : FLAGGED_OUTLINE[name];
      setProp(h, name, ours === undefined ? saved[name] : [ours, 'important']);
    }
  }

  private applyMarks(): void {
    if (this.marks.size === 0 && this.marked.size === 0) return;
    const keep = new Set<Element>();
    const elementOf = this.marks.size ? this.elementOf() : () => null;
    for (const [rowId, m] of this.marks) {
      const el = elementOf(rowId);
      if (!el) continue;
      keep.add(el);
      this.mark(el, m);
    }
    for (const [el, saved] of this.marked) {
      if (keep.has(el)) continue;
      this.unmark(el, saved);
    }
  }

  private unmark(el: Element, saved: Saved): void {
    restore(el, saved);
    this.marked.delete(el);
    this.markOfEl.delete(el);
    if (this.tipRow === el) this.hideTip();
  }

  private clearMarks(): void {
    for (const [el, saved] of this.marked) this.unmark(el, saved);
  }

  private renderBadge(): void {
    const reader = this.reader;
    if (!reader) return;
    if (this.lastRead?.delegated) {
      this.deps.badge.remove();
      return;
    }
    let anchor: Element | null = null;
    try {
      anchor = reader.anchor?.(this.deps.root) ?? null;
    } catch {
      anchor = null;
    }
    const state: BadgeState =
      this.lastRead && !this.lastRead.recognized
        ? { kind: 'not-read', reader: reader.title, note: this.lastRead.note }
        : this.verdict
          ? {
              kind: 'verdict',
              reader: reader.title,
              verdict: this.verdict.verdict,
              findings: this.verdict.findings,
              ...(this.lastRead?.partial ? { partial: this.lastRead.partial } : {}),
            }
          : { kind: 'reading', reader: reader.title };
    this.deps.badge.show(anchor, state);
  }
}

/** The tenant the reader says the page shows (a reader must not throw; if one does, none). */
function tenantSafely(reader: SiteReader, url: string, root: Document): string | undefined {
  if (!reader.tenant) return undefined;
  try {
    const t = reader.tenant(new URL(url), root)?.trim();
    return t ? t.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}

function readSafely(reader: SiteReader, root: Document): ReadResult {
  try {
    return reader.read(root);
  } catch (err) {
    // Readers must not throw; if one does, the page is "not read", never broken.
    return { recognized: false, rows: [], note: `reader failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function restore(el: Element, saved: Saved): void {
  const h = el as HTMLElement;
  if (!h.style) return;
  for (const name of MARK_PROPS) setProp(h, name, saved[name]);
}

/** Sets an inline property (value and priority) only when it differs: no attribute churn on a re-mark. */
function setProp(h: HTMLElement, name: string, [value, priority]: Prop): void {
  const st = h.style;
  if (st.getPropertyValue(name) === value && st.getPropertyPriority(name) === priority) return;
  if (value === '') st.removeProperty(name);
  else st.setProperty(name, value, priority);
}

/**
 * `next` laid over `prev`: what `next` shows wins, what only `prev` showed stays, down through
 * nested objects and same-length arrays (a grid row's `initiatedBy` without the address its
 * details pane showed keeps the address).
 */
function mergeShown(prev: unknown, next: unknown): unknown {
  if (Array.isArray(prev) && Array.isArray(next)) {
    return prev.length === next.length ? next.map((v, i) => mergeShown(prev[i], v)) : next;
  }
  if (!isPlainObject(prev) || !isPlainObject(next)) return next;
  const out: Record<string, unknown> = { ...prev };
  for (const [k, v] of Object.entries(next)) out[k] = Object.hasOwn(prev, k) ? mergeShown(prev[k], v) : v;
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Cheap, order-stable enough signature: readers build records in a fixed key order. */
function signature(record: Record<string, unknown>): string {
  try {
    return JSON.stringify(record);
  } catch {
    return String(Math.random()); // unserialisable: always resend (the background will reject it)
  }
}
