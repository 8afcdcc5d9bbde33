/**
 * The verdict badge on the console page: plain DOM (no React in the content script), a closed
 * shadow root so page scripts cannot read or restyle it, styles set through the CSSOM (page CSP
 * `style-src` does not apply to it in Firefox, unlike an injected <style>), and every string set
 * with textContent. The toolbar badge (background) is the copy the page cannot fake at all.
 */
import type { BadgeState, BadgeView } from '../lib/sites/page-session';
import { badgeText } from '../lib/sites/page-session';

const COLORS: Record<string, string> = {
  escalate: '#b3261e',
  suspicious: '#b26a00',
  benign: '#1e7e34',
  reading: '#5f6368',
  'not-read': '#5f6368',
};

export function createPageBadge(doc: Document, onToggleSidebar: () => void): BadgeView & { readonly host: HTMLElement } {
  const host = doc.createElement('span');
  host.setAttribute('data-token-triage-badge', '');
  // In a flex or grid header (GitHub's, GCP's) the badge keeps its own size and, in a grid, a row
  // of its own instead of taking (and overflowing) one of the header's columns.
  Object.assign(host.style, {
    all: 'initial', display: 'inline-block', margin: '0 8px', verticalAlign: 'middle',
    flex: 'none', gridColumn: '1 / -1', justifySelf: 'start', alignSelf: 'center',
  });
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

  let floating = false;
  return {
    host,
    show(anchor, state: BadgeState) {
      const key = state.kind === 'verdict' ? state.verdict : state.kind;
      box.style.background = COLORS[key] ?? '#5f6368';
      const text = badgeText(state);
      if (label.textContent !== text) label.textContent = text;
      const tip = state.kind === 'not-read'
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
          : /^(row|rowgroup)$/.test(anchor.getAttribute('role') ?? '') ? anchor.closest('[role="grid"], [role="table"], [role="treegrid"]') : null;
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
    },
    remove() {
      host.remove();
    },
  };

  function setFloating(on: boolean): void {
    floating = on;
    Object.assign(host.style, on
      ? { position: 'fixed', right: '16px', bottom: '16px', zIndex: '2147483646', margin: '0' }
      : { position: 'static', right: '', bottom: '', zIndex: '', margin: '0 8px' });
  }
}
