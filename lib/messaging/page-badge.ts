/**
 * The verdict badge on the console page: plain DOM (no React in the content script), a closed
 * shadow root so page scripts cannot read or restyle it, styles set through the CSSOM (page CSP
 * `style-src` does not apply to it in Firefox, unlike an injected <style>), and every string set
 * with textContent. The toolbar badge (background) is the copy the page cannot fake at all.
 *
 * The host element itself is in the page's DOM, where page CSS and scripts can reach it (issue 8):
 * its layout and visibility properties are inline `!important` (which beats any stylesheet rule,
 * `!important` or not) and are put back whenever a script changes the host's attributes; a host
 * removed from the page comes back on the session's next render (lib/messaging/page-session.ts: its
 * observer and the heartbeat). What the page can still do to an ancestor (display:none, opacity 0,
 * a transform off-screen) `visibility()` detects: the badge then floats at the window's corner,
 * and if even that is hidden, the heartbeat tells the background, whose toolbar badge says so.
 */
import type { BadgeState, BadgeView } from './page-session';
import { badgeText } from './page-session';

const COLORS: Record<string, string> = {
  escalate: '#b3261e',
  suspicious: '#b26a00',
  benign: '#1e7e34',
  reading: '#5f6368',
  'not-read': '#5f6368',
};

/** What the page made of the badge: shown and visible, hidden by the page, or not shown (nothing to show). */
export type BadgeVisibility = 'visible' | 'hidden' | 'none';

export interface PageBadge extends BadgeView {
  readonly host: HTMLElement;
  /**
   * Whether the analyst can see the badge now (layout read from the isolated world). A shown
   * badge that an ancestor hides floats at the window's corner first (until the next remove());
   * 'hidden' means that did not help either.
   */
  ensureVisible(): BadgeVisibility;
}

export interface PageBadgeOptions {
  /** Called when ensureVisible's answer changed on its own (an observer saw the badge go or come back). */
  onVisibilityChange?(v: BadgeVisibility): void;
  /** The visibility test (default: `isVisible`, real layout; jsdom has none). */
  isVisible?(host: HTMLElement): boolean;
}

/** The host's inline style, every property `!important`. In a flex or grid header (GitHub's, GCP's) the
 * badge keeps its own size and, in a grid, a row of its own instead of taking one of the header's columns. */
const HOST_STYLE: [string, string][] = [
  ['all', 'initial'],
  ['display', 'inline-block'],
  ['visibility', 'visible'],
  ['opacity', '1'],
  ['vertical-align', 'middle'],
  ['flex', 'none'],
  ['grid-column', '1 / -1'],
  ['justify-self', 'start'],
  ['align-self', 'center'],
  ['transform', 'none'],
  ['filter', 'none'],
  ['clip-path', 'none'],
  ['width', 'auto'],
  ['height', 'auto'],
  ['overflow', 'visible'],
  ['pointer-events', 'auto'],
  ['content-visibility', 'visible'],
];
const ANCHORED: [string, string][] = [
  ['position', 'static'],
  ['margin', '0 8px'],
];
const FLOATING: [string, string][] = [
  ['position', 'fixed'],
  ['right', '16px'],
  ['bottom', '16px'],
  ['z-index', '2147483646'],
  ['margin', '0'],
];

