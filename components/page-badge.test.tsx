// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { createPageBadge } from './page-badge';

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
