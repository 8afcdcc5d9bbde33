// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { createPageBadge } from './page-badge';
import { createRowTip } from './row-tip';

const state = { kind: 'verdict', reader: 'Test log', verdict: 'escalate', findings: 2 } as const;

afterEach(() => document.body.replaceChildren());

describe('page badge placement', () => {
  it('goes just before an ARIA grid when anchored at its header row, so sideways scrolling cannot hide it', () => {
    const grid = document.createElement('div');
    grid.setAttribute('role', 'grid');
    const header = document.createElement('div');
    header.setAttribute('role', 'row');
    grid.append(header);
    document.body.append(grid);
    const badge = createPageBadge(document, () => undefined);
    badge.show(header, state);
    expect(badge.host.nextElementSibling).toBe(grid);
    expect(header.contains(badge.host)).toBe(false);
  });

  it('goes before a native table when anchored inside it, and inside any other anchor', () => {
    const table = document.createElement('table');
    const tr = table.createTHead().insertRow();
    const heading = document.createElement('h2');
    document.body.append(heading, table);
    const badge = createPageBadge(document, () => undefined);
    badge.show(tr, state);
    expect(badge.host.nextElementSibling).toBe(table);
    badge.show(heading, state);
    expect(badge.host.parentElement).toBe(heading);
  });

  it('floats when there is no anchor, and leaves nothing behind when removed', () => {
    const badge = createPageBadge(document, () => undefined);
    badge.show(null, { kind: 'not-read', reader: '<img src=x onerror=alert(1)>', note: '<b>x</b>' });
    expect(badge.host.isConnected).toBe(true);
    expect(badge.host.style.position).toBe('fixed');
    expect(document.querySelector('img, b')).toBeNull();
    badge.remove();
    expect(document.querySelector('[data-token-triage-badge]')).toBeNull();
  });
});

describe('page badge against the page (issue 8)', () => {
  const tick = () => new Promise((r) => setTimeout(r, 0));

  it('sets its layout and visibility inline with !important, which no page stylesheet can override', () => {
    const badge = createPageBadge(document, () => undefined);
    badge.show(null, state);
    for (const p of ['display', 'visibility', 'opacity', 'position', 'transform']) {
      expect(badge.host.style.getPropertyPriority(p), p).toBe('important');
    }
    expect(badge.host.style.getPropertyValue('display')).toBe('inline-block');
  });

  it("puts its style back when a page script changes the host's style, class or hidden attribute", async () => {
    const badge = createPageBadge(document, () => undefined);
    badge.show(null, state);
    const before = badge.host.getAttribute('style');
    badge.host.style.setProperty('display', 'none', 'important');
    badge.host.setAttribute('hidden', '');
    badge.host.className = 'sr-only';
    await tick(); // the MutationObserver's turn
    expect(badge.host.getAttribute('style')).toBe(before);
    expect(badge.host.hasAttribute('hidden')).toBe(false);
    expect(badge.host.hasAttribute('class')).toBe(false);
  });

  it('floats at the window\'s corner when the page hides its anchor, and says "hidden" if even that is hidden', () => {
    const header = document.createElement('h2');
    document.body.append(header);
    let hiddenFor: (h: HTMLElement) => boolean = () => false;
    const badge = createPageBadge(document, () => undefined, { isVisible: (h) => !hiddenFor(h) });
    expect(badge.ensureVisible()).toBe('none'); // nothing shown: nothing to hide
    badge.show(header, state);
    expect(badge.ensureVisible()).toBe('visible');
    // An ancestor hides it (what the page did is the visibility test's business): it moves out.
    hiddenFor = (h) => header.contains(h);
    expect(badge.ensureVisible()).toBe('visible');
    expect(badge.host.parentElement).toBe(document.body);
    expect(badge.host.style.position).toBe('fixed');
    // The next render keeps it floating, though the reader still names the header.
    badge.show(header, state);
    expect(badge.host.parentElement).toBe(document.body);
    // Hidden wherever it goes: the heartbeat reports it.
    hiddenFor = () => true;
    expect(badge.ensureVisible()).toBe('hidden');
    badge.remove();
    expect(badge.ensureVisible()).toBe('none');
  });
});

describe('row popover', () => {
  it("shows the titles as text in a closed shadow root: nothing of them in the page's DOM", () => {
    const row = document.createElement('div');
    document.body.append(row);
    const tip = createRowTip(document);
    tip.show(row, ['New source', '<img src=x onerror=alert(1)>'], 'flagged');
    expect(tip.host.isConnected).toBe(true);
    expect(tip.host.shadowRoot).toBeNull(); // closed
    expect(document.body.innerHTML).not.toContain('New source');
    expect(document.querySelector('img')).toBeNull();
    expect(tip.host.style.getPropertyValue('pointer-events')).toBe('none');
    expect(tip.host.style.getPropertyPriority('pointer-events')).toBe('important');
    tip.hide();
    expect(tip.host.isConnected).toBe(false);
  });
});
