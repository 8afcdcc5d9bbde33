/**
 * The findings' titles of a marked row, shown while the pointer or the focus is on the row
 * (issue 8, item 3): a popover in a closed shadow root like the verdict badge (./page-badge.ts),
 * instead of the row's own `title` attribute, where the page's scripts and telemetry read it.
 * Plain DOM, CSSOM styles, every string set with textContent; the host (`data-token-triage-tip`)
 * is attached only while shown, `pointer-events: none`, its inline styles `!important`.
 */
import type { RowTip } from './page-session';

const HOST_STYLE: [string, string][] = [
  ['all', 'initial'],
  ['position', 'fixed'],
  ['z-index', '2147483647'],
  ['display', 'block'],
  ['visibility', 'visible'],
  ['opacity', '1'],
  ['pointer-events', 'none'],
  ['max-width', '420px'],
  ['transform', 'none'],
];

export function createRowTip(doc: Document): RowTip & { readonly host: HTMLElement } {
  const host = doc.createElement('div');
  host.setAttribute('data-token-triage-tip', '');
  for (const [k, v] of HOST_STYLE) host.style.setProperty(k, v, 'important');
  const shadow = host.attachShadow({ mode: 'closed' });
  const box = doc.createElement('div');
  box.setAttribute('role', 'tooltip');
  Object.assign(box.style, {
    background: '#202124',
    color: '#fff',
    font: '12px/16px system-ui, -apple-system, "Segoe UI", sans-serif',
    padding: '6px 8px',
    borderRadius: '6px',
    boxShadow: '0 2px 8px rgba(0,0,0,0.3)',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  });
  const heading = doc.createElement('div');
  Object.assign(heading.style, { fontWeight: '600', marginBottom: '2px' });
  const list = doc.createElement('ul');
  Object.assign(list.style, { margin: '0', paddingLeft: '16px' });
  box.append(heading, list);
  shadow.append(box);

  return {
    host,
    show(row, titles, kind) {
      heading.textContent = kind === 'console' ? 'Token Triage: context' : 'Token Triage: flagged';
      list.replaceChildren(
        ...titles.map((t) => {
          const li = doc.createElement('li');
          li.textContent = t;
          return li;
        }),
      );
      const r = row.getBoundingClientRect();
      const win = doc.defaultView;
      const below = r.bottom + 4;
      const top = win && below + 80 > win.innerHeight ? Math.max(0, r.top - 4) : below;
      host.style.setProperty('left', `${Math.max(0, Math.round(r.left + 16))}px`, 'important');
      host.style.setProperty('top', `${Math.round(top)}px`, 'important');
      host.style.setProperty('transform', top === below ? 'none' : 'translateY(-100%)', 'important');
      if (host.parentNode !== (doc.body ?? doc.documentElement)) (doc.body ?? doc.documentElement).append(host);
    },
    hide() {
      host.remove();
    },
  };
}