export function createPageBadge(doc: Document, onToggleSidebar: () => void, opts: PageBadgeOptions = {}): PageBadge {
  const visible = opts.isVisible ?? isVisible;
  const host = doc.createElement('span');
  host.setAttribute('data-token-triage-badge', '');
  let expected = '';
  const applyHostStyle = (): void => {
    host.removeAttribute('class');
    host.removeAttribute('hidden');
    host.style.cssText = '';
    for (const [k, v] of [...HOST_STYLE, ...(floating ? FLOATING : ANCHORED)])
      host.style.setProperty(k, v, 'important');
    expected = host.getAttribute('style') ?? '';
  };
  // A page script that rewrites the host's style, class or hidden attribute gets it put back.
  const Observer = doc.defaultView?.MutationObserver;
  if (Observer) {
    new Observer(() => {
      if (host.getAttribute('style') !== expected || host.hasAttribute('class') || host.hasAttribute('hidden'))
        applyHostStyle();
    }).observe(host, { attributes: true, attributeFilter: ['style', 'class', 'hidden'] });
  }
  let floating = false;
  let shown = false;
  /** The page hid the anchored badge: it floats at the window's corner until the next navigation. */
  let forceFloat = false;
  applyHostStyle();
  const shadow = host.attachShadow({ mode: 'closed' });
  const box = doc.createElement('span');
  Object.assign(box.style, {
    display: 'inline-flex',
    alignItems: 'center',
    gap: '6px',
    padding: '2px 4px 2px 8px',
    borderRadius: '10px',
    font: '600 12px/18px system-ui, -apple-system, "Segoe UI", sans-serif',
    color: '#fff',
    whiteSpace: 'nowrap',
  });
  const label = doc.createElement('span');
  const button = doc.createElement('button');
  button.type = 'button';
  button.textContent = 'Sidebar';
  button.title = 'Open the Token Triage sidebar';
  Object.assign(button.style, {
    font: 'inherit',
    fontWeight: '500',
    color: 'inherit',
    background: 'rgba(255,255,255,0.2)',
    border: '0',
    borderRadius: '8px',
    padding: '0 6px',
    cursor: 'pointer',
  });
  button.addEventListener('click', (e) => {
    e.preventDefault();
    e.stopPropagation();
    onToggleSidebar();
  });
  box.append(label, button);
  shadow.append(box);

  const badge: PageBadge = {
    host,
    show(anchor, state: BadgeState) {
      shown = true;
      if (forceFloat) anchor = null;
      const key = state.kind === 'verdict' ? state.verdict : state.kind;
      box.style.background = COLORS[key] ?? '#5f6368';
      const text = badgeText(state);
      if (label.textContent !== text) label.textContent = text;
      const tip =
        state.kind === 'not-read'
          ? `${state.reader}: ${state.note ?? 'the page is not recognised yet'}`
          : state.kind === 'verdict' && state.partial
            ? `${state.reader}: partial view, ${state.partial.missing.join(', ')} hidden. ${state.partial.advice}`
            : state.reader;
      if (box.title !== tip) box.title = tip;
      if (anchor) {
        // Inside a table's structure a span is invalid: go just before the table instead.
        // An ARIA grid's header row scrolls sideways with the grid (Fluent's DetailsList): the badge
        // would sit past the last column, so it goes just before the grid as well.
        const table = /^(TR|THEAD|TBODY|TFOOT|TABLE|COLGROUP)$/.test(anchor.tagName)
          ? anchor.closest('table')
          : /^(row|rowgroup)$/.test(anchor.getAttribute('role') ?? '')
            ? anchor.closest('[role="grid"], [role="table"], [role="treegrid"]')
            : null;
        const ok = table ? host.nextElementSibling === table : host.parentElement === anchor;
        if (!ok) {
          if (table) table.before(host);
          else anchor.append(host);
          setFloating(false);
        }
      } else if (!host.isConnected || !floating) {
        (doc.body ?? doc.documentElement).append(host);
        setFloating(true);
      }
      if (host.getAttribute('style') !== expected) applyHostStyle();
    },
    remove() {
      shown = false;
      forceFloat = false;
      host.remove();
    },
    ensureVisible() {
      if (!shown) return 'none';
      if (host.getAttribute('style') !== expected) applyHostStyle();
      if (visible(host)) return 'visible';
      if (!forceFloat) {
        // An ancestor hides the anchored badge (display:none, opacity 0, off-screen): float it.
        forceFloat = true;
        (doc.body ?? doc.documentElement).append(host);
        setFloating(true);
        if (visible(host)) return 'visible';
      }
      return 'hidden';
    },
  };
  // The badge leaving the layout or the window (an ancestor hidden or moved, the host removed)
  // is checked at once, not only at the next heartbeat. Scrolling it out of view is not hiding.
  let last: BadgeVisibility = 'none';
  const IO = doc.defaultView?.IntersectionObserver;
  if (IO) {
    new IO(() => {
      const v = badge.ensureVisible();
      if (v !== last) opts.onVisibilityChange?.(v);
      last = v;
    }).observe(host);
  }
  return badge;

  function setFloating(on: boolean): void {
    floating = on;
    applyHostStyle();
  }
}

/**
 * Can the analyst see `host`? Attached; laid out (no `display:none` on it or an ancestor: no
 * boxes); no ancestor at opacity 0 or `visibility:hidden` (checkVisibility, Chrome 121+ and
 * Firefox 125+); a box of some size (not scaled to nothing); not moved out of the document
 * (a badge scrolled out of view is still visible: it is where the analyst scrolls). Read from the
 * content script's world, where the page cannot replace getComputedStyle or checkVisibility.
 * Not detected: another element laid over the badge, `clip-path` on an ancestor.
 */
export function isVisible(host: HTMLElement): boolean {
  if (!host.isConnected) return false;
  const check = (host as HTMLElement & { checkVisibility?: (o: object) => boolean }).checkVisibility;
  if (
    typeof check === 'function' &&
    !check.call(host, { opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })
  )
    return false;
  const rects = host.getClientRects();
  if (rects.length === 0) return false;
  const r = host.getBoundingClientRect();
  if (r.width < 4 || r.height < 4) return false;
  const win = host.ownerDocument.defaultView;
  const root = host.ownerDocument.documentElement;
  const sx = win?.scrollX ?? 0;
  const sy = win?.scrollY ?? 0;
  const fixed = win?.getComputedStyle(host).position === 'fixed';
  // Fixed: must be inside the window. Otherwise: inside the document (scrolling reaches it).
  const w = fixed ? (win?.innerWidth ?? 0) : Math.max(root.scrollWidth, win?.innerWidth ?? 0);
  const h = fixed ? (win?.innerHeight ?? 0) : Math.max(root.scrollHeight, win?.innerHeight ?? 0);
  const left = fixed ? r.left : r.left + sx;
  const top = fixed ? r.top : r.top + sy;
  return left + r.width > 0 && top + r.height > 0 && left < w && top < h;
}
